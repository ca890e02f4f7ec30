"""Statements of the claim page and the payroll page per persona that can see them: the
same with one row as with four (claim lines; approved claims, exports and yearly totals)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from medvirk.compensation.domain import claims as domain
from medvirk.compensation.domain.payroll import export_period
from medvirk.compensation.models import Claim
from tests.compensation.conftest import World, meeting_on, present
from tests.meetings.attendance_helpers import fresh


def _count(user: Any, url: str) -> int:
    client = Client()
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _claim_with_lines(world: World, trips: int) -> Claim:
    domain.ensure_draft_claims(world.member_person)
    claim = Claim.objects.get(attendance=world.attendance)
    for number in range(trips):
        domain.add_travel(
            claim,
            by=fresh(world.member),
            from_place=f"Sted {number}",
            to_place="Sykehuset",
            km=Decimal(20 + number),
        )
    domain.submit_claim(claim, by=fresh(world.member))
    return claim


@pytest.mark.parametrize("persona", ["member", "chair", "secretariat", "payroll"])
def test_claim_page_statements_are_constant_in_lines(world: World, persona: str) -> None:
    claim = _claim_with_lines(world, 1)
    user = getattr(world, persona)
    one = _count(user, claim.get_absolute_url())
    for number in range(3):
        Claim.objects.filter(pk=claim.pk).update(status="draft")
        domain.add_travel(
            claim, by=fresh(world.member), from_place=f"Mer {number}", to_place="X", km=30
        )
    domain.submit_claim(Claim.objects.get(pk=claim.pk), by=fresh(world.member))
    assert claim.lines.count() >= 4
    assert _count(user, claim.get_absolute_url()) == one


def _paid_and_approved(world: World, rows: int) -> None:
    """``rows`` claims approved a month ago and exported, and ``rows`` approved unpaid."""
    for number in range(rows * 2):
        meeting = meeting_on(
            world.arena, timezone.localdate() - datetime.timedelta(days=40 + number)
        )
        present(meeting, world.member_person)
    domain.ensure_draft_claims(world.member_person)
    claims = list(Claim.objects.filter(person=world.member_person).order_by("meeting__starts_at"))
    for claim in claims[: rows * 2]:
        domain.submit_claim(claim, by=fresh(world.member))
        domain.decide_claim(claim, by=fresh(world.chair), rejected={})
    old = claims[:rows]
    Claim.objects.filter(pk__in=[c.pk for c in old]).update(
        decided_at=timezone.now() - datetime.timedelta(days=30)
    )
    start = timezone.localdate() - datetime.timedelta(days=35)
    export_period(
        world.service,
        by=fresh(world.payroll),
        start=start,
        end=timezone.localdate() - datetime.timedelta(days=25),
    )


def test_payroll_page_statements_are_constant_in_rows(world: World) -> None:
    _paid_and_approved(world, 1)
    one = _count(world.payroll, f"/godtgjoring/lonn/{world.service.pk}/")
    _extra(world, 4)
    page = f"/godtgjoring/lonn/{world.service.pk}/"
    assert _count(world.payroll, page) == one


def _extra(world: World, rows: int) -> None:
    """More approved claims of other people and a second export."""
    from tests.compensation.conftest import person_with_account

    for number in range(rows):
        person, _user = person_with_account(f"Per {number}", f"per{number}@example.org")
        meeting = meeting_on(
            world.arena, timezone.localdate() - datetime.timedelta(days=60 + number)
        )
        present(meeting, person)
        domain.ensure_draft_claims(person)
        claim = Claim.objects.get(person=person)
        domain.submit_claim(claim, by=fresh(_user))
        domain.decide_claim(claim, by=fresh(world.chair), rejected={})
    first = list(
        Claim.objects.filter(person__name__startswith="Per ").values_list("pk", flat=True)[
            : rows - 1
        ]
    )
    Claim.objects.filter(pk__in=first).update(
        decided_at=timezone.now() - datetime.timedelta(days=20)
    )
    export_period(
        world.service,
        by=fresh(world.payroll),
        start=timezone.localdate() - datetime.timedelta(days=21),
        end=timezone.localdate() - datetime.timedelta(days=15),
    )
