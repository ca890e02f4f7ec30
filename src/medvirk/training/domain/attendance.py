"""Attendance per session, the training record it leads to, the certificate, and the
reminders before each session.

Completing a course means being present at every one of its sessions. When the
organiser's attendance makes that true, the person gets a ``people.TrainingRecord``
(the course from the catalogue if the course names one, else its title; the organiser
as provider; the last session's date), which is how training shows in matching, the
involvement log and the annual report. If a correction makes it untrue again, the
record this course created is removed. Only the attendee may download the certificate,
and only while the record stands.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.people.models import TrainingRecord
from medvirk.training import notifications
from medvirk.training.enums import VISIBLE, EnrolmentStatus
from medvirk.training.models import Course, Enrolment, Presence, Session

if TYPE_CHECKING:
    from medvirk.accounts.models import User

ATTENDANCE_RECORDED = register_action(
    "training.attendance.recorded", gettext_lazy("Registrerte oppmøte på en kurssamling")
)
COMPLETED = register_action(
    "training.enrolment.completed", gettext_lazy("Fullførte et kurs (kursbevis registrert)")
)
UNCOMPLETED = register_action(
    "training.enrolment.uncompleted",
    gettext_lazy("Kursbevis trukket tilbake etter rettet oppmøte"),
)
CERTIFICATE_DOWNLOADED = register_action(
    "training.certificate.downloaded", gettext_lazy("Lastet ned kursbevis")
)
REMINDED = register_action(
    "training.session.reminded", gettext_lazy("Sendte påminnelse om en kurssamling")
)

CERTIFICATE_TEMPLATE = "training/pdf/certificate.html"
# Reminders go out from the day before a session (and on the day, if the job was late).
REMIND_DAYS_BEFORE = 1


@transaction.atomic
def record_attendance(session: Session, *, by: User, present: Iterable[int]) -> list[Enrolment]:
    """Set who was present at the session (``present``: enrolment ids; the others with a
    place were absent). Returns the enrolments that completed the course now."""
    course = session.course
    if not rules.has_perm("training.record_attendance", by, course):
        raise PermissionDenied
    if session.date > timezone.localdate():
        raise ValidationError(_("Oppmøte kan registreres fra samlingens dato."))
    enrolled = {
        row.pk: row
        for row in course.enrolments.select_for_update()
        .filter(status=EnrolmentStatus.ENROLLED)
        .select_related("person")
    }
    wanted = {int(pk) for pk in present}
    unknown = wanted - set(enrolled)
    if unknown:
        raise ValidationError({"present": [_("Bare påmeldte kan registreres som til stede.")]})
    before = set(session.presences.values_list("enrolment_id", flat=True))
    session.presences.filter(enrolment_id__in=before - wanted).delete()
    Presence.objects.bulk_create(
        [Presence(session=session, enrolment_id=pk) for pk in sorted(wanted - before)]
    )
    log_activity(
        action=ATTENDANCE_RECORDED,
        actor=by,
        obj=course,
        organisation=course.organiser,
        data={"session": session.pk, "present": len(wanted)},
    )
    completed = []
    for enrolment in enrolled.values():
        if _settle_record(course, enrolment, by=by):
            completed.append(enrolment)
    return completed


def _settle_record(course: Course, enrolment: Enrolment, *, by: User) -> bool:
    """Create or remove the enrolment's training record to match its attendance; True if
    it was created now."""
    sessions = list(course.sessions.values_list("pk", "date"))
    attended = set(enrolment.presences.values_list("session_id", flat=True))
    complete = bool(sessions) and {pk for pk, _date in sessions} <= attended
    if complete and enrolment.training_record_id is None:
        record = TrainingRecord.objects.create(
            person=enrolment.person,
            course=course.catalogue_course,
            course_name="" if course.catalogue_course_id else course.title[:200],
            provider=course.organiser.name[:200],
            completed_on=max(date for _pk, date in sessions),
        )
        enrolment.training_record = record
        enrolment.save(update_fields=["training_record"])
        log_activity(
            action=COMPLETED,
            actor=by,
            obj=enrolment.person,
            organisation=course.organiser,
            data={"course": course.pk, "record": record.pk},
        )
        return True
    if not complete and enrolment.training_record_id is not None:
        TrainingRecord.objects.filter(pk=enrolment.training_record_id).delete()
        enrolment.training_record = None
        log_activity(
            action=UNCOMPLETED,
            actor=by,
            obj=enrolment.person,
            organisation=course.organiser,
            data={"course": course.pk},
        )
    return False


@dataclass(frozen=True)
class Certificate:
    pdf: bytes
    filename: str


def render_certificate_html(enrolment: Enrolment) -> str:
    course = enrolment.course
    return render_to_string(
        CERTIFICATE_TEMPLATE,
        {
            "enrolment": enrolment,
            "person": enrolment.person,
            "course": course,
            "sessions": list(course.sessions.all()),
            "record": enrolment.training_record,
            "language": translation.get_language() or "nb",
        },
    )


def render_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1) with the document language and title from the HTML."""
    import weasyprint  # imported late: it loads Pango, which only PDFs need

    return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]


def certificate(enrolment: Enrolment, *, by: User) -> Certificate:
    """The course certificate (kursbevis) as a tagged PDF, for the attendee only and only
    once they attended every session. Each download is logged."""
    if not rules.has_perm("training.download_certificate", by, enrolment):
        raise PermissionDenied
    pdf = render_pdf(render_certificate_html(enrolment))
    with transaction.atomic():
        log_activity(
            action=CERTIFICATE_DOWNLOADED,
            actor=by,
            obj=enrolment.person,
            organisation=enrolment.course.organiser,
            data={"course": enrolment.course_id},
        )
    return Certificate(pdf=pdf, filename=f"kursbevis-{enrolment.course_id}.pdf")


# --- Reminders (periodic.py) ------------------------------------------------------------


def due_reminders(now: datetime.datetime) -> QuerySet[Session]:
    """Sessions of published courses from today up to ``REMIND_DAYS_BEFORE`` days ahead
    that have not been reminded of."""
    today = timezone.localdate(now)
    return Session.objects.filter(
        reminded_at__isnull=True,
        date__gte=today,
        date__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
        course_id__in=Course.objects.filter(status__in=VISIBLE).values("pk"),
    )


def remind_session(session: Session, now: datetime.datetime) -> int:
    """Mail everyone with a place on the session's course; returns how many were told."""
    course = session.course
    told = 0
    for enrolment in course.enrolments.filter(status=EnrolmentStatus.ENROLLED).select_related(
        "person"
    ):
        told += notifications.send_session_reminder(session, enrolment)
    log_activity(
        action=REMINDED,
        actor=None,
        obj=course,
        organisation=course.organiser,
        data={"session": session.pk, "told": told},
    )
    return told
