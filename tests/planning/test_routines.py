"""Writing, versioning and publishing a routine (planning/domain/routines.py)."""

from __future__ import annotations

import pytest
import rules
from django.core.exceptions import PermissionDenied, ValidationError

from medvirk.common.models import ActivityLog
from medvirk.planning.domain.routines import publish_routine, save_routine, starting_text
from medvirk.planning.enums import VersionStatus
from medvirk.planning.models import RoutineVersion
from medvirk.planning.routine_template import SECTION_FIELDS
from tests.planning.conftest import KEEPERS, PERSONAS


def texts(word: str) -> dict[str, str]:
    return {field: f"{word} – {field}" for field in SECTION_FIELDS}


@pytest.mark.parametrize("persona", PERSONAS)
def test_save_routine_only_by_the_services_secretariat_and_admins(planning_world, persona):
    user = planning_world.users[persona]
    if persona in KEEPERS:
        version = save_routine(planning_world.service, by=user, **texts("Ny"))
        assert (version.number, version.status) == (1, VersionStatus.DRAFT)
    else:
        with pytest.raises(PermissionDenied):
            save_routine(planning_world.service, by=user, **texts("Ny"))
        assert not RoutineVersion.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", ["draft", "published", "superseded"])
def test_who_reads_a_version_by_its_state(planning_world, persona, state):
    service, secretariat = planning_world.service, planning_world.users["secretariat"]
    save_routine(service, by=secretariat, **texts("Første"))
    if state != "draft":
        publish_routine(service, by=secretariat)
    if state == "superseded":
        save_routine(service, by=secretariat, **texts("Andre"))
        publish_routine(service, by=secretariat)
    version = RoutineVersion.objects.get(number=1)
    assert version.status == state
    allowed = rules.has_perm(
        "planning.view_routine_version", planning_world.users[persona], version
    )
    assert allowed == (state != "draft" or persona in KEEPERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_publish_only_by_keepers(planning_world, persona):
    service = planning_world.service
    save_routine(service, by=planning_world.users["secretariat"], **texts("Første"))
    user = planning_world.users[persona]
    if persona in KEEPERS:
        assert publish_routine(service, by=user).status == VersionStatus.PUBLISHED
    else:
        with pytest.raises(PermissionDenied):
            publish_routine(service, by=user)
        assert RoutineVersion.objects.get().status == VersionStatus.DRAFT


def test_saving_a_published_routine_makes_a_new_draft_and_keeps_the_old(planning_world):
    service, user = planning_world.service, planning_world.users["secretariat"]
    first = save_routine(service, by=user, change_note="Første versjon", **texts("Første"))
    again = save_routine(service, by=user, **texts("Rettet"))
    assert again.pk == first.pk  # a draft is saved in place
    publish_routine(service, by=user)
    second = save_routine(service, by=user, change_note="Ny frist", **texts("Andre"))
    assert (second.number, second.status) == (2, VersionStatus.DRAFT)
    first.refresh_from_db()
    assert (first.status, first.when_to_involve) == (
        VersionStatus.PUBLISHED,
        "Rettet – when_to_involve",
    )
    published = publish_routine(service, by=user)
    first.refresh_from_db()
    assert (published.pk, published.status) == (second.pk, VersionStatus.PUBLISHED)
    assert first.status == VersionStatus.SUPERSEDED
    assert list(RoutineVersion.objects.public().values_list("number", flat=True)) == [2, 1]
    third = save_routine(service, by=user, **texts("Tredje"))
    assert third.number == 3
    assert ActivityLog.objects.filter(action="planning.routine_published").count() == 2
    log = ActivityLog.objects.filter(action="planning.routine_published").latest("pk")
    assert log.data == {"version": 2, "replaces": 1}


def test_a_new_draft_starts_from_the_published_text_else_the_template(planning_world):
    service, user = planning_world.service, planning_world.users["secretariat"]
    template = starting_text(service)
    assert all(template[field] for field in SECTION_FIELDS)
    save_routine(service, by=user, **texts("Publisert"))
    publish_routine(service, by=user)
    assert starting_text(service) == texts("Publisert")


def test_validation_names_the_fields(planning_world):
    service, user = planning_world.service, planning_world.users["secretariat"]
    with pytest.raises(ValidationError) as empty:
        save_routine(service, by=user, **dict.fromkeys(SECTION_FIELDS, "  "))
    assert set(empty.value.message_dict) == {"when_to_involve"}
    with pytest.raises(ValidationError) as long:
        save_routine(
            service,
            by=user,
            change_note="x" * 301,
            **(texts("Ok") | {"recruiting": "x" * 8001}),
        )
    assert set(long.value.message_dict) == {"recruiting", "change_note"}
    assert not RoutineVersion.objects.exists()


def test_publish_needs_a_draft(planning_world):
    service, user = planning_world.service, planning_world.users["secretariat"]
    with pytest.raises(ValidationError):
        publish_routine(service, by=user)
    save_routine(service, by=user, **texts("Første"))
    publish_routine(service, by=user)
    with pytest.raises(ValidationError):
        publish_routine(service, by=user)


def test_another_services_routine_is_apart(planning_world):
    user = planning_world.users["other_secretariat"]
    version = save_routine(planning_world.other_service, by=user, **texts("Annen"))
    assert version.number == 1
    with pytest.raises(PermissionDenied):
        publish_routine(planning_world.service, by=user)
