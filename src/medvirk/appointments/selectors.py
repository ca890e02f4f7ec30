"""Read queries of appointments: the request pages (nominations, recommendations, open
requests for an admin, ranks for the decision) and what "Mine oppdrag" shows (the
representative's seats, consent and open nominations).

Views read through here (see the README's "How a read flows"); who may act is decided in
``appointments.rules`` and checked by the views before they call these.

"Mine oppdrag" joins a person with seats (arenas) and nominations (appointments), so its
reads live here, in the lowest app above both; people's own reads are in
``people/selectors.py``.

"Mine oppdrag" is read with two plain statements (issue 6).

Every representative opens this page, so it must stay cheap at national scale. Built
with the ORM (``select_related`` over four tables, model instances, ``get_FOO_display``
and ``{% url %}`` per row) it cost three times what the database did; here the person,
the consent and the number of open nominations come in one statement, the memberships
with their arena, service and organisation names in another, and each row's texts and
links are made once in Python. The open nominations themselves are read (with the ORM)
only when there are any.

The rows quack like :class:`~medvirk.arenas.models.Membership` for
``arenas/includes/person_memberships.html``, which the person page
(``arenas/views_person.py``) fills with real ones.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet, Window
from django.utils.translation import gettext

from medvirk.accounts.rules import admin_organisation_ids
from medvirk.appointments.enums import (
    LIVE_REQUEST_STATUSES,
    OPEN_NOMINATION_STATUSES,
    UNDECIDED_REQUEST_STATUSES,
    NominationStatus,
    RequestStatus,
)
from medvirk.appointments.models import (
    AppointmentRequest,
    Nomination,
    Recommendation,
    RecommendationEntry,
)
from medvirk.appointments.rules import eligible_org_ids
from medvirk.arenas.enums import EndReason, MemberRole
from medvirk.arenas.models import Arena, Membership
from medvirk.common.dates import format_date
from medvirk.common.rows import aware, choice_labels, url_maker
from medvirk.directory.models import Organisation
from medvirk.people.models import Accommodation, Affiliation, Person

# The nominations "Mine oppdrag" counts: still waiting for someone, on a live request
# (the groups of ``Nomination.objects.open().on_live_requests()``, in plain SQL in
# ``own_person``); ``open_nominations`` reads them with the ORM.


@dataclass(frozen=True)
class Consent:
    consent_purpose: str
    consent_given_at: datetime.datetime | None


@dataclass(frozen=True)
class OwnPerson:
    pk: int
    name: str
    deletion_requested_at: datetime.datetime | None
    consent: Consent | None
    open_nominations: int


@dataclass(frozen=True)
class Named:
    name: str


@dataclass(frozen=True)
class ArenaRef:
    pk: int
    name: str
    owner: Named
    get_absolute_url: str


@dataclass(frozen=True)
class MembershipRow:
    pk: int
    arena: ArenaRef
    role: str
    get_role_display: str
    deputy_rank: int | None
    represents: Named | None
    starts_on: datetime.date
    ends_on: datetime.date
    ended_on: datetime.date | None
    end_reason: str
    get_end_reason_display: str
    resign_url: str


def own_person(user_id: int) -> OwnPerson | None:
    """The user's representative profile, consent and number of open nominations."""
    person, accommodation = Person._meta.db_table, Accommodation._meta.db_table
    nomination, request = Nomination._meta.db_table, AppointmentRequest._meta.db_table
    sql = f"""
        SELECT p.id, p.name, p.deletion_requested_at, a.id, a.consent_purpose,
               a.consent_given_at,
               (SELECT COUNT(*) FROM {nomination} n JOIN {request} r ON r.id = n.request_id
                WHERE n.person_id = p.id AND n.status IN (%s, %s, %s) AND r.status IN (%s, %s))
        FROM {person} p LEFT JOIN {accommodation} a ON a.person_id = p.id
        WHERE p.user_id = %s
        ORDER BY p.id
    """  # noqa: S608 - table names from the models, values as parameters
    params: list[str | int] = [
        *(str(status) for status in OPEN_NOMINATION_STATUSES),
        *(str(status) for status in LIVE_REQUEST_STATUSES),
        user_id,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    pk, name, deletion_requested_at, consent_id, purpose, given_at, open_count = row
    return OwnPerson(
        pk=pk,
        name=name,
        deletion_requested_at=aware(deletion_requested_at),
        consent=Consent(purpose, aware(given_at)) if consent_id is not None else None,
        open_nominations=open_count,
    )


def membership_rows(person_id: int) -> list[MembershipRow]:
    """Every membership of the person, newest first, ready to show."""
    membership, arena, organisation = (
        Membership._meta.db_table,
        Arena._meta.db_table,
        Organisation._meta.db_table,
    )
    sql = f"""
        SELECT m.id, m.role, m.deputy_rank, m.starts_on, m.ends_on, m.ended_on, m.end_reason,
               a.id, a.name, o.name, r.name
        FROM {membership} m
        JOIN {arena} a ON a.id = m.arena_id
        JOIN {organisation} o ON o.id = a.owner_id
        LEFT JOIN {organisation} r ON r.id = m.represents_id
        WHERE m.person_id = %s
        ORDER BY m.starts_on DESC, m.id
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [person_id])
        rows = cursor.fetchall()
    roles, reasons = choice_labels(MemberRole), choice_labels(EndReason)
    arena_url, resign_url = url_maker("arenas:detail"), url_maker("arenas:resign_confirm")
    return [
        MembershipRow(
            pk=pk,
            arena=ArenaRef(arena_id, arena_name, Named(owner_name), arena_url(arena_id)),
            role=role,
            get_role_display=roles.get(role, role),
            deputy_rank=deputy_rank,
            represents=Named(represents_name) if represents_name is not None else None,
            starts_on=starts_on,
            ends_on=ends_on,
            ended_on=ended_on,
            end_reason=end_reason,
            get_end_reason_display=reasons.get(end_reason, end_reason),
            resign_url=resign_url(pk),
        )
        for (
            pk,
            role,
            deputy_rank,
            starts_on,
            ends_on,
            ended_on,
            end_reason,
            arena_id,
            arena_name,
            owner_name,
            represents_name,
        ) in rows
    ]


def open_nominations(person_id: int) -> list[Nomination]:
    """Nominations still waiting for the person, the organisation or the secretariat."""
    return list(
        Nomination.objects.open()
        .on_live_requests()
        .filter(person_id=person_id)
        .select_related("request__arena__owner", "organisation")
        .only(
            "id",
            "status",
            "person_id",
            "request__id",
            "request__term_starts_on",
            "request__term_ends_on",
            "request__arena__id",
            "request__arena__name",
            "request__arena__owner__id",
            "request__arena__owner__name",
            "organisation__id",
            "organisation__name",
        )
        .order_by("request__deadline", "pk")
    )


# --- The request pages ------------------------------------------------------------------


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


def nominations_awaiting_consent(organisation_ids: Iterable[int]) -> QuerySet[Nomination]:
    """The organisations' nominations on live requests that wait for the candidate's
    consent, soonest deadline first, with the request, its arena and the person, and the
    ``total`` of them (a window over all rows, before any limit): one statement."""
    return (
        Nomination.objects.on_live_requests()
        .filter(
            organisation_id__in=list(organisation_ids), status=NominationStatus.AWAITING_CONSENT
        )
        .select_related("request__arena", "person", "organisation")
        .annotate(total=Window(Count("pk")))
        .order_by("request__deadline", "pk")
    )


def nominating_organisations(user: Any, req: AppointmentRequest) -> QuerySet[Organisation]:
    """The organisations the user may nominate for on a request, by name."""
    eligible = eligible_org_ids(req)
    if not user.is_platform_admin:
        eligible = eligible & admin_organisation_ids(user)
    return Organisation.objects.filter(pk__in=eligible).order_by("name")


def nomination_pool(organisations: QuerySet[Organisation]) -> QuerySet[Person]:
    """The people an organisation may nominate from its own lists: those affiliated with
    it or registered by it, by name (two semi-joins, no ``DISTINCT`` over a join)."""
    affiliated = Affiliation.objects.filter(organisation__in=organisations).values("person_id")
    return Person.objects.filter(Q(pk__in=affiliated) | Q(created_by__in=organisations)).order_by(
        "name", "pk"
    )


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


def nominations_not_ready(request: AppointmentRequest) -> list[Nomination]:
    """The request's nominations that cannot be chosen on the decision page, with their
    status as the reason (waiting for consent, consented but not yet confirmed by the
    organisation, declined, withdrawn): one query, in name order."""
    return list(
        Nomination.objects.filter(request=request)
        .exclude(status=NominationStatus.CONFIRMED)
        .select_related("person", "organisation")
        .order_by("person__name", "pk")
    )


# --- Requests in the secretariat's work: the arena page and the service's list ---------


@dataclass(frozen=True)
class RequestRow:
    """An undecided request as the secretariat sees it in a list: its state, its
    nominations and recommendations, and the next step with its link."""

    pk: int
    title: str
    arena_name: str
    arena_url: str
    deadline: datetime.date
    status: str
    status_label: str
    url: str
    nominations_url: str
    recommendations_url: str
    proposed: int  # nominations the organisations stand behind
    waiting: int  # nominations waiting for the candidate or the organisation
    recommendations: int  # recommendations the umbrellas have sent
    next_step: str
    next_url: str


def undecided_requests(where: Q) -> QuerySet[AppointmentRequest]:
    """The requests ``where`` selects (by arena or by service) not yet decided or
    cancelled, with the counts the lists show, soonest deadline first (one statement)."""
    return (
        AppointmentRequest.objects.filter(where, status__in=UNDECIDED_REQUEST_STATUSES)
        .select_related("arena")
        .only("id", "title", "deadline", "status", "arena__id", "arena__name")
        .annotate(
            proposed=Count(
                "nominations",
                filter=Q(nominations__status=NominationStatus.CONFIRMED),
                distinct=True,
            ),
            waiting=Count(
                "nominations",
                filter=Q(
                    nominations__status__in=(
                        NominationStatus.AWAITING_CONSENT,
                        NominationStatus.CONSENTED,
                    )
                ),
                distinct=True,
            ),
            sent_recommendations=Count(
                "recommendations",
                filter=Q(recommendations__submitted_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("deadline", "pk")
    )


def request_rows(where: Q, today: datetime.date) -> list[RequestRow]:
    """:func:`undecided_requests` ready to show, each with its next step."""
    detail_url, decision_url = (
        url_maker("appointments:request_detail"),
        url_maker("appointments:decision"),
    )
    arena_url = url_maker("arenas:detail")
    labels = choice_labels(RequestStatus)
    rows = []
    for req in undecided_requests(where):
        url = detail_url(req.pk)
        next_step, next_url = _next_step(req, today, url, decision_url(req.pk))
        rows.append(
            RequestRow(
                pk=req.pk,
                title=req.title,
                arena_name=req.arena.name,
                arena_url=arena_url(req.arena_id),
                deadline=req.deadline,
                status=req.status,
                status_label=labels.get(req.status, req.status),
                url=url,
                nominations_url=f"{url}#nominations-heading",
                recommendations_url=f"{url}#recommendations-heading",
                proposed=req.proposed,  # type: ignore[attr-defined]
                waiting=req.waiting,  # type: ignore[attr-defined]
                recommendations=req.sent_recommendations,  # type: ignore[attr-defined]
                next_step=next_step,
                next_url=next_url,
            )
        )
    return rows


def _next_step(
    req: AppointmentRequest, today: datetime.date, url: str, decision_url: str
) -> tuple[str, str]:
    """What the secretariat does next with an undecided request, and where."""
    if req.status == RequestStatus.DRAFT:
        return gettext("Send forespørselen til organisasjonene"), url
    if req.status == RequestStatus.OPEN and req.deadline >= today:
        return (
            gettext("Vent på forslag til fristen %(date)s")
            % {"date": format_date(req.deadline, "SHORT_DATE_FORMAT")},
            url,
        )
    return gettext("Gjør vedtak om oppnevning"), decision_url
