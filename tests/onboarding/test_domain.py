"""Checklists: made once per new membership (job and pages agree), ticked only by the
person and the arena's secretariat, auto items from state, a reminder once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from medvirk.common.models import ActivityLog
from medvirk.compensation.models import PaymentDetails
from medvirk.meetings.enums import MeetingStatus
from medvirk.onboarding.domain.checklists import (
    ensure_member_checklists,
    secretariat_checklist_for,
    tick,
)
from medvirk.onboarding.domain.templates import add_item
from medvirk.onboarding.enums import Audience, AutoCheck
from medvirk.onboarding.models import Checklist, ChecklistItem
from medvirk.onboarding.selectors import shown
from medvirk.ops.domain import run_job
from tests.factories.onboarding import make_checklist
from tests.factories.people import CourseFactory, TrainingRecordFactory
from tests.meetings.conftest import make_meeting
from tests.onboarding.conftest import PERSONAS, World, new_member

pytestmark = pytest.mark.django_db

TICKS = {"member", "secretariat"}


def manual_item(checklist: Checklist) -> ChecklistItem:
    return checklist.items.filter(auto="").order_by("position").first()  # type: ignore[return-value]


def state(checklist: Checklist):  # type: ignore[no-untyped-def]
    fresh = Checklist.objects.select_related("membership__person").get(pk=checklist.pk)
    (result,) = shown([fresh])
    return result


def test_the_job_makes_one_checklist_per_new_membership_from_the_defaults(world: World) -> None:
    run = run_job("onboarding.create_checklists")
    checklist = Checklist.objects.get(membership=world.seat)
    assert checklist.audience == Audience.MEMBER
    assert checklist.starts_on == world.seat.starts_on
    keys = list(checklist.items.order_by("position").values_list("key", flat=True))
    assert keys[:2] == ["mandate", "meeting_plan"]
    assert len(keys) == 7
    assert run.items_done == 2  # both councils' new members
    again = run_job("onboarding.create_checklists")
    assert (again.items_done, again.items_skipped) == (0, 0)
    assert Checklist.objects.count() == 2
    assert ActivityLog.objects.filter(action="onboarding.checklist_created").count() == 2


def test_an_old_or_ended_membership_gets_no_checklist(world: World) -> None:
    old = new_member(world.arena, "Gammel Gunnar", days_ago=800)
    ended = new_member(world.arena, "Ferdig Frida", ended_on=timezone.localdate())
    run_job("onboarding.create_checklists")
    assert not Checklist.objects.filter(membership__in=[old, ended]).exists()


def test_on_demand_and_the_job_agree(world: World) -> None:
    assert ensure_member_checklists([world.seat]) == 1
    assert ensure_member_checklists([world.seat]) == 0
    run_job("onboarding.create_checklists")
    assert Checklist.objects.filter(membership=world.seat).count() == 1
    assert ChecklistItem.objects.filter(checklist__membership=world.seat).count() == 7


def test_a_changed_template_is_copied_into_new_lists(world: World) -> None:
    add_item(
        world.service,
        arena_kind=world.arena.kind,
        audience=Audience.MEMBER,
        by=world.secretariat,
        title="Hils på ordføreren",
    )
    checklist = make_checklist(world.seat)
    titles = [i.shown_title for i in checklist.items.order_by("position")]
    assert len(titles) == 8
    assert titles[-1] == "Hils på ordføreren"
    assert titles[0] == "Les mandatet"


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_only_the_person_and_the_secretariat_tick(world: World, persona: str) -> None:
    checklist = make_checklist(world.seat)
    item = manual_item(checklist)
    user = world.user(persona)
    if persona in TICKS:
        tick(item, by=user, done=True)
        item.refresh_from_db()
        assert item.done_at is not None
        assert item.done_by == user
    else:
        with pytest.raises(PermissionDenied):
            tick(item, by=user, done=True)
        item.refresh_from_db()
        assert item.done_at is None


def test_an_item_ticked_by_someone_else_is_refused_and_not_logged(world: World) -> None:
    item = manual_item(make_checklist(world.seat))
    with pytest.raises(PermissionDenied):
        tick(item, by=world.other_member, done=True)
    assert not ActivityLog.objects.filter(action="onboarding.item_ticked").exists()


def test_ticking_and_unticking_is_logged(world: World) -> None:
    item = manual_item(make_checklist(world.seat))
    tick(item, by=world.member, done=True)
    tick(item, by=world.member, done=True)  # no change, no entry
    tick(item, by=world.secretariat, done=False)
    actions = list(ActivityLog.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["onboarding.item_ticked", "onboarding.item_unticked"]
    item.refresh_from_db()
    assert item.done_at is None


def test_an_auto_item_is_not_ticked_by_hand(world: World) -> None:
    checklist = make_checklist(world.seat)
    item = checklist.items.get(auto=AutoCheck.BASIC_COURSE)
    with pytest.raises(ValidationError):
        tick(item, by=world.member, done=True)


def test_auto_items_follow_state_and_the_job_records_them_once(world: World) -> None:
    checklist = make_checklist(world.seat)
    before = state(checklist)
    assert before.done_count == 0
    # The basic course (a catalogue course marked as such), payment details, a meeting.
    TrainingRecordFactory(person=world.person, course=CourseFactory(is_basic_course=True))
    PaymentDetails.objects.create(
        person=world.person,
        nin_encrypted=b"x",
        account_encrypted=b"y",
        nin_hint="*******1234",
        account_hint="****.**.12345",
    )
    make_meeting(world.arena, timezone.localdate() + datetime.timedelta(days=20))
    after = state(checklist)
    assert after.done_count == 3
    assert {s.item.auto for s in after.items if s.done} == set(AutoCheck.values) - {""}
    assert all(s.automatic for s in after.items if s.done)
    run = run_job("onboarding.record_auto_ticks")
    assert run.items_done == 3
    assert checklist.items.filter(done_automatically=True, done_at__isnull=False).count() == 3
    assert run_job("onboarding.record_auto_ticks").items_done == 0
    assert ActivityLog.objects.filter(action="onboarding.item_auto_ticked").count() == 3


def test_another_course_or_a_cancelled_meeting_ticks_nothing(world: World) -> None:
    checklist = make_checklist(world.seat)
    TrainingRecordFactory(person=world.person, course=CourseFactory(is_basic_course=False))
    make_meeting(
        world.arena,
        timezone.localdate() + datetime.timedelta(days=20),
        status=MeetingStatus.CANCELLED,
    )
    make_meeting(world.arena, world.seat.starts_on - datetime.timedelta(days=30))
    assert state(checklist).done_count == 0
    assert run_job("onboarding.record_auto_ticks").items_done == 0


def test_the_reminder_goes_once_after_the_first_meeting(world: World) -> None:
    checklist = make_checklist(world.seat)
    today = timezone.localdate()
    make_meeting(world.arena, today + datetime.timedelta(days=3))
    assert run_job("onboarding.remind_open_items").items_done == 0  # meeting not held yet
    make_meeting(world.arena, today - datetime.timedelta(days=2))
    assert run_job("onboarding.remind_open_items").items_done == 1
    assert run_job("onboarding.remind_open_items").items_done == 0
    (message,) = mail.outbox
    assert message.to == [world.person.email]
    assert "Les mandatet" in message.body
    assert "Finn møteplanen" not in message.body  # ticked by the meeting plan
    checklist.refresh_from_db()
    assert checklist.reminded_at is not None


def test_a_complete_list_gets_no_reminder(world: World) -> None:
    checklist = make_checklist(world.seat)
    ChecklistItem.objects.filter(checklist=checklist).update(done_at=timezone.now())
    make_meeting(world.arena, timezone.localdate() - datetime.timedelta(days=2))
    assert run_job("onboarding.remind_open_items").items_done == 0
    assert mail.outbox == []


def test_the_reminder_is_in_the_members_language(world: World) -> None:
    world.person.preferred_language = "en"
    world.person.save()
    make_checklist(world.seat)
    make_meeting(world.arena, timezone.localdate() - datetime.timedelta(days=2))
    run_job("onboarding.remind_open_items")
    (message,) = mail.outbox
    assert message.subject.startswith("Items left")


@pytest.mark.parametrize("persona", ["secretariat", "other_secretariat", "member", "admin"])
def test_a_secretariat_list_is_for_the_arenas_secretariat(world: World, persona: str) -> None:
    user = world.user(persona)
    if persona == "secretariat":
        first = secretariat_checklist_for(world.arena, by=user)
        assert secretariat_checklist_for(world.arena, by=user) == first
        assert first.audience == Audience.SECRETARIAT
        assert first.items.count() == 4
    else:
        with pytest.raises(PermissionDenied):
            secretariat_checklist_for(world.arena, by=user)


def test_the_reminder_is_delivered_once_over_real_smtp(
    db_tasks: Any, smtp_server: Any, world: World
) -> None:
    """The production path: the outbox row commits with the claim, a worker delivers it
    over SMTP; running the job again sends nothing more."""
    make_checklist(world.seat)
    make_meeting(world.arena, timezone.localdate() - datetime.timedelta(days=2))
    assert run_job("onboarding.remind_open_items").items_done == 1
    assert smtp_server.messages == []  # queued, not yet delivered
    db_tasks()
    assert len(smtp_server.to(world.person.email)) == 1
    assert run_job("onboarding.remind_open_items").items_done == 0
    db_tasks()
    assert len(smtp_server.messages) == 1
