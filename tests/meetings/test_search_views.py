"""The search page /moter/sok/: form, states, persona matrix, pagination, query counts."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.enums import ItemKind
from tests.meetings.conftest import MEETING_PERSONAS, MeetingWorld, make_meeting
from tests.meetings.test_search import (
    EXPECTED,
    WORDS,
    SearchWorld,
    build_search_world,
    publish,
)

URL = "/moter/sok/"

# The title each hidden or visible thing is shown with in a result.
TITLES = {
    "public item": "Ledelinjer ved bussholdeplasser",
    "closed item": "Personalsak om sekretariatet",
    "draft item": "Budsjettforslag for neste år",
    "private item": "Kantinemeny i rådhuset",
    "proposal": "Flere benker i parken",
    "private proposal": "Referanseforslag om innkjøp",
}


@pytest.fixture
def sw(meeting_world: MeetingWorld) -> SearchWorld:
    return build_search_world(meeting_world)


def result_titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="ds-heading" data-size="2xs"><a [^>]*>([^<]*)</a></h3>', html)


def test_url_name() -> None:
    assert reverse("meetings:search") == URL


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_search_page_shows_what_the_persona_may_see(sw: SearchWorld, persona: str) -> None:
    client = sw.world.client(persona)
    seen = set()
    for word, label in WORDS.items():
        response = client.get(URL, {"q": word})
        assert response.status_code == 200
        html = response.content.decode()
        if result_titles(html):
            seen.add(label)
        else:
            assert "Fant ingenting som passer med «" + word + "»." in html
        hidden = {TITLES[t] for t in TITLES if t not in EXPECTED[persona]}
        for title in hidden:
            assert title not in html
    assert seen == EXPECTED[persona]


def test_result_shows_kind_case_number_arena_date_and_marked_snippet(
    sw: SearchWorld, client: Client
) -> None:
    response = client.get(URL, {"q": "holdeplasser"})
    html = response.content.decode()
    number = sw.public_item.case_number
    assert result_titles(html) == [f"Sak {number}: Ledelinjer ved bussholdeplasser"]
    assert f'href="{sw.public_item.get_absolute_url()}"' in html
    assert "1 treff for «holdeplasser»" in html
    assert "Brukerutvalget" in html
    assert f"møte {sw.published.local_date:%d.%m.%Y}" in html
    assert "Mange <mark>holdeplasser</mark> mangler taktile felt." in html
    assert "<strong>" not in html.split('id="results-heading"')[1]


def test_minutes_result_links_to_the_minutes(sw: SearchWorld, client: Client) -> None:
    html = client.get(URL, {"q": "enstemmig"}).content.decode()
    assert f'href="{reverse("meetings:minutes", args=[sw.published.pk])}"' in html
    assert "Protokoll" in html
    assert "Rådet gir <mark>enstemmig</mark> tilslutning." in html


def test_empty_query_explains_what_can_be_searched(sw: SearchWorld, client: Client) -> None:
    for params in ({}, {"q": ""}, {"q": "  "}):
        response = client.get(URL, params)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Hva kan du søke i?" in html
        assert "godkjente protokoller" in html
        assert "Uten innlogging søker du i offentlige saker og protokoller." in html
        assert "treff for" not in html
    html = sw.world.client("member").get(URL).content.decode()
    assert "Du finner bare det du har tilgang til." in html
    assert "Uten innlogging" not in html


def test_no_results_gives_tips(sw: SearchWorld, client: Client) -> None:
    response = client.get(URL, {"q": "finnesikke", "kinds": ["proposal"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "0 treff for «finnesikke»" in html
    assert "Fant ingenting som passer med «finnesikke»." in html
    assert "Sjekk stavemåten." in html
    assert "Fjern avgrensningen under «Søk i» for å søke i alt." in html
    assert "Logg inn for å søke i saksforslag" in html


def test_kind_filter_is_applied_and_kept(sw: SearchWorld) -> None:
    client = sw.world.client("member")
    html = client.get(URL, {"q": "ledelinjer", "kinds": ["minutes"]}).content.decode()
    assert result_titles(html) == []
    assert re.search(r'<input[^>]*value="minutes"[^>]*checked', html)
    assert not re.search(r'<input[^>]*value="item"[^>]*checked', html)
    html = client.get(URL, {"q": "ledelinjer", "kinds": ["item"]}).content.decode()
    assert len(result_titles(html)) == 1


def test_query_is_escaped_in_page(sw: SearchWorld, client: Client) -> None:
    html = client.get(URL, {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * 201}, "Søkeord: Sørg for at denne verdien har 200 eller færre tegn"),
        ({"q": "ledelinjer", "kinds": ["tull"]}, "Søk i: Velg et gyldig valg."),
    ],
)
def test_bad_input_is_422_with_message_and_value_kept(
    sw: SearchWorld, client: Client, params: dict[str, Any], message: str
) -> None:
    response = client.get(URL, params)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Skjemaet har feil som må rettes" in html
    assert message in html
    assert f'value="{params["q"]}"' in html
    assert result_titles(html) == []


def make_items(sw: SearchWorld, count: int) -> None:
    day = timezone.localdate() - datetime.timedelta(days=90)
    meeting = make_meeting(sw.world.public_arena, day)
    for n in range(count):
        add_item(
            meeting,
            by=sw.world.secretariat,
            kind=ItemKind.INFORMATION,
            title=f"Universell utforming {n}",
            description="<p>Om universell utforming.</p>",
        )
    publish(meeting)


def test_results_are_paginated_by_20(sw: SearchWorld, client: Client) -> None:
    make_items(sw, 25)
    first = client.get(URL, {"q": "universell"}).content.decode()
    assert "25 treff for «universell»" in first
    assert len(result_titles(first)) == 20
    assert "Side 1 av 2" in first
    assert "page=2" in first and "q=universell" in first
    second = client.get(URL, {"q": "universell", "page": 2}).content.decode()
    assert len(result_titles(second)) == 5
    assert not set(result_titles(first)) & set(result_titles(second))


@pytest.mark.parametrize("persona", ["anonymous", "member", "secretariat"])
def test_search_page_query_count_does_not_grow(sw: SearchWorld, persona: str) -> None:
    client = sw.world.client(persona)
    make_items(sw, 1)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(URL, {"q": "universell"})
        assert response.status_code == 200
        return len(context.captured_queries)

    few = count()
    make_items(sw, 50)
    assert count() == few
