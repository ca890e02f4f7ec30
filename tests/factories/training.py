from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from medvirk.training.enums import CourseFormat, CourseStatus, EnrolmentStatus
from medvirk.training.models import Course, Enrolment, Session
from tests.factories import OrganisationFactory
from tests.factories.people import PersonFactory


class TrainingCourseFactory(factory.django.DjangoModelFactory):
    """A published course whose sign-up closes in a week."""

    class Meta:
        model = Course

    organiser = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Grunnkurs {n}")
    description = "Et kurs for nye brukerrepresentanter."
    format = CourseFormat.IN_PERSON
    capacity = 10
    signup_deadline = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=7)
    )
    status = CourseStatus.PUBLISHED


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    course = factory.SubFactory(TrainingCourseFactory)
    date = factory.LazyAttribute(lambda o: o.course.signup_deadline + datetime.timedelta(days=3))
    starts_at = datetime.time(10, 0)
    ends_at = datetime.time(15, 0)
    place = "Frivillighetshuset, Storgata 1"
    accessibility = "Trinnfri adkomst og teleslynge."


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    course = factory.SubFactory(TrainingCourseFactory)
    person = factory.SubFactory(PersonFactory)
    status = EnrolmentStatus.ENROLLED
    signed_up_at = factory.LazyFunction(timezone.now)
