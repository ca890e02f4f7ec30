"""The public proposal form's trap answers like a success and keeps nothing."""

from __future__ import annotations

from django.test import Client

from medvirk.meetings.models import CaseProposal
from tests.meetings.conftest import MeetingWorld
from tests.meetings.test_proposals_views import allow_public, form_data, propose_url
from tests.spam_trap_support import TRAP, assert_nothing_kept, assert_same_answer


def test_proposal_trap_answers_like_success_and_keeps_nothing(
    meeting_world: MeetingWorld,
) -> None:
    allow_public(meeting_world)
    data = form_data(proposer_name="Ine", proposer_email="ine@example.org")
    robot = Client(REMOTE_ADDR="203.0.113.1")
    trapped = robot.post(propose_url(meeting_world), {**data, **TRAP})
    assert CaseProposal.objects.count() == 0
    assert_nothing_kept()

    person = Client(REMOTE_ADDR="198.51.100.1")
    stored = person.post(propose_url(meeting_world), data)
    assert CaseProposal.objects.count() == 1
    assert_same_answer((robot, trapped), (person, stored))
