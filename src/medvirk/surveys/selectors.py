"""Every read the survey pages need, as named functions (the rules decide who calls
them; see views.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from medvirk.arenas.models import Arena
from medvirk.common.csv_export import whole_result
from medvirk.directory.enums import RegionKind
from medvirk.directory.models import Organisation, Region
from medvirk.meetings.domain.agenda import can_manage
from medvirk.meetings.domain.proposals import upcoming_meetings
from medvirk.meetings.models import Meeting
from medvirk.surveys.enums import Moderation
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


def arenas_for_survey_form(organisation: Organisation) -> QuerySet[Arena]:
    """Arenas a survey may be linked to: those the organisation owns or is represented
    in."""
    return (
        Arena.objects.filter(Q(owner=organisation) | Q(memberships__represents=organisation))
        .distinct()
        .order_by("name", "pk")
    )


def invitation_counts(survey: Survey) -> dict[str, int]:
    row = Invitation.objects.filter(survey=survey).aggregate(
        sent=Count("pk"), used=Count("pk", filter=Q(used_on__isnull=False))
    )
    return {"sent": row["sent"] or 0, "used": row["used"] or 0}


def response_count(survey: Survey) -> int:
    return Response.objects.filter(survey=survey).count()


def pending_text_count(survey: Survey) -> int:
    return Answer.objects.filter(question__survey=survey).pending_text().count()


def option_counts(survey: Survey) -> dict[tuple[int, int], int]:
    rows = (
        Answer.objects.filter(question__survey=survey, option__isnull=False)
        .values_list("question_id", "option_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(question, option): n for question, option, n in rows}


def scale_counts(survey: Survey) -> dict[tuple[int, int], int]:
    rows = (
        Answer.objects.filter(question__survey=survey, number__isnull=False)
        .values_list("question_id", "number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(question, number): n for question, number, n in rows}


def respondents_per_question(survey: Survey) -> dict[int, int]:
    rows = (
        Answer.objects.filter(question__survey=survey)
        .values_list("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    return dict(rows)


def shown_texts(survey: Survey) -> dict[int, list[str]]:
    """Approved free text per question (hidden and pending text is never read here)."""
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


def scale_sums_by_kommune(survey: Survey) -> dict[tuple[int, int | None], tuple[int, int]]:
    """(question, kommune) → (number of answers, their sum), for the scale questions."""
    from django.db.models import Sum

    rows = (
        Answer.objects.filter(question__survey=survey, number__isnull=False)
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
