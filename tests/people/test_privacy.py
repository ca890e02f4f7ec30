"""Download of one's own data, and deletion on request."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from medvirk.arenas.models import Membership
from medvirk.common.models import ActivityLog
from medvirk.people.domain.accommodation import give_accommodation_consent
from medvirk.people.domain.privacy import (
    carry_out_deletion,
    request_deletion,
)
from medvirk.people.models import Accommodation, Affiliation, Person, TrainingRecord
from tests.factories.people import (
    AffiliationFactory,
    MembershipFactory,
    PersonFactory,
    TrainingRecordFactory,
)
from tests.people.conftest import World, fresh


def test_export_contains_own_data_and_nothing_about_others(world: World) -> None:
    me = world.users["self"]
    TrainingRecordFactory(person=world.person, provider="Kurssenteret")
    give_accommodation_consent(world.person, by=me, needs="Egen tolk", purpose="Formål")
    other = PersonFactory(name="Annen Person", email="annen@example.org")
    AffiliationFactory(person=other, organisation=world.person.affiliations.get().organisation)
    MembershipFactory(arena=world.arena, person=other)
    response = world.client("self").get(reverse("people:my_data"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="medvirk-mine-data.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == "representant@example.org"
    assert data["person"]["name"] == "Rita Representant"
    assert [m["arena"] for m in data["person"]["memberships"]] == [
        "Eldrerådet i E",
        "Brukerutvalget i S",
    ]
    assert data["person"]["training"][0]["provider"] == "Kurssenteret"
    assert data["person"]["accommodation"]["needs"] == "Egen tolk"
    assert "people.accommodation.consented" in [a["action"] for a in data["activity"]]
    text = response.content.decode()
    assert "Annen Person" not in text
    assert "annen@example.org" not in text
    assert ActivityLog.objects.filter(action="people.data.exported").count() == 1


def test_deletion_request_and_carry_out(world: World) -> None:
    me = world.users["self"]
    give_accommodation_consent(world.person, by=me, needs="Slett meg", purpose="Formål")
    TrainingRecordFactory(person=world.person)
    with pytest.raises(ValidationError):
        carry_out_deletion(world.person, by=world.users["platform_admin"])
    request_deletion(by=me)
    for persona in ("self", "pool_admin", "sitting_secretariat"):
        with pytest.raises(PermissionDenied):
            carry_out_deletion(world.person, by=fresh(world.users[persona]))
    assert Person.objects.get(pk=world.person.pk).name == "Rita Representant"

    admin = world.client("platform_admin")
    listing = admin.get(reverse("people:deletions"))
    assert "Rita Representant" in listing.content.decode()
    url = reverse("people:deletion_carry_out", args=[world.person.pk])
    assert admin.get(url).status_code == 200
    assert admin.post(url).status_code == 302

    person = Person.objects.get(pk=world.person.pk)
    assert (person.name, person.email, person.user) == ("Slettet person", "", None)
    assert Accommodation.objects.count() == 0
    assert TrainingRecord.objects.filter(person=person).count() == 0
    assert Affiliation.objects.filter(person=person).count() == 0
    assert Membership.objects.filter(person=person).count() == 2
    me.refresh_from_db()
    assert me.is_active is False
    assert "representant@example.org" not in me.email
    assert EmailAddress.objects.filter(user=me).count() == 0
    for entry in ActivityLog.objects.all():
        assert "Rita" not in entry.object_repr + json.dumps(entry.data) + entry.actor_label
    assert ActivityLog.objects.filter(action="people.deletion.carried_out").count() == 1
    assert "Rita" not in admin.get(reverse("people:deletions")).content.decode()


def test_deletion_request_view_confirms_first(world: World) -> None:
    client = world.client("self")
    url = reverse("people:my_deletion")
    assert client.get(url).status_code == 200
    assert Person.objects.get(pk=world.person.pk).deletion_requested_at is None
    assert client.post(url).status_code == 302
    assert Person.objects.get(pk=world.person.pk).deletion_requested_at is not None
