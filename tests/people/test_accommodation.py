"""Accommodation needs are health data: who sees them, every read logged, gone on withdrawal."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from medvirk.common.models import ActivityLog
from medvirk.people.domain.accommodation import (
    ACCOMMODATION_PURPOSE,
    give_accommodation_consent,
    read_accommodation,
    update_accommodation,
    withdraw_accommodation_consent,
)
from medvirk.people.domain.privacy import export_personal_data
from medvirk.people.models import Accommodation
from tests.people.conftest import PEOPLE_PERSONAS, World, fresh

NEEDS = "Trenger tegnspråktolk og pauser hver time – HEMMELIG-BEHOV-123"


def consent(world: World) -> Accommodation:
    return give_accommodation_consent(
        world.person, by=world.users["self"], needs=NEEDS, purpose=str(ACCOMMODATION_PURPOSE)
    )


def reads() -> int:
    return ActivityLog.objects.filter(action="people.accommodation.read").count()


ALLOWED = {"self", "sitting_secretariat"}


@pytest.mark.parametrize("persona", PEOPLE_PERSONAS)
def test_read_accommodation_only_self_and_sitting_secretariat(world: World, persona: str) -> None:
    consent(world)
    user = fresh(world.users[persona]) or AnonymousUser()
    if persona in ALLOWED:
        accommodation = read_accommodation(world.person, by=user)
        assert accommodation is not None
        assert accommodation.needs == NEEDS
        assert reads() == 1
    else:
        with pytest.raises(PermissionDenied):
            read_accommodation(world.person, by=user)
        assert reads() == 0


def test_read_accommodation_denied_to_secretariat_where_membership_ended(world: World) -> None:
    consent(world)
    with pytest.raises(PermissionDenied):
        read_accommodation(world.person, by=fresh(world.ended_secretariat))
    assert reads() == 0


@pytest.mark.parametrize("persona", PEOPLE_PERSONAS)
def test_person_page_shows_needs_only_to_allowed(world: World, persona: str) -> None:
    consent(world)
    response = world.client(persona).get(reverse("people:detail", args=[world.person.pk]))
    if persona in ALLOWED:
        assert response.status_code == 200
        assert NEEDS in response.content.decode()
        assert reads() == 1
    else:
        # The pool's admin and the platform admin see the profile, but not the needs.
        expected = 200 if persona in ("pool_admin", "platform_admin") else 403
        assert response.status_code == (302 if persona == "anonymous" else expected)
        assert NEEDS not in response.content.decode()
        assert reads() == 0


def test_person_page_hides_needs_from_platform_admin_who_sees_profile(world: World) -> None:
    consent(world)
    response = world.client("platform_admin").get(reverse("people:detail", args=[world.person.pk]))
    assert response.status_code == 200
    assert NEEDS not in response.content.decode()
    assert reads() == 0


def test_every_read_is_logged_with_reader(world: World) -> None:
    consent(world)
    secretariat = fresh(world.users["sitting_secretariat"])
    for _ in range(3):
        read_accommodation(world.person, by=secretariat)
    world.client("self").get(reverse("people:my_accommodation"))
    entries = ActivityLog.objects.filter(action="people.accommodation.read").order_by("pk")
    assert [e.actor for e in entries] == [secretariat] * 3 + [world.users["self"]]
    assert [e.object_id for e in entries] == [str(world.person.pk)] * 4


def test_only_the_person_manages_consent(world: World) -> None:
    for persona in PEOPLE_PERSONAS:
        if persona == "self":
            continue
        user = fresh(world.users[persona]) or AnonymousUser()
        with pytest.raises(PermissionDenied):
            give_accommodation_consent(world.person, by=user, needs=NEEDS, purpose="x")
    assert Accommodation.objects.count() == 0
    consent(world)
    for persona in ("sitting_secretariat", "platform_admin", "pool_admin"):
        user = fresh(world.users[persona])
        with pytest.raises(PermissionDenied):
            withdraw_accommodation_consent(world.person, by=user)
        with pytest.raises(PermissionDenied):
            update_accommodation(world.person, by=user, needs="endret")
    assert Accommodation.objects.get().needs == NEEDS


def test_withdrawal_deletes_and_needs_appear_nowhere(world: World) -> None:
    consent(world)
    update_accommodation(world.person, by=world.users["self"], needs=NEEDS + " og mer")
    read_accommodation(world.person, by=fresh(world.users["sitting_secretariat"]))
    withdraw_accommodation_consent(world.person, by=world.users["self"])
    assert Accommodation.objects.count() == 0
    assert ActivityLog.objects.filter(action="people.accommodation.withdrawn").count() == 1
    for entry in ActivityLog.objects.all():
        assert "HEMMELIG-BEHOV" not in json.dumps(entry.data) + entry.object_repr
    export = export_personal_data(by=world.users["self"])
    assert "HEMMELIG-BEHOV" not in json.dumps(export, default=str)
    assert export["person"]["accommodation"] is None
    page = world.client("sitting_secretariat").get(reverse("people:detail", args=[world.person.pk]))
    assert "HEMMELIG-BEHOV" not in page.content.decode()


def test_consent_requires_the_checkbox(world: World) -> None:
    response = world.client("self").post(
        reverse("people:my_accommodation"), {"needs": "<b>Rullestol</b>"}
    )
    assert response.status_code == 422
    assert Accommodation.objects.count() == 0
    body = response.content.decode()
    assert "&lt;b&gt;Rullestol&lt;/b&gt;" in body
    assert 'href="#id_consent"' in body


def test_consent_form_stores_html_as_typed_and_renders_escaped(world: World) -> None:
    client = world.client("self")
    response = client.post(
        reverse("people:my_accommodation"), {"needs": "<script>x</script>", "consent": "on"}
    )
    assert response.status_code == 302
    accommodation = Accommodation.objects.get()
    assert accommodation.needs == "<script>x</script>"
    assert accommodation.consent_purpose == str(ACCOMMODATION_PURPOSE)
    body = client.get(reverse("people:my_accommodation")).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in body
    assert "<script>x</script>" not in body


def test_consent_form_rejects_over_long_needs_keeping_text(world: World) -> None:
    text = "a" * 4001
    response = world.client("self").post(
        reverse("people:my_accommodation"), {"needs": text, "consent": "on"}
    )
    assert response.status_code == 422
    assert text in response.content.decode()
    assert Accommodation.objects.count() == 0


def test_withdraw_view_needs_post_and_deletes(world: World) -> None:
    consent(world)
    client = world.client("self")
    url = reverse("people:my_accommodation_withdraw")
    assert client.get(url).status_code == 200
    assert Accommodation.objects.count() == 1
    assert client.post(url).status_code == 302
    assert Accommodation.objects.count() == 0


def test_accommodation_not_in_api(world: World, client) -> None:
    consent(world)
    response = client.get("/api/v1/organisations")
    assert "HEMMELIG-BEHOV" not in response.content.decode()
