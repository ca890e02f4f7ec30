"""The markup of the theme pages, checked without a browser (axe-core runs on them in
tests/browser/test_experience_themes.py): one h1 and no skipped heading level, unique
ids, every form control labelled, and a trail of breadcrumbs."""

from __future__ import annotations

from html.parser import HTMLParser
from itertools import pairwise

import pytest
from django.urls import reverse

from tests.breadcrumbs import trail_problems
from tests.experiences.themes_support import (  # noqa: F401
    ThemeWorld,
    make_theme,
    meeting_world,
    share,
    theme_world_fixture,
)

pytestmark = pytest.mark.django_db


class Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.labels: set[str] = set()
        self.controls: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "label" and found.get("for"):
            self.labels.add(str(found["for"]))
        if tag in {"input", "select", "textarea"} and found.get("type") not in {
            "hidden",
            "submit",
        }:
            self.controls.append((tag, found))


def problems(html: str) -> list[str]:
    markup = Markup()
    markup.feed(html)
    found = []
    if markup.headings.count(1) != 1 or markup.headings[0] != 1:
        found.append(f"headings {markup.headings}")
    found += [f"heading jump {a}->{b}" for a, b in pairwise(markup.headings) if b - a > 1]
    found += [f"duplicate id {i}" for i in {i for i in markup.ids if markup.ids.count(i) > 1}]
    for tag, attrs in markup.controls:
        if attrs.get("name") in {"csrfmiddlewaretoken", "website"}:
            continue
        if attrs.get("id") not in markup.labels and not attrs.get("aria-label"):
            found.append(f"unlabelled {tag} {attrs.get('name')}")
    return found + trail_problems(html)


def test_every_theme_page_is_well_formed(theme_world: ThemeWorld) -> None:
    w = theme_world
    share(w.theme, w.m.public_arena)
    combined_source = make_theme(w, 3, title="Ventetid")
    share(combined_source)
    pages = [
        ("moderator", reverse("experiences:theme_list", args=[w.call.pk])),
        ("moderator", reverse("experiences:theme_create", args=[w.call.pk])),
        ("moderator", w.theme.get_absolute_url()),
        ("moderator", reverse("experiences:theme_edit", args=[w.theme.pk])),
        ("moderator", reverse("experiences:theme_sharing", args=[w.theme.pk])),
        ("moderator", reverse("experiences:theme_case", args=[w.theme.pk])),
        (
            "moderator",
            reverse("experiences:theme_case", args=[w.theme.pk]) + f"?arenas={w.m.public_arena.pk}",
        ),
        ("umbrella_admin", reverse("experiences:bank")),
        ("umbrella_admin", w.theme.get_absolute_url()),
        (
            "umbrella_admin",
            reverse("experiences:bank_combine")
            + f"?sources={w.theme.pk}&sources={combined_source.pk}",
        ),
        ("secretariat", reverse("experiences:bank")),
        ("secretariat", w.theme.get_absolute_url()),
        ("admin_b", reverse("experiences:bank")),
        ("representative", reverse("experiences:individual_case", args=[w.call.pk])),
    ]
    found = {}
    for persona, url in pages:
        response = w.client(persona).get(url)
        assert response.status_code == 200, url
        bad = problems(response.content.decode())
        if bad:
            found[f"{url} as {persona}"] = bad
    confirm = w.client("moderator").post(
        reverse("experiences:theme_sharing", args=[w.theme.pk]),
        {"is_shared": "on", "offered_to": [w.m.public_arena.pk]},
    )
    if bad := problems(confirm.content.decode()):
        found["sharing confirmation"] = bad
    assert found == {}
