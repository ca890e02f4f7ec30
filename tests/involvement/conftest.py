"""The involvement log's world: the follow-up world (a service with a public and a
private arena, a past meeting with statement items) plus one of each source the log
collects from, all dated in the test day's year."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from medvirk.appointments.enums import RequestStatus
from medvirk.appointments.models import AppointmentRequest, Decision
from medvirk.arenas.enums import Influence, Level
from medvirk.experiences.models import ExperienceCall
from medvirk.followup.models import Advice
from medvirk.involvement.enums import EntryKind
from medvirk.involvement.models import InvolvementEntry
from medvirk.meetings.enums import AttendanceRole
from medvirk.meetings.models import Attendance, Meeting
from medvirk.people.models import TrainingRecord
from medvirk.surveys.models import Survey
from tests.factories.experiences import ExperienceCallFactory, ExperienceFactory
from tests.factories.people import CourseFactory
from tests.factories.surveys import SurveyFactory
from tests.followup.conftest import (  # noqa: F401 - fixtures re-exported for this package
    FOLLOWUP_PERSONAS,
    FollowupWorld,
    followup_world,
    meeting_world,
)
from tests.followup.test_accountability_world import make_advice
from tests.meetings.conftest import make_meeting


@dataclass
class LogWorld:
    f: FollowupWorld
    held: Meeting  # the past meeting, with two present
    private_held: Meeting  # a past meeting in the private arena
    advice: Advice
    call: ExperienceCall
    survey: Survey
    decision: Decision
    training: TrainingRecord
    hand_made: InvolvementEntry

    @property
    def service(self):  # type: ignore[no-untyped-def]
        return self.f.m.service

    def client(self, persona: str):  # type: ignore[no-untyped-def]
        return self.f.client(persona)


def recent(days: int) -> datetime.date:
    """A day ``days`` before today, kept inside today's year (the log is read by year)."""
    today = timezone.localdate()
    return max(today - datetime.timedelta(days=days), datetime.date(today.year, 1, 1))


@pytest.fixture
def log_world(followup_world: FollowupWorld) -> LogWorld:  # noqa: F811
    w = followup_world.m
    held = followup_world.past_meeting
    for person, membership in (
        (w.member_person, w.member_seat),
        (w.second_member_person, w.second_member_person.memberships.get(arena=w.public_arena)),
    ):
        Attendance.objects.create(
            meeting=held,
            person=person,
            membership=membership,
            role=AttendanceRole.MEMBER,
            present=True,
        )
    private_held = make_meeting(w.private_arena, recent(5))
    advice = make_advice(w.public_arena, "Teleslynge i klasserommene", recent(9))
    today = timezone.localdate()
    call = ExperienceCallFactory(
        organisation=w.service, opens_on=recent(20), closes_on=today, title="Transport"
    )
    ExperienceFactory(call=call)
    ExperienceFactory(call=call)
    survey = SurveyFactory(
        organisation=w.service, opens_on=recent(15), closes_on=today, title_nb="Hjemmetjenesten"
    )
    request = AppointmentRequest.objects.create(
        arena=w.public_arena,
        title="Nye medlemmer til brukerutvalget",
        member_seats=2,
        term_starts_on=today,
        term_ends_on=today + datetime.timedelta(days=700),
        deadline=recent(3),
        status=RequestStatus.DECIDED,
    )
    decision = Decision.objects.create(request=request, decided_by=w.secretariat)
    training = TrainingRecord.objects.create(
        person=w.member_person,
        course=CourseFactory(name_nb="Grunnkurs for brukerrepresentanter"),
        completed_on=recent(1),
    )
    hand_made = InvolvementEntry.objects.create(
        service=w.service,
        date=recent(2),
        title="Arbeidsgruppe for ny hjemmeside",
        kind=EntryKind.PROJECT_GROUP,
        level=Level.SERVICE,
        degree=Influence.DIALOGUE,
        project="Ny hjemmeside",
        created_by=w.secretariat,
    )
    return LogWorld(
        f=followup_world,
        held=held,
        private_held=private_held,
        advice=advice,
        call=call,
        survey=survey,
        decision=decision,
        training=training,
        hand_made=hand_made,
    )
