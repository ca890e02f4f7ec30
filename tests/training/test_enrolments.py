"""Signing up, the waiting list, cancelling and the deadline; the log entries and the
mail to the person moved up."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from medvirk.common.models import ActivityLog
from medvirk.training.domain.enrolments import cancel_enrolment, sign_up
from medvirk.training.enums import CourseStatus, EnrolmentStatus
from medvirk.training.models import Enrolment
from tests.clock import freeze_time
from tests.meetings.attendance_helpers import fresh
from tests.training.conftest import World, person_with_account


def test_sign_up_takes_a_place_and_logs(world: World) -> None:
    person, user = person_with_account("Kari Nordmann")

    enrolment = sign_up(world.course, by=fresh(user))

    assert (enrolment.person, enrolment.status) == (person, EnrolmentStatus.ENROLLED)
    entry = ActivityLog.objects.get(action="training.enrolment.signed_up")
    assert entry.data == {"enrolment": enrolment.pk, "person": person.pk}
    assert entry.organisation_id == world.course.organiser_id


def test_full_course_puts_the_next_on_the_waiting_list(world: World) -> None:
    for name in ("Kari Nordmann", "Ola Nordmann"):
        sign_up(world.course, by=fresh(person_with_account(name)[1]))
    _per, user = person_with_account("Per Hansen")

    enrolment = sign_up(world.course, by=fresh(user))

    assert enrolment.status == EnrolmentStatus.WAITING
    assert ActivityLog.objects.filter(action="training.enrolment.waitlisted").count() == 1


def test_double_sign_up_is_refused(world: World) -> None:
    _kari, user = person_with_account("Kari Nordmann")
    sign_up(world.course, by=fresh(user))

    with pytest.raises(ValidationError) as caught:
        sign_up(world.course, by=fresh(user))

    assert caught.value.messages == ["Du er allerede påmeldt dette kurset."]
    assert world.course.enrolments.count() == 1


def test_sign_up_without_a_person_profile_is_refused(world: World) -> None:
    with pytest.raises(PermissionDenied):
        sign_up(world.course, by=fresh(world.organiser.member))


def test_sign_up_after_the_deadline_is_refused(world: World) -> None:
    _kari, user = person_with_account("Kari Nordmann")
    later = freeze_time(timezone.now() + datetime.timedelta(days=8))
    with later, pytest.raises(ValidationError) as caught:
        sign_up(world.course, by=fresh(user))
    assert "Fristen for påmelding gikk ut" in caught.value.messages[0]


def test_cancelling_moves_the_first_waiting_up_and_mails_them(world: World) -> None:
    users = [person_with_account(name)[1] for name in ("Kari A", "Ola B", "Per C", "Liv D")]
    enrolments = [sign_up(world.course, by=fresh(user)) for user in users]
    assert [e.status for e in enrolments[2:]] == [EnrolmentStatus.WAITING] * 2

    promoted = cancel_enrolment(enrolments[0], by=fresh(users[0]))

    assert promoted is not None and promoted.pk == enrolments[2].pk
    enrolments[2].refresh_from_db()
    enrolments[3].refresh_from_db()
    assert enrolments[2].status == EnrolmentStatus.ENROLLED
    assert enrolments[3].status == EnrolmentStatus.WAITING
    (message,) = mail.outbox
    assert message.to == ["per@example.org"]
    assert "Grunnkurs" in message.subject
    assert "du er nå påmeldt kurset «Grunnkurs»" in message.body
    actions = list(
        ActivityLog.objects.filter(action__startswith="training.enrolment.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["training.enrolment.cancelled", "training.enrolment.promoted"]


def test_cancelling_a_waiting_place_moves_no_one(world: World) -> None:
    users = [person_with_account(name)[1] for name in ("Kari A", "Ola B", "Per C")]
    enrolments = [sign_up(world.course, by=fresh(user)) for user in users]

    assert cancel_enrolment(enrolments[2], by=fresh(users[2])) is None
    assert mail.outbox == []


def test_cancelling_after_the_deadline_is_refused_with_a_clear_message(world: World) -> None:
    _kari, user = person_with_account("Kari Nordmann")
    enrolment = sign_up(world.course, by=fresh(user))

    later = freeze_time(timezone.now() + datetime.timedelta(days=8))
    with later, pytest.raises(ValidationError) as caught:
        cancel_enrolment(enrolment, by=fresh(user))

    day = world.course.signup_deadline.strftime("%d.%m.%Y")
    assert caught.value.messages == [
        f"Fristen for avmelding gikk ut {day}. Ta kontakt med Organisasjon A hvis du "
        "ikke kan delta."
    ]
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED


def test_only_the_person_cancels_their_place(world: World) -> None:
    _kari, user = person_with_account("Kari Nordmann")
    enrolment = sign_up(world.course, by=fresh(user))

    for other in (world.organiser.admin, world.organiser.member):
        with pytest.raises(PermissionDenied):
            cancel_enrolment(enrolment, by=fresh(other))


def test_signing_up_again_after_cancelling_goes_to_the_back(world: World) -> None:
    users = [person_with_account(name)[1] for name in ("Kari A", "Ola B", "Per C")]
    first = sign_up(world.course, by=fresh(users[0]))
    sign_up(world.course, by=fresh(users[1]))
    cancel_enrolment(first, by=fresh(users[0]))
    sign_up(world.course, by=fresh(users[2]))

    again = sign_up(world.course, by=fresh(users[0]))

    assert again.pk == first.pk
    assert again.status == EnrolmentStatus.WAITING


def test_no_sign_up_for_a_draft_or_cancelled_course(world: World) -> None:
    _kari, user = person_with_account("Kari Nordmann")
    for status in (CourseStatus.DRAFT, CourseStatus.CANCELLED):
        world.course.status = status
        world.course.save()
        with pytest.raises(PermissionDenied):
            sign_up(world.course, by=fresh(user))


def test_more_places_move_the_waiting_list_up(world: World) -> None:
    from medvirk.training.domain.courses import update_course

    users = [person_with_account(name)[1] for name in ("Kari A", "Ola B", "Per C", "Liv D")]
    enrolments = [sign_up(world.course, by=fresh(user)) for user in users]
    data = {
        "title": world.course.title,
        "description": world.course.description,
        "format": world.course.format,
        "capacity": 3,
        "signup_deadline": world.course.signup_deadline,
        "catalogue_course": None,
    }

    update_course(world.course, by=fresh(world.organiser.admin), data=data)

    statuses = [Enrolment.objects.get(pk=e.pk).status for e in enrolments]
    assert statuses == [EnrolmentStatus.ENROLLED] * 3 + [EnrolmentStatus.WAITING]
    assert [m.to for m in mail.outbox] == [["per@example.org"]]


def test_organiser_takes_someone_off_after_the_deadline(world: World) -> None:
    from medvirk.training.domain.enrolments import remove_participant

    users = [person_with_account(name)[1] for name in ("Kari A", "Ola B", "Per C")]
    enrolments = [sign_up(world.course, by=fresh(user)) for user in users]

    for other in (users[0], world.organiser.member):
        with pytest.raises(PermissionDenied):
            remove_participant(enrolments[0], by=fresh(other))
    later = freeze_time(timezone.now() + datetime.timedelta(days=8))
    with later:
        promoted = remove_participant(enrolments[0], by=fresh(world.organiser.admin))

    assert promoted is not None and promoted.pk == enrolments[2].pk
    assert Enrolment.objects.get(pk=enrolments[0].pk).status == EnrolmentStatus.CANCELLED
    assert ActivityLog.objects.filter(action="training.enrolment.removed").count() == 1
    assert [m.to for m in mail.outbox] == [["per@example.org"]]
    with pytest.raises(ValidationError):  # the stale object passes the rule, not the lock
        remove_participant(enrolments[0], by=fresh(world.organiser.admin))
