"""The theme pages and the bank read in a fixed number of statements per persona: the
same with one row as with three."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from medvirk.experiences.domain.themes import recount
from medvirk.experiences.models import Theme
from tests.experiences.themes_support import (  # noqa: F401
    ThemeWorld,
    answer,
    make_theme,
    meeting_world,
    share,
    theme_world_fixture,
)
from tests.factories import KommuneFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _count(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(w: ThemeWorld, theme: Theme, rows: int) -> None:
    """``rows`` more answers (each from its own kommune and service) in the theme, and as
    many outside it."""
    for n in range(rows):
        kommune = KommuneFactory()
        theme.experiences.add(answer(w.call, kommune, service=f"Tjeneste {n}"))
        answer(w.call, kommune, service=f"Annen tjeneste {n}")
    recount(theme)


def _same(
    w: ThemeWorld,
    persona: str,
    url: Callable[[], str],
    grow: Callable[[int], None],
    assert_num_queries: Any,
) -> None:
    """The same statements with one row as with three: on the request that fills the
    caches the rows retired (every change to a theme or an answer retires the figures)
    and on the next one, served from them."""
    client = w.client(persona)
    client.get(url())  # warm: session, roles
    grow(1)
    cold = _count(client, url())
    warm = _count(client, url())
    grow(2)
    with assert_num_queries(cold):
        assert client.get(url()).status_code == 200
    with assert_num_queries(warm):
        assert client.get(url()).status_code == 200


@pytest.mark.parametrize("persona", ["moderator", "umbrella_admin", "secretariat"])
def test_theme_page_statements_do_not_grow(
    theme_world: ThemeWorld, persona: str, django_assert_num_queries: Any
) -> None:
    w = theme_world
    share(w.theme, w.m.public_arena)
    _same(
        w,
        persona,
        lambda: w.theme.get_absolute_url(),
        lambda rows: _grow(w, w.theme, rows),
        django_assert_num_queries,
    )


def test_themes_list_statements_do_not_grow(
    theme_world: ThemeWorld, django_assert_num_queries: Any
) -> None:
    w = theme_world

    def grow(rows: int) -> None:
        for _ in range(rows):
            _grow(w, make_theme(w, 1), 1)

    _same(
        w,
        "moderator",
        lambda: reverse("experiences:theme_list", args=[w.call.pk]),
        grow,
        django_assert_num_queries,
    )


@pytest.mark.parametrize("persona", ["umbrella_admin", "secretariat", "admin_b"])
def test_bank_statements_do_not_grow(
    theme_world: ThemeWorld, persona: str, django_assert_num_queries: Any
) -> None:
    w = theme_world

    def grow(rows: int) -> None:
        for _ in range(rows):
            # A theme of another member organisation, shared and offered.
            other = OrganisationFactory()
            other.umbrellas.add(w.umbrella)
            theme = make_theme(w, 3)
            Theme.objects.filter(pk=theme.pk).update(organisation=other)
            share(theme, w.m.public_arena)

    _same(w, persona, lambda: reverse("experiences:bank"), grow, django_assert_num_queries)
