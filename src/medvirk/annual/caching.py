"""The computed figures of a draft annual report, cached under the cache registry.

Counting a year (``figures.year_figures``) reads ten tables, for the largest service
every membership, meeting, attendance, agenda item and advice of the year: kept per
scope (arena or service), year, language and day (``today`` decides held and planned
meetings, and overdue advice), under :data:`FIGURES`, **scoped per service** (the owner
of the arenas). A change to any model the figures show retires that service's entries,
through the registry's signals; every entry expires after an hour anyway.

An approved report does not read this cache: its figures are frozen in its version.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from medvirk.annual.figures import year_figures
from medvirk.annual.models import AnnualReport, AnnualReportVersion
from medvirk.arenas.models import Arena, Membership
from medvirk.arenas.selectors import owner_of_arena
from medvirk.common.cache_registry import namespace
from medvirk.compensation.models import Claim, ClaimLine
from medvirk.directory.models import Organisation
from medvirk.experiences.models import ExperienceCall, ThemeCase
from medvirk.followup.models import Advice, FinalDecision
from medvirk.meetings.models import AgendaItem, Attendance, CaseProposal, Meeting
from medvirk.meetings.selectors import owner_of_meeting
from medvirk.people.models import Person, TrainingRecord
from medvirk.surveys.models import Survey

TIMEOUT = 60 * 60


def _owner_of_proposal(proposal_id: int) -> list[int]:
    return list(
        CaseProposal.objects.filter(pk=proposal_id).values_list("arena__owner_id", flat=True)
    )


def _survey_scopes(survey: Survey) -> list[int]:
    owners = owner_of_arena(survey.arena_id) if survey.arena_id else []
    return [survey.organisation_id, *owners]


def _owner_of_advice(advice_id: int) -> list[int]:
    return list(Advice.objects.filter(pk=advice_id).values_list("arena__owner_id", flat=True))


def _owner_of_claim(claim_id: int) -> list[int]:
    return list(Claim.objects.filter(pk=claim_id).values_list("organisation_id", flat=True))


FIGURES = namespace(
    "annual:figures",
    scoped=True,
    timeout=TIMEOUT,
    models={
        Arena: lambda arena: [arena.owner_id],
        Membership: lambda seat: owner_of_arena(seat.arena_id),
        # Names and genders of people, names of organisations: shown in every service.
        Person: None,
        Organisation: None,
        Meeting: lambda meeting: owner_of_arena(meeting.arena_id),
        Attendance: lambda attendance: owner_of_meeting(attendance.meeting_id),
        AgendaItem: lambda item: owner_of_arena(item.arena_id),
        CaseProposal: lambda proposal: owner_of_arena(proposal.arena_id),
        ThemeCase: lambda case: _owner_of_proposal(case.proposal_id),
        Advice: lambda advice: owner_of_arena(advice.arena_id),
        FinalDecision: lambda decision: _owner_of_advice(decision.advice_id),
        # A call may be tied to arenas of other services (its m2m): every scope.
        ExperienceCall: None,
        Survey: _survey_scopes,
        TrainingRecord: None,
        # Compensation's totals (issue 17): a claim is its meeting's service's.
        Claim: lambda claim: [claim.organisation_id],
        ClaimLine: lambda line: _owner_of_claim(line.claim_id),
    },
    doc="The figures of draft annual reports, per service (owner of the arenas).",
)


def draft_figures(
    *, arena_id: int | None, service_id: int | None, owner_id: int, year: int, language: str
) -> dict[str, Any]:
    """The figures of a year for a report not yet approved, cached per service and day."""
    now = timezone.now()
    today: datetime.date = timezone.localdate(now)
    return FIGURES.get_or_set(
        "year",
        arena_id or 0,
        service_id or 0,
        year,
        language,
        today.isoformat(),
        compute=lambda: year_figures(
            arena_id=arena_id, service_id=service_id, year=year, language=language, now=now
        ),
        scopes=[owner_id],
        language=False,
    )


# What is built from an approved version, per report: its page's body (HTML, in the
# report's language), the same for everyone who may read it (the view checks that first).
# A version's content never changes, so the key's version number suffices; the report's
# own changes (publishing, a new version) retire it anyway. (The PDF is stored on the
# version itself: domain/pdf.py.)
VERSION = namespace(
    "annual:version",
    scoped=True,
    timeout=24 * 60 * 60,
    models={
        AnnualReport: lambda report: [report.pk],
        AnnualReportVersion: lambda version: [version.report_id],
    },
    doc="The page body of an annual report's approved version, per report.",
)
