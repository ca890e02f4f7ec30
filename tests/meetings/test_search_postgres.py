"""PostgreSQL full-text search over stored vectors (meetings/search_pg.py, migration 0003).

The stored columns, their GIN indexes and the statement timeout exist on PostgreSQL
only; the behaviour both databases share (visibility, ranking order, words, snippets)
is tested in test_search.py and test_search_views.py on both."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from medvirk.accounts.models import User
from medvirk.meetings.domain.agenda import add_item, update_item
from medvirk.meetings.enums import ItemKind
from medvirk.meetings.models import MinutesEntry
from medvirk.meetings.search import ITEM, MINUTES, PROPOSAL, SearchTimeout, search
from medvirk.meetings.search_pg import SEARCH_VECTOR_COLUMN
from tests.meetings.conftest import MeetingWorld
from tests.meetings.test_search import SearchWorld, build_search_world, reads

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="stored tsvector columns, GIN indexes and statement_timeout are PostgreSQL's; "
    "SQLite's word matching is tested in test_search.py",
)

TABLES = {
    ITEM: "meetings_agendaitem",
    PROPOSAL: "meetings_caseproposal",
    MINUTES: "meetings_minutesentry",
}


@pytest.fixture
def sw(meeting_world: MeetingWorld) -> SearchWorld:
    return build_search_world(meeting_world)


def lexemes(table: str, pk: int) -> set[str]:
    with connection.cursor() as cursor:
        # The table is one of TABLES, never user input.
        sql = f'SELECT tsvector_to_array("{SEARCH_VECTOR_COLUMN}") FROM "{table}" WHERE id = %s'  # noqa: S608
        cursor.execute(sql, [pk])
        return set(cursor.fetchone()[0])


def titles(user: Any, query: str, **kwargs: Any) -> list[str]:
    return [r.title for r in search(user, query, **kwargs)]


# --- The stored vectors ------------------------------------------------------------------


def test_vector_is_filled_on_insert_and_follows_an_update(sw: SearchWorld) -> None:
    item = sw.public_item
    assert titles(None, "ledelinjer", kinds={ITEM}) == ["Ledelinjer ved bussholdeplasser"]
    update_item(
        item,
        by=sw.world.secretariat,
        kind=item.kind,
        title="Snøbrøyting ved bussholdeplasser",
        description=item.description,
    )
    assert titles(None, "snøbrøyting", kinds={ITEM}) == ["Snøbrøyting ved bussholdeplasser"]
    assert titles(None, "ledelinjer", kinds={ITEM}) == []
    assert "ledelinj" not in lexemes(TABLES[ITEM], item.pk)


def test_vector_follows_a_bulk_update(sw: SearchWorld) -> None:
    """PostgreSQL computes the column, so writes that bypass save() (bulk updates, the
    scale generator's COPY) keep it right too."""
    entry = MinutesEntry.objects.get(item=sw.public_item)
    MinutesEntry.objects.filter(pk=entry.pk).update(text="<p>Rådet ber om takstøtte.</p>")
    assert titles(None, "takstøtte", kinds={MINUTES}) == ["Ledelinjer ved bussholdeplasser"]
    assert titles(None, "enstemmig", kinds={MINUTES}) == []


def test_tags_attributes_and_entities_are_not_search_words(sw: SearchWorld) -> None:
    item = add_item(
        sw.published,
        by=sw.world.secretariat,
        kind=ItemKind.INFORMATION,
        title="Skilting",
        description=(
            '<p class="ingress"><strong>Viktig</strong> sak &amp; '
            '<a href="https://example.org/side">lenke</a></p>'
        ),
    )
    words = lexemes(TABLES[ITEM], item.pk)
    assert words == {"skilting", "vikt", "sak", "lenk"}
    for tag_word in ("strong", "ingress", "href", "example"):
        assert search(sw.world.secretariat, tag_word) == []


def test_each_table_has_a_gin_index_on_its_vector(db: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexdef FROM pg_indexes WHERE indexdef LIKE %s",
            [f"%USING gin ({SEARCH_VECTOR_COLUMN})%"],
        )
        indexed = dict(cursor.fetchall())
    assert set(indexed) == set(TABLES.values())


def test_search_matches_the_stored_vector_through_the_gin_index(sw: SearchWorld) -> None:
    with CaptureQueriesContext(connection) as context:
        search(sw.world.secretariat, "ledelinjer", kinds={ITEM})
    [sql] = [q for q in reads(context.captured_queries) if "@@" in q]
    assert re.search(rf'"{SEARCH_VECTOR_COLUMN}" @@ \(?websearch_to_tsquery', sql)
    assert "to_tsvector" not in sql
    # The tables are tiny, so the planner would scan them; without that choice it must
    # reach the matching rows through the GIN index.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_indexscan")
    assert "Bitmap Index Scan on meetings_agendaitem_search_gin" in plan


def test_title_hit_ranks_above_body_hit_by_the_stored_weights(sw: SearchWorld) -> None:
    add_item(
        sw.published,
        by=sw.world.secretariat,
        kind=ItemKind.INFORMATION,
        title="Orientering om kollektivtrafikk",
        description="<p>Vi ser også på bussholdeplasser i sentrum.</p>",
    )
    title_hit, body_hit = search(None, "bussholdeplasser")
    assert title_hit.title == "Ledelinjer ved bussholdeplasser"
    assert body_hit.title == "Orientering om kollektivtrafikk"
    assert title_hit.score > body_hit.score > 0


def test_one_query_per_kind(sw: SearchWorld) -> None:
    user = User.objects.get(pk=sw.world.secretariat.pk)
    with CaptureQueriesContext(connection) as context:
        search(user, "benker ledelinjer enstemmig or hvileplasser or tilslutning")
    per_kind = {
        kind: sum(1 for sql in reads(context.captured_queries) if sql.startswith(f'SELECT "{t}".'))
        for kind, t in TABLES.items()
    }
    assert per_kind == {ITEM: 1, PROPOSAL: 1, MINUTES: 1}


# --- The time limit ------------------------------------------------------------------------


@pytest.fixture
def items_locked(db: Any) -> Iterator[None]:
    """Another connection holds an exclusive lock on the agenda items, so any search
    statement waits until its time limit stops it. The test itself must not have touched
    the table (its transaction would then block the lock). If the timeout did not work,
    the locking session ends after 10 s idle and the test fails instead of hanging."""
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    other.set_autocommit(False)
    with other.cursor() as cursor:
        cursor.execute("SET idle_in_transaction_session_timeout = '10s'")
        cursor.execute('LOCK TABLE "meetings_agendaitem" IN ACCESS EXCLUSIVE MODE')
    try:
        yield
    finally:
        other.rollback()
        other.close()


@pytest.fixture
def short_timeout(settings: Any) -> int:
    settings.MEDVIRK_SEARCH_TIMEOUT_MS = 200
    return 200


def session_settings() -> tuple[str, ...]:
    """The settings the search changes for its own statements only."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('statement_timeout'),"
            " current_setting('max_parallel_workers_per_gather'),"
            " current_setting('random_page_cost')"
        )
        return tuple(str(value) for value in cursor.fetchone())


def test_search_stopped_by_the_time_limit_raises_search_timeout(
    items_locked: None, short_timeout: int
) -> None:
    before = session_settings()
    started = time.monotonic()
    with pytest.raises(SearchTimeout):
        search(None, "ledelinjer")
    assert time.monotonic() - started < 5
    # The settings end with the search, and the connection is still usable.
    assert session_settings() == before
    assert search(None, "ledelinjer", kinds={PROPOSAL}) == []


def test_settings_end_with_a_search_that_finishes(sw: SearchWorld) -> None:
    before = session_settings()
    assert search(None, "ledelinjer")
    assert session_settings() == before


def test_search_page_says_the_search_took_too_long_and_keeps_the_query(
    items_locked: None, short_timeout: int, client: Client
) -> None:
    response = client.get("/moter/sok/", {"q": "ledelinjer"})
    assert response.status_code == 503
    html = response.content.decode()
    assert "Søket etter «ledelinjer» tok for lang tid og ble stoppet." in html
    assert re.search(r'<input type="search" name="q" value="ledelinjer"', html)
    assert "Fant ingenting" not in html


def test_search_page_message_is_translated(
    items_locked: None, short_timeout: int, client: Client
) -> None:
    client.cookies["django_language"] = "en"
    response = client.get("/moter/sok/", {"q": "ledelinjer"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert "The search for “ledelinjer” took too long and was stopped." in (
        response.content.decode()
    )
