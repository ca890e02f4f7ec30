"""The representative's "due now", the organisation's year, and the follow-up section of
the meeting page: who sees what, content, empty states and query counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medvirk.arenas.models import Arena
from medvirk.followup.enums import AddresseeKind, AdviceStatus
from medvirk.followup.models import Advice, AdviceResponse, OrganisationInput
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.enums import AttendanceRole, ProposalStatus, ProposerKind
from medvirk.meetings.models import AgendaItem, Attendance, CaseProposal, Meeting
from medvirk.people.models import Person
from tests.arenas.conftest import make_arena, make_person, seat
from tests.followup.conftest import FOLLOWUP_PERSONAS, FollowupWorld
from tests.followup.test_reports_support import (
    DAY,
    PUBLIC_ITEM,
    Upcoming,
    fresh,
    make_report,
    publish_upcoming,
    text,
)
from tests.meetings.conftest import make_meeting
from tests.periodic import request_reports

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
DUE_NOW = reverse("followup:due_now")
INPUT_TEXT = "Husk å spørre om armlener på benkene."


def advice(arena: Arena, title: str, *, is_public: bool = True, **fields: Any) -> Advice:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "arena": arena,
        "title": title,
        "text": "Rådet mener noe.",
        "addressee_kind": AddresseeKind.DECISION_MAKER,
        "addressee_name": "Dina Direktør",
        "given_on": today - 20 * DAY,
        "due_on": today + 20 * DAY,
        "is_public": is_public,
    }
    values.update(fields)
    return Advice.objects.create(**values)


def answer(item: Advice, days_ago: int, status: str = AdviceStatus.FOLLOWED) -> AdviceResponse:
    item.status = status
    item.save()
    return AdviceResponse.objects.create(
        advice=item,
        status=status,
        text="Tjenesten følger rådet.",
        responded_on=timezone.localdate() - days_ago * DAY,
    )


def proposal(
    arena: Arena, user: Any, title: str, status: str = ProposalStatus.SUBMITTED, **kw: Any
):
    return CaseProposal.objects.create(
        arena=arena,
        title=title,
        problem_why="Fordi.",
        proposed_solution="Slik.",
        proposer_kind=kw.pop("proposer_kind", ProposerKind.MEMBER),
        proposer_name="Mona Medlem",
        proposer_email="medlem@example.org",
        submitted_by=user,
        status=status,
        **kw,
    )


def org_input(up: Upcoming, person: Person, w: FollowupWorld, item: AgendaItem | None = None):
    return OrganisationInput.objects.create(
        meeting=up.meeting,
        item=item or up.public,
        organisation=w.m.org_a.organisation,
        person=person,
        text=INPUT_TEXT,
        author=w.m.org_a.admin,
    )


# -- "Due now" ---------------------------------------------------------------------------


@pytest.fixture
def due_world(followup_world: FollowupWorld) -> tuple[FollowupWorld, Upcoming]:
    w = followup_world
    up = publish_upcoming(w)
    request_reports()
    answer(advice(w.m.public_arena, "Råd om teleslynge"), days_ago=3)
    answer(advice(w.m.public_arena, "Gammelt svar"), days_ago=40)
    answer(advice(w.m.private_arena, "Lukket råd", is_public=False), days_ago=2)
    other = make_arena(w.m.service, name="Eldrerådet")
    answer(advice(other, "Råd fra en annen arena"), days_ago=1)
    proposal(w.m.public_arena, w.m.member, "Mitt åpne forslag")
    proposal(w.m.public_arena, w.m.member, "Mitt avviste forslag", ProposalStatus.DECLINED)
    proposal(w.m.public_arena, w.m.deputy, "Varas forslag")
    org_input(up, w.m.member_person, w)
    return w, up


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_due_now_persona_matrix(due_world: tuple[FollowupWorld, Upcoming], persona: str) -> None:
    w, _up = due_world
    response = w.client(persona).get(DUE_NOW)
    if persona == "anonymous":
        assert response.status_code == 302 and response.url.startswith(LOGIN)
        return
    assert response.status_code == 200
    body = text(response)
    is_member = persona == "member"
    assert ("Skriv tilbakemelding fra Brukerutvalget" in body) == (persona in ("member", "deputy"))
    assert ("Råd om teleslynge" in body) == (persona in ("member", "deputy"))
    assert ("Lukket råd" in body) == is_member  # private arena, member sits there
    assert "Gammelt svar" not in body  # older than 30 days
    assert "Råd fra en annen arena" not in body  # not an arena the person sits in
    assert ("Mitt åpne forslag" in body) == is_member
    assert "Mitt avviste forslag" not in body
    assert ("Varas forslag" in body) == (persona == "deputy")
    assert (INPUT_TEXT in body) == is_member
    assert "Råd fra en annen arena" not in body
    if persona in ("admin_a", "admin_b", "secretariat", "platform_admin", "member_a"):
        assert "Du har ingen tilbakemeldinger å skrive." in body
        assert "Du sitter ikke i noen arena nå" in body
        assert "Du har ingen saksforslag som venter." in body
        assert "Du har ikke fått innspill til møtene som kommer." in body


def test_due_now_newest_meeting_first_and_submitted_gone(
    due_world: tuple[FollowupWorld, Upcoming],
) -> None:
    w, _up = due_world
    older = make_meeting(w.m.public_arena, timezone.localdate() - 12 * DAY)
    older.agenda_published_at = older.starts_at - 10 * DAY
    older.save()
    request_reports()
    body = text(w.client("member").get(DUE_NOW))
    newest = f"Brukerutvalget {w.past_meeting.local_date:%d.%m.%Y}"
    oldest = f"Brukerutvalget {older.local_date:%d.%m.%Y}"
    assert body.index(newest) < body.index(oldest)
    from medvirk.followup.models import Report

    Report.objects.filter(meeting=older).update(status="submitted")
    body = text(w.client("member").get(DUE_NOW))
    assert oldest not in body


def _due_queries(w: FollowupWorld) -> int:
    client = w.client("member")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(DUE_NOW)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_due_now_query_count_does_not_grow(due_world: tuple[FollowupWorld, Upcoming]) -> None:
    w, up = due_world
    one = _due_queries(w)
    for n in range(49):
        meeting = make_meeting(w.m.public_arena, timezone.localdate() - (n + 11) * DAY)
        make_report(w, meeting=meeting, submitted=False)
        answer(advice(w.m.public_arena, f"Råd {n}"), days_ago=n % 20)
        proposal(w.m.public_arena, w.m.member, f"Forslag {n}")
        org_input(up, w.m.member_person, w)
    assert _due_queries(w) == one
    body = text(w.client("member").get(DUE_NOW))
    assert "Råd 48" in body and "Forslag 48" in body


# -- The organisation's year ----------------------------------------------------------------

YEAR_PAGE = dict.fromkeys(FOLLOWUP_PERSONAS, 403) | {
    "anonymous": "login",
    "admin_a": 200,
}


def year_url(w: FollowupWorld, year: int | None = None) -> str:
    path = reverse("followup:org_year", kwargs={"org_pk": w.m.org_a.organisation.pk})
    return path if year is None else f"{path}?ar={year}"


@pytest.fixture
def year_world(followup_world: FollowupWorld) -> FollowupWorld:
    w = followup_world
    past = w.past_meeting
    Attendance.objects.create(
        meeting=past, person=w.m.member_person, role=AttendanceRole.MEMBER, present=True
    )
    Attendance.objects.create(
        meeting=past, person=w.m.second_member_person, role=AttendanceRole.MEMBER, present=False
    )
    make_report(w)  # Mona: submitted
    make_report(w, w.m.second_member_person, submitted=False)
    proposal(w.m.public_arena, w.m.member, "Monas eget forslag")
    proposal(
        w.m.public_arena,
        w.m.org_a.admin,
        "Forslag fra organisasjonen",
        ProposalStatus.ACCEPTED,
        organisation=w.m.org_a.organisation,
        proposer_kind=ProposerKind.ORGANISATION,
    )
    proposal(
        w.m.public_arena, w.m.org_b.admin, "Forslag fra B", organisation=w.m.org_b.organisation
    )
    advice(w.m.public_arena, "Offentlig råd", given_on=past.local_date, status=AdviceStatus.PARTLY)
    advice(w.m.private_arena, "Råd i lukket arena", is_public=False, given_on=past.local_date)
    return w


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_org_year_persona_matrix(year_world: FollowupWorld, persona: str) -> None:
    w = year_world
    response = w.client(persona).get(year_url(w, w.past_meeting.local_date.year))
    expected = YEAR_PAGE[persona]
    if expected == "login":
        assert response.status_code == 302 and response.url.startswith(LOGIN)
        return
    assert response.status_code == expected
    assert ("Mona Medlem" in text(response)) == (expected == 200)


def row_of(html: str, marker: str) -> str:
    start = html.rindex("<tr", 0, html.index(marker))
    return html[start : html.index("</tr>", start)]


def test_org_year_content(year_world: FollowupWorld) -> None:
    w = year_world
    year = w.past_meeting.local_date.year
    body = text(w.client("admin_a").get(year_url(w, year)))
    assert f"Dette gjorde representantene for Organisasjon A i {year}" in body
    mona = row_of(body, '<th scope="row">Mona Medlem')
    assert "Brukerutvalget" in mona and "Lukket referansegruppe" in mona
    assert "<td>1 / 1</td>" in mona  # attended / held
    assert "<td>1 / 1</td>" in mona.split("</td>", 2)[-1]  # reports submitted / requested
    assert "sendt inn: 1" in mona  # her own proposal, counted by status only
    assert "oppmøte ikke registrert" not in body
    sigurd = row_of(body, '<th scope="row">Sigurd Sekundær')
    assert "<td>0 / 1</td>" in sigurd
    # Proposals listed: the organisation's; not Mona's own (not ours to read), not B's.
    assert "Forslag fra organisasjonen" in body
    assert "Monas eget forslag" not in body
    assert "Forslag fra B" not in body
    # Advice: the public one in a represented arena, not the private arena's.
    assert "Offentlig råd" in body and "Delvis fulgt" in body
    assert "Råd i lukket arena" not in body


def test_org_year_says_when_attendance_was_not_recorded(followup_world: FollowupWorld) -> None:
    w = followup_world
    year = w.past_meeting.local_date.year
    body = text(w.client("admin_a").get(year_url(w, year)))
    mona = row_of(body, '<th scope="row">Mona Medlem')
    assert "0 / 1" in mona
    assert "oppmøte ikke registrert for 1 møte" in mona
    # The totals: the two members; the deputies were not called in, so they were not
    # expected at the meeting (test_org_year_deputies.py).
    assert "oppmøte ikke registrert for 2 møter" in body
    vera = row_of(body, '<th scope="row">Vera Vara')
    assert "0 / 0" in vera and "oppmøte ikke registrert" not in vera


def test_org_year_follows_changes_at_once(followup_world: FollowupWorld) -> None:
    """The year's table, figures and lists are cached per organisation; attendance,
    reports, advice and a renamed representative in its arenas retire them at once."""
    w = followup_world
    year = w.past_meeting.local_date.year
    client = w.client("admin_a")
    mona = row_of(text(client.get(year_url(w, year))), '<th scope="row">Mona Medlem')
    assert "0 / 1" in mona and "oppmøte ikke registrert for 1 møte" in mona
    Attendance.objects.create(
        meeting=w.past_meeting, person=w.m.member_person, role=AttendanceRole.MEMBER, present=True
    )
    make_report(w)
    advice(w.m.public_arena, "Nytt råd", given_on=w.past_meeting.local_date)
    w.m.member_person.name = "Mona Medlem-Hansen"
    w.m.member_person.save()
    body = text(client.get(year_url(w, year)))
    mona = row_of(body, '<th scope="row">Mona Medlem-Hansen')
    assert "<td>1 / 1</td>" in mona
    assert "oppmøte ikke registrert for 1 møte" not in mona
    assert "<td>1 / 1</td>" in mona.split("</td>", 2)[-1]  # the report
    assert "Nytt råd" in body


def test_org_year_other_year_and_bad_year(year_world: FollowupWorld) -> None:
    w = year_world
    client = w.client("admin_a")
    this_year = timezone.localdate().year
    quiet = this_year - 5
    body = text(client.get(year_url(w, quiet)))
    assert f"Organisasjonen hadde ingen representanter i noen arena i {quiet}." in body
    assert f"ga ingen råd i {quiet} som du kan se" in body
    body = text(client.get(year_url(w) + "?ar=tull"))
    assert f"i {this_year}</h1>" in body


def test_org_year_query_count_does_not_grow(year_world: FollowupWorld) -> None:
    w = year_world
    year = w.past_meeting.local_date.year
    client = w.client("admin_a")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(year_url(w, year))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    baseline = count()
    extra = make_arena(w.m.service, name="Eldrerådet")
    for n in range(30):
        person = make_person(f"Rep {n:02d}", user=None)
        seat(extra if n % 2 else w.m.public_arena, person, represents=w.m.org_a.organisation)
        make_report(w, person, submitted=n % 3 == 0)
        Attendance.objects.create(
            meeting=w.past_meeting, person=person, role=AttendanceRole.MEMBER, present=True
        )
    assert count() == baseline


# -- The section on the meeting page ----------------------------------------------------------


def meeting_page(w: FollowupWorld, persona: str, meeting: Meeting) -> str:
    response = w.client(persona).get(reverse("meetings:detail", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    return text(response)


@pytest.mark.parametrize("persona", [p for p in FOLLOWUP_PERSONAS if p != "anonymous"])
def test_section_before_the_meeting(followup_world: FollowupWorld, persona: str) -> None:
    w = followup_world
    up = publish_upcoming(w)
    org_input(up, w.m.member_person, w)
    body = meeting_page(w, persona, up.meeting)
    has_section = persona in ("member", "deputy", "admin_a")
    assert ('id="followup-heading"' in body) == has_section
    assert (INPUT_TEXT in body) == (persona == "member")
    if persona == "member":
        assert f"Sak {up.public.case_number} {PUBLIC_ITEM}" in body
        assert "Fra Organisasjon A" in body
    if persona == "deputy":
        assert "Organisasjonen du representerer har ikke sendt innspill" in body
    link = reverse("followup:input_create", kwargs={"meeting_pk": up.meeting.pk})
    assert (link in body) == (persona == "admin_a")
    assert ("Gi innspill til representanten" in body) == (persona == "admin_a")


def test_section_anonymous_sees_nothing(followup_world: FollowupWorld) -> None:
    w = followup_world
    up = publish_upcoming(w)
    org_input(up, w.m.member_person, w)
    body = meeting_page(w, "anonymous", up.meeting)
    assert 'id="followup-heading"' not in body and INPUT_TEXT not in body


def test_section_no_input_link_before_the_agenda_is_published(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    body = meeting_page(w, "admin_a", w.m.meeting)
    assert "Gi innspill til representanten" not in body


@pytest.mark.parametrize("persona", [p for p in FOLLOWUP_PERSONAS if p != "anonymous"])
def test_section_after_the_meeting(followup_world: FollowupWorld, persona: str) -> None:
    w = followup_world
    request_reports()
    body = meeting_page(w, persona, w.past_meeting)
    writers = ("member", "deputy")
    assert ('id="followup-heading"' in body) == (persona in writers)
    assert ("Skriv tilbakemelding" in body) == (persona in writers)
    assert "Gi innspill til representanten" not in body


def test_section_after_submitting_links_to_the_report(followup_world: FollowupWorld) -> None:
    w = followup_world
    report = make_report(w, confidential=True)
    body = meeting_page(w, "member", w.past_meeting)
    assert reverse("followup:report_detail", kwargs={"pk": report.pk}) in body
    assert "Endre tilbakemeldingen" in body and "Fortrolig" in body


def render_section(user: Any, meeting: Meeting) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load followup_tags %}{% followup_section meeting %}")
    return template.render(Context({"request": request, "meeting": meeting}))


def test_section_query_count_does_not_grow(followup_world: FollowupWorld) -> None:
    w = followup_world
    up = publish_upcoming(w)
    org_input(up, w.m.member_person, w)

    def count() -> tuple[int, str]:
        user = fresh(w.m.member)
        with CaptureQueriesContext(connection) as ctx:
            html = render_section(user, up.meeting)
        return len(ctx.captured_queries), html

    one, html = count()
    assert html.count(INPUT_TEXT) == 1
    for n in range(19):
        item = add_item(up.meeting, by=w.m.secretariat, kind="discussion", title=f"Sak nr {n}")
        org_input(up, w.m.member_person, w, item)
    many, html = count()
    assert many == one
    assert html.count(INPUT_TEXT) == 20
    # The admin's link costs a fixed number of queries too.
    admin = fresh(w.m.org_a.admin)
    with CaptureQueriesContext(connection) as ctx:
        assert "Gi innspill til representanten" in render_section(admin, up.meeting)
    assert len(ctx.captured_queries) <= 4


def test_section_tells_the_time_of_day_in_oslo(followup_world: FollowupWorld) -> None:
    """Inputs carry their local date, not UTC's."""
    w = followup_world
    up = publish_upcoming(w)
    created = org_input(up, w.m.member_person, w)
    late = timezone.make_aware(datetime.datetime(2026, 3, 3, 0, 30))  # 23:30 UTC the day before
    OrganisationInput.objects.filter(pk=created.pk).update(created_at=late)
    html = render_section(fresh(w.m.member), up.meeting)
    assert "Fra Organisasjon A, 03.03.2026" in html
