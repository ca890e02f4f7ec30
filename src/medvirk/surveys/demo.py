"""An invented demo survey: Bergen kommune's secretariat asked about the home-care
service; published, about 30 answers (some free text approved, some waiting for
moderation), linked to the first demo arena with its summary public. Written directly
(the answers are in the past, which the domain would not allow)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.arenas.models import Arena
from medvirk.directory.enums import RegionKind
from medvirk.directory.models import Region
from medvirk.surveys.enums import Distribution, Moderation, QuestionKind, SurveyStatus
from medvirk.surveys.models import Answer, Option, Question, Response, Section, Survey

SECRETARIAT_EMAIL = "sekretariat@medvirk.test"
RESPONSES = 30
TEXTS = (
    "De som kommer er hyggelige og har god tid.",
    "Jeg vet aldri hvem som kommer, det skaper utrygghet.",
    "Besøkene er for korte til at jeg rekker å spørre om det jeg lurer på.",
    "Fint at de hjelper meg med medisinene.",
    "Ønsker bedre informasjon når tidspunktet endres.",
)


def load(seed: int = 2026) -> Survey | None:
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible
    secretariat = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    if secretariat is None:
        return None
    role = (
        secretariat.roles.filter(role=RoleKind.SECRETARIAT).select_related("organisation").first()
    )
    if role is None:
        return None
    service = role.organisation
    arena = Arena.objects.filter(owner=service).order_by("pk").first()
    today = timezone.localdate()
    survey = Survey.objects.create(
        organisation=service,
        arena=arena,
        title_nb="Hva synes du om hjemmetjenesten?",
        title_nn="Kva synest du om heimetenesta?",
        title_en="What do you think of the home-care service?",
        intro_nb="Bergen kommune vil gjerne vite hvordan du opplever hjemmetjenesten.",
        intro_en="Bergen municipality would like to know how you find the home-care service.",
        code="hjemmetjenesten",
        status=SurveyStatus.PUBLISHED,
        opens_on=today - datetime.timedelta(days=14),
        closes_on=today + datetime.timedelta(days=30),
        distribution=Distribution.LINK,
        results_public=True,
        min_group_size=5,
        published_at=timezone.now() - datetime.timedelta(days=14),
        created_by=secretariat,
    )
    first = Section.objects.create(
        survey=survey,
        position=1,
        title_nb="Om besøkene",
        title_nn="Om besøka",
        title_en="About the visits",
    )
    second = Section.objects.create(
        survey=survey,
        position=2,
        title_nb="Med egne ord",
        title_nn="Med eigne ord",
        title_en="In your own words",
    )
    often = Question.objects.create(
        survey=survey,
        section=first,
        position=1,
        kind=QuestionKind.SINGLE,
        required=True,
        text_nb="Hvor ofte får du besøk?",
        text_nn="Kor ofte får du besøk?",
        text_en="How often are you visited?",
    )
    often_options = [
        Option.objects.create(question=often, position=i, label_nb=nb, label_nn=nn, label_en=en)
        for i, (nb, nn, en) in enumerate(
            (
                ("Hver dag", "Kvar dag", "Every day"),
                ("Hver uke", "Kvar veke", "Every week"),
                ("Sjeldnere", "Sjeldnare", "Less often"),
            ),
            1,
        )
    ]
    helps = Question.objects.create(
        survey=survey,
        section=first,
        position=2,
        kind=QuestionKind.MULTIPLE,
        text_nb="Hva får du hjelp til?",
        text_nn="Kva får du hjelp til?",
        text_en="What do you get help with?",
    )
    help_options = [
        Option.objects.create(question=helps, position=i, label_nb=nb, label_nn=nn, label_en=en)
        for i, (nb, nn, en) in enumerate(
            (
                ("Mat", "Mat", "Meals"),
                ("Medisiner", "Medisinar", "Medicines"),
                ("Personlig stell", "Personleg stell", "Personal care"),
            ),
            1,
        )
    ]
    scale = Question.objects.create(
        survey=survey,
        section=first,
        position=3,
        kind=QuestionKind.SCALE,
        required=True,
        text_nb="Hvor fornøyd er du med hjemmetjenesten?",
        text_nn="Kor nøgd er du med heimetenesta?",
        text_en="How satisfied are you with the home-care service?",
        low_label_nb="Svært misfornøyd",
        low_label_nn="Svært misnøgd",
        low_label_en="Very dissatisfied",
        high_label_nb="Svært fornøyd",
        high_label_nn="Svært nøgd",
        high_label_en="Very satisfied",
    )
    better = Question.objects.create(
        survey=survey,
        section=second,
        position=1,
        kind=QuestionKind.LONG_TEXT,
        text_nb="Hva kan bli bedre?",
        text_nn="Kva kan bli betre?",
        text_en="What could be better?",
    )
    kommuner = list(
        Region.objects.filter(
            kind=RegionKind.KOMMUNE, name__in=["Bergen", "Askøy", "Bjørnafjorden"]
        )
    )
    for index in range(RESPONSES):
        kommune = (
            kommuner[0]
            if kommuner and index % 3
            else (rng.choice(kommuner) if kommuner and index % 2 else None)
        )
        response = Response.objects.create(
            survey=survey,
            language=rng.choice(("nb", "nb", "nn", "en")),
            kommune=kommune,
            submitted_at=timezone.now() - datetime.timedelta(days=rng.randrange(1, 14)),
        )
        Answer.objects.create(response=response, question=often, option=rng.choice(often_options))
        for option in rng.sample(help_options, rng.randint(1, 2)):
            Answer.objects.create(response=response, question=helps, option=option)
        Answer.objects.create(response=response, question=scale, number=rng.choice((2, 3, 4, 4, 5)))
        if index % 3 == 0:
            Answer.objects.create(
                response=response,
                question=better,
                text=TEXTS[index % len(TEXTS)],
                moderation=Moderation.APPROVED if index % 2 == 0 else Moderation.PENDING,
            )
    return survey
