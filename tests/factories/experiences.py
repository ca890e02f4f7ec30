"""Factories for experience calls, answers and themes (tests run on 2026-11-16)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from medvirk.experiences.enums import Audience, ExperienceStatus, RoughWhen
from medvirk.experiences.models import Experience, ExperienceCall, Theme
from tests.factories import OrganisationFactory


class ExperienceCallFactory(factory.django.DjangoModelFactory):
    """A published call, open from 1 November to 31 December 2026."""

    class Meta:
        model = ExperienceCall
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"k{n:05d}")
    title = factory.Sequence(lambda n: f"Erfaringer med transport til behandling {n}")
    description = "<p>Fortell oss om reisen til og fra behandling.</p>"
    target_group = "Pasienter og pårørende"
    opens_on = datetime.date(2026, 11, 1)
    closes_on = datetime.date(2026, 12, 31)
    audience = Audience.LINK
    allow_anonymous = True
    published_at = factory.LazyFunction(timezone.now)


class ExperienceFactory(factory.django.DjangoModelFactory):
    """A pending, anonymous answer without contact details."""

    class Meta:
        model = Experience

    call = factory.SubFactory(ExperienceCallFactory)
    status = ExperienceStatus.PENDING
    what_happened = "Drosjen kom ikke, og jeg rakk ikke timen på sykehuset."
    service = "Pasientreiser"
    when = RoughWhen.LAST_YEAR
    impact = "Jeg måtte vente tre uker på en ny time."
    would_have_helped = "En melding når drosjen var forsinket."
    language = "nb"


class ApprovedExperienceFactory(ExperienceFactory):
    status = ExperienceStatus.APPROVED
    shared_what_happened = "Drosjen kom ikke, og personen rakk ikke timen på sykehuset."
    shared_impact = "Ny time tre uker senere."
    shared_would_have_helped = "Melding om forsinkelse."
    moderated_at = factory.LazyFunction(timezone.now)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        skip_postgeneration_save = True

    call = factory.SubFactory(ExperienceCallFactory)
    organisation = factory.SelfAttribute("call.organisation")
    title = factory.Sequence(lambda n: f"Pasientreiser som ikke kommer {n}")
    summary = "Mange forteller om drosjer som ikke kommer til avtalt tid."
    min_size = 5
