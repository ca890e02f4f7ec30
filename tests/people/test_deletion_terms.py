"""Deleting an account: the person is told, before asking, after asking and in the
confirmation mail, what is removed and what is kept and why."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.urls import reverse
from django.utils import translation

from medvirk.people.domain.privacy import carry_out_deletion, deletion_terms, request_deletion
from tests.people.conftest import World, fresh

URL = reverse("people:my_deletion")


def test_the_terms_name_the_law_and_the_periods(settings: Any) -> None:
    settings.MEDVIRK_OUTBOX_RETENTION_DAYS = 30
    with translation.override("nb"):
        terms = deletion_terms()
    reasons = " ".join(reason for _item, reason in terms.kept)
    assert "Bokføringsloven" in reasons
    assert "5 år etter utgangen av regnskapsåret" in reasons
    assert "etter 5 år" in reasons  # the activity log, 60 months
    assert "30 dager" in reasons
    assert any("tilrettelegging" in item for item in terms.removed)
    assert any("fødselsnummer" in item for item in terms.removed)


def test_the_request_page_lists_what_is_kept_before_and_after(world: World) -> None:
    client = world.client("self")

    before = client.get(URL).content.decode()
    assert "Dette slettes" in before
    assert "Dette tar vi vare på, og hvorfor" in before
    assert "Bokføringsloven" in before

    response = client.post(URL)
    assert response.status_code == 302
    assert response["Location"] == URL
    after = client.get(URL).content.decode()
    assert "Du ba om sletting" in after
    assert "Bokføringsloven" in after
    assert "får du en bekreftelse på e-post" in after


def test_the_confirmation_mail_lists_what_is_kept_in_the_persons_language(world: World) -> None:
    world.person.preferred_language = "nn"
    world.person.save(update_fields=["preferred_language"])
    request_deletion(by=world.users["self"])

    carry_out_deletion(world.person, by=fresh(world.users["platform_admin"]))

    [sent] = [m for m in mail.outbox if m.outbox_kind == "people/deleted"]
    assert sent.to == ["representant@example.org"]
    assert sent.outbox_language == "nn"
    with translation.override("nn"):
        terms = deletion_terms()
    for item, reason in terms.kept:
        assert str(item) in sent.body
        assert str(reason) in sent.body
    for item in terms.removed:
        assert str(item) in sent.body


def test_the_admin_sees_the_same_terms(world: World) -> None:
    request_deletion(by=world.users["self"])
    url = reverse("people:deletion_carry_out", args=[world.person.pk])
    html = world.client("platform_admin").get(url).content.decode()
    assert "Dette tar vi vare på, og hvorfor" in html
    assert "Bokføringsloven" in html


def test_the_terms_are_translated() -> None:
    with translation.override("en"):
        assert "Bookkeeping Act" in deletion_terms().kept[1][1]
    with translation.override("nn"):
        assert "Bokføringslova" in deletion_terms().kept[1][1]
