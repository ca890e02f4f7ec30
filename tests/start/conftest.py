"""The start page's world: the follow-up world (a service with a public and a private
arena, a member, a deputy, organisations A and B, a decision-maker) with ``n`` rows in
every section of every role (``populate``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.appointments.domain.nominations import nominate
from medvirk.appointments.domain.requests import create_request, open_request
from medvirk.appointments.models import AppointmentRequest
from medvirk.arenas.models import Arena
from medvirk.directory.models import Organisation
from medvirk.followup.enums import AddresseeKind, AdviceStatus, ReportStatus
from medvirk.followup.models import Advice, AdviceResponse, Report
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.domain.attendance import respond
from medvirk.meetings.enums import AttendanceResponse, ItemKind, ProposalStatus, ProposerKind
from medvirk.meetings.models import CaseProposal, Meeting
from tests.appointments.conftest import request_data
from tests.arenas.conftest import make_arena, seat
from tests.factories import RoleFactory, UmbrellaFactory, UserFactory
from tests.followup.conftest import (  # noqa: F401 - fixtures re-exported for this package
    FollowupWorld,
    as_persona,
    followup_world,
    make_meeting,
    meeting_world,
)

DAY = datetime.timedelta(days=1)
START = "/konto/min-side/"


@dataclass
class Rows:
    """What ``populate`` made, per section."""

    soon: list[Meeting]
    past: list[Meeting]
    term_arenas: list[Arena]
    requests: list[AppointmentRequest]
    overdue: list[Advice]
    answered: list[Advice]


def umbrella_admin(w: FollowupWorld) -> User:
    """An admin of an umbrella that organisation A belongs to (made once)."""
    found = w.m.users.get("umbrella_admin")
    if found is not None:
        return found
    umbrella = UmbrellaFactory(name="Paraplyen P")
    w.m.org_a.organisation.umbrellas.add(umbrella)
    user = UserFactory(email="admin-paraply@example.org")
    RoleFactory(user=user, organisation=umbrella, role=RoleKind.ADMIN)
    w.m.users["umbrella_admin"] = user
    return user


def give_advice(arena: Arena, title: str, **fields: object) -> Advice:
    today = timezone.localdate()
    values: dict[str, object] = {
        "arena": arena,
        "title": title,
        "text": "Rådet mener noe.",
        "addressee_kind": AddresseeKind.DECISION_MAKER,
        "addressee_name": "Dina Direktør",
        "given_on": today - 40 * DAY,
        "due_on": today + 20 * DAY,
    }
    values.update(fields)
    return Advice.objects.create(**values)


def populate(w: FollowupWorld, n: int) -> Rows:
    """``n`` rows in every section: meetings soon (agenda not published, the member
    attending), past meetings without approved minutes (a report requested from the
    member, one submitted by the second member), answered and overdue advice (with a case
    on a past meeting), seats ending soon in new arenas (short of members, each with an
    open case proposal), and open requests to organisation A with a nomination waiting
    for consent."""
    m = w.m
    today = timezone.localdate()
    organisation: Organisation = m.org_a.organisation
    soon, past, term_arenas, requests, overdue, answered = [], [], [], [], [], []
    for i in range(n):
        meeting = make_meeting(m.public_arena, today + (5 + i) * DAY, title=f"Snart-møte {i}")
        respond(meeting, by=m.member, response=AttendanceResponse.ATTENDING)
        soon.append(meeting)

        old = make_meeting(m.public_arena, today - (20 + i) * DAY, title=f"Gammelt møte {i}")
        past.append(old)
        Report.objects.create(
            meeting=old,
            person=m.member_person,
            organisation=organisation,
            status=ReportStatus.REQUESTED,
            requested_at=timezone.now() - 2 * DAY,
        )
        Report.objects.create(
            meeting=old,
            person=m.second_member_person,
            organisation=organisation,
            status=ReportStatus.SUBMITTED,
            discussed="Vi drøftet saken.",
            requested_at=timezone.now() - 2 * DAY,
            submitted_at=timezone.now() - DAY,
        )
        item = add_item(old, by=m.secretariat, kind=ItemKind.STATEMENT, title=f"Uttalelse {i}")
        overdue.append(
            give_advice(
                m.public_arena,
                f"Forsinket råd {i}",
                item=item,
                meeting=old,
                due_on=today - (3 + i) * DAY,
            )
        )
        done = give_advice(m.public_arena, f"Besvart råd {i}", status=AdviceStatus.FOLLOWED)
        AdviceResponse.objects.create(
            advice=done,
            status=AdviceStatus.FOLLOWED,
            text="Tjenesten følger rådet.",
            responded_on=today - (1 + i) * DAY,
        )
        answered.append(done)

        arena = make_arena(m.service, name=f"Utvalg {i}", members_count=5)
        seat(arena, m.member_person, ends_on=today + (30 + i) * DAY)
        CaseProposal.objects.create(
            arena=arena,
            title=f"Forslag {i}",
            problem_why="Fordi.",
            proposed_solution="Slik.",
            proposer_kind=ProposerKind.MEMBER,
            proposer_name="Mona Medlem",
            proposer_email="medlem@example.org",
            submitted_by=m.member,
            status=ProposalStatus.SUBMITTED,
        )
        term_arenas.append(arena)

        request = create_request(
            arena=m.public_arena,
            by=m.secretariat,
            data=request_data(title=f"Kandidater {i}"),
            organisations=[organisation],
        )
        request = open_request(request, by=m.secretariat)
        nominate(
            request=request,
            by=m.org_a.admin,
            organisation=organisation,
            name=f"Kandidat {i}",
            email=f"kandidat{i}@example.org",
        )
        requests.append(request)
    return Rows(soon, past, term_arenas, requests, overdue, answered)


@pytest.fixture
def start_world(followup_world: FollowupWorld) -> FollowupWorld:  # noqa: F811
    umbrella_admin(followup_world)
    return followup_world
