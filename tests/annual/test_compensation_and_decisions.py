"""The joins of issue 17 and the end of issue 16 in the annual report: compensation
totals per arena (approved and paid only, never per person) and the final decisions on
the year's advice (counted by followup.figures)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from medvirk.annual.domain.reports import approve_report, publish_report
from medvirk.annual.figures import year_figures
from medvirk.compensation.enums import ClaimStatus, LineKind, LineStatus
from medvirk.compensation.models import Claim, ClaimLine
from medvirk.followup.enums import DecisionOutcome
from medvirk.followup.models import FinalDecision
from medvirk.meetings.models import Attendance, Meeting
from medvirk.people.models import Person
from tests.annual.conftest import YEAR, AnnualWorld, attend, d
from tests.followup.test_accountability_world import make_advice
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


def claim(
    meeting: Meeting,
    person: Person,
    status: str,
    lines: list[tuple[str, str, str]],
    *,
    corrects: Claim | None = None,
) -> Claim:
    """A claim with ``lines`` of (kind, amount, line status), for a present attendance."""
    attendance = Attendance.objects.filter(meeting=meeting, person=person).first()
    if attendance is None:
        attendance = attend(meeting, person, present=True)
    made = Claim.objects.create(
        person=person,
        attendance=attendance,
        meeting=meeting,
        organisation=meeting.arena.owner,
        status=status,
        corrects=corrects,
    )
    for position, (kind, amount, line_status) in enumerate(lines):
        ClaimLine.objects.create(
            claim=made,
            kind=kind,
            position=position,
            amount=Decimal(amount),
            status=line_status,
        )
    return made


A = LineStatus.APPROVED


def paid_and_unpaid(w: AnnualWorld) -> None:
    """Approved 1 234,50 (fee 1 000 + travel 234,50; a rejected lost-earnings line),
    paid 765,50 (fee 500 + lost earnings 265,50), a sent claim and a paid one for a
    meeting of another year that must not count."""
    claim(
        w.spring,
        w.chair,
        ClaimStatus.APPROVED,
        [
            (LineKind.FEE, "1000.00", A),
            (LineKind.TRAVEL, "234.50", A),
            (LineKind.LOST_EARNINGS, "900.00", LineStatus.REJECTED),
        ],
    )
    claim(
        w.autumn,
        w.deputy,
        ClaimStatus.PAID,
        [(LineKind.FEE, "500.00", A), (LineKind.LOST_EARNINGS, "265.50", A)],
    )
    claim(w.spring, w.short, ClaimStatus.SUBMITTED, [(LineKind.FEE, "7777.00", LineStatus.OPEN)])
    other_year = make_meeting(w.arena, datetime.date(YEAR + 1, 2, 2))
    claim(other_year, w.chair, ClaimStatus.PAID, [(LineKind.FEE, "3333.00", A)])


def test_compensation_counts_approved_and_paid_lines_of_the_years_meetings(
    annual_world: AnnualWorld,
) -> None:
    w = annual_world
    paid_and_unpaid(w)
    # A returned and a draft claim (other people, other meetings) do not count either.
    claim(w.autumn, w.chair, ClaimStatus.RETURNED, [(LineKind.FEE, "4444.00", LineStatus.OPEN)])
    late = Attendance.objects.get(meeting=w.autumn, present=True, role="member").person
    claim(w.autumn, late, ClaimStatus.DRAFT, [(LineKind.TRAVEL, "5555.00", LineStatus.OPEN)])
    found = year_figures(arena_id=w.arena.pk, service_id=None, year=YEAR)["compensation"]
    assert found == {
        "arenas": [
            {
                "arena": w.arena.name,
                "fee": "1500.00",
                "travel": "234.50",
                "lost_earnings": "265.50",
                "total": "2000.00",
            }
        ],
        "total": {
            "fee": "1500.00",
            "travel": "234.50",
            "lost_earnings": "265.50",
            "total": "2000.00",
        },
    }


def test_a_service_report_totals_each_arena_and_the_whole(annual_world: AnnualWorld) -> None:
    w = annual_world
    paid_and_unpaid(w)
    found = year_figures(arena_id=None, service_id=w.m.service.pk, year=YEAR)["compensation"]
    assert [line["arena"] for line in found["arenas"]] == [w.arena.name]
    assert found["total"]["total"] == "2000.00"


def test_no_compensation_no_section(annual_world: AnnualWorld) -> None:
    w = annual_world
    claim(w.spring, w.chair, ClaimStatus.SUBMITTED, [(LineKind.FEE, "100.00", LineStatus.OPEN)])
    assert year_figures(arena_id=w.arena.pk, service_id=None, year=YEAR)["compensation"] is None
    html = w.client("secretariat").get(w.report().get_absolute_url()).content.decode()
    assert 'id="annual-compensation"' not in html


def _published(w: AnnualWorld):  # type: ignore[no-untyped-def]
    report = w.report()
    approve_report(report, by=w.secretariat)
    publish_report(report, by=w.secretariat)
    report.refresh_from_db()
    return report


def _section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]


def test_the_public_page_shows_totals_and_never_a_persons_name_or_amount(
    annual_world: AnnualWorld,
) -> None:
    w = annual_world
    paid_and_unpaid(w)
    report = _published(w)
    html = w.client("anonymous").get(report.get_absolute_url()).content.decode()
    section = _section(html, "annual-compensation")
    assert "2\xa0000,00" in section or "2 000,00" in section
    assert "1\xa0500,00" in section or "1 500,00" in section
    for person in (w.chair, w.deputy, w.short):
        assert person.name not in section
    # The chair's approved claim (1 234,50) and the deputy's paid one (765,50) are
    # nowhere on the page, nor anything not approved.
    for amount in ("1\xa0234,50", "1 234,50", "765,50", "7\xa0777", "3\xa0333"):
        assert amount not in html
    assert "Beløp per person vises ikke" in section


def test_csv_and_xlsx_hold_the_compensation_table(annual_world: AnnualWorld) -> None:
    w = annual_world
    paid_and_unpaid(w)
    report = _published(w)
    client = w.client("anonymous")
    csv = b"".join(client.get(reverse("annual:csv", args=[report.pk])).streaming_content).decode(
        "utf-8-sig"
    )
    assert "Godtgjøring godkjent for årets møter, i kroner" in csv
    assert w.chair.name + ";" not in csv.split("Godtgjøring godkjent")[1]
    book = load_workbook(io.BytesIO(client.get(reverse("annual:xlsx", args=[report.pk])).content))
    sheet = next(name for name in book.sheetnames if name.startswith("Godtgjøring godkjent"))
    rows = list(book[sheet].iter_rows(values_only=True))
    assert rows[0][0] == "Arena"
    assert rows[1][0] == w.arena.name
    assert len(rows) == 2


def test_the_figures_and_the_draft_page_do_not_grow_with_the_claims(
    annual_world: AnnualWorld,
) -> None:
    w = annual_world
    claim(w.spring, w.chair, ClaimStatus.APPROVED, [(LineKind.FEE, "10.00", A)])
    report = w.report()
    client = w.client("secretariat")

    def count() -> tuple[int, int]:
        cache.clear()
        with CaptureQueriesContext(connection) as figures:
            year_figures(arena_id=w.arena.pk, service_id=None, year=YEAR)
        cache.clear()
        with CaptureQueriesContext(connection) as page:
            assert client.get(report.get_absolute_url()).status_code == 200
        return len(figures), len(page)

    count()
    first = count()
    claim(w.autumn, w.deputy, ClaimStatus.PAID, [(LineKind.TRAVEL, "20.00", A)] * 3)
    late = Attendance.objects.get(meeting=w.autumn, present=True, role="member").person
    claim(w.autumn, late, ClaimStatus.APPROVED, [(LineKind.LOST_EARNINGS, "30.00", A)] * 2)
    assert count() == first


def test_the_advice_section_shows_the_final_decisions(annual_world: AnnualWorld) -> None:
    w = annual_world
    first = make_advice(w.arena, "Første råd", d(3, 1))
    second = make_advice(w.arena, "Andre råd", d(5, 1))
    make_advice(w.arena, "Tredje råd", d(12, 1))
    FinalDecision.objects.create(advice=first, decided_on=d(6, 1), outcome=DecisionOutcome.IN_LINE)
    FinalDecision.objects.create(
        advice=second, decided_on=datetime.date(YEAR + 1, 1, 15), outcome=DecisionOutcome.AGAINST
    )
    figures = year_figures(arena_id=w.arena.pk, service_id=None, year=YEAR)
    assert figures["advice"]["decided"] == 2
    assert figures["advice"]["decided_in_line"] == 1
    assert figures["advice"]["decided_against"] == 1
    report = _published(w)
    html = w.client("anonymous").get(report.get_absolute_url()).content.decode()
    section = _section(html, "annual-advice")
    assert "Endelig vedtak fattet" in section
    assert "2 (67\xa0%)" in section
    assert "Vedtatt i tråd med rådet" in section
    assert "Vedtatt i strid med rådet" in section
    csv = b"".join(
        w.client("anonymous").get(reverse("annual:csv", args=[report.pk])).streaming_content
    ).decode("utf-8-sig")
    assert "Rådene gitt i året etter endelig vedtak" in csv
    assert "Vedtatt i tråd med rådet;1" in csv


def test_a_version_frozen_before_decisions_reads_zero(annual_world: AnnualWorld) -> None:
    from medvirk.annual import present

    figures = year_figures(arena_id=annual_world.arena.pk, service_id=None, year=YEAR)
    for key in [k for k in figures["advice"] if k.startswith("decided")]:
        del figures["advice"][key]
    figures.pop("compensation")
    assert present.decision_summary(figures)[0][1].startswith("0 ")
    assert present.compensation_table(figures) is None
