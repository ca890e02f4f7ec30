"""A course's life: created as a draft by its organiser, sessions added, published,
perhaps cancelled (everyone signed up is told by mail)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.training import notifications
from medvirk.training.domain.enrolments import fill_free_places
from medvirk.training.enums import CourseStatus, EnrolmentStatus
from medvirk.training.models import Course, Session

if TYPE_CHECKING:
    from medvirk.accounts.models import User
    from medvirk.directory.models import Organisation

CREATED = register_action("training.course.created", gettext_lazy("Opprettet et kurs"))
CHANGED = register_action("training.course.changed", gettext_lazy("Endret et kurs"))
SESSION_ADDED = register_action("training.session.added", gettext_lazy("La til en kurssamling"))
SESSION_REMOVED = register_action(
    "training.session.removed", gettext_lazy("Fjernet en kurssamling")
)
PUBLISHED = register_action("training.course.published", gettext_lazy("Publiserte et kurs"))
CANCELLED = register_action("training.course.cancelled", gettext_lazy("Avlyste et kurs"))

COURSE_FIELDS = (
    "title",
    "description",
    "format",
    "capacity",
    "signup_deadline",
    "catalogue_course",
)
SESSION_FIELDS = ("date", "starts_at", "ends_at", "place", "accessibility")


def _apply(course: Course, data: Mapping[str, Any]) -> None:
    for name in COURSE_FIELDS:
        if name in data:
            value = data[name]
            setattr(course, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    if course.pk and course.capacity is not None:
        enrolled = course.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
        if course.capacity < enrolled:
            errors["capacity"] = [
                ngettext(
                    "%(count)s er allerede påmeldt; antall plasser kan ikke være lavere.",
                    "%(count)s er allerede påmeldt; antall plasser kan ikke være lavere.",
                    enrolled,
                )
                % {"count": enrolled}
            ]
    try:
        course.full_clean(exclude=["organiser", "status", *errors])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if not errors:
        first = course.sessions.order_by("date").first() if course.pk else None
        if first is not None and course.signup_deadline > first.date:
            errors["signup_deadline"] = [_("Fristen kan ikke være etter første samling.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_course(*, organiser: Organisation, by: User, data: Mapping[str, Any]) -> Course:
    if not rules.has_perm("training.add_course", by, organiser):
        raise PermissionDenied
    course = Course(organiser=organiser)
    _apply(course, data)
    course.save()
    log_activity(action=CREATED, actor=by, obj=course, organisation=organiser)
    return course


@transaction.atomic
def update_course(course: Course, *, by: User, data: Mapping[str, Any]) -> Course:
    if not rules.has_perm("training.change_course", by, course):
        raise PermissionDenied
    course = Course.objects.select_for_update().get(pk=course.pk)
    _apply(course, data)
    course.save()
    log_activity(action=CHANGED, actor=by, obj=course, organisation=course.organiser)
    if course.status == CourseStatus.PUBLISHED:
        # More places: the waiting list moves up (each one told by mail).
        fill_free_places(course, by=by)
    return course


@transaction.atomic
def add_session(course: Course, *, by: User, data: Mapping[str, Any]) -> Session:
    if not rules.has_perm("training.change_course", by, course):
        raise PermissionDenied
    session = Session(course=course)
    for name in SESSION_FIELDS:
        value = data.get(name)
        setattr(session, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        errors["ends_at"] = [_("Samlingen må slutte etter at den starter.")]
    if session.date and session.date < course.signup_deadline:
        errors["date"] = [_("Samlingen kan ikke være før fristen for påmelding.")]
    try:
        session.full_clean(exclude=["course", *errors])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    session.save()
    log_activity(
        action=SESSION_ADDED,
        actor=by,
        obj=course,
        organisation=course.organiser,
        data={"session": session.pk, "date": session.date.isoformat()},
    )
    return session


@transaction.atomic
def remove_session(session: Session, *, by: User) -> None:
    course = session.course
    if not rules.has_perm("training.change_course", by, course):
        raise PermissionDenied
    if session.presences.exists():
        raise ValidationError(_("Samlingen har registrert oppmøte og kan ikke fjernes."))
    if course.status == CourseStatus.PUBLISHED and course.sessions.count() == 1:
        raise ValidationError(_("Et publisert kurs må ha minst én samling."))
    data = {"session": session.pk, "date": session.date.isoformat()}
    session.delete()
    log_activity(
        action=SESSION_REMOVED, actor=by, obj=course, organisation=course.organiser, data=data
    )


@transaction.atomic
def publish_course(course: Course, *, by: User) -> Course:
    if not rules.has_perm("training.publish_course", by, course):
        raise PermissionDenied
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not course.sessions.exists():
        raise ValidationError(_("Legg til minst én samling før du publiserer kurset."))
    if course.signup_deadline < timezone.localdate():
        raise ValidationError(
            {"signup_deadline": [_("Fristen for påmelding har gått ut. Endre fristen først.")]}
        )
    course.status = CourseStatus.PUBLISHED
    course.published_at = timezone.now()
    course.save(update_fields=["status", "published_at"])
    log_activity(action=PUBLISHED, actor=by, obj=course, organisation=course.organiser)
    return course


@transaction.atomic
def cancel_course(course: Course, *, by: User, reason: str) -> Course:
    """Cancel a published course; everyone signed up or waiting is told by mail."""
    if not rules.has_perm("training.cancel_course", by, course):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Skriv hvorfor kurset avlyses.")]})
    if len(reason) > 1000:
        raise ValidationError({"reason": [_("Teksten kan være høyst 1000 tegn.")]})
    course = Course.objects.select_for_update().get(pk=course.pk)
    course.status = CourseStatus.CANCELLED
    course.cancelled_at = timezone.now()
    course.cancel_reason = reason
    course.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    told = 0
    for enrolment in course.enrolments.active().select_related("person"):
        told += notifications.send_course_cancelled(enrolment)
    log_activity(
        action=CANCELLED,
        actor=by,
        obj=course,
        organisation=course.organiser,
        data={"told": told},
    )
    return course
