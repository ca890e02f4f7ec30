"""Personal links: pasted addresses checked, one mail each over real SMTP, a link that
works once, and only the owners may send."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from medvirk.surveys.domain.invitations import send_invitations
from medvirk.surveys.enums import Distribution, SurveyStatus
from medvirk.surveys.models import Invitation, Response
from tests.conftest import Mailbox
from tests.surveys.conftest import PERSONAS, World, answers_for


def _personal(world: World) -> None:
    world.a.survey.distribution = Distribution.PERSONAL
    world.a.survey.save()


def test_invitations_are_mailed_over_smtp_and_each_link_works_once(
    world: World, smtp_server: Mailbox, django_capture_on_commit_callbacks: Any
) -> None:
    _personal(world)
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_invitations(
            world.a.survey, by=world.org_a.admin, emails="ola@example.org\n\nkari@example.org\n"
        )
    assert sent == 2
    assert len(smtp_server.messages) == 2
    text = Mailbox.text(smtp_server.to("ola@example.org")[0])
    assert world.a.survey.title_nb in str(smtp_server.to("ola@example.org")[0]["Subject"])
    link = re.search(r"https?://\S+/undersokelser/svar/p/\S+/", text).group(0)
    path = "/" + link.split("/", 3)[3]
    assert Client().post(path, answers_for(world.a)).status_code == 302
    assert Client().post(path, answers_for(world.a)).status_code == 410
    assert Response.objects.count() == 1
    # Only the hash is stored.
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash=token).exists()


def test_addresses_already_invited_are_skipped(world: World) -> None:
    _personal(world)
    send_invitations(world.a.survey, by=world.org_a.admin, emails="ola@example.org")
    assert (
        send_invitations(
            world.a.survey, by=world.org_a.admin, emails="OLA@example.org, per@example.org"
        )
        == 1
    )
    assert Invitation.objects.count() == 2


def test_bad_addresses_are_named(world: World) -> None:
    _personal(world)
    with pytest.raises(ValidationError) as caught:
        send_invitations(
            world.a.survey, by=world.org_a.admin, emails="ola@example.org\nikke-en-adresse"
        )
    assert "ikke-en-adresse" in caught.value.message_dict["emails"][0]
    assert not Invitation.objects.exists()
    with pytest.raises(ValidationError):
        send_invitations(world.a.survey, by=world.org_a.admin, emails="  \n ")


def test_an_open_link_survey_or_a_draft_sends_no_links(world: World) -> None:
    with pytest.raises(ValidationError):
        send_invitations(world.a.survey, by=world.org_a.admin, emails="ola@example.org")
    _personal(world)
    world.a.survey.status = SurveyStatus.DRAFT
    world.a.survey.save()
    with pytest.raises(ValidationError):
        send_invitations(world.a.survey, by=world.org_a.admin, emails="ola@example.org")


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "admin_a"])
def test_only_owners_send_links(world: World, persona: str) -> None:
    _personal(world)
    with pytest.raises(PermissionDenied):
        send_invitations(world.a.survey, by=world.user(persona), emails="ola@example.org")


def test_the_invite_form_keeps_what_was_typed(world: World) -> None:
    _personal(world)
    url = reverse("surveys:invite", kwargs={"pk": world.a.survey.pk})
    response = world.client("admin_a").post(url, {"emails": "ola@example.org\nfeil"})
    assert response.status_code == 422
    body = response.content.decode()
    assert 'href="#id_emails"' in body
    assert "ola@example.org\nfeil" in body
