"""Collecting the automatic entries: one per source, idempotent, and following its
source when it changes or goes away; the periodic job through the registry."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from medvirk.arenas.enums import Influence, Level
from medvirk.common.models import ActivityLog
from medvirk.involvement.domain.collect import (
    Counts,
    collect_service,
    collect_year,
    years_to_collect,
)
from medvirk.involvement.enums import EntryKind
from medvirk.involvement.models import Collection, InvolvementEntry
from medvirk.meetings.enums import MeetingStatus
from tests.involvement.conftest import LogWorld, recent
from tests.meetings.conftest import make_meeting
from tests.periodic import run

pytestmark = pytest.mark.django_db


def collect_all(w: LogWorld) -> Counts:
    counts = Counts()
    for year in years_to_collect(w.service, None, timezone.now()):
        counts.add(collect_year(w.service, year=year))
    return counts


def entry(source: str) -> InvolvementEntry:
    return InvolvementEntry.objects.get(source=source)


def test_a_meeting_held_is_an_entry_with_its_arenas_level_and_the_people_present(
    log_world: LogWorld,
) -> None:
    collect_all(log_world)
    w = log_world.f.m
    found = entry(f"meeting:{log_world.held.pk}")
    assert found.service == w.service
    assert found.arena == w.public_arena
    assert found.kind == EntryKind.COUNCIL_MEETING
    assert (found.level, found.degree) == (w.public_arena.level, w.public_arena.influence)
    assert found.date == log_world.held.local_date
    assert found.is_public
    assert set(found.people.all()) == {w.member_person, w.second_member_person}
    assert set(found.organisations.all()) == {w.org_a.organisation}


def test_planned_and_cancelled_meetings_are_not_entries(log_world: LogWorld) -> None:
    w = log_world.f.m
    cancelled = make_meeting(w.public_arena, recent(3), status=MeetingStatus.CANCELLED)
    collect_all(log_world)
    sources = set(InvolvementEntry.objects.values_list("source", flat=True))
    assert f"meeting:{w.meeting.pk}" not in sources  # 35 days ahead
    assert f"meeting:{cancelled.pk}" not in sources


def test_a_private_arenas_meeting_is_never_public(log_world: LogWorld) -> None:
    collect_all(log_world)
    found = entry(f"meeting:{log_world.private_held.pk}")
    assert not found.is_public
    assert found.kind == EntryKind.REFERENCE_GROUP
    assert not InvolvementEntry.objects.public().filter(pk=found.pk).exists()


def test_advice_call_survey_appointment_and_training_are_collected(log_world: LogWorld) -> None:
    collect_all(log_world)
    w = log_world.f.m
    advice = entry(f"advice:{log_world.advice.pk}")
    assert (advice.title, advice.date, advice.is_public) == (
        "Teleslynge i klasserommene",
        log_world.advice.given_on,
        True,
    )
    call = entry(f"call:{log_world.call.pk}")
    assert (call.kind, call.degree, call.level, call.answers) == (
        EntryKind.EXPERIENCE_CALL,
        Influence.INFORMANT,
        Level.SERVICE,
        2,
    )
    survey = entry(f"survey:{log_world.survey.pk}")
    assert (survey.kind, survey.answers) == (EntryKind.SURVEY, 0)
    appointment = entry(f"appointment:{log_world.decision.pk}")
    assert (appointment.kind, appointment.arena) == (EntryKind.OTHER, w.public_arena)
    training = entry(f"training:{log_world.training.pk}")
    assert training.kind == EntryKind.TRAINING
    assert training.title == "Grunnkurs for brukerrepresentanter"
    assert not training.is_public
    assert list(training.people.all()) == [w.member_person]


def test_training_outside_a_seat_is_not_collected(log_world: LogWorld) -> None:
    w = log_world.f.m
    outside = log_world.training
    outside.completed_on = w.member_seat.starts_on - datetime.timedelta(days=400)
    outside.save()
    collect_all(log_world)
    assert not InvolvementEntry.objects.filter(source=f"training:{outside.pk}").exists()


def test_collecting_twice_changes_nothing(log_world: LogWorld) -> None:
    first = collect_all(log_world)
    assert first.created >= 7 and not first.updated and not first.deleted
    before = list(InvolvementEntry.objects.order_by("pk").values())
    assert collect_all(log_world) == Counts()
    assert list(InvolvementEntry.objects.order_by("pk").values()) == before


def test_a_change_at_the_source_rewrites_the_entry_and_a_vanished_source_removes_it(
    log_world: LogWorld,
) -> None:
    collect_all(log_world)
    advice = log_world.advice
    advice.title = "Teleslynge i alle klasserom"
    advice.save()
    log_world.private_held.status = MeetingStatus.CANCELLED
    log_world.private_held.save()
    counts = collect_all(log_world)
    assert (counts.updated, counts.deleted, counts.created) == (1, 1, 0)
    assert entry(f"advice:{advice.pk}").title == "Teleslynge i alle klasserom"
    assert not InvolvementEntry.objects.filter(source=f"meeting:{log_world.private_held.pk}")


def test_collection_leaves_hand_made_entries_alone(log_world: LogWorld) -> None:
    collect_all(log_world)
    collect_all(log_world)
    assert InvolvementEntry.objects.hand_made().get() == log_world.hand_made


def test_an_entry_whose_source_moved_to_another_year_moves_with_it(log_world: LogWorld) -> None:
    collect_all(log_world)
    advice = log_world.advice
    old_year = advice.given_on.year
    advice.given_on = datetime.date(old_year - 1, 12, 20)
    advice.save()
    collect_year(log_world.service, year=old_year - 1)
    assert entry(f"advice:{advice.pk}").date == datetime.date(old_year - 1, 12, 20)
    # The year it left, collected later, does not bring it back.
    collect_year(log_world.service, year=old_year)
    assert InvolvementEntry.objects.filter(source=f"advice:{advice.pk}").count() == 1


def test_the_periodic_job_collects_every_service_once_then_waits(log_world: LogWorld) -> None:
    now = timezone.now()
    done = run("involvement.collect_entries", now=now)
    services = Collection.objects.count()
    assert done == services >= 2
    assert InvolvementEntry.objects.automatic().filter(service=log_world.service).count() >= 7
    collection = Collection.objects.get(service=log_world.service)
    assert collection.collected_at == now
    assert ActivityLog.objects.filter(action="involvement.collected").count() == 1
    # Not due again within COLLECT_EVERY; then only this year and the one before.
    assert run("involvement.collect_entries", now=now + datetime.timedelta(hours=1)) == 0
    later = now + datetime.timedelta(hours=7)
    assert run("involvement.collect_entries", now=later) == services
    assert ActivityLog.objects.filter(action="involvement.collected").count() == 1
    this_year = timezone.localtime(later).year
    assert years_to_collect(log_world.service, now, later) == [this_year - 1, this_year]


def test_collect_service_on_a_service_with_nothing_writes_nothing(log_world: LogWorld) -> None:
    other = log_world.f.m.other_service
    collection = Collection.objects.create(service=other)
    assert collect_service(collection, timezone.now()) == Counts()
    assert not InvolvementEntry.objects.filter(service=other).exists()
