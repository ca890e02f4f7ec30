"""Every read the course pages need, starting from who may see what."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from medvirk.accounts.rules import is_platform_admin, secretariat_or_admin_organisation_ids
from medvirk.directory.models import Organisation
from medvirk.people.models import Person
from medvirk.training.enums import ACTIVE, EnrolmentStatus
from medvirk.training.models import Course, Enrolment, Session


def _with_counts(courses: QuerySet[Course]) -> QuerySet[Course]:
    return courses.annotate(
        enrolled=Count(
            "enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED), distinct=True
        ),
        waiting=Count(
            "enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING), distinct=True
        ),
        first_date=Min("sessions__date"),
    )


def _places(courses: Iterable[Course]) -> list[Course]:
    """Set ``places_left`` on annotated courses."""
    rows = list(courses)
    for row in rows:
        row.places_left = max(row.capacity - row.enrolled, 0)  # type: ignore[attr-defined]
    return rows


def public_courses() -> list[Course]:
    """Published courses whose sign-up is still open, soonest deadline first."""
    today = timezone.localdate()
    return _places(
        _with_counts(Course.objects.visible().filter(signup_deadline__gte=today))
        .select_related("organiser")
        .order_by("signup_deadline", "pk")
    )


def organised_courses(user: Any) -> list[Course]:
    """Every course (any status) of the organisations where the user is admin or
    secretariat; all courses for the platform admin."""
    courses = Course.objects.all()
    if not is_platform_admin(user):
        courses = courses.filter(organiser_id__in=secretariat_or_admin_organisation_ids(user))
    return _places(
        _with_counts(courses).select_related("organiser").order_by("-signup_deadline", "-pk")
    )


def organiser_choices(user: Any) -> list[Organisation]:
    """Organisations the user may create a course for (the platform admin: none here; it
    creates through an organisation's page as its admin would)."""
    ids = secretariat_or_admin_organisation_ids(user)
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def course_detail(pk: int) -> Course | None:
    found = (
        _with_counts(Course.objects.filter(pk=pk))
        .select_related("organiser", "catalogue_course")
        .prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("date", "starts_at"))
        )
        .first()
    )
    return _places([found])[0] if found is not None else None


def person_of(user: Any) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user_id=user.pk).first()


def own_enrolment(course: Course, person: Person | None) -> Enrolment | None:
    if person is None:
        return None
    return Enrolment.objects.filter(course=course, person=person).first()


def waiting_position(enrolment: Enrolment) -> int:
    """1 for the first in the waiting list."""
    return (
        Enrolment.objects.filter(
            course_id=enrolment.course_id,
            status=EnrolmentStatus.WAITING,
        )
        .filter(
            Q(signed_up_at__lt=enrolment.signed_up_at)
            | Q(signed_up_at=enrolment.signed_up_at, pk__lt=enrolment.pk)
        )
        .count()
        + 1
    )


def participants(course: Course) -> list[Enrolment]:
    """Everyone signed up or waiting, with the sessions they attended (two queries)."""
    return list(
        course.enrolments.filter(status__in=ACTIVE)
        .select_related("person")
        .prefetch_related("presences")
        .order_by("status", "signed_up_at", "pk")
    )


def my_enrolments(person: Person) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(person=person)
        .select_related("course__organiser")
        .annotate(first_date=Min("course__sessions__date"))
        .order_by("-signed_up_at", "-pk")
    )


def session_detail(pk: int) -> Session | None:
    return Session.objects.filter(pk=pk).select_related("course__organiser").first()


def attendance_rows(session: Session) -> list[tuple[Enrolment, bool]]:
    present = set(session.presences.values_list("enrolment_id", flat=True))
    rows = (
        session.course.enrolments.filter(status=EnrolmentStatus.ENROLLED)
        .select_related("person")
        .order_by("person__name", "pk")
    )
    return [(row, row.pk in present) for row in rows]
