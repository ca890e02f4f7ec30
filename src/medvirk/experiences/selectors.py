"""Reads of calls and answers for the pages (themes have their own reads in the themes
helper's modules). An answer's original text is read only through
:func:`answers_for_moderation` and :func:`answer_for_moderation`, which the views call
after checking ``experiences.moderate_call``."""

from __future__ import annotations

import datetime

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from medvirk.arenas.models import Arena, Membership, ReservedSeat
from medvirk.common.tokens import hash_token
from medvirk.directory.models import Organisation
from medvirk.experiences.enums import Audience, ExperienceStatus
from medvirk.experiences.models import Experience, ExperienceCall

# The status counts every call page shows, in one aggregate.
STATUS_COUNTS = {
    "pending_count": Count("experiences", filter=Q(experiences__status=ExperienceStatus.PENDING)),
    "approved_count": Count("experiences", filter=Q(experiences__status=ExperienceStatus.APPROVED)),
    "rejected_count": Count("experiences", filter=Q(experiences__status=ExperienceStatus.REJECTED)),
    "answer_count": Count("experiences"),
}


def calls_of_organisation(organisation: Organisation) -> QuerySet[ExperienceCall]:
    """The organisation's calls, newest opening first, each with its status counts."""
    return (
        ExperienceCall.objects.filter(organisation=organisation)
        .annotate(**STATUS_COUNTS)
        .order_by("-opens_on", "-pk")
    )


def call_with_counts(pk: int) -> ExperienceCall | None:
    """One call with its organisation, arenas and status counts (three statements)."""
    return (
        ExperienceCall.objects.filter(pk=pk)
        .select_related("organisation")
        .prefetch_related("arenas")
        .annotate(**STATUS_COUNTS)
        .first()
    )


def public_calls(day: datetime.date) -> QuerySet[ExperienceCall]:
    """Calls open on ``day`` and listed for everyone, closing soonest first."""
    return (
        ExperienceCall.objects.open_on(day)
        .filter(audience=Audience.EVERYONE)
        .select_related("organisation")
        .only(
            "pk",
            "code",
            "title",
            "target_group",
            "opens_on",
            "closes_on",
            "audience",
            "published_at",
            "organisation__id",
            "organisation__name",
        )
        .order_by("closes_on", "title", "pk")
    )


def call_by_code(code: str) -> ExperienceCall | None:
    return ExperienceCall.objects.select_related("organisation").filter(code=code).first()


def arenas_for_call(organisation: Organisation) -> QuerySet[Arena]:
    """The arenas a call of ``organisation`` may feed: those it owns, holds a reserved
    seat in, or is represented in by a current member."""
    represented = Membership.objects.current().filter(represents=organisation).values("arena_id")
    reserved = ReservedSeat.objects.filter(organisation=organisation).values("arena_id")
    return (
        Arena.objects.filter(Q(owner=organisation) | Q(pk__in=represented) | Q(pk__in=reserved))
        .select_related("owner")
        .order_by("name", "pk")
    )


# --- Answers -------------------------------------------------------------------------------

# Pending answers first (they wait for the moderator), then the newest.
_PENDING_FIRST = Case(
    When(status=ExperienceStatus.PENDING, then=Value(0)),
    default=Value(1),
    output_field=IntegerField(),
)


def answers_for_moderation(call: ExperienceCall, status: str = "") -> QuerySet[Experience]:
    """The call's answers for its moderators, pending first, with the kommune."""
    answers = Experience.objects.filter(call=call).select_related("kommune")
    if status:
        answers = answers.filter(status=status)
    return answers.order_by(_PENDING_FIRST, "-submitted_at", "-pk")


def answer_for_moderation(pk: int) -> Experience | None:
    return (
        Experience.objects.select_related("call__organisation", "kommune", "moderated_by")
        .filter(pk=pk)
        .first()
    )


def answer_by_withdraw_token(token: str) -> Experience | None:
    """The answer a personal withdrawal link names (by the token's hash), or None."""
    if not token:
        return None
    return (
        Experience.objects.select_related("call")
        .filter(withdraw_token_hash=hash_token(token))
        .exclude(withdraw_token_hash="")
        .first()
    )
