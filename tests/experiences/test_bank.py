"""The experience bank: what each role sees (only shared, large-enough summaries; never
answers), the empty states, and combining themes through the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from medvirk.experiences.models import Theme
from tests.experiences.themes_support import (  # noqa: F401
    ORIGINAL,
    SHARED,
    THEME_PERSONAS,
    ThemeWorld,
    make_theme,
    meeting_world,
    share,
    theme_world_fixture,
)

pytestmark = pytest.mark.django_db
BANK = reverse("experiences:bank")


@pytest.mark.parametrize("persona", [p for p in THEME_PERSONAS if p != "anonymous"])
def test_bank_shows_shared_large_themes_to_umbrella_and_offered_secretariat(
    theme_world: ThemeWorld, persona: str
) -> None:
    w = theme_world
    share(w.theme, w.m.public_arena)
    small = make_theme(w, 2, title="Lite tema om ferjer")
    share(small, w.m.public_arena)
    unshared = make_theme(w, 3, title="Udelt tema om tolk")
    unshared.offered_to.set([w.m.public_arena])
    html = w.client(persona).get(BANK).content.decode()
    assert (w.theme.title in html) == (persona in {"umbrella_admin", "secretariat"})
    for hidden in ("Lite tema om ferjer", "Udelt tema om tolk", ORIGINAL, SHARED):
        assert hidden not in html
    if w.theme.title in html:
        assert "Bodø, Tromsø" in html and "4" in html


def test_bank_empty_states(theme_world: ThemeWorld) -> None:
    w = theme_world
    assert "Du har ingen av de rollene" in w.client("admin_b").get(BANK).content.decode()
    assert "Ingen medlemsorganisasjoner har delt temaer" in (
        w.client("umbrella_admin").get(BANK).content.decode()
    )
    assert "Ingen paraplytemaer ennå" in w.client("umbrella_admin").get(BANK).content.decode()
    assert "Ingen organisasjoner har tilbudt arenaene deres" in (
        w.client("secretariat").get(BANK).content.decode()
    )
    assert w.client("anonymous").get(BANK).status_code == 302


def test_umbrella_admin_combines_themes_through_the_bank(theme_world: ThemeWorld) -> None:
    w = theme_world
    second = make_theme(w, 3, title="Ventetid på drosje")
    share(w.theme)
    share(second)
    client = w.client("umbrella_admin")
    url = reverse("experiences:bank_combine")
    html = client.get(url, {"sources": [w.theme.pk, second.pk]}).content.decode()
    assert f'value="{w.theme.pk}" checked' in html or f'value="{w.theme.pk}"' in html
    response = client.post(url, {"sources": [w.theme.pk], "title": "", "summary": ""})
    assert "Skriv en tittel på temaet." in response.content.decode()
    response = client.post(
        url,
        {"sources": [w.theme.pk, second.pk], "title": "Pasientreiser", "summary": "Samlet."},
    )
    combined = Theme.objects.get(title="Pasientreiser")
    assert response.status_code == 302 and response["Location"] == combined.get_absolute_url()
    assert (combined.organisation, combined.answer_count) == (w.umbrella, 7)
    assert "Pasientreiser" in client.get(BANK).content.decode()
    # Others may not combine at all.
    assert w.client("secretariat").get(url).status_code == 403
    assert w.client("admin_b").post(url, {"title": "x"}).status_code == 403


def test_cached_figures_follow_a_source_answer_and_ignore_other_calls(
    theme_world: ThemeWorld,
) -> None:
    """The coverage and charts are cached per call: an answer to another call leaves the
    theme's cached figures alone, while a change to one of the theme's answers shows at
    once, on the theme's page and on the page of an umbrella's theme combining it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from medvirk.experiences.domain.themes import recount
    from tests.factories import KommuneFactory
    from tests.factories.experiences import ExperienceCallFactory, ExperienceFactory

    w = theme_world
    share(w.theme)
    combined = Theme.objects.create(organisation=w.umbrella, title="Samlet", summary="")
    combined.sources.set([w.theme])
    recount(combined)
    moderator, umbrella = w.client("moderator"), w.client("umbrella_admin")
    for client, theme in ((moderator, w.theme), (umbrella, combined)):
        assert "Bodø" in client.get(theme.get_absolute_url()).content.decode()

    def statements() -> int:
        with CaptureQueriesContext(connection) as captured:
            moderator.get(w.theme.get_absolute_url())
        return len(captured)

    warm = statements()
    ExperienceFactory(call=ExperienceCallFactory(organisation=w.organisation))
    assert statements() == warm  # another call's new answer: still cached

    moved = w.in_theme[0]
    moved.kommune = KommuneFactory(name="Vardø")
    moved.save()
    for client, theme in ((moderator, w.theme), (umbrella, combined)):
        assert "Vardø" in client.get(theme.get_absolute_url()).content.decode()
