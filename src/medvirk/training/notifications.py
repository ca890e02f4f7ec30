"""Courses' mails, one function per message, queued through the outbox in the
recipient's language; templates under ``mail/training/<name>/``. None of them names
accommodation needs."""

from __future__ import annotations

from django.conf import settings

from medvirk.notifications.domain.outbox import queue_mail_to_person
from medvirk.training.models import Enrolment, Session

PROMOTED = "training/promoted"
SESSION_REMINDER = "training/session_reminder"
COURSE_CANCELLED = "training/course_cancelled"


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_promoted(enrolment: Enrolment) -> bool:
    """A place became free: the first on the waiting list now has it."""
    course = enrolment.course
    return queue_mail_to_person(
        PROMOTED,
        enrolment.person,
        {
            "course_title": course.title,
            "organiser": course.organiser.name,
            "deadline": course.signup_deadline,
            "url": _url(course.get_absolute_url()),
        },
    )


def send_session_reminder(session: Session, enrolment: Enrolment) -> bool:
    course = session.course
    return queue_mail_to_person(
        SESSION_REMINDER,
        enrolment.person,
        {
            "course_title": course.title,
            "organiser": course.organiser.name,
            "date": session.date,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "place": session.place,
            "accessibility": session.accessibility,
            "url": _url(course.get_absolute_url()),
        },
    )


def send_course_cancelled(enrolment: Enrolment) -> bool:
    course = enrolment.course
    return queue_mail_to_person(
        COURSE_CANCELLED,
        enrolment.person,
        {
            "course_title": course.title,
            "organiser": course.organiser.name,
            "reason": course.cancel_reason,
            "url": _url(course.get_absolute_url()),
        },
    )
