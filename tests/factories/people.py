from __future__ import annotations

import datetime

import factory

from medvirk.arenas.enums import ArenaKind, Influence, Level, MemberRole
from medvirk.arenas.models import Arena, Membership
from medvirk.people.enums import AffiliationKind, CompetenceCategory
from medvirk.people.models import Affiliation, CompetenceArea, Course, Person, TrainingRecord
from tests.factories import OrganisationFactory, ServiceFactory


class CompetenceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetenceArea
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"omrade-{n}")
    category = CompetenceCategory.SERVICE_AREA
    name_nb = factory.Sequence(lambda n: f"Område {n}")
    name_nn = factory.Sequence(lambda n: f"Område {n} (nn)")
    name_en = factory.Sequence(lambda n: f"Area {n}")


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"kurs-{n}")
    name_nb = factory.Sequence(lambda n: f"Kurs {n}")
    name_nn = factory.Sequence(lambda n: f"Kurs {n} (nn)")
    name_en = factory.Sequence(lambda n: f"Course {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Representant {n}")
    email = factory.Sequence(lambda n: f"representant{n}@example.org")
    capacity = 2


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    kind = AffiliationKind.POOL


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    person = factory.SubFactory(PersonFactory)
    course = factory.SubFactory(CourseFactory)
    completed_on = datetime.date(2024, 3, 1)


class ArenaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Arena

    owner = factory.SubFactory(ServiceFactory)
    kind = ArenaKind.BRUKERUTVALG
    name = factory.Sequence(lambda n: f"Brukerutvalg {n}")
    level = Level.SYSTEM
    influence = Influence.DIALOGUE
    term_years = 2


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    arena = factory.SubFactory(ArenaFactory)
    person = factory.SubFactory(PersonFactory)
    role = MemberRole.MEMBER
    starts_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=100))
    ends_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=600))
