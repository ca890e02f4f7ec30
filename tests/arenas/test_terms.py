"""Memberships: validation, ending, resigning, moving a deputy up, term reminders, history."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.arenas.domain.memberships import (
    add_membership,
    end_membership,
    promote_first_deputy,
    resign,
)
from medvirk.arenas.enums import ArenaKind, EndReason, MemberRole
from medvirk.arenas.models import Membership
from medvirk.common.models import ActivityLog
from tests.arenas.conftest import World, make_arena, make_person, seat
from tests.factories import RoleFactory, UserFactory
from tests.periodic import run_on

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 1)


def send_term_reminders(*, today: datetime.date) -> int:
    """Both term-reminder jobs from the periodic registry, run on ``today``."""
    return run_on(today, "arenas.term_reminders_30", "arenas.term_reminders_90")


def add(world: World, by: User, **kwargs: Any) -> Membership:
    values: dict[str, Any] = {
        "arena": world.public_arena,
        "role": MemberRole.MEMBER,
        "starts_on": START,
        "ends_on": datetime.date(2029, 12, 31),
    }
    values.update(kwargs)
    return add_membership(by=by, **values)


def test_add_membership_logs_and_shows_as_current(world: World, secretariat: User) -> None:
    person = make_person("Per Medlem")
    membership = add(world, secretariat, person=person, represents=world.org_a.organisation)
    assert list(Membership.objects.current(datetime.date(2026, 6, 1))).count(membership) == 1
    entry = ActivityLog.objects.get(action="arenas.membership.added")
    assert entry.data["person"] == "Per Medlem"
    assert entry.organisation == world.service


def test_add_membership_bad_dates(world: World, secretariat: User) -> None:
    person = make_person("Per")
    with pytest.raises(ValidationError) as caught:
        add(world, secretariat, person=person, ends_on=START)
    assert caught.value.message_dict["ends_on"] == ["Sluttdatoen må være etter startdatoen."]
    with pytest.raises(ValidationError) as caught:
        add(world, secretariat, person=person, ends_on=datetime.date(2030, 1, 2))
    assert (
        "Arenaen har en periode på 4 år, til og med 31.12.2029."
        in (caught.value.message_dict["ends_on"][0])
    )


def test_add_membership_duplicate_person_refused(world: World, secretariat: User) -> None:
    person = make_person("Per")
    add(world, secretariat, person=person)
    with pytest.raises(ValidationError) as caught:
        add(world, secretariat, person=person, role=MemberRole.DEPUTY, deputy_rank=1)
    assert caught.value.message_dict["person"] == [
        "Per har allerede et medlemskap i denne arenaen i perioden."
    ]


def test_add_membership_one_chair_at_a_time(world: World, secretariat: User) -> None:
    add(world, secretariat, person=make_person("Leder En"), role=MemberRole.CHAIR)
    with pytest.raises(ValidationError) as caught:
        add(world, secretariat, person=make_person("Leder To"), role=MemberRole.CHAIR)
    assert caught.value.message_dict["role"] == [
        "Arenaen har allerede en leder i perioden: Leder En."
    ]
    # A chair for the next term is fine.
    add(
        world,
        secretariat,
        person=make_person("Neste leder"),
        role=MemberRole.CHAIR,
        starts_on=datetime.date(2030, 1, 1),
        ends_on=datetime.date(2033, 12, 31),
    )


def test_add_membership_deputy_ranks_unique(world: World, secretariat: User) -> None:
    add(world, secretariat, person=make_person("Vara En"), role=MemberRole.DEPUTY, deputy_rank=1)
    with pytest.raises(ValidationError) as caught:
        add(
            world,
            secretariat,
            person=make_person("Vara To"),
            role=MemberRole.DEPUTY,
            deputy_rank=1,
        )
    assert list(caught.value.message_dict) == ["deputy_rank"]
    with pytest.raises(ValidationError) as caught:
        add(world, secretariat, person=make_person("Vara Tre"), role=MemberRole.DEPUTY)
    assert list(caught.value.message_dict) == ["deputy_rank"]


def test_add_membership_youth_council_age(world: World, secretariat: User) -> None:
    youth = make_arena(world.service, ArenaKind.UNGDOMSRAD, name="Ungdomsrådet")
    dates = {"starts_on": START, "ends_on": datetime.date(2027, 12, 31)}
    with pytest.raises(ValidationError) as caught:
        add(world, secretariat, arena=youth, person=make_person("Voksen", birth_year=1990), **dates)
    assert caught.value.message_dict["person"] == [
        "Medlemmene må være under 19 år når de oppnevnes."
    ]
    with pytest.raises(ValidationError):
        add(world, secretariat, arena=youth, person=make_person("Uten år"), **dates)
    add(world, secretariat, arena=youth, person=make_person("Ung", birth_year=2009), **dates)


def test_add_membership_permission(world: World) -> None:
    with pytest.raises(PermissionDenied):
        add(world, world.other_secretariat, person=make_person("Per"))
    with pytest.raises(PermissionDenied):
        add(world, world.representative, person=make_person("Per"))


def test_end_membership_keeps_history(world: World, secretariat: User) -> None:
    membership = seat(world.public_arena, make_person("Ola"))
    end_membership(membership, by=secretariat, reason=EndReason.REMOVED)
    membership.refresh_from_db()
    assert membership.ended_on == timezone.localdate()
    assert membership.end_reason == EndReason.REMOVED
    assert Membership.objects.current().filter(pk=membership.pk).exists() is False
    assert Membership.objects.filter(pk=membership.pk).exists() is True
    with pytest.raises(ValidationError):
        end_membership(membership, by=secretariat, reason=EndReason.REMOVED)


def secretariat_mail(mailoutbox: list[Any], address: str) -> list[Any]:
    return [m for m in mailoutbox if address in m.to]


def test_resign_with_deputy_offers_promotion(
    world: World, secretariat: User, mailoutbox: list[Any]
) -> None:
    arena = world.public_arena
    arena.members_count = 1
    arena.save()
    leaving = seat(arena, make_person("Kari Går"))
    first = seat(arena, make_person("Vara En"), MemberRole.DEPUTY, rank=1)
    seat(arena, make_person("Vara To"), MemberRole.DEPUTY, rank=2)
    user = UserFactory(email="kari@example.org")
    leaving.person.user = user
    leaving.person.save()
    resign(leaving, by=user)
    leaving.refresh_from_db()
    assert leaving.end_reason == EndReason.RESIGNED
    mails = secretariat_mail(mailoutbox, secretariat.email)
    assert len(mails) == 1
    assert "Første vararepresentant er Vara En" in mails[0].body
    assert ActivityLog.objects.filter(action="arenas.membership.deputy_available").count() == 1
    # The secretariat moves the first deputy up explicitly.
    new_seat = promote_first_deputy(arena, by=secretariat)
    first.refresh_from_db()
    assert first.end_reason == EndReason.PROMOTED
    assert (new_seat.person, new_seat.role, new_seat.ends_on) == (
        first.person,
        MemberRole.MEMBER,
        first.ends_on,
    )
    assert ActivityLog.objects.filter(action="arenas.membership.promoted").count() == 1
    # No vacancy any more: a second promotion is refused.
    with pytest.raises(ValidationError):
        promote_first_deputy(arena, by=secretariat)


def test_resign_without_deputy_records_vacancy(
    world: World, secretariat: User, mailoutbox: list[Any]
) -> None:
    resign(world.rep_membership, by=world.representative)
    mails = secretariat_mail(mailoutbox, secretariat.email)
    assert len(mails) == 1
    assert mails[0].subject == "Ledig plass i Lukket referansegruppe"
    assert "ny forespørsel" in mails[0].body
    assert ActivityLog.objects.filter(action="arenas.membership.vacancy").count() == 1
    with pytest.raises(ValidationError):
        promote_first_deputy(world.private_arena, by=secretariat)


def test_resign_only_by_the_person_or_secretariat(world: World, secretariat: User) -> None:
    with pytest.raises(PermissionDenied):
        resign(world.rep_membership, by=world.org_a.admin)
    with pytest.raises(PermissionDenied):
        resign(world.rep_membership, by=world.other_secretariat)
    resign(world.rep_membership, by=secretariat)


def test_term_reminders_at_90_and_30_days_once_each(
    world: World, secretariat: User, mailoutbox: list[Any]
) -> None:
    other = UserFactory(email="sekretariat-to@example.org")
    RoleFactory(user=other, organisation=world.service, role=RoleKind.SECRETARIAT)
    today = datetime.date(2026, 3, 1)
    arena = world.public_arena
    ends = today + datetime.timedelta(days=90)
    seat(arena, make_person("Anne"), starts_on=datetime.date(2025, 1, 1), ends_on=ends)
    seat(arena, make_person("Bjørn"), starts_on=datetime.date(2025, 1, 1), ends_on=ends)
    seat(
        arena,
        make_person("Senere"),
        starts_on=datetime.date(2025, 1, 1),
        ends_on=ends + datetime.timedelta(days=1),
    )

    assert send_term_reminders(today=today - datetime.timedelta(days=1)) == 0
    assert send_term_reminders(today=today) == 1
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == [other.email, secretariat.email]
    assert "Anne" in mailoutbox[0].body and "Bjørn" in mailoutbox[0].body
    assert "Senere" not in mailoutbox[0].body
    assert "90 dager" in mailoutbox[0].body
    assert send_term_reminders(today=today) == 0  # only once

    thirty = ends - datetime.timedelta(days=30)
    # Anne and Bjørn's 30-day reminder, and Senere's 90-day one (now 31 days away).
    assert send_term_reminders(today=thirty) == 2
    bodies = {"30 dager" in m.body: m.body for m in mailoutbox[1:]}
    assert "Anne" in bodies[True] and "Senere" not in bodies[True]
    assert "Senere" in bodies[False] and "Anne" not in bodies[False]
    assert send_term_reminders(today=thirty) == 0
    assert send_term_reminders(today=thirty + datetime.timedelta(days=1)) == 1  # Senere's 30
    assert len(mailoutbox) == 4


def test_term_reminder_added_late_gets_only_the_30_day_one(
    world: World, secretariat: User, mailoutbox: list[Any]
) -> None:
    today = datetime.date(2026, 3, 1)
    membership = seat(
        world.public_arena,
        make_person("Sen"),
        starts_on=datetime.date(2025, 1, 1),
        ends_on=today + datetime.timedelta(days=10),
    )
    assert send_term_reminders(today=today) == 1
    membership.refresh_from_db()
    assert membership.reminded_30_at is not None
    assert membership.reminded_90_at is not None
    assert send_term_reminders(today=today) == 0


def test_term_reminders_skip_ended_and_other_services(
    world: World, secretariat: User, mailoutbox: list[Any]
) -> None:
    today = timezone.localdate()
    ended = seat(
        world.public_arena, make_person("Sluttet"), ends_on=today + datetime.timedelta(days=20)
    )
    end_membership(ended, by=secretariat, reason=EndReason.REMOVED)
    other_arena = make_arena(world.other_service, ArenaKind.BRUKERPANEL, name="Panelet")
    seat(other_arena, make_person("Annen"), ends_on=today + datetime.timedelta(days=20))
    call_command("run_periodic", verbosity=0)
    assert [m.to for m in mailoutbox] == [[world.other_secretariat.email]]
    assert "Panelet" in mailoutbox[0].subject


def test_history_kept_after_resign_and_promote(world: World, secretariat: User) -> None:
    arena = world.public_arena
    member = seat(arena, make_person("M"))
    seat(arena, make_person("V"), MemberRole.DEPUTY, rank=1)
    resign(member, by=secretariat)
    promote_first_deputy(arena, by=secretariat)
    reasons = sorted(
        Membership.objects.filter(arena=arena)
        .exclude(ended_on=None)
        .values_list("end_reason", flat=True)
    )
    assert reasons == [EndReason.PROMOTED, EndReason.RESIGNED]
    assert Membership.objects.filter(arena=arena).count() == 3
