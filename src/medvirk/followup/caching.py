"""The accountability figures and their HTML, cached under the cache registry (issue 12).

Counting the figures reads every public advice of a scope (20,000 for the largest
service at national scale, all of them for the index), so the result is kept:

- per scope (an arena, a service, a service's line on the index) and per day (``today``
  decides what is overdue), under the namespace :data:`FIGURES`, **scoped per service**:
  a new or changed advice, an answer, or an arena made private or renamed retires that
  service's entries (and those under :data:`ANY_SERVICE`, the index's table) at once and
  again on commit, through the registry's signals; no domain function bumps anything;
- every entry expires after an hour anyway (``TIMEOUT``): the bound on what a write that
  skips signals and forgets :func:`~medvirk.common.cache_registry.touch` could leave.

Rendered HTML is cached the same way (``fragment``): the index's table (a row per
service: rendering 400 rows costs more than the page may), and the unfiltered pages of an
arena and a service. Their key adds the language and the names the HTML shows, which the
page has read anyway: a renamed arena or service shows at once even when renamed by a
queryset update.

Other apps (the API) read the figures through the functions here; none touches the
namespace.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from django.utils import timezone
from django.utils.safestring import SafeString

from medvirk.arenas.models import Arena, Membership
from medvirk.arenas.selectors import owner_of_arena
from medvirk.common.cache_registry import ANY, namespace
from medvirk.directory.models import Organisation
from medvirk.followup.models import Advice, AdviceResponse, FinalDecision, Report
from medvirk.meetings.models import AgendaItem, Attendance, CaseProposal, Meeting, Minutes
from medvirk.meetings.selectors import owner_of_meeting
from medvirk.people.models import Person

TIMEOUT = 60 * 60
PREFIX = "followup:figures"

T = TypeVar("T")

# The scope that changes with every service's: for what shows all services (the index's
# table, the API's year counts), so that a hit costs one version, not one per service.
ANY_SERVICE = ANY


def _owner_of_advice(advice_id: int) -> list[int]:
    return list(Advice.objects.filter(pk=advice_id).values_list("arena__owner_id", flat=True))


FIGURES = namespace(
    "followup:figures",
    scoped=True,
    timeout=TIMEOUT,
    models={
        Advice: lambda advice: owner_of_arena(advice.arena_id),
        AdviceResponse: lambda response: _owner_of_advice(response.advice_id),
        # The figures count final decisions; the pages show them on the advice's row.
        FinalDecision: lambda decision: _owner_of_advice(decision.advice_id),
        Arena: lambda arena: [arena.owner_id],
        # The pages name the item an advice came from.
        AgendaItem: lambda item: [item.arena.owner_id],
        Organisation: lambda organisation: [organisation.pk],
    },
    doc="Accountability figures and their HTML, per service.",
)
NAMESPACE = FIGURES.name


def versions(owner_ids: Iterable[int]) -> dict[int, str]:
    """The current version of each service's figures (created when missing)."""
    return FIGURES.versions(owner_ids)


def fragment(
    name: str,
    owner_ids: Iterable[int],
    shows: object,
    render: Callable[[], str],
    today: datetime.date | None = None,
) -> SafeString:
    """HTML from ``render``, cached under the versions of the services ``owner_ids``,
    today, the language and ``shows`` (a repr-able value: whatever else the HTML
    depends on, e.g. names)."""
    day = today or timezone.localdate()
    return FIGURES.html(name, day.isoformat(), shows, render=render, scopes=owner_ids)


def cache_key(scope: str, pk: Hashable, today: datetime.date, version: str) -> str:
    return f"{PREFIX}:{scope}:{pk}:{today.isoformat()}:{version}"


def cached_figures(
    scope: str, pk: int, owner_id: int, today: datetime.date, compute: Callable[[], T]
) -> T:
    return FIGURES.get_or_set(
        scope, pk, today.isoformat(), compute=compute, scopes=[owner_id], language=False
    )


# The secretariat's overview and the decision-makers' list (issue 13): which statements
# are not yet sent as advice (an anti-join over every statement item of the service,
# 22,000 for the largest), the ids and count of the advice lists' pages, and the
# decision-makers' figures. Ids and counts only: the rows themselves are read by primary
# key on every request (and filtered again by who may see them), so what they show is
# always current.
SECRETARIAT = namespace(
    "followup:secretariat",
    scoped=True,
    timeout=TIMEOUT,
    models={
        Advice: lambda advice: owner_of_arena(advice.arena_id),
        AdviceResponse: lambda response: _owner_of_advice(response.advice_id),
        Arena: lambda arena: [arena.owner_id],
        AgendaItem: lambda item: owner_of_arena(item.arena_id),
        Meeting: lambda meeting: owner_of_arena(meeting.arena_id),
        Minutes: lambda minutes: owner_of_meeting(minutes.meeting_id),
    },
    doc=(
        "The secretariat's overview and the decision-makers' list: ids of the statements "
        "to send and of the advice pages, and their counts, per service."
    ),
)


def list_ids(name: str, managed: Iterable[int], parts: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` (ids or counts), cached under the versions of the services ``managed``
    and ``parts`` (the filters, the page, today; the reader where the list is theirs)."""
    services = sorted(managed)
    return SECRETARIAT.get_or_set(
        name, services, parts, compute=compute, scopes=services, language=False
    )


def _organisations_seated_in(arena_ids: Iterable[int]) -> list[int]:
    """The organisations that hold or held seats in the arenas (through ``represents``)."""
    return list(
        Membership.objects.filter(arena_id__in=list(arena_ids), represents__isnull=False)
        .order_by()
        .values_list("represents_id", flat=True)
        .distinct()
    )


def _arena_of_meeting(meeting_id: int) -> list[int]:
    return list(Meeting.objects.filter(pk=meeting_id).values_list("arena_id", flat=True))


# The organisation's year (issue 13): per representative the meetings held and attended,
# reports and proposals -- computed over every meeting of every arena where the
# organisation has seats (a national organisation's ~300 arenas meet ~4,000 times a
# year) -- and which rows of its lists a reader sees. Scoped per organisation: a change
# in an arena retires the entries of the organisations seated there. What a reader may
# see depends on their roles and seats, which the key carries (``reader_key``).
ORG_YEAR = namespace(
    "followup:org_year",
    scoped=True,
    timeout=TIMEOUT,
    models={
        Membership: lambda membership: (
            [membership.represents_id] if membership.represents_id else []
        ),
        Person: lambda person: list(
            Membership.objects.filter(person_id=person.pk, represents__isnull=False)
            .order_by()
            .values_list("represents_id", flat=True)
            .distinct()
        ),
        Arena: lambda arena: _organisations_seated_in([arena.pk]),
        Meeting: lambda meeting: _organisations_seated_in([meeting.arena_id]),
        Attendance: lambda line: _organisations_seated_in(_arena_of_meeting(line.meeting_id)),
        Report: lambda report: [report.organisation_id],
        CaseProposal: lambda proposal: [
            *([proposal.organisation_id] if proposal.organisation_id else []),
            *_organisations_seated_in([proposal.arena_id]),
        ],
        Advice: lambda advice: _organisations_seated_in([advice.arena_id]),
        AdviceResponse: lambda response: _organisations_seated_in(
            Advice.objects.filter(pk=response.advice_id).values_list("arena_id", flat=True)
        ),
    },
    doc="The organisation's year: its representatives' figures and its lists' ids.",
)


def org_year(organisation_id: int, parts: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, cached under the organisation's version and ``parts`` (the year,
    today, the list and page; the reader where it depends on them)."""
    return ORG_YEAR.get_or_set(
        "year", organisation_id, parts, compute=compute, scopes=[organisation_id]
    )
