"""The breadcrumbs mechanism (common/templatetags/breadcrumbs.py): the trail it renders, and
that every page template below the top level fills it (the routes are checked as every
persona in tests/scale_bench/test_breadcrumbs.py; this covers the templates whose routes the
benchmark leaves out, such as the pages behind e-mailed links)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.template import TemplateSyntaxError, engines
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.arenas.conftest import make_arena
from tests.breadcrumbs import trail_of, trail_problems
from tests.factories import ServiceFactory
from tests.meetings.conftest import make_meeting

SRC = Path(__file__).resolve().parents[2] / "src" / "medvirk"
# Templates in Medvirk's page frame that have no trail: the front page and the main menu's
# pages (tests/breadcrumbs.py names their routes), and the error pages.
TOP_LEVEL_TEMPLATES = {
    "pages/home.html",
    "pages/open_data.html",
    "directory/organisation_list.html",
    "arenas/arena_list.html",
    "meetings/upcoming.html",
    "start/start_page.html",
    "appointments/my_assignments.html",
    "403.html",
    "404.html",
    "405.html",
    "500.html",
}
_EXTENDS = re.compile(r"""\{%\s*extends\s+["']([^"']+)["']""")


def render(source: str, path: str = "/arenaer/7/moter/") -> str:
    template = engines["django"].from_string(source)
    return template.render({}, RequestFactory().get(path))


def test_breadcrumbs_render_designsystemet_trail_from_the_front_page() -> None:
    html = render(
        '{% breadcrumbs %}{% crumb "Arenaer" "arenas:list" %}{% crumb "Rådet & co" "/arenaer/7/" %}'
        '{% crumb "Møter" %}{% endbreadcrumbs %}'
    )
    assert trail_problems(html) == []
    trail = trail_of(html)
    assert trail.label == "Du er her:"
    assert [(c.text, c.href) for c in trail.crumbs] == [
        ("Forsiden", "/"),
        ("Arenaer", reverse("arenas:list")),
        ("Rådet & co", "/arenaer/7/"),
        ("Møter", "/arenaer/7/moter/"),
    ]
    # The parent, which Designsystemet shows instead of the list on narrow screens.
    assert trail.back_link is not None
    assert (trail.back_link.href, trail.back_link.text) == ("/arenaer/7/", "Tilbake til Rådet & co")
    assert html.count('aria-current="page"') == 1
    assert "<ol>" in html and "Rådet &amp; co" in html  # escaped once


def test_breadcrumbs_reverse_url_names_with_arguments() -> None:
    html = render(
        '{% breadcrumbs %}{% crumb "Møteplan" "meetings:plan" 7 %}{% crumb "Nytt" %}'
        "{% endbreadcrumbs %}"
    )
    assert trail_of(html).crumbs[1].href == reverse("meetings:plan", args=[7])


def test_breadcrumbs_without_crumbs_render_nothing() -> None:
    assert (
        render("{% breadcrumbs %}{% if False %}{% crumb 'x' %}{% endif %}{% endbreadcrumbs %}")
        == ""
    )


def test_crumb_outside_the_breadcrumbs_is_an_error() -> None:
    with pytest.raises(TemplateSyntaxError):
        render('{% crumb "Arenaer" "arenas:list" %}')


@pytest.mark.django_db
def test_crumb_without_a_label_names_the_page_by_its_title(client: Client) -> None:
    html = client.get(reverse("account_signup")).content.decode()
    assert trail_problems(html) == []
    crumbs = trail_of(html).crumbs
    title = re.search(r"<title>(.*?) – Medvirk</title>", html, re.S)
    assert title is not None
    assert crumbs[-1].text == title.group(1).strip()
    assert crumbs[1].href == reverse("account_login")


@pytest.mark.django_db
def test_login_page_is_top_level(client: Client) -> None:
    html = client.get(reverse("account_login")).content.decode()
    assert trail_of(html).navs == 0


def _templates() -> dict[str, str]:
    found = {}
    for folder in SRC.glob("**/templates"):
        if "static" in folder.parts:
            continue
        for path in folder.glob("**/*.html"):
            found.setdefault(str(path.relative_to(folder)), path.read_text())
    return found


def test_every_page_template_below_the_top_level_fills_the_breadcrumbs() -> None:
    templates = _templates()

    def chain(name: str) -> list[str]:
        names = []
        while name in templates and name not in names:
            names.append(name)
            match = _EXTENDS.search(templates[name])
            if match is None:
                break
            name = match.group(1)
        return names

    missing, needless = [], []
    for name in templates:
        names = chain(name)
        if name == "base.html" or "base.html" not in names:
            continue
        filled = any("{% block breadcrumbs %}" in templates[n] for n in names if n != "base.html")
        if name in TOP_LEVEL_TEMPLATES and filled:
            needless.append(name)
        if name not in TOP_LEVEL_TEMPLATES and not filled:
            missing.append(name)
    assert missing == []
    assert needless == []
    assert "base.html" in chain("meetings/minutes.html")  # the check reads the chain


@pytest.mark.django_db
def test_meeting_trail_leads_to_the_plan_of_the_meetings_year(client: Client) -> None:
    arena = make_arena(ServiceFactory(), is_public=True)
    meeting = make_meeting(arena, datetime.date(2025, 3, 4))
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert trail_problems(html) == []
    assert [(c.text, c.href) for c in trail_of(html).crumbs[1:]] == [
        ("Arenaer", reverse("arenas:list")),
        (arena.name, arena.get_absolute_url()),
        ("Møteplan", reverse("meetings:plan", args=[arena.pk]) + "?ar=2025"),
        ("Møte 04.03.2025", meeting.get_absolute_url()),
    ]
