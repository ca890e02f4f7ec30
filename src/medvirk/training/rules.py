"""Who may do what with courses. A course resolves to its organiser (an organisation,
umbrella or service); the organiser's admin and secretariat run it. Everyone sees a
published course (VISIBLE); a draft or cancelled one only its organiser.

Health data (accommodation needs shared for a course) is for the organiser's people
only, never the platform admin. A certificate is for the attendee only.
"""

from __future__ import annotations

from typing import Any

import rules

from medvirk.accounts.rules import (
    is_org_secretariat_or_admin,
    is_person_of,
    is_platform_admin,
    secretariat_or_admin_organisation_ids,
)
from medvirk.training.enums import ACTIVE, VISIBLE, CourseStatus


def _course(obj: Any) -> Any:
    """The course of a course, a session or an enrolment."""
    return getattr(obj, "course", obj) if obj is not None else None


@rules.predicate
def course_visible(user: Any, obj: Any = None) -> bool:
    course = _course(obj)
    return course is not None and course.status in VISIBLE


@rules.predicate
def course_draft(user: Any, obj: Any = None) -> bool:
    course = _course(obj)
    return course is not None and course.status == CourseStatus.DRAFT


@rules.predicate
def course_open(user: Any, obj: Any = None) -> bool:
    """Not cancelled: a draft or a published course."""
    course = _course(obj)
    return course is not None and course.status != CourseStatus.CANCELLED


@rules.predicate
def has_person(user: Any, obj: Any = None) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_medvirk_has_person", None)
    if cached is None:
        from medvirk.people.models import Person

        cached = Person.objects.filter(user_id=user.pk).exists()
        user._medvirk_has_person = cached
    return bool(cached)


@rules.predicate
def enrolment_active(user: Any, enrolment: Any = None) -> bool:
    return enrolment is not None and enrolment.status in ACTIVE


@rules.predicate
def enrolment_completed(user: Any, enrolment: Any = None) -> bool:
    return enrolment is not None and enrolment.training_record_id is not None


@rules.predicate
def organises_somewhere(user: Any) -> bool:
    return bool(secretariat_or_admin_organisation_ids(user))


# The organiser's admin or secretariat (the object resolves to the organiser).
is_organiser = is_org_secretariat_or_admin
is_enrolled_person = is_person_of("person")

rules.add_perm("training.add_course", is_organiser | is_platform_admin)
rules.add_perm("training.view_organised", organises_somewhere | is_platform_admin)
rules.add_perm("training.view_course", course_visible | is_organiser | is_platform_admin)
rules.add_perm("training.change_course", (is_organiser | is_platform_admin) & course_open)
rules.add_perm("training.publish_course", (is_organiser | is_platform_admin) & course_draft)
rules.add_perm("training.cancel_course", (is_organiser | is_platform_admin) & course_visible)
rules.add_perm("training.view_participants", is_organiser | is_platform_admin)
rules.add_perm("training.record_attendance", (is_organiser | is_platform_admin) & course_visible)
rules.add_perm("training.sign_up", course_visible & has_person)
rules.add_perm("training.cancel_enrolment", is_enrolled_person & enrolment_active)
rules.add_perm("training.change_sharing", is_enrolled_person & enrolment_active)
# After the deadline people are told to contact the organiser, who may then take them off.
rules.add_perm("training.remove_participant", (is_organiser | is_platform_admin) & enrolment_active)
# Health data: the organiser's admin and secretariat, deliberately not the platform admin.
rules.add_perm("training.view_accommodations", is_organiser & course_visible)
# The attendee only, and only once they attended (a training record exists).
rules.add_perm("training.download_certificate", is_enrolled_person & enrolment_completed)
