"""Profiles, affiliations and training: permission denials change nothing."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from medvirk.common.models import ActivityLog
from medvirk.people.data import load_people_reference_data
from medvirk.people.domain.profiles import (
    add_affiliation,
    add_training_record,
    create_person,
    remove_affiliation,
    remove_training_record,
    update_person,
)
from medvirk.people.enums import AffiliationKind
from medvirk.people.models import Affiliation, CompetenceArea, Course, Person, TrainingRecord
from tests.conftest import Tenant
from tests.factories.people import CourseFactory, PersonFactory, TrainingRecordFactory
from tests.people.conftest import World, fresh


def test_reference_data_loads_idempotently(db) -> None:
    load_people_reference_data()
    load_people_reference_data()
    assert CompetenceArea.objects.filter(slug="erfaring-parorende").count() == 1
    assert CompetenceArea.objects.count() >= 24
    assert list(Course.objects.filter(is_basic_course=True).values_list("slug", flat=True)) == [
        "grunnkurs-brukerrepresentanter"
    ]


def test_create_person_adds_pool_affiliation_and_logs(org_a: Tenant) -> None:
    person = create_person(
        by=org_a.admin, organisation=org_a.organisation, data={"name": "Nina Ny", "capacity": 3}
    )
    assert person.created_by == org_a.organisation
    assert list(person.affiliations.values_list("organisation", "kind")) == [
        (org_a.organisation.pk, AffiliationKind.POOL)
    ]
    assert ActivityLog.objects.filter(action="people.person.created").count() == 1


@pytest.mark.parametrize("who", ["member", "other_admin", "secretariat", "anonymous"])
def test_create_person_denied_leaves_nothing(
    org_a: Tenant, org_b: Tenant, secretariat, who: str
) -> None:
    by = {
        "member": org_a.member,
        "other_admin": org_b.admin,
        "secretariat": secretariat,
        "anonymous": AnonymousUser(),
    }[who]
    with pytest.raises(PermissionDenied):
        create_person(by=by, organisation=org_a.organisation, data={"name": "X"})
    assert Person.objects.count() == 0
    assert ActivityLog.objects.count() == 0


def test_update_person_validates_and_keeps_db(world: World) -> None:
    person = world.person
    with pytest.raises(ValidationError) as error:
        update_person(
            person,
            by=world.users["self"],
            data={"name": "", "capacity": 40, "birth_year": 1850, "languages": ["xx"]},
        )
    assert set(error.value.message_dict) == {"name", "capacity", "birth_year", "languages"}
    person.refresh_from_db()
    assert person.name == "Rita Representant"
    assert ActivityLog.objects.filter(action="people.person.updated").count() == 0


def test_update_person_saves_profile_and_logs_diff(world: World) -> None:
    area = CompetenceArea.objects.create(
        slug="rus", category="service_area", name_nb="Rus", name_nn="Rus", name_en="Substance"
    )
    updated = update_person(
        world.person,
        by=world.users["self"],
        data={
            "capacity": 4,
            "gender": "female",
            "birth_year": 1970,
            "languages": ["se", "nb"],
            "competence_areas": [area],
        },
    )
    assert (updated.capacity, updated.gender, updated.birth_year, updated.languages) == (
        4,
        "female",
        1970,
        ["nb", "se"],
    )
    assert list(updated.competence_areas.all()) == [area]
    entry = ActivityLog.objects.get(action="people.person.updated")
    assert entry.data["capacity"] == [2, 4]


@pytest.mark.parametrize(
    "persona", ["anonymous", "pool_admin", "other_admin", "sitting_secretariat", "umbrella_admin"]
)
def test_update_claimed_person_denied_to_others(world: World, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        update_person(
            world.person, by=fresh(world.users[persona]) or AnonymousUser(), data={"name": "Z"}
        )
    world.person.refresh_from_db()
    assert world.person.name == "Rita Representant"


def test_registering_admin_edits_only_before_claim(org_a: Tenant) -> None:
    person = PersonFactory(created_by=org_a.organisation)
    update_person(person, by=org_a.admin, data={"name": "Endret"})
    person.refresh_from_db()
    person.user = org_a.member
    person.save()
    with pytest.raises(PermissionDenied):
        update_person(person, by=fresh(org_a.admin), data={"name": "Igjen"})


def test_affiliations_add_and_remove(world: World, org_b: Tenant) -> None:
    admin_a = fresh(world.users["pool_admin"])
    org = world.person.affiliations.get().organisation
    board = add_affiliation(
        person=world.person, organisation=org, kind=AffiliationKind.BOARD, by=admin_a
    )
    with pytest.raises(ValidationError):
        add_affiliation(
            person=world.person, organisation=org, kind=AffiliationKind.BOARD, by=admin_a
        )
    with pytest.raises(PermissionDenied):
        add_affiliation(
            person=world.person,
            organisation=org_b.organisation,
            kind=AffiliationKind.POOL,
            by=admin_a,
        )
    # Admin B cannot add someone they cannot see to B's pool.
    with pytest.raises(PermissionDenied):
        add_affiliation(
            person=world.person,
            organisation=org_b.organisation,
            kind=AffiliationKind.POOL,
            by=fresh(org_b.admin),
        )
    with pytest.raises(PermissionDenied):
        remove_affiliation(board, by=fresh(org_b.admin))
    remove_affiliation(board, by=world.users["self"])
    assert Affiliation.objects.filter(person=world.person).count() == 1
    assert ActivityLog.objects.filter(action__startswith="people.affiliation.").count() == 2


def test_training_records(world: World) -> None:
    course = CourseFactory(is_basic_course=True)
    me = world.users["self"]
    with pytest.raises(ValidationError) as error:
        add_training_record(person=world.person, by=me, completed_on=None)
    assert set(error.value.message_dict) == {"course", "completed_on"}
    with pytest.raises(ValidationError):
        add_training_record(
            person=world.person,
            by=me,
            course=course,
            completed_on=datetime.date.today() + datetime.timedelta(days=3),
        )
    record = add_training_record(
        person=world.person, by=me, course=course, completed_on=datetime.date(2024, 5, 2)
    )
    with pytest.raises(PermissionDenied):
        add_training_record(
            person=world.person,
            by=fresh(world.users["pool_admin"]),
            course_name="Annet",
            completed_on=datetime.date(2024, 5, 2),
        )
    with pytest.raises(PermissionDenied):
        remove_training_record(record, by=fresh(world.users["sitting_secretariat"]))
    assert TrainingRecord.objects.count() == 1
    remove_training_record(record, by=me)
    assert TrainingRecord.objects.count() == 0
    other = TrainingRecordFactory()
    with pytest.raises(PermissionDenied):
        remove_training_record(other, by=me)


def test_demo_people_load(db) -> None:
    from medvirk.people import demo
    from tests.factories import OrganisationFactory, UserFactory

    load_people_reference_data()
    member = UserFactory(email="medlem@medvirk.test")
    org = OrganisationFactory()
    people = demo.load({"user_org": org})
    assert len(people) == 42
    assert Person.objects.get(user=member).accommodation.needs != ""
    assert TrainingRecord.objects.filter(course__is_basic_course=True).count() >= 15
