"""Status groups are defined once (enums) and queried through queryset methods."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from medvirk.appointments.enums import (
    LIVE_REQUEST_STATUSES,
    OPEN_NOMINATION_STATUSES,
    UNDECIDED_REQUEST_STATUSES,
    NominationStatus,
    RequestStatus,
)
from medvirk.appointments.models import AppointmentRequest, Nomination
from medvirk.followup.enums import ANSWERED, AdviceStatus
from medvirk.followup.models import Advice
from medvirk.meetings.enums import (
    HANDLED_PROPOSAL_STATUSES,
    OPEN_PROPOSAL_STATUSES,
    ProposalStatus,
)
from medvirk.meetings.models import CaseProposal


def statuses_filtered(queryset: QuerySet[Any]) -> set[str]:
    """The statuses in the queryset's one ``status__in`` condition."""
    node: Any = queryset.query.where
    while not hasattr(node, "rhs"):
        (node,) = node.children
    return {str(status) for status in node.rhs}


def test_the_open_nominations_are_the_three_waiting_statuses() -> None:
    assert statuses_filtered(Nomination.objects.open()) == {
        NominationStatus.AWAITING_CONSENT,
        NominationStatus.CONSENTED,
        NominationStatus.CONFIRMED,
    }
    assert statuses_filtered(Nomination.objects.open()) == set(OPEN_NOMINATION_STATUSES)


def test_live_requests_are_open_or_closed() -> None:
    assert statuses_filtered(AppointmentRequest.objects.live()) == {
        RequestStatus.OPEN,
        RequestStatus.CLOSED,
    }
    assert statuses_filtered(Nomination.objects.on_live_requests()) == set(LIVE_REQUEST_STATUSES)


def test_undecided_requests_are_the_live_ones_and_drafts() -> None:
    assert statuses_filtered(Nomination.objects.on_undecided_requests()) == {
        RequestStatus.DRAFT,
        RequestStatus.OPEN,
        RequestStatus.CLOSED,
    }
    assert set(UNDECIDED_REQUEST_STATUSES) == {RequestStatus.DRAFT, *LIVE_REQUEST_STATUSES}


def test_open_and_handled_proposals_split_every_status() -> None:
    opened = statuses_filtered(CaseProposal.objects.open())
    handled = statuses_filtered(CaseProposal.objects.handled())
    assert opened == {ProposalStatus.SUBMITTED, ProposalStatus.POSTPONED}
    assert opened == set(OPEN_PROPOSAL_STATUSES)
    assert handled == set(HANDLED_PROPOSAL_STATUSES)
    assert opened & handled == set()
    assert opened | handled == set(ProposalStatus.values)
    assert [CaseProposal(status=s).is_open for s in ProposalStatus.values] == [
        s in opened for s in ProposalStatus.values
    ]


def test_answered_and_unanswered_advice_split_every_status() -> None:
    answered = statuses_filtered(Advice.objects.answered())
    assert answered == set(ANSWERED)
    assert statuses_filtered(Advice.objects.unanswered()) == set(ANSWERED)
    negated: Any = Advice.objects.unanswered().query.where.children[0]
    assert negated.negated is True
    assert [Advice(status=s).is_answered for s in AdviceStatus.values] == [
        s in answered for s in AdviceStatus.values
    ]
