"""Input from an organisation to its representative before a meeting: the domain rules,
the page for organisation admins, deleting, and who may do what."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from medvirk.common.models import ActivityLog
from medvirk.followup.domain.inputs import delete_input, send_input
from medvirk.followup.models import OrganisationInput
from medvirk.meetings.enums import MeetingStatus
from tests.arenas.conftest import make_person, seat
from tests.factories import RoleFactory
from tests.followup.conftest import FOLLOWUP_PERSONAS, FollowupWorld
from tests.followup.test_reports_support import (
    CLOSED_ITEM,
    DAY,
    PUBLIC_ITEM,
    Upcoming,
    fresh,
    mail_to,
    publish_upcoming,
    text,
)

pytestmark = pytest.mark.django_db

INPUT_TEXT = "Organisasjonen ønsker benker med armlene hver 100. meter."
LOGIN = reverse("account_login")


@pytest.fixture
def up(followup_world: FollowupWorld) -> Upcoming:
    return publish_upcoming(followup_world)


def send(w: FollowupWorld, up: Upcoming, **overrides: Any) -> OrganisationInput:
    values: dict[str, Any] = {
        "by": fresh(w.m.org_a.admin),
        "organisation": w.m.org_a.organisation,
        "person": w.m.member_person,
        "text": INPUT_TEXT,
    }
    item = overrides.pop("item", up.public)
    values.update(overrides)
    return send_input(item, **values)


def url(up: Upcoming) -> str:
    return reverse("followup:input_create", kwargs={"meeting_pk": up.meeting.pk})


# -- send_input ----------------------------------------------------------------------------


def test_send_input_mails_the_representative(followup_world: FollowupWorld, up: Upcoming) -> None:
    w = followup_world
    created = send(w, up, text=f"  {INPUT_TEXT}  ")
    assert created.text == INPUT_TEXT
    assert created.meeting == up.meeting
    assert created.author == w.m.org_a.admin
    [message] = mail.outbox
    assert message.to == ["medlem@example.org"]
    assert f"Innspill fra Organisasjon A til sak {up.public.case_number}" in message.subject
    assert INPUT_TEXT in message.body
    assert PUBLIC_ITEM in message.body
    assert f"/moter/{up.meeting.pk}/" in message.body
    entry = ActivityLog.objects.get(action="followup.input.sent")
    assert entry.organisation == w.m.org_a.organisation


def test_send_input_refuses_a_closed_item_as_if_not_found(
    followup_world: FollowupWorld, up: Upcoming
) -> None:
    w = followup_world
    with pytest.raises(ValidationError) as closed:
        send(w, up, item=up.closed)
    assert closed.value.message_dict == {"item": ["Fant ikke saken på sakskartet."]}
    # Exactly the answer for an item on an agenda that is not published.
    up.meeting.agenda_published_at = None
    up.meeting.save()
    with pytest.raises(ValidationError) as unpublished:
        send(w, up)
    assert unpublished.value.message_dict == closed.value.message_dict
    assert not OrganisationInput.objects.exists()
    assert mail.outbox == []


def test_send_input_refused_after_the_meeting_started(
    followup_world: FollowupWorld, up: Upcoming
) -> None:
    w = followup_world
    with pytest.raises(ValidationError) as past:
        send(w, up, item=w.statement)  # the past meeting's public item
    assert "Møtet har startet" in past.value.message_dict["item"][0]
    up.meeting.starts_at = timezone.now() - DAY / 24
    up.meeting.save()
    with pytest.raises(ValidationError) as started:
        send(w, up)
    assert "Møtet har startet" in started.value.message_dict["item"][0]
    up.meeting.starts_at = timezone.now() + DAY
    up.meeting.status = MeetingStatus.CANCELLED
    up.meeting.save()
    with pytest.raises(ValidationError) as cancelled:
        send(w, up)
    assert "avlyst" in cancelled.value.message_dict["item"][0]
    assert not OrganisationInput.objects.exists()


def test_send_input_only_to_a_representative_of_the_organisation(
    followup_world: FollowupWorld, up: Upcoming
) -> None:
    w = followup_world
    outsider = make_person("Olga Utenfor", email="olga@example.org")
    seat(w.m.public_arena, outsider, represents=w.m.org_b.organisation)
    with pytest.raises(ValidationError) as wrong_org:
        send(w, up, person=outsider)
    assert wrong_org.value.message_dict["person"] == [
        "Olga Utenfor representerer ikke Organisasjon A i Brukerutvalget på møtedagen."
    ]
    ended = make_person("Eli Ferdig", email="eli@example.org")
    seat(
        w.m.public_arena,
        ended,
        represents=w.m.org_a.organisation,
        ends_on=up.meeting.local_date - DAY,
    )
    with pytest.raises(ValidationError) as gone:
        send(w, up, person=ended)
    assert "representerer ikke" in gone.value.message_dict["person"][0]
    # An admin of B who sends for B to A's representative: not B's representative.
    with pytest.raises(ValidationError):
        send(w, up, by=fresh(w.m.org_b.admin), organisation=w.m.org_b.organisation)
    assert not OrganisationInput.objects.exists()


def test_send_input_text_required_and_limited(followup_world: FollowupWorld, up: Upcoming) -> None:
    w = followup_world
    with pytest.raises(ValidationError) as empty:
        send(w, up, text="   ")
    assert empty.value.message_dict == {"text": ["Skriv innspillet."]}
    with pytest.raises(ValidationError) as long:
        send(w, up, text="x" * 6001)
    assert "høyst 6000 tegn" in long.value.message_dict["text"][0]


def test_send_input_by_admin_of_another_organisation_is_refused(
    followup_world: FollowupWorld, up: Upcoming
) -> None:
    w = followup_world
    with pytest.raises(PermissionDenied):
        send(w, up, by=fresh(w.m.org_b.admin))
    assert mail.outbox == []


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_send_input_persona_matrix(
    followup_world: FollowupWorld, up: Upcoming, persona: str
) -> None:
    w = followup_world
    user = fresh(w.user(persona))
    if persona == "admin_a":
        assert send(w, up, by=user).pk
        return
    with pytest.raises(PermissionDenied):
        send(w, up, by=user)
    assert not OrganisationInput.objects.exists()


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_delete_input_persona_matrix(
    followup_world: FollowupWorld, up: Upcoming, persona: str
) -> None:
    w = followup_world
    created = send(w, up)
    user = fresh(w.user(persona))
    if persona == "admin_a":
        delete_input(created, by=user)
        assert not OrganisationInput.objects.exists()
        assert ActivityLog.objects.filter(action="followup.input.deleted").count() == 1
        return
    with pytest.raises(PermissionDenied):
        delete_input(created, by=user)
    assert OrganisationInput.objects.filter(pk=created.pk).exists()


def test_delete_input_refused_once_the_meeting_started(
    followup_world: FollowupWorld, up: Upcoming
) -> None:
    w = followup_world
    created = send(w, up)
    up.meeting.starts_at = timezone.now() - DAY / 24
    up.meeting.save()
    with pytest.raises(ValidationError):
        delete_input(created, by=fresh(w.m.org_a.admin))
    assert OrganisationInput.objects.filter(pk=created.pk).exists()


# -- The page ------------------------------------------------------------------------------

PAGE = {
    "anonymous": "login",
    "member": 403,
    "deputy": 403,
    "admin_a": 200,
    "admin_b": 403,
    "secretariat": 403,
    "other_secretariat": 403,
    "platform_admin": 403,
    "decision_maker": 403,
    "member_a": 403,
}


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_input_page_persona_matrix(
    followup_world: FollowupWorld, up: Upcoming, persona: str
) -> None:
    w = followup_world
    send(w, up)
    response = w.client(persona).get(url(up))
    expected = PAGE[persona]
    if expected == "login":
        assert response.status_code == 302 and response.url.startswith(LOGIN)
        return
    assert response.status_code == expected
    body = text(response)
    assert (INPUT_TEXT in body) == (persona == "admin_a")
    assert CLOSED_ITEM not in body
    if persona == "admin_a":
        assert "Gi innspill til representanten" in body
        assert 'name="text"' in body
        assert 'name="organisation"' not in body  # admin of one represented organisation
        assert "Mona Medlem" in body and "Vera Vara (vararepresentant)" in body
        assert f"{up.public.case_number} {PUBLIC_ITEM}" in body
        assert f"Slett innspillet til sak {up.public.case_number}" in body


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_input_page_private_arena_is_not_found(followup_world: FollowupWorld, persona: str) -> None:
    """The organisation is outside a private arena: its meetings are not even found."""
    w = followup_world
    meeting = w.m.private_meeting
    meeting.agenda_published_at = timezone.now()
    meeting.save()
    response = w.client(persona).get(
        reverse("followup:input_create", kwargs={"meeting_pk": meeting.pk})
    )
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona in ("member", "secretariat", "platform_admin", "decision_maker"):
        assert response.status_code == 403  # they see the meeting; they send no input
    else:
        assert response.status_code == 404


def test_input_page_posts_and_lists(followup_world: FollowupWorld, up: Upcoming) -> None:
    w = followup_world
    client = w.client("admin_a")
    response = client.post(
        url(up),
        {"person": w.m.deputy_person.pk, "item": up.public.pk, "text": INPUT_TEXT},
        follow=True,
    )
    assert response.status_code == 200
    body = text(response)
    assert "Innspillet er sendt til Vera Vara." in body
    assert INPUT_TEXT in body
    assert mail_to("vara@example.org")


def test_input_page_bad_input(followup_world: FollowupWorld, up: Upcoming) -> None:
    w = followup_world
    client = w.client("admin_a")
    response = client.post(
        url(up), {"person": w.m.member_person.pk, "item": up.public.pk, "text": "  "}
    )
    assert response.status_code == 422
    body = text(response)
    assert "Innspill: Skriv innspillet." in body  # the error summary
    assert f'value="{w.m.member_person.pk}" selected' in body
    # A closed item is not offered, and posting it is refused as an unknown choice.
    response = client.post(
        url(up), {"person": w.m.member_person.pk, "item": up.closed.pk, "text": INPUT_TEXT}
    )
    assert response.status_code == 422
    body = text(response)
    assert "Velg en sak fra sakskartet." in body
    assert INPUT_TEXT in body  # the text is kept
    assert CLOSED_ITEM not in body
    too_long = "y" * 6001
    response = client.post(
        url(up), {"person": w.m.member_person.pk, "item": up.public.pk, "text": too_long}
    )
    assert response.status_code == 422
    assert too_long in text(response)
    assert not OrganisationInput.objects.exists()


def test_input_page_admin_of_two_represented_organisations_chooses(
    followup_world: FollowupWorld, up: Upcoming
) -> None:
    w = followup_world
    b_person = make_person("Bjørn B", email="bjorn@example.org")
    seat(w.m.public_arena, b_person, represents=w.m.org_b.organisation)
    from medvirk.accounts.enums import RoleKind

    RoleFactory(user=w.m.org_a.admin, organisation=w.m.org_b.organisation, role=RoleKind.ADMIN)
    client = w.client("admin_a")
    body = text(client.get(url(up)))
    assert 'name="organisation"' in body
    assert "Bjørn B – Organisasjon B" in body
    # B's representative for organisation A: refused with a message on the person field.
    response = client.post(
        url(up),
        {
            "organisation": w.m.org_a.organisation.pk,
            "person": b_person.pk,
            "item": up.public.pk,
            "text": INPUT_TEXT,
        },
    )
    assert response.status_code == 422
    assert "Bjørn B representerer ikke Organisasjon A" in text(response)
    response = client.post(
        url(up),
        {
            "organisation": w.m.org_b.organisation.pk,
            "person": b_person.pk,
            "item": up.public.pk,
            "text": INPUT_TEXT,
        },
    )
    assert response.status_code == 302
    assert OrganisationInput.objects.get().organisation == w.m.org_b.organisation


def test_input_page_closed_for_input_says_why(followup_world: FollowupWorld, up: Upcoming) -> None:
    w = followup_world
    send(w, up)
    up.meeting.agenda_published_at = None
    up.meeting.save()
    body = text(w.client("admin_a").get(url(up)))
    assert "Sakskartet er ikke publisert ennå" in body
    assert 'name="text"' not in body
    up.meeting.agenda_published_at = timezone.now() - 2 * DAY
    up.meeting.starts_at = timezone.now() - DAY / 24
    up.meeting.save()
    client = w.client("admin_a")
    body = text(client.get(url(up)))
    assert "Møtet har startet" in body
    assert INPUT_TEXT in body and "Slett innspillet" not in body
    response = client.post(url(up), {"text": "Nytt"})
    assert response.status_code == 302
    assert OrganisationInput.objects.count() == 1


# -- Deleting through the page ------------------------------------------------------------

DELETE = {
    "anonymous": "login",
    "member": 403,  # the recipient sees the input, but does not delete it
    "deputy": 404,
    "admin_a": 200,
    "admin_b": 404,
    "secretariat": 404,
    "other_secretariat": 404,
    "platform_admin": 404,
    "decision_maker": 404,
    "member_a": 404,
}


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_input_delete_persona_matrix(
    followup_world: FollowupWorld, up: Upcoming, persona: str
) -> None:
    w = followup_world
    created = send(w, up)
    delete_url = reverse("followup:input_delete", kwargs={"pk": created.pk})
    client = w.client(persona)
    response = client.get(delete_url)
    expected = DELETE[persona]
    if expected == "login":
        assert response.status_code == 302 and response.url.startswith(LOGIN)
    else:
        assert response.status_code == expected
    if expected == 200:
        assert "Ja, slett innspillet" in text(response)
        assert INPUT_TEXT in text(response)
    response = client.post(delete_url)
    exists = OrganisationInput.objects.filter(pk=created.pk).exists()
    assert exists == (persona != "admin_a")
    if persona == "admin_a":
        assert response.status_code == 302
        assert response.url == url(up)
