"""Read queries about appointment requests, nominations and recommendations, for the pages.

Views read through here (see the README's "How a read flows"); who may act is decided in
``appointments.rules`` and checked by the views before they call these.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from medvirk.accounts.rules import admin_organisation_ids
from medvirk.appointments.enums import RequestStatus
from medvirk.appointments.models import (
    AppointmentRequest,
    Nomination,
    Recommendation,
    RecommendationEntry,
)
from medvirk.appointments.rules import eligible_org_ids
from medvirk.directory.models import Organisation


def nominations_for_request(
    user: Any, req: AppointmentRequest, manager: bool
) -> QuerySet[Nomination]:
    """The nominations on a request the user sees: all of them for whoever manages the
    request, else those of the organisations (or their members) the user administers."""
    nominations = Nomination.objects.filter(request=req).select_related("person", "organisation")
    if manager:
        return nominations
    mine = admin_organisation_ids(user)
    return nominations.filter(
        Q(organisation_id__in=mine) | Q(organisation__umbrellas__in=mine)
    ).distinct()


def recommendations_for_request(
    req: AppointmentRequest, manager: bool, mine: set[int]
) -> QuerySet[Recommendation]:
    """The recommendations on a request with their entries: all of them for whoever manages
    the request, else those of the umbrellas in ``mine``."""
    recommendations = Recommendation.objects.filter(request=req).select_related("umbrella")
    if not manager:
        recommendations = recommendations.filter(umbrella_id__in=mine)
    return recommendations.prefetch_related(
        Prefetch(
            "entries",
            queryset=RecommendationEntry.objects.select_related(
                "nomination__person", "nomination__organisation"
            ),
        )
    )


def open_requests_for_admin(user: Any) -> QuerySet[AppointmentRequest]:
    """Open requests to the organisations (or their members) the user administers, with the
    number of nominations from those organisations, soonest deadline first."""
    mine = admin_organisation_ids(user)
    return (
        AppointmentRequest.objects.filter(status=RequestStatus.OPEN)
        .filter(
            Q(invitations__organisation_id__in=mine)
            | Q(invitations__organisation__members__in=mine)
        )
        .distinct()
        .select_related("arena__owner")
        .annotate(
            my_nominations=Count(
                "nominations",
                filter=Q(nominations__organisation_id__in=mine),
                distinct=True,
            )
        )
        .order_by("deadline", "pk")
    )


def nominating_organisations(user: Any, req: AppointmentRequest) -> QuerySet[Organisation]:
    """The organisations the user may nominate for on a request, by name."""
    eligible = eligible_org_ids(req)
    if not user.is_platform_admin:
        eligible = eligible & admin_organisation_ids(user)
    return Organisation.objects.filter(pk__in=eligible).order_by("name")


def recommendation_of(req: AppointmentRequest, umbrella: Organisation) -> Recommendation | None:
    """An umbrella's recommendation on a request with its entries, or None."""
    return (
        Recommendation.objects.filter(request=req, umbrella=umbrella)
        .prefetch_related("entries")
        .first()
    )


def recommendation_ranks(request: AppointmentRequest) -> dict[int, list[tuple[str, int]]]:
    """Umbrella name and rank for each recommended nomination (one query)."""
    ranks: dict[int, list[tuple[str, int]]] = {}
    entries = RecommendationEntry.objects.filter(
        recommendation__request=request, recommendation__submitted_at__isnull=False
    ).select_related("recommendation__umbrella")
    for entry in entries.order_by("recommendation__umbrella__name", "rank"):
        ranks.setdefault(entry.nomination_id, []).append(
            (entry.recommendation.umbrella.name, entry.rank)
        )
    return ranks
