"""A service with a health-trust scheme, an arena with a chair, a member and a deputy,
a meeting last week where the member and the deputy were present, a secretariat and a
payroll clerk of the service, and an outsider."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.arenas.enums import MemberRole
from medvirk.arenas.models import Arena
from medvirk.compensation.domain.rates import add_rate
from medvirk.compensation.domain.schemes import save_scheme
from medvirk.compensation.enums import Regime
from medvirk.compensation.models import Scheme
from medvirk.directory.models import Organisation
from medvirk.meetings.enums import AttendanceRole
from medvirk.meetings.models import Attendance, Meeting
from medvirk.people.models import Person
from tests.arenas.conftest import make_person, seat
from tests.conftest import enable_totp
from tests.factories import RoleFactory, ServiceFactory, UserFactory
from tests.factories.people import ArenaFactory
from tests.meetings.conftest import local_dt

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    service: Organisation
    scheme: Scheme
    arena: Arena
    meeting: Meeting
    member: User
    member_person: Person
    attendance: Attendance
    deputy: User
    deputy_person: Person
    chair: User
    chair_person: Person
    secretariat: User
    payroll: User
    outsider: User


def person_with_account(name: str, email: str) -> tuple[Person, User]:
    user = UserFactory(email=email, name=name)
    person = make_person(name, email=email, user=user)
    return person, user


def meeting_on(arena: Arena, day: datetime.date, hours: float = 2.0) -> Meeting:
    starts = local_dt(day, 10)
    return Meeting.objects.create(
        arena=arena,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=int(hours * 60)),
        place="Sykehuset",
    )


def present(
    meeting: Meeting, person: Person, *, role: str = AttendanceRole.MEMBER, **kw: Any
) -> Attendance:
    return Attendance.objects.create(meeting=meeting, person=person, role=role, present=True, **kw)


@pytest.fixture
def world(db: Any) -> World:
    service = ServiceFactory(name="Helseforetaket")
    scheme = save_scheme(
        service, by=None, regime=Regime.HEALTH_TRUST, pay_code_fee="110", pay_code_travel="720"
    )
    today = timezone.localdate()
    add_rate(
        scheme,
        by=None,
        valid_from=today - datetime.timedelta(days=400),
        hourly_fee=Decimal("500"),
        chair_supplement_percent=Decimal("50"),
        digital_percent=Decimal("50"),
        travel_min_km=Decimal("10"),
        km_rate=Decimal("3.50"),
    )
    arena = ArenaFactory(owner=service, name="Brukerutvalget")
    member_person, member = person_with_account("Mona Medlem", "mona@example.org")
    deputy_person, deputy = person_with_account("Vidar Vara", "vidar@example.org")
    chair_person, chair = person_with_account("Lise Leder", "lise@example.org")
    member_seat = seat(arena, member_person)
    seat(arena, deputy_person, MemberRole.DEPUTY, rank=1)
    seat(arena, chair_person, MemberRole.CHAIR)
    meeting = meeting_on(arena, today - datetime.timedelta(days=7))
    attendance = present(meeting, member_person, membership=member_seat)
    secretariat = UserFactory(email="sekr@example.org")
    RoleFactory(user=secretariat, organisation=service, role=RoleKind.SECRETARIAT)
    enable_totp(secretariat)
    payroll = UserFactory(email="lonn@example.org")
    RoleFactory(user=payroll, organisation=service, role=RoleKind.PAYROLL)
    outsider = UserFactory(email="utenfor@example.org")
    return World(
        service,
        scheme,
        arena,
        meeting,
        member,
        member_person,
        attendance,
        deputy,
        deputy_person,
        chair,
        chair_person,
        secretariat,
        payroll,
        outsider,
    )
