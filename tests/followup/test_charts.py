"""The accountability charts on the pages (followup/charts.py): the service's and the
arena's pages draw status, share on time and median days per year from their figures,
the organisation's year draws the year's statuses; each chart an image with a title and
a description beside a table of the same numbers, in bokmål, nynorsk and English, at no
extra query."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medvirk.arenas.models import Arena
from medvirk.followup.charts import median_days_chart, on_time_chart, status_chart
from medvirk.followup.enums import AdviceStatus
from medvirk.followup.figures import AdviceRow, Figures, figures
from tests.arenas.conftest import make_arena
from tests.factories import ServiceFactory
from tests.followup import test_accountability_world as world
from tests.followup.conftest import FollowupWorld
from tests.followup.test_accountability_world import main_html, make_advice
from tests.followup.test_dashboards import advice, year_url

pytestmark = pytest.mark.django_db
fresh_figures_cache = world.fresh_figures_cache
meeting_world = world.meeting_world
followup_world = world.followup_world

S = AdviceStatus
DAY = datetime.timedelta(days=1)
TITLES = {
    "nb": (
        "Hva skjedde med rådene, per år",
        "Andel besvart innen fristen, per år",
        "Dager til svar (median), per år",
    ),
    "nn": (
        "Kva skjedde med råda, per år",
        "Del svara innan fristen, per år",
        "Dagar til svar (median), per år",
    ),
    "en": (
        "What became of the advice, per year",
        "Share answered by the due date, per year",
        "Days to answer (median), per year",
    ),
}


def two_years(arena: Arena) -> None:
    """2024: followed after 10 days (on time), not followed after 50 (late), one overdue;
    2025: implemented after 20 days, partly after 30 (on time), one still waiting."""
    for given, status, after, due in (
        (datetime.date(2024, 3, 1), S.FOLLOWED, 10, 42),
        (datetime.date(2024, 3, 2), S.NOT_FOLLOWED, 50, 42),
        (datetime.date(2024, 3, 3), S.SENT, None, 42),
        (datetime.date(2025, 3, 1), S.IMPLEMENTED, 20, 42),
        (datetime.date(2025, 3, 2), S.PARTLY, 30, 42),
        (datetime.date(2025, 3, 3), S.RECEIVED, None, 10_000),
    ):
        make_advice(
            arena,
            f"Råd {given}",
            given,
            status=status,
            due_on=given + due * DAY,
            first_answer_on=given + after * DAY if after else None,
        )


def charts_section(body: str) -> str:
    start = body.index('<section aria-labelledby="charts-heading"')
    return body[start : body.index("</section>", start)]


def table_rows(figure: str) -> list[list[str]]:
    body = figure.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", tr) for tr in body.split("</tr>")[:-1]]


def figures_of(section: str) -> list[str]:
    return re.findall(r"<figure .*?</figure>", section, flags=re.S)


@pytest.mark.parametrize("page", ["service", "arena"])
def test_the_page_draws_three_charts_with_title_description_and_table(
    client: Client, page: str
) -> None:
    service = ServiceFactory(name="Diagramby kommune")
    arena = make_arena(service, name="Rådet i Diagramby")
    two_years(arena)
    url = reverse(
        f"followup:{page}_accountability", args=[service.pk if page == "service" else arena.pk]
    )
    section = charts_section(main_html(client.get(url).content))
    status, on_time, days, decisions = figures_of(section)
    assert '-desc">Liggende stablede' in decisions
    for figure, title in zip((status, on_time, days), TITLES["nb"], strict=True):
        assert re.search(
            r'<svg class="mv-chart__svg" role="img" aria-labelledby="(\S+)-title \1-desc"', figure
        )
        assert f'-title">{title}</title>' in figure
        assert '-desc">Liggende ' in figure
        assert "<caption" in figure
    assert "Tallene står i tabellen under." in status
    # The tables hold the numbers drawn: per year, newest first.
    # År, råd gitt, gjennomført, fulgt, delvis, ikke fulgt, venter, forfalt
    assert table_rows(status) == [
        ["2025", "3", "1", "0", "1", "0", "1", "0"],
        ["2024", "3", "0", "1", "0", "1", "0", "1"],
    ]
    assert table_rows(on_time) == [
        ["2025", "100\u00a0%", "2", "2"],
        ["2024", "50\u00a0%", "1", "2"],
    ]
    assert table_rows(days) == [["2025", "25", "2"], ["2024", "30", "2"]]
    assert '>2025</tspan><tspan dx="8">3 råd</tspan>' in status
    assert '>2024</tspan><tspan dx="8">50\u00a0% (1 av 2)</tspan>' in on_time
    assert '>2025</tspan><tspan dx="8">25 dager</tspan>' in days
    # Then the full figures table, as before.
    body = main_html(client.get(url).content)
    assert body.index('id="charts-heading"') < body.index('id="figures-heading"')


@pytest.mark.parametrize("language", ["nn", "en"])
def test_the_charts_speak_nynorsk_and_english(client: Client, language: str) -> None:
    service = ServiceFactory(name="Diagramby kommune")
    two_years(make_arena(service, name="Rådet i Diagramby"))
    client.cookies["medvirk_language"] = language
    body = main_html(
        client.get(reverse("followup:service_accountability", args=[service.pk])).content
    )
    for title in TITLES[language]:
        assert f'-title">{title}</title>' in body
    assert "Liggende" not in body


def test_no_answers_yet_draws_the_status_and_says_why_the_others_are_empty(
    client: Client,
) -> None:
    arena = make_arena(ServiceFactory(name="Ventby kommune"), name="Ventrådet")
    make_advice(arena, "Ubesvart", datetime.date(2025, 5, 5))
    body = main_html(client.get(reverse("followup:arena_accountability", args=[arena.pk])).content)
    status, on_time, days, _decisions = figures_of(charts_section(body))
    assert 'role="img"' in status
    assert "Ingen råd er besvart ennå, så det er ingen andel å vise." in on_time
    assert "Ingen råd er besvart ennå, så det er ingen svartid å vise." in days
    assert '<svg class="mv-chart__svg"' not in on_time + days


def test_a_page_without_advice_has_no_charts(client: Client) -> None:
    arena = make_arena(ServiceFactory(name="Tomby kommune"), name="Tområdet")
    body = main_html(client.get(reverse("followup:arena_accountability", args=[arena.pk])).content)
    assert "charts-heading" not in body
    assert "Ingen offentlige råd ennå, så det er ingen tall å vise." in body


def test_the_charts_are_cached_with_the_figures(client: Client) -> None:
    service = ServiceFactory(name="Diagramby kommune")
    two_years(make_arena(service, name="Rådet i Diagramby"))
    url = reverse("followup:service_accountability", args=[service.pk])
    first = main_html(client.get(url).content)
    with CaptureQueriesContext(connection) as again:
        assert main_html(client.get(url).content) == first
    assert 'role="img"' in first
    # The service and its arenas are read fresh (for the names); no figures are counted.
    assert not any("GROUP BY" in query["sql"] for query in again.captured_queries)


# --- The organisation's year --------------------------------------------------------------


def test_the_organisations_year_draws_the_statuses_of_its_advice(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    year = w.past_meeting.local_date.year
    today = timezone.localdate()
    for index, status in enumerate((S.SENT, S.SENT, S.FOLLOWED)):
        advice(
            w.m.public_arena,
            f"Råd {index}",
            given_on=w.past_meeting.local_date,
            due_on=today + DAY,
            status=status,
        )
    body = w.client("admin_a").get(year_url(w, year)).content.decode()
    figure = figures_of(body)[0]
    assert f'-title">Status for rådene gitt i {year}</title>' in figure
    assert table_rows(figure) == [["Sendt, venter på svar", "2"], ["Fulgt", "1"]]


def test_the_organisations_year_without_advice_has_no_chart(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    body = w.client("admin_a").get(year_url(w, w.past_meeting.local_date.year)).content
    assert b'class="mv-chart"' not in body


# --- The builders, without a page ----------------------------------------------------------


def _figures(*rows: AdviceRow) -> Figures:
    return figures(rows, today=datetime.date(2026, 6, 1))


def test_the_status_chart_stacks_answered_then_waiting_then_overdue() -> None:
    given = datetime.date(2026, 1, 5)
    chart = status_chart(
        _figures(
            AdviceRow(given, given + 10 * DAY, S.SENT),  # overdue
            AdviceRow(given, given + 1000 * DAY, S.CONSIDERING),  # waiting
            AdviceRow(given, given + 42 * DAY, S.FOLLOWED, given + 5 * DAY),
        ),
        id="s",
    )
    assert [one.label for one in chart.series] == [
        "Gjennomført",
        "Fulgt",
        "Delvis fulgt",
        "Ikke fulgt",
        "Venter på svar",
        "Forfalt uten svar",
    ]
    assert chart.rows[0].values == (0, 1, 0, 0, 1, 1)
    assert chart.description.startswith("Liggende stablede stolper, én for hvert år 2026.")


def test_empty_figures_give_empty_charts() -> None:
    for build in (status_chart, on_time_chart, median_days_chart):
        assert build(Figures.empty(), id="x").is_empty


def test_a_year_without_answers_keeps_its_row_and_says_so() -> None:
    old, new = datetime.date(2025, 2, 2), datetime.date(2026, 2, 2)
    chart = median_days_chart(
        _figures(
            AdviceRow(old, old + 42 * DAY, S.FOLLOWED, old + 7 * DAY),
            AdviceRow(new, new + 42 * DAY, S.SENT),
        ),
        id="d",
    )
    assert [(row.label, row.values, row.note) for row in chart.rows] == [
        ("2026", (None,), "ingen råd besvart ennå"),
        ("2025", (7.0,), "7 dager"),
    ]
    assert chart.description.startswith("Liggende stolper, én for hvert år 2025–2026:")
