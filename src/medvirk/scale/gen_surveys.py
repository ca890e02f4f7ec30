"""Surveys for the scale data set: a few per organisation of the org_admin persona and
the secretariat persona's service. The service's first survey is the big one: 10
questions, ~5,000 responses at scale 1.0 (at least 20), linked to one of its arenas,
its summary public; the others are a draft, a closed one and a personal-link one."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from medvirk.surveys.enums import Distribution, Moderation, QuestionKind, SurveyStatus
from medvirk.surveys.models import (
    Answer,
    Invitation,
    Option,
    Question,
    Response,
    Section,
    Survey,
)

if TYPE_CHECKING:
    from medvirk.scale.gen_arenas import ArenaPlan
    from medvirk.scale.gen_plan import Ctx
    from medvirk.scale.gen_records import Org

BIG_RESPONSES = 5000
OPTIONS = ("Svært godt", "Godt", "Verken eller", "Dårlig")
HELP = ("Mat", "Medisiner", "Personlig stell", "Praktisk hjelp", "Transport")
TEXTS = (
    "Personalet har god tid og er vennlige.",
    "Det kommer nye folk hele tiden, det er slitsomt.",
    "Jeg skulle ønske besøket kom til fast tid.",
    "Maten er god, men kommer for sent.",
)


class Tables:
    def __init__(self, ctx: Ctx) -> None:
        w = ctx.w
        self.survey = w.table(
            Survey,
            (
                "id",
                "organisation_id",
                "arena_id",
                "title_nb",
                "intro_nb",
                "code",
                "status",
                "opens_on",
                "closes_on",
                "distribution",
                "ask_kommune",
                "min_group_size",
                "results_public",
                "published_at",
                "created_at",
                "updated_at",
            ),
        )
        self.section = w.table(Section, ("id", "survey_id", "position", "title_nb"))
        self.question = w.table(
            Question,
            (
                "id",
                "survey_id",
                "section_id",
                "position",
                "kind",
                "text_nb",
                "low_label_nb",
                "high_label_nb",
                "required",
            ),
        )
        self.option = w.table(Option, ("id", "question_id", "position", "label_nb"))
        self.invitation = w.table(
            Invitation, ("id", "survey_id", "email", "token_hash", "sent_at", "used_on")
        )
        self.response = w.table(
            Response, ("id", "survey_id", "submitted_at", "language", "kommune_id")
        )
        self.answer = w.table(
            Answer,
            ("id", "response_id", "question_id", "option_id", "number", "text", "moderation"),
        )


def generate_surveys(ctx: Ctx, arenas: list[ArenaPlan]) -> None:
    hub, big = ctx.hub, ctx.big_org
    assert hub is not None and big is not None
    t = Tables(ctx)
    hub_arena = next((arena for arena in arenas if arena.owner.id == hub.id), None)
    responses = max(20, round(BIG_RESPONSES * ctx.counts.scale))
    big_survey = _survey(
        ctx,
        t,
        hub,
        "Brukerundersøkelse om hjemmetjenesten",
        SurveyStatus.PUBLISHED,
        arena_id=hub_arena.id if hub_arena else None,
        responses=responses,
        public=True,
    )
    ctx.ids["big_survey"] = big_survey
    for org in (hub, big):
        for title, status, distribution, count in (
            ("Utkast: undersøkelse om dagsenteret", SurveyStatus.DRAFT, Distribution.LINK, 0),
            ("Undersøkelse om informasjon på nett", SurveyStatus.CLOSED, Distribution.LINK, 25),
            ("Undersøkelse blant medlemmene", SurveyStatus.PUBLISHED, Distribution.PERSONAL, 10),
        ):
            _survey(ctx, t, org, title, status, distribution=distribution, responses=count)
    ctx.w.flush()


def _survey(
    ctx: Ctx,
    t: Tables,
    org: Org,
    title: str,
    status: str,
    *,
    distribution: str = Distribution.LINK,
    arena_id: int | None = None,
    responses: int,
    public: bool = False,
) -> int:
    w, rng = ctx.w, ctx.rng
    survey_id = t.survey.take_id()
    opens = ctx.today - datetime.timedelta(days=40 if status == SurveyStatus.CLOSED else 10)
    closes = ctx.today + datetime.timedelta(days=-5 if status == SurveyStatus.CLOSED else 30)
    published = ctx.at(opens, 8) if status != SurveyStatus.DRAFT else None
    w.add(
        t.survey,
        (
            survey_id,
            org.id,
            arena_id,
            f"{title} ({org.name})"[:200],
            "Vi vil gjerne vite hva du mener.",
            f"s{survey_id:05d}{rng.randrange(10**6):06d}",
            status,
            opens,
            closes,
            distribution,
            True,
            5,
            public,
            published,
            ctx.at(opens, 7),
            ctx.at(opens, 8),
        ),
    )
    questions = _questions(ctx, t, survey_id)
    if distribution == Distribution.PERSONAL:
        for index in range(responses * 2):
            used = opens + datetime.timedelta(days=1) if index < responses else None
            w.add(
                t.invitation,
                (
                    t.invitation.take_id(),
                    survey_id,
                    f"medlem{index}@example.org",
                    f"{survey_id:08d}{index:056d}",
                    ctx.at(opens, 9),
                    used,
                ),
            )
    kommuner: list[int | None] = [row[0] for row in ctx.kommuner] or [None]
    # Answers crowd in a few kommuner, as in real life: most groups are big enough.
    popular = kommuner[: max(1, min(8, len(kommuner)))]
    span = max(1, (min(closes, ctx.today) - opens).days)
    for _ in range(responses):
        response_id = t.response.take_id()
        roll = rng.random()
        kommune = (
            rng.choice(popular) if roll < 0.8 else rng.choice(kommuner) if roll < 0.9 else None
        )
        day = opens + datetime.timedelta(days=rng.randrange(span))
        w.add(
            t.response,
            (
                response_id,
                survey_id,
                ctx.at(day, rng.randrange(8, 22)),
                rng.choice(("nb", "nb", "nb", "nn", "en")),
                kommune,
            ),
        )
        for question_id, kind, option_ids in questions:
            _answer(ctx, t, response_id, question_id, kind, option_ids)
    return survey_id


def _questions(ctx: Ctx, t: Tables, survey_id: int) -> list[tuple[int, str, list[int]]]:
    """Ten questions in two sections: 4 single, 2 multiple, 3 scales, 1 free text."""
    w = ctx.w
    plan = (
        [(QuestionKind.SINGLE, f"Hvordan opplever du tjenesten, del {n}?") for n in range(1, 5)]
        + [(QuestionKind.MULTIPLE, f"Hva får du hjelp til ({n})?") for n in range(1, 3)]
        + [(QuestionKind.SCALE, f"Hvor fornøyd er du, del {n}?") for n in range(1, 4)]
        + [(QuestionKind.LONG_TEXT, "Hva kan bli bedre?")]
    )
    sections = []
    for position, title in enumerate(("Om tjenesten", "Med egne ord"), 1):
        section_id = t.section.take_id()
        w.add(t.section, (section_id, survey_id, position, title))
        sections.append(section_id)
    questions = []
    for position, (kind, text) in enumerate(plan, 1):
        question_id = t.question.take_id()
        scale = kind == QuestionKind.SCALE
        w.add(
            t.question,
            (
                question_id,
                survey_id,
                sections[0 if position <= 9 else 1],
                position,
                kind,
                text,
                "Svært misfornøyd" if scale else "",
                "Svært fornøyd" if scale else "",
                kind == QuestionKind.SINGLE,
            ),
        )
        option_ids = []
        labels = (
            OPTIONS
            if kind == QuestionKind.SINGLE
            else HELP
            if kind == QuestionKind.MULTIPLE
            else ()
        )
        for index, label in enumerate(labels, 1):
            option_id = t.option.take_id()
            w.add(t.option, (option_id, question_id, index, label))
            option_ids.append(option_id)
        questions.append((question_id, str(kind), option_ids))
    return questions


_MODERATION_TURNS = (
    Moderation.APPROVED,
    Moderation.PENDING,
    Moderation.APPROVED,
    Moderation.HIDDEN,
)


def _answer(
    ctx: Ctx, t: Tables, response_id: int, question_id: int, kind: str, option_ids: list[int]
) -> None:
    w, rng = ctx.w, ctx.rng
    rows: list[tuple[Any, ...]] = []
    if kind == QuestionKind.SINGLE:
        rows.append((rng.choice(option_ids), None, "", ""))
    elif kind == QuestionKind.MULTIPLE:
        for option_id in rng.sample(option_ids, rng.randint(1, 2)):
            rows.append((option_id, None, "", ""))
    elif kind == QuestionKind.SCALE:
        if rng.random() < 0.95:
            rows.append((None, rng.choice((2, 3, 4, 4, 5, 5)), "", ""))
    elif response_id % 3 == 0:
        # A third of the responses write something, in every moderation state in turn, so
        # that every size of the data set has text waiting (the moderation page's work).
        moderation = _MODERATION_TURNS[(response_id // 3) % len(_MODERATION_TURNS)]
        rows.append((None, None, rng.choice(TEXTS), moderation))
    for option_id, number, text, moderation in rows:
        w.add(
            t.answer,
            (t.answer.take_id(), response_id, question_id, option_id, number, text, moderation),
        )
