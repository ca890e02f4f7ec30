"""The secretariat's advice list at scale: a page reads only its own rows (ids sorted in a
subquery), the count is right after the domain's writes, and the statement count does not
grow with the rows (issue 13)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from medvirk.common.cache_registry import touch
from medvirk.followup.models import Advice
from medvirk.followup.views_advice import PAGE_SIZE
from tests.followup.conftest import FollowupWorld
from tests.followup.test_advice_support import answer, give, statement, today
from tests.followup.test_decision_list import waiting_advice

pytestmark = pytest.mark.django_db

URL = "/oppfolging/sekretariat/"


def advice_titles(html: str) -> list[str]:
    advice_part = html.split('id="advice-heading"')[1]
    return re.findall(r'href="/oppfolging/rad/\d+/">([^<]+)</a>', advice_part)


def get(w: FollowupWorld, query: str = "") -> str:
    response = w.client("secretariat").get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def statements(w: FollowupWorld, query: str = "") -> int:
    client = w.client("secretariat")
    client.get(URL + query)  # warm the session, the content types and the count
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL + query).status_code == 200
    return len(context.captured_queries)


def test_secretariat_statements_do_not_grow_with_advice(
    followup_world: FollowupWorld, django_assert_num_queries: Any
) -> None:
    w = followup_world
    waiting_advice(w, [-2, 3])
    few = statements(w)
    waiting_advice(w, [i - 20 for i in range(3 * PAGE_SIZE)], prefix="Ny")
    touch(Advice)  # bulk_create sends no signals
    client = w.client("secretariat")
    for query in ("", "?page=2", "?page=4", "?page=99", "?status=overdue"):
        client.get(URL + query)
        with django_assert_num_queries(few):
            assert client.get(URL + query).status_code == 200


def test_secretariat_pages_keep_the_order_across_pages(followup_world: FollowupWorld) -> None:
    w = followup_world
    due_in = [(i * 7) % 40 - 20 for i in range(PAGE_SIZE + 5)]
    waiting_advice(w, due_in)
    first, second = get(w), get(w, "?page=2")
    by_due = sorted(range(len(due_in)), key=lambda i: (due_in[i], i))
    # Overdue (due before today) first, then waiting, each by due date; the rows'
    # primary keys follow their index, so ties keep that order.
    overdue = [i for i in by_due if due_in[i] < 0]
    rest = [i for i in by_due if due_in[i] >= 0]
    expected = [f"Venter {i:03d}" for i in overdue + rest]
    assert advice_titles(first) + advice_titles(second) == expected
    assert len(advice_titles(first)) == PAGE_SIZE
    assert "?page=2" in first


def test_secretariat_count_follows_new_advice_and_answers(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    waiting_advice(w, [5] * PAGE_SIZE)
    assert "?page=2" not in get(w)  # one page
    newest = give(
        w,
        statement(w, "Uttalelse om skyss"),
        text="<p>Skyss.</p>",
        given_on=today() - datetime.timedelta(days=30),
        due_on=today() - datetime.timedelta(days=1),
    )
    first = get(w)
    assert "?page=2" in first
    assert advice_titles(first)[0] == newest.title  # overdue: first
    answer(newest, w.decision_maker, "followed", "Fulgt.")
    assert newest.title not in get(w)  # answered: last, on page 2
    assert newest.title in get(w, "?page=2")
    only_overdue = get(w, "?status=overdue")
    assert "Ingen råd passer filteret." in only_overdue
