"""The decision-maker's list at scale: a bounded page of the advice waiting for an answer,
the most urgent first, totals from one aggregate, and a statement count that does not
grow with the rows."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from medvirk.followup.enums import AddresseeKind, AdviceStatus
from medvirk.followup.models import Advice
from medvirk.followup.views_advice import WAITING_SHOWN
from medvirk.meetings.enums import ItemKind
from medvirk.meetings.models import AgendaItem
from tests.followup.conftest import FollowupWorld
from tests.followup.test_advice_support import today

pytestmark = pytest.mark.django_db

URL = "/oppfolging/beslutning/"


def waiting_advice(w: FollowupWorld, due_in: list[int], *, prefix: str = "Venter") -> None:
    """One advice to the decision-maker per entry, due ``due_in[i]`` days from today
    (negative: overdue), titled ``{prefix} {i:03d}``."""
    meeting = w.past_meeting
    first = 1 + max(AgendaItem.objects.values_list("number", flat=True))
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            arena=meeting.arena,
            year=meeting.local_date.year,
            number=first + i,
            position=200 + first + i,
            kind=ItemKind.STATEMENT,
            title=f"Uttalelse {prefix} {i}",
        )
        for i in range(len(due_in))
    )
    Advice.objects.bulk_create(
        Advice(
            arena=meeting.arena,
            item=item,
            meeting=meeting,
            title=f"{prefix} {i:03d}",
            text="<p>Råd.</p>",
            addressee_kind=AddresseeKind.DECISION_MAKER,
            addressee_user=w.decision_maker,
            addressee_name="Dina Direktør",
            given_on=today() - datetime.timedelta(days=90),
            due_on=today() + datetime.timedelta(days=days),
            status=AdviceStatus.SENT if i % 2 else AdviceStatus.RECEIVED,
        )
        for i, (item, days) in enumerate(zip(items, due_in, strict=True))
    )


def waiting_titles(html: str) -> list[str]:
    waiting_part = html.split('id="answered-heading"')[0]
    return re.findall(r">((?:Venter|Ny) \d{3})</a>", waiting_part)


def get(w: FollowupWorld, query: str = "") -> str:
    response = w.client("decision_maker").get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def test_waiting_list_shows_one_bounded_page_and_the_next_the_rest(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    count = WAITING_SHOWN + 7
    waiting_advice(w, list(range(count)))  # "Venter 000" due today, then one a day
    first = get(w)
    shown = waiting_titles(first)
    assert len(shown) == WAITING_SHOWN
    assert shown == [f"Venter {i:03d}" for i in range(WAITING_SHOWN)]
    assert f"{count} råd venter på svar" in first
    assert 'aria-label="Sider med råd som venter på svar"' in first
    assert 'aria-current="page">Side 1 av 2<' in first
    assert 'href="?page=2#waiting-heading"' in first
    second = get(w, "?page=2")
    assert waiting_titles(second) == [f"Venter {i:03d}" for i in range(WAITING_SHOWN, count)]
    assert 'aria-current="page">Side 2 av 2<' in second
    assert 'href="?page=1#waiting-heading"' in second
    # The answered list is the same on every page.
    assert second.split('id="answered-heading"')[1] == first.split('id="answered-heading"')[1]


def test_waiting_list_puts_the_overdue_first_by_due_date(followup_world: FollowupWorld) -> None:
    w = followup_world
    # Due in 30 days, then overdue by 3, due today, overdue by 40, due tomorrow...
    due_in = [30, -3, 0, -40, 1, -1, 12, -200]
    waiting_advice(w, due_in)
    html = get(w)
    by_due = sorted(range(len(due_in)), key=lambda i: due_in[i])
    assert waiting_titles(html) == [f"Venter {i:03d}" for i in by_due]
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    overdue_flags = ["Frist passert" in row for row in rows]
    assert overdue_flags == [due_in[i] < 0 for i in by_due]
    assert overdue_flags == sorted(overdue_flags, reverse=True)  # every overdue row first


def test_waiting_totals_count_all_rows_not_the_page(followup_world: FollowupWorld) -> None:
    w = followup_world
    overdue = WAITING_SHOWN + 3
    waiting_advice(w, [-1 - i for i in range(overdue)] + [5, 6, 7, 8])
    # Answered advice is neither waiting nor overdue, even with a past due date.
    waiting_advice(w, [-10, -11], prefix="Ny")
    Advice.objects.filter(title__startswith="Ny").update(
        status=AdviceStatus.FOLLOWED, first_answer_on=today()
    )
    html = get(w)
    assert f"{overdue + 4} råd venter på svar, {overdue} har passert svarfristen." in html
    assert len(waiting_titles(html)) == WAITING_SHOWN
    assert "Ny 000" in html.split('id="answered-heading"')[1]


def statements(w: FollowupWorld, query: str = "") -> int:
    client = w.client("decision_maker")
    client.get(URL + query)  # warm the session and content types
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL + query).status_code == 200
    return len(context.captured_queries)


def test_statement_count_does_not_grow_with_waiting_rows(
    followup_world: FollowupWorld, django_assert_num_queries: Any
) -> None:
    w = followup_world
    waiting_advice(w, [-2, 3])
    few = statements(w)
    waiting_advice(w, [i - 20 for i in range(3 * WAITING_SHOWN)], prefix="Ny")
    client = w.client("decision_maker")
    client.get(URL)
    for query in ("", "?page=2", "?page=3", "?page=99"):
        with django_assert_num_queries(few):
            assert client.get(URL + query).status_code == 200
