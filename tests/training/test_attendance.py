"""Attendance per session, the training record it creates, the certificate (the attendee
only, never someone who did not attend), and the reminders before each session."""

from __future__ import annotations

import datetime
import subprocess

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from medvirk.common.models import ActivityLog
from medvirk.ops.domain import run_job
from medvirk.people.models import TrainingRecord
from medvirk.training.domain.attendance import certificate, record_attendance
from medvirk.training.enums import EnrolmentStatus
from medvirk.training.models import Enrolment
from tests.clock import freeze_time
from tests.factories.people import CourseFactory
from tests.factories.training import EnrolmentFactory
from tests.meetings.attendance_helpers import fresh
from tests.training.conftest import World, person_with_account


def _after_course(world: World) -> freeze_time:  # type: ignore[valid-type]
    last = world.sessions[-1].date
    return freeze_time(datetime.datetime.combine(last, datetime.time(18)))


@pytest.fixture
def two(world: World) -> tuple[Enrolment, Enrolment, object, object]:
    kari, kari_user = person_with_account("Kari Nordmann")
    ola, ola_user = person_with_account("Ola Nordmann")
    return (
        EnrolmentFactory(course=world.course, person=kari),
        EnrolmentFactory(course=world.course, person=ola),
        kari_user,
        ola_user,
    )


def test_attending_every_session_creates_the_training_record(world: World, two: tuple) -> None:
    kari, ola, _ku, _ou = two
    catalogue = CourseFactory(name_nb="Grunnkurs for brukerrepresentanter")
    world.course.catalogue_course = catalogue
    world.course.save()
    admin = fresh(world.organiser.admin)

    with _after_course(world):
        first = record_attendance(world.sessions[0], by=admin, present=[kari.pk, ola.pk])
        second = record_attendance(world.sessions[1], by=admin, present=[kari.pk])

    assert (first, second) == ([], [kari])
    kari.refresh_from_db()
    record = kari.training_record
    assert record is not None
    assert (record.person_id, record.course, record.provider, record.completed_on) == (
        kari.person_id,
        catalogue,
        "Organisasjon A",
        world.sessions[1].date,
    )
    assert not TrainingRecord.objects.filter(person=ola.person).exists()
    assert ActivityLog.objects.filter(action="training.attendance.recorded").count() == 2
    assert ActivityLog.objects.get(action="training.enrolment.completed").object_id == str(
        kari.person_id
    )


def test_without_a_catalogue_course_the_record_names_the_title(world: World, two: tuple) -> None:
    kari, _ola, _ku, _ou = two
    with _after_course(world):
        for session in world.sessions:
            record_attendance(session, by=fresh(world.organiser.admin), present=[kari.pk])
    kari.refresh_from_db()
    assert (kari.training_record.course, kari.training_record.course_name) == (None, "Grunnkurs")


def test_correcting_attendance_removes_the_record_again(world: World, two: tuple) -> None:
    kari, _ola, _ku, _ou = two
    admin = fresh(world.organiser.admin)
    with _after_course(world):
        for session in world.sessions:
            record_attendance(session, by=admin, present=[kari.pk])
        record_attendance(world.sessions[0], by=admin, present=[])
    kari.refresh_from_db()
    assert kari.training_record is None
    assert TrainingRecord.objects.count() == 0
    assert ActivityLog.objects.filter(action="training.enrolment.uncompleted").count() == 1


def test_attendance_not_before_the_session_day(world: World, two: tuple) -> None:
    kari, *_rest = two
    with pytest.raises(ValidationError):
        record_attendance(world.sessions[0], by=fresh(world.organiser.admin), present=[kari.pk])


def test_attendance_only_for_people_with_a_place(world: World, two: tuple) -> None:
    _kari, ola, *_rest = two
    ola.status = EnrolmentStatus.WAITING
    ola.save()
    with _after_course(world), pytest.raises(ValidationError) as caught:
        record_attendance(world.sessions[0], by=fresh(world.organiser.admin), present=[ola.pk])
    assert "present" in caught.value.message_dict


@pytest.mark.parametrize("persona", ["member_a", "admin_b", "secretariat", "kari"])
def test_attendance_is_the_organisers(world: World, two: tuple, persona: str, request) -> None:
    kari, _ola, kari_user, _ou = two
    users = {
        "member_a": world.organiser.member,
        "admin_b": request.getfixturevalue("org_b").admin,
        "secretariat": request.getfixturevalue("secretariat"),
        "kari": kari_user,
    }
    with _after_course(world), pytest.raises(PermissionDenied):
        record_attendance(world.sessions[0], by=fresh(users[persona]), present=[kari.pk])


def _pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_certificate_for_the_attendee_only(world: World, two: tuple) -> None:
    kari, ola, kari_user, ola_user = two
    with _after_course(world):
        for session in world.sessions:
            record_attendance(session, by=fresh(world.organiser.admin), present=[kari.pk])
    kari.refresh_from_db()
    ola.refresh_from_db()

    made = certificate(kari, by=fresh(kari_user))

    text = _pdf_text(made.pdf)
    assert "Kursbevis" in text
    assert "Kari Nordmann har gjennomført kurset «Grunnkurs» hos Organisasjon A" in " ".join(
        text.split()
    )
    info = subprocess.run(["pdfinfo", "-"], input=made.pdf, capture_output=True).stdout.decode()
    assert "Tagged:          yes" in info
    assert ActivityLog.objects.filter(action="training.certificate.downloaded").count() == 1
    # Never for someone who did not attend, nor for anyone but the attendee.
    with pytest.raises(PermissionDenied):
        certificate(ola, by=fresh(ola_user))
    for other in (ola_user, world.organiser.admin):
        with pytest.raises(PermissionDenied):
            certificate(kari, by=fresh(other))


def test_certificate_page_refuses_a_non_attendee(world: World, two: tuple) -> None:
    kari, ola, kari_user, ola_user = two
    with _after_course(world):
        for session in world.sessions:
            record_attendance(session, by=fresh(world.organiser.admin), present=[kari.pk])
    client = Client()
    client.force_login(ola_user)
    assert client.get(reverse("training:certificate", args=[ola.pk])).status_code == 404
    assert client.get(reverse("training:certificate", args=[kari.pk])).status_code == 404
    client.force_login(kari_user)
    response = client.get(reverse("training:certificate", args=[kari.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_reminders_the_day_before_each_session_once(world: World, two: tuple) -> None:
    _kari, ola, *_rest = two
    ola.status = EnrolmentStatus.WAITING
    ola.save()
    day_before = world.sessions[0].date - datetime.timedelta(days=1)
    with freeze_time(datetime.datetime.combine(day_before, datetime.time(8))):
        run_job("training.session_reminders", now=timezone.now())
        run_job("training.session_reminders", now=timezone.now())

    (message,) = mail.outbox
    assert message.to == ["kari@example.org"]
    assert "Påminnelse: «Grunnkurs»" in message.subject
    assert "Frivillighetshuset, Storgata 1" in message.body
    world.sessions[0].refresh_from_db()
    world.sessions[1].refresh_from_db()
    assert world.sessions[0].reminded_at is not None
    assert world.sessions[1].reminded_at is None
    assert ActivityLog.objects.get(action="training.session.reminded").data == {
        "session": world.sessions[0].pk,
        "told": 1,
    }
