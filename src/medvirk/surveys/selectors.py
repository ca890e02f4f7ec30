"""Every read the survey pages need, as named functions (the rules decide who calls
them; see views.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from medvirk.common.csv_export import whole_result
from medvirk.directory.enums import RegionKind
from medvirk.directory.models import Organisation, Region
from medvirk.meetings.domain.agenda import can_manage
from medvirk.meetings.domain.proposals import upcoming_meetings
from medvirk.meetings.models import Meeting
from medvirk.surveys.enums import Moderation, QuestionKind
from medvirk.surveys.models import Answer, Invitation, Option, Question, Response, Section, Survey


def surveys_for_organisation(organisation: Organisation) -> QuerySet[Survey]:
    """The organisation's surveys, newest first, with their number of responses."""
    return (
        Survey.objects.filter(organisation=organisation)
        .select_related("arena")
        .annotate(response_count=Count("responses"))
        .order_by("-created_at", "-pk")
    )


def survey_sections(survey: Survey) -> list[Section]:
    """The sections in order, each with its questions and their options (3 queries)."""
    return list(
        Section.objects.filter(survey=survey)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("position", "pk").prefetch_related(
                    Prefetch("options", queryset=Option.objects.order_by("position", "pk"))
                ),
            )
        )
    )


def questions_in_order(sections: list[Section]) -> list[Question]:
    return [question for section in sections for question in section.questions.all()]


def kommuner() -> QuerySet[Region]:
    return Region.objects.filter(kind=RegionKind.KOMMUNE).order_by("name", "pk")


def invitation_counts(survey: Survey) -> dict[str, int]:
    row = Invitation.objects.filter(survey=survey).aggregate(
        sent=Count("pk"), used=Count("pk", filter=Q(used_on__isnull=False))
    )
    return {"sent": row["sent"] or 0, "used": row["used"] or 0}


def response_count(survey: Survey) -> int:
    return Response.objects.filter(survey=survey).count()


def pending_text_count(survey: Survey) -> int:
    """Free-text answers waiting for moderation (from :func:`moderation_counts`)."""
    return moderation_counts(survey)[Moderation.PENDING]


@dataclass(frozen=True)
class Counts:
    """A survey's results as counted in the database (plain data, for the cache): see
    :func:`result_counts`."""

    total: int  # responses
    options: dict[tuple[int, int], int]  # (question, option) → answers
    scales: dict[tuple[int, int], int]  # (question, 1–5) → answers
    respondents: dict[int, int]  # question → responses that answered it
    by_kommune: list[tuple[int | None, str, int]]  # (kommune, its name, responses)
    scale_sums: dict[tuple[int, int | None], tuple[int, int]]  # (question, kommune) → n, sum


def result_counts(survey: Survey, questions: list[Question]) -> Counts:
    """The survey's results counted in SQL, whatever the number of questions or answers:
    cached per survey (``caching.RESULTS``); on a miss three or four statements."""
    from medvirk.surveys.caching import RESULTS

    return RESULTS.get_or_set(
        "counts",
        survey.pk,
        compute=lambda: _count_results(survey, questions),
        scopes=[survey.pk],
        language=False,
    )


def _count_results(survey: Survey, questions: list[Question]) -> Counts:
    asked = [question.pk for question in questions]
    kinds = {question.pk: question.kind for question in questions}
    # One pass over the answers: per (question, option, number). A single-choice, scale
    # or text question has one answer row per response; a multiple-choice question one
    # per chosen option, so its respondents are counted apart (distinct responses).
    options: dict[tuple[int, int], int] = {}
    scales: dict[tuple[int, int], int] = {}
    respondents: dict[int, int] = {}
    rows = (
        Answer.objects.filter(question_id__in=asked)
        .values_list("question_id", "option_id", "number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for question, option, number, n in rows:
        if option is not None:
            options[(question, option)] = n
        elif number is not None:
            scales[(question, number)] = n
        if kinds[question] != QuestionKind.MULTIPLE:
            respondents[question] = respondents.get(question, 0) + n
    multiple = [pk for pk in asked if kinds[pk] == QuestionKind.MULTIPLE]
    if multiple:
        respondents.update(
            Answer.objects.filter(question_id__in=multiple)
            .values_list("question_id")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        )
    by_kommune = responses_by_kommune(survey) if survey.ask_kommune else []
    total = sum(n for _pk, _name, n in by_kommune) if survey.ask_kommune else response_count(survey)
    scale = [pk for pk in asked if kinds[pk] == QuestionKind.SCALE]
    sums = scale_sums_by_kommune(scale) if survey.ask_kommune and scale else {}
    return Counts(total, options, scales, respondents, by_kommune, sums)


def shown_texts(survey: Survey) -> dict[int, list[str]]:
    """Approved free text per question (hidden and pending text is never read here),
    cached per survey (``caching.RESULTS``)."""
    from medvirk.surveys.caching import RESULTS

    return RESULTS.get_or_set(
        "texts",
        survey.pk,
        compute=lambda: _shown_texts(survey),
        scopes=[survey.pk],
        language=False,
    )


def _shown_texts(survey: Survey) -> dict[int, list[str]]:
    texts: dict[int, list[str]] = {}
    rows = (
        Answer.objects.filter(question__survey=survey)
        .shown_text()
        .order_by("question_id", "pk")
        .values_list("question_id", "text")
    )
    for question, text in rows:
        texts.setdefault(question, []).append(text)
    return texts


def responses_by_kommune(survey: Survey) -> list[tuple[int | None, str, int]]:
    rows = (
        Response.objects.filter(survey=survey)
        .values_list("kommune_id", "kommune__name")
        .annotate(n=Count("pk"))
        .order_by("kommune__name")
    )
    return [(pk, name or "", n) for pk, name, n in rows]


def scale_sums_by_kommune(questions: list[int]) -> dict[tuple[int, int | None], tuple[int, int]]:
    """(question, kommune) → (number of answers, their sum), for the scale questions."""
    rows = (
        Answer.objects.filter(question_id__in=questions, number__isnull=False)
        .values_list("question_id", "response__kommune_id")
        .annotate(n=Count("pk"), total=Sum("number"))
        .order_by()
    )
    return {(question, kommune): (n, total) for question, kommune, n, total in rows}


def texts_for_moderation(survey: Survey, state: str) -> QuerySet[Answer]:
    """Free-text answers in one moderation state, with their question."""
    return (
        Answer.objects.filter(question__survey=survey, moderation=state)
        .exclude(text="")
        .select_related("question")
        .order_by("question__section__position", "question__position", "question_id", "pk")
    )


def moderation_counts(survey: Survey) -> dict[str, int]:
    """Free-text answers per moderation state, cached per survey (``caching.RESULTS``:
    a decision saves the answer, which retires them)."""
    from medvirk.surveys.caching import RESULTS

    return RESULTS.get_or_set(
        "moderation",
        survey.pk,
        compute=lambda: _moderation_counts(survey),
        scopes=[survey.pk],
        language=False,
    )


def _moderation_counts(survey: Survey) -> dict[str, int]:
    rows = (
        Answer.objects.filter(question__survey=survey)
        .exclude(text="")
        .values_list("moderation")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(Moderation.values, 0)
    counts.update(dict(rows))
    return counts


def agenda_meetings(survey: Survey, user: Any) -> list[Meeting]:
    """Upcoming meetings of the survey's arena whose agenda the user manages."""
    arena = survey.arena if survey.arena_id is not None else None
    if arena is None or not can_manage(user, arena):
        return []
    return list(upcoming_meetings(arena)[:20])


def export_rows(
    survey: Survey,
) -> Iterator[tuple[int, Any, str, int | None, list[tuple[Any, ...]]]]:
    """Each response in order as (number, submitted, language, kommune id, its answers:
    (question, option, number, text, moderation)), read from two server-side cursors
    merged by response. The kommune is an id: what the file may say of it is the
    breakdown's label (``results.kommune_labels``), never the name of a small group."""
    responses = whole_result(
        Response.objects.filter(survey=survey)
        .order_by("pk")
        .values_list("pk", "submitted_at", "language", "kommune_id")
    )
    answers = whole_result(
        Answer.objects.filter(response__survey=survey)
        .order_by("response_id", "pk")
        .values_list("response_id", "question_id", "option_id", "number", "text", "moderation")
    )
    pending = next(answers, None)
    for pk, submitted_at, language, kommune in responses:
        own = []
        while pending is not None and pending[0] < pk:
            pending = next(answers, None)
        while pending is not None and pending[0] == pk:
            own.append(pending[1:])
            pending = next(answers, None)
        yield pk, submitted_at, language, kommune, own
