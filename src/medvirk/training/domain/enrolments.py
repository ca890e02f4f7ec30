"""Signing up for a course, the waiting list, cancelling, the per-course consent to
share accommodation needs with the organiser, and the organiser's reading of them.

A course has ``capacity`` places. Signing up takes a place while one is free, otherwise
a place in the waiting list (first come, first served by ``signed_up_at``). Cancelling a
place moves the first in the waiting list up and tells them by mail. Both are open until
the end of the course's ``signup_deadline`` day; after it the organiser must be
contacted. The course row is locked while places are counted, so two people cannot
take the last place at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.dates import format_date
from medvirk.people.domain.accommodation import AS_ORGANISER, record_reads
from medvirk.people.models import Accommodation, Person
from medvirk.training import notifications
from medvirk.training.enums import ACTIVE, EnrolmentStatus
from medvirk.training.models import Course, Enrolment

if TYPE_CHECKING:
    from medvirk.accounts.models import User

SIGNED_UP = register_action("training.enrolment.signed_up", gettext_lazy("Meldte seg på et kurs"))
WAITLISTED = register_action(
    "training.enrolment.waitlisted", gettext_lazy("Satte seg på ventelisten til et kurs")
)
CANCELLED = register_action("training.enrolment.cancelled", gettext_lazy("Meldte seg av et kurs"))
PROMOTED = register_action(
    "training.enrolment.promoted", gettext_lazy("Fikk plass på et kurs fra ventelisten")
)
REMOVED = register_action(
    "training.enrolment.removed", gettext_lazy("Meldte en deltaker av et kurs")
)
SHARING_CHANGED = register_action(
    "training.enrolment.sharing_changed",
    gettext_lazy("Endret samtykke til å dele tilrettelegging med kursarrangøren"),
)
ACCOMMODATIONS_VIEWED = register_action(
    "training.accommodation.viewed",
    gettext_lazy("Leste behov for tilrettelegging til et kurs"),
)


def deadline_passed(course: Course) -> bool:
    return timezone.localdate() > course.signup_deadline


def _deadline_error(course: Course, what: str) -> ValidationError:
    day = format_date(course.signup_deadline, "SHORT_DATE_FORMAT")
    if what == "sign_up":
        message = _(
            "Fristen for påmelding gikk ut %(day)s. Ta kontakt med %(organiser)s hvis du "
            "likevel vil delta."
        )
    else:
        message = _(
            "Fristen for avmelding gikk ut %(day)s. Ta kontakt med %(organiser)s hvis du "
            "ikke kan delta."
        )
    return ValidationError(message % {"day": day, "organiser": course.organiser.name})


def enrolled_count(course: Course) -> int:
    return course.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()


@transaction.atomic
def sign_up(course: Course, *, by: User, share_accommodation: bool = False) -> Enrolment:
    """Sign the user's person up: a place if one is free, else the waiting list."""
    if not rules.has_perm("training.sign_up", by, course):
        raise PermissionDenied
    course = Course.objects.select_for_update().select_related("organiser").get(pk=course.pk)
    if deadline_passed(course):
        raise _deadline_error(course, "sign_up")
    person = Person.objects.get(user_id=by.pk)
    existing = Enrolment.objects.filter(course=course, person=person).first()
    if existing is not None and existing.status in ACTIVE:
        raise ValidationError(
            _("Du står allerede på ventelisten til dette kurset.")
            if existing.status == EnrolmentStatus.WAITING
            else _("Du er allerede påmeldt dette kurset.")
        )
    full = enrolled_count(course) >= course.capacity
    enrolment = existing or Enrolment(course=course, person=person)
    enrolment.status = EnrolmentStatus.WAITING if full else EnrolmentStatus.ENROLLED
    enrolment.signed_up_at = timezone.now()
    enrolment.cancelled_at = None
    enrolment.promoted_at = None
    enrolment.share_accommodation = bool(share_accommodation)
    enrolment.save()
    log_activity(
        action=WAITLISTED if full else SIGNED_UP,
        actor=by,
        obj=course,
        organisation=course.organiser,
        data={"enrolment": enrolment.pk, "person": person.pk},
    )
    return enrolment


def _promote_first_waiting(course: Course, *, by: User) -> Enrolment | None:
    first = (
        course.enrolments.select_for_update()
        .filter(status=EnrolmentStatus.WAITING)
        .order_by("signed_up_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = EnrolmentStatus.ENROLLED
    first.promoted_at = timezone.now()
    first.save(update_fields=["status", "promoted_at"])
    first.course = course
    notifications.send_promoted(first)
    log_activity(
        action=PROMOTED,
        actor=by,
        obj=course,
        organisation=course.organiser,
        data={"enrolment": first.pk, "person": first.person_id},
    )
    return first


def fill_free_places(course: Course, *, by: User) -> list[Enrolment]:
    """Move people up from the waiting list, first come first served, while places are
    free (after a cancellation, or when the organiser adds places). Call it with the
    course row locked."""
    moved: list[Enrolment] = []
    free = course.capacity - enrolled_count(course)
    while free > 0:
        promoted = _promote_first_waiting(course, by=by)
        if promoted is None:
            break
        moved.append(promoted)
        free -= 1
    return moved


@transaction.atomic
def cancel_enrolment(enrolment: Enrolment, *, by: User) -> Enrolment | None:
    """Cancel a place or a place in the waiting list before the deadline. Returns the
    enrolment moved up from the waiting list, if any."""
    if not rules.has_perm("training.cancel_enrolment", by, enrolment):
        raise PermissionDenied
    return _take_off(
        enrolment,
        by=by,
        action=CANCELLED,
        refusal=_("Du er allerede meldt av dette kurset."),
        check_deadline=True,
    )


@transaction.atomic
def remove_participant(enrolment: Enrolment, *, by: User) -> Enrolment | None:
    """The organiser takes someone off the course or its waiting list, at any time (after
    the deadline people are told to contact the organiser). A freed place moves the
    waiting list up while sessions remain. Returns the enrolment moved up, if any."""
    if not rules.has_perm("training.remove_participant", by, enrolment):
        raise PermissionDenied
    return _take_off(
        enrolment,
        by=by,
        action=REMOVED,
        refusal=_("Personen er allerede meldt av kurset."),
        check_deadline=False,
    )


def _take_off(
    enrolment: Enrolment, *, by: User, action: str, refusal: str, check_deadline: bool
) -> Enrolment | None:
    """Cancel an active enrolment under the course's lock, log ``action``, and give a
    freed place to the waiting list while sessions remain (the callers check permission
    and run in a transaction)."""
    course = (
        Course.objects.select_for_update().select_related("organiser").get(pk=enrolment.course_id)
    )
    if check_deadline and deadline_passed(course):
        raise _deadline_error(course, "cancel")
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status not in ACTIVE:
        raise ValidationError(refusal)
    had_place = enrolment.status == EnrolmentStatus.ENROLLED
    enrolment.status = EnrolmentStatus.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.share_accommodation = False
    enrolment.save(update_fields=["status", "cancelled_at", "share_accommodation"])
    log_activity(
        action=action,
        actor=by,
        obj=course,
        organisation=course.organiser,
        data={"enrolment": enrolment.pk, "person": enrolment.person_id},
    )
    # A freed place goes to the waiting list: always before the deadline (a person's own
    # cancellation), after it only while the course has sessions ahead.
    if had_place and (
        check_deadline or course.sessions.filter(date__gte=timezone.localdate()).exists()
    ):
        moved = fill_free_places(course, by=by)
        return moved[0] if moved else None
    return None


@transaction.atomic
def set_accommodation_sharing(enrolment: Enrolment, *, by: User, share: bool) -> Enrolment:
    """The person's consent for this course's organiser to read their accommodation
    needs (given or withdrawn); the needs themselves stay in people.Accommodation."""
    if not rules.has_perm("training.change_sharing", by, enrolment):
        raise PermissionDenied
    enrolment.share_accommodation = bool(share)
    enrolment.save(update_fields=["share_accommodation"])
    log_activity(
        action=SHARING_CHANGED,
        actor=by,
        obj=enrolment.person,
        data={"course": enrolment.course_id, "share": enrolment.share_accommodation},
    )
    return enrolment


@transaction.atomic
def accommodation_summary(course: Course, *, by: User) -> list[tuple[Person, str]]:
    """Accommodation needs of the people with a place on the course who chose to share
    them with this course's organiser, while their consent stands (the Accommodation row
    exists). The organiser's admin and secretariat only, never the platform admin.

    Every read is logged, with the person ids but never the needs."""
    if not rules.has_perm("training.view_accommodations", by, course):
        raise PermissionDenied
    sharing = course.enrolments.filter(
        status=EnrolmentStatus.ENROLLED, share_accommodation=True
    ).values("person_id")
    rows = (
        Accommodation.objects.filter(person_id__in=sharing)
        .select_related("person")
        .order_by("person__name", "person_id")
    )
    summary = [(row.person, row.needs) for row in rows]
    log_activity(
        action=ACCOMMODATIONS_VIEWED,
        actor=by,
        obj=course,
        organisation=course.organiser,
        data={"course": course.pk, "people": [person.pk for person, _needs in summary]},
    )
    # And on each person read, for the list of who read their needs.
    record_reads(
        [person for person, _needs in summary],
        by=by,
        organisation=course.organiser,
        about=course,
        reader_as=AS_ORGANISER,
    )
    return summary
