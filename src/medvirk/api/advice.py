"""Advice and answers (follow-up): public advice in public arenas only
(``followup.selectors`` on ``followup.visibility.public_advice``); advice on a closed
item and advice in a private arena never appear, whoever asks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from medvirk.api.common import (
    ArenaRef,
    ErrorOut,
    Id,
    Out,
    PageOut,
    PageParams,
    Ref,
    Year,
    absolute_url,
    bad_request,
    cursor_page,
    one_of,
)
from medvirk.api.pagination import Keyset
from medvirk.arenas.models import Arena
from medvirk.arenas.selectors import public_arena
from medvirk.directory.models import Organisation
from medvirk.directory.selectors import public_service
from medvirk.followup.enums import AdviceStatus, DecisionOutcome
from medvirk.followup.figures import Figures, YearFigures
from medvirk.followup.models import Advice, FinalDecision
from medvirk.followup.selectors import arena_figures as cached_arena_figures
from medvirk.followup.selectors import public_advice_in_scope, with_timeline
from medvirk.followup.selectors import service_figures as cached_service_figures

router = Router()

# Newest first, then the highest id; the partial index on (-given_on, -id) of public
# advice serves the whole list, the one on (arena, is_public, given_on) an arena's.
NEWEST_FIRST = Keyset("advice", "-given_on", "-pk")


class TimelineEntryOut(Out):
    status: str
    responded_on: date
    text: str
    link: str = Field(description="A link the service gave with this step, or empty.")
    document_url: str = Field(description="The document attached to this step, or empty.")


class FinalDecisionOut(Out):
    decided_on: date
    outcome: str = Field(description="One of: " + ", ".join(DecisionOutcome.values))
    summary: str
    link: str = Field(description="A link to the decision, or empty.")
    document_url: str = Field(description="The decision's document, or empty.")


class AdviceOut(Out):
    id: int
    arena: ArenaRef
    service: Ref = Field(description="The service that owns the arena and answers the advice.")
    case_number: str = Field(description="The agenda item's case number, e.g. 7/2027, or empty.")
    title: str
    given_on: date
    due_on: date
    status: str = Field(description="One of: " + ", ".join(AdviceStatus.values))
    first_answer_on: date | None = Field(
        description="The day of the first answer (followed, partly, not_followed or implemented)."
    )
    days_to_answer: int | None
    addressee_name: str
    url: str
    timeline: list[TimelineEntryOut] = Field(description="Every response, oldest first.")
    service_case_number: str = Field(
        description="The service's own case number (saksnummer/arkivreferanse), or empty."
    )
    deciding_body: str = Field(description="The body that finally decides the case, or empty.")
    final_decision: FinalDecisionOut | None = Field(
        description="The final decision in the case (the timeline's last step), or null."
    )


class AdvicePage(PageOut):
    results: list[AdviceOut]


class AdviceFilters(PageParams):
    arena: Id | None = Field(None, description="Id of a public arena")
    service: Id | None = Field(None, description="Id of the service (the arena's owner)")
    year: Year | None = Field(None, description="Year the advice was given")
    status: str = Field(
        "",
        description="One of: " + ", ".join(AdviceStatus.values),
        json_schema_extra=one_of(AdviceStatus.values),
    )


class FiguresScope(Schema):
    arena: Id | None = Field(None, description="Id of a public arena (this or service)")
    service: Id | None = Field(None, description="Id of a service (this or arena)")


class YearFiguresOut(Out):
    year: int | None = Field(description="The year the advice was given; null for all years.")
    count: int
    answered: int = Field(
        description="Answered: followed, partly, not_followed or implemented. "
        "received and considering are acknowledgements, not answers."
    )
    answered_share: float | None = Field(description="answered / count; null when count is 0.")
    overdue: int = Field(description="Not answered, and the due date has passed.")
    answered_on_time: int = Field(description="First answer on or before the due date.")
    median_days: float | None = Field(
        description="Median days from given_on to the first answer; null when none answered."
    )
    followed: int
    partly: int
    not_followed: int
    implemented: int = Field(
        description="Implemented advice are counted here only, not also as followed."
    )
    followed_share: float | None = Field(description="Of the answered advice.")
    partly_share: float | None
    not_followed_share: float | None
    implemented_share: float | None
    decided: int = Field(description="Advice whose case reached a recorded final decision.")
    decided_share: float | None = Field(description="decided / count; null when count is 0.")
    decisions: dict[str, int] = Field(
        description="The decided advice per final decision outcome ("
        + ", ".join(DecisionOutcome.values)
        + ")."
    )


class FiguresOut(Out):
    arena: ArenaRef | None
    service: Ref | None
    years: list[YearFiguresOut] = Field(description="Newest year first.")
    total: YearFiguresOut


def _advice_scope(
    arena_id: int | None, service_id: int | None
) -> tuple[QuerySet[Advice], Arena | None, Organisation | None] | Status[Any]:
    """Public advice, narrowed to a public arena and/or a public service (400 if unknown)."""
    arena = service = None
    if arena_id is not None:
        arena = public_arena(arena_id)
        if arena is None:
            return bad_request(_("Fant ingen offentlig arena med id %(id)s.") % {"id": arena_id})
    if service_id is not None:
        service = public_service(service_id)
        if service is None:
            return bad_request(
                _("Fant ingen offentlig tjeneste med id %(id)s.") % {"id": service_id}
            )
    return public_advice_in_scope(arena, service), arena, service


def advice_rows() -> Callable[[Advice], AdviceOut]:
    """Turns an advice with its timeline into its body; its links are reversed once for
    the page, not per row."""
    advice_url = absolute_url("followup:advice_detail")
    document_url = absolute_url("followup:response_document")
    decision_url = absolute_url("followup:decision_document")

    def out(advice: Advice) -> AdviceOut:
        return advice_out(advice, advice_url, document_url, decision_url)

    return out


def final_decision_out(
    advice: Advice, decision_url: Callable[[int], str]
) -> FinalDecisionOut | None:
    try:
        decision = advice.final_decision
    except FinalDecision.DoesNotExist:
        return None
    return FinalDecisionOut(
        decided_on=decision.decided_on,
        outcome=decision.outcome,
        summary=decision.summary,
        link=decision.link,
        document_url=decision_url(decision.pk) if decision.document else "",
    )


def advice_out(
    advice: Advice,
    advice_url: Callable[[int], str],
    document_url: Callable[[int], str],
    decision_url: Callable[[int], str],
) -> AdviceOut:
    arena = advice.arena
    return AdviceOut(
        id=advice.pk,
        arena=ArenaRef(id=arena.pk, name=arena.name, kind=arena.kind),
        service=Ref(id=arena.owner.pk, name=arena.owner.name),
        case_number=advice.item.case_number if advice.item else "",
        title=advice.title,
        given_on=advice.given_on,
        due_on=advice.due_on,
        status=advice.status,
        first_answer_on=advice.first_answer_on,
        days_to_answer=advice.days_to_answer,
        addressee_name=advice.addressee_name,
        url=advice_url(advice.pk),
        timeline=[
            TimelineEntryOut(
                status=response.status,
                responded_on=response.responded_on,
                text=response.text,
                link=response.link,
                document_url=document_url(response.pk) if response.document else "",
            )
            for response in advice.responses.all()
        ],
        service_case_number=advice.service_case_number,
        deciding_body=advice.deciding_body,
        final_decision=final_decision_out(advice, decision_url),
    )


def year_figures_out(figures: YearFigures) -> YearFiguresOut:
    return YearFiguresOut(
        year=figures.year,
        count=figures.count,
        answered=figures.answered,
        answered_share=figures.answered_share,
        overdue=figures.overdue,
        answered_on_time=figures.answered_on_time,
        median_days=figures.median_days,
        followed=figures.followed,
        partly=figures.partly,
        not_followed=figures.not_followed,
        implemented=figures.implemented,
        followed_share=figures.followed_share,
        partly_share=figures.partly_share,
        not_followed_share=figures.not_followed_share,
        implemented_share=figures.implemented_share,
        decided=figures.decided,
        decided_share=figures.decided_share,
        decisions={outcome: count for outcome, _label, count, _share in figures.decision_counts},
    )


@router.get("/advice", response={200: AdvicePage, 400: ErrorOut}, tags=["advice"])
def list_advice(request: HttpRequest, filters: Query[AdviceFilters]) -> Status[Any]:
    """Public advice from public arenas with the service's answers, newest first, a page
    at a time (follow ``next``). The figures endpoint counts them."""
    scope = _advice_scope(filters.arena, filters.service)
    if isinstance(scope, Status):
        return scope
    advice, _arena, _service = scope
    if filters.status:
        if filters.status not in AdviceStatus.values:
            return bad_request(
                _("Ukjent status «%(status)s». Gyldige verdier: %(statuses)s.")
                % {"status": filters.status, "statuses": ", ".join(AdviceStatus.values)}
            )
        advice = advice.filter(status=filters.status)
    if filters.year is not None:
        advice = advice.filter(given_on__year=filters.year)
    return cursor_page(
        request, filters, NEWEST_FIRST, advice, AdvicePage, advice_rows(), rows=with_timeline
    )


def _scope_figures(arena: Arena | None, service: Organisation | None) -> Figures | None:
    """The cached figures of the scope; None for all public advice (not cached)."""
    if arena is not None:
        in_scope = service is None or arena.owner_id == service.pk
        return cached_arena_figures(arena) if in_scope else Figures.empty()
    if service is not None:
        return cached_service_figures(service.pk)[0]
    return None


@router.get("/advice/figures", response={200: FiguresOut, 400: ErrorOut}, tags=["advice"])
def advice_figures(request: HttpRequest, scope: Query[FiguresScope]) -> Status[Any]:
    """The accountability figures per year and in total for a public arena or a service."""
    if scope.arena is None and scope.service is None:
        return bad_request(
            _("Oppgi arena eller service: id-en til en offentlig arena eller en tjeneste.")
        )
    found = _advice_scope(scope.arena, scope.service)
    if isinstance(found, Status):
        return found
    _advice, arena, service = found
    # Counted by the database and cached per scope and day (followup/caching.py).
    result = _scope_figures(arena, service) or Figures.empty()
    return Status(
        200,
        FiguresOut(
            arena=ArenaRef(id=arena.pk, name=arena.name, kind=arena.kind) if arena else None,
            service=Ref(id=service.pk, name=service.name) if service else None,
            years=[year_figures_out(f) for f in result.years],
            total=year_figures_out(result.total),
        ),
    )
