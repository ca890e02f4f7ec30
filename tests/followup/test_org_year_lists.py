"""The organisation's year at scale: the proposals and advice are read a page at a time,
the most urgent first, with figures from one aggregate each and a statement count that
does not grow with the rows."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from medvirk.followup.enums import AdviceStatus
from medvirk.followup.models import Advice
from medvirk.followup.views_reports import YEAR_ROWS_SHOWN
from medvirk.meetings.enums import ProposalStatus, ProposerKind
from tests.followup.conftest import FollowupWorld
from tests.followup.test_dashboards import advice, proposal, year_url

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def section(html: str, heading: str) -> str:
    start = html.index(f'id="{heading}"')
    return html[start : html.index("</section>", start)]


def titles(html: str, prefix: str) -> list[str]:
    return re.findall(rf">({prefix} \d{{3}})</a>", html)


def get(w: FollowupWorld, query: str = "") -> str:
    year = w.past_meeting.local_date.year
    response = w.client("admin_a").get(year_url(w, year) + query)
    assert response.status_code == 200
    return response.content.decode()


def many_advice(w: FollowupWorld, due_in: list[int], *, answered: bool = False) -> None:
    today = timezone.localdate()
    for i, days in enumerate(due_in):
        advice(
            w.m.public_arena,
            f"{'Besvart' if answered else 'Råd'} {i:03d}",
            given_on=w.past_meeting.local_date,
            due_on=today + days * DAY,
            status=AdviceStatus.FOLLOWED if answered else AdviceStatus.SENT,
        )


def many_proposals(w: FollowupWorld, count: int, status: str = ProposalStatus.SUBMITTED) -> None:
    prefix = "Åpent" if status == ProposalStatus.SUBMITTED else "Behandlet"
    for i in range(count):
        proposal(
            w.m.public_arena,
            w.m.org_a.admin,
            f"{prefix} {i:03d}",
            status,
            organisation=w.m.org_a.organisation,
            proposer_kind=ProposerKind.ORGANISATION,
        )


def test_advice_list_is_bounded_overdue_first_and_pages_on(followup_world: FollowupWorld) -> None:
    w = followup_world
    many_advice(w, [-1 - (i % 9) for i in range(YEAR_ROWS_SHOWN + 4)] + [3, 1, 2])
    many_advice(w, [-30, -31], answered=True)  # answered: never overdue, listed last
    html = section(get(w), "advice-heading")
    shown = titles(html, "Råd")
    assert len(shown) == YEAR_ROWS_SHOWN
    assert html.count("Frist passert</span>") == YEAR_ROWS_SHOWN  # every row overdue
    total = YEAR_ROWS_SHOWN + 9
    assert f"{total} råd:" in html
    assert f"Frist passert: {YEAR_ROWS_SHOWN + 4}" in html
    assert f"Sendt, venter på svar: {YEAR_ROWS_SHOWN + 7}" in html and "Fulgt: 2" in html
    assert 'aria-label="Sider med råd"' in html and 'aria-current="page">Side 1 av 2<' in html
    rest = section(get(w, "&radside=2"), "advice-heading")
    following = titles(rest, "Råd")
    assert len(following) == 7
    assert set(shown) | set(following) == {f"Råd {i:03d}" for i in range(YEAR_ROWS_SHOWN + 7)}
    # After the overdue: the waiting by due date, then the answered.
    assert following[-3:] == [f"Råd {YEAR_ROWS_SHOWN + n:03d}" for n in (5, 6, 4)]
    assert rest.index("Råd ") < rest.index("Besvart 001") < rest.index("Besvart 000")
    assert 'aria-current="page">Side 2 av 2<' in rest


def test_advice_overdue_rows_come_by_due_date(followup_world: FollowupWorld) -> None:
    w = followup_world
    due_in = [5, -2, -40, 0, -7]
    many_advice(w, due_in)
    shown = titles(section(get(w), "advice-heading"), "Råd")
    assert shown == [f"Råd {i:03d}" for i in sorted(range(5), key=lambda i: due_in[i])]


def test_proposal_list_is_bounded_open_first_and_pages_on(followup_world: FollowupWorld) -> None:
    w = followup_world
    many_proposals(w, 3, ProposalStatus.ACCEPTED)
    many_proposals(w, YEAR_ROWS_SHOWN)
    html = section(get(w), "proposals-heading")
    assert titles(html, "Åpent") and len(titles(html, "Åpent")) == YEAR_ROWS_SHOWN
    assert titles(html, "Behandlet") == []
    assert f"{YEAR_ROWS_SHOWN + 3} saksforslag:" in html
    assert f"Sendt inn: {YEAR_ROWS_SHOWN}" in html and "Satt på sakskartet: 3" in html
    rest = section(get(w, "&forslagside=2"), "proposals-heading")
    assert sorted(titles(rest, "Behandlet")) == ["Behandlet 000", "Behandlet 001", "Behandlet 002"]
    assert titles(rest, "Åpent") == []
    # The other list's page number is kept in the links.
    both = get(w, "&forslagside=2&radside=1")
    assert "forslagside=1" in section(both, "proposals-heading")


def test_org_year_statement_count_does_not_grow_with_listed_rows(
    followup_world: FollowupWorld, django_assert_num_queries: Any
) -> None:
    w = followup_world
    many_advice(w, [-1, 4])
    many_proposals(w, 2)
    client = w.client("admin_a")
    url = year_url(w, w.past_meeting.local_date.year)
    client.get(url)
    # The year's figures, lists and table are cached: count a request that computes them
    # (the cache emptied) and one that reads them; neither may grow with the rows.
    cache.clear()
    client.get("/")  # the session and content types, as below
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    cold_count = len(cold.captured_queries)  # now: each request empties the query log
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    warm_count = len(few.captured_queries)
    assert warm_count < cold_count
    Advice.objects.all().delete()
    many_advice(w, [i - 30 for i in range(3 * YEAR_ROWS_SHOWN)])
    many_proposals(w, 2 * YEAR_ROWS_SHOWN, ProposalStatus.DECLINED)
    for query in ("", "&radside=3", "&forslagside=2&radside=2", "&radside=99"):
        cache.clear()
        client.get("/")
        with django_assert_num_queries(cold_count):
            assert client.get(url + query).status_code == 200
        with django_assert_num_queries(warm_count):
            assert client.get(url + query).status_code == 200
