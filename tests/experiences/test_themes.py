"""Themes: the domain functions (persona × state), what each persona sees of a theme, and
that the original text of an answer never reaches a page."""

from __future__ import annotations

import pytest
import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from medvirk.common.models import ActivityLog
from medvirk.experiences.domain import themes
from medvirk.experiences.models import Theme
from tests.experiences.themes_support import (  # noqa: F401
    ORIGINAL,
    SHARED,
    THEME_PERSONAS,
    ThemeWorld,
    answer,
    make_theme,
    meeting_world,
    share,
    theme_world_fixture,
)
from tests.factories.experiences import ExperienceCallFactory, ThemeFactory

pytestmark = pytest.mark.django_db

MODERATORS = {"moderator"}


# --- Creating and changing ------------------------------------------------------------


@pytest.mark.parametrize("persona", THEME_PERSONAS)
def test_create_theme_only_by_the_calls_moderators(theme_world: ThemeWorld, persona: str) -> None:
    w = theme_world
    w.call.min_theme_size = 7
    if persona in MODERATORS:
        theme = themes.create_theme(w.call, by=w.user(persona), title=" Ventetid ", summary="")
        assert (theme.title, theme.min_size, theme.organisation, theme.answer_count) == (
            "Ventetid",
            7,
            w.organisation,
            0,
        )
        entry = ActivityLog.objects.get(action=themes.CREATED)
        assert (entry.actor, entry.organisation_id) == (w.user(persona), w.organisation.pk)
    else:
        with pytest.raises(PermissionDenied):
            themes.create_theme(w.call, by=w.user(persona), title="Ventetid")
        assert not Theme.objects.filter(title="Ventetid").exists()


def test_create_theme_names_the_field_that_is_wrong(theme_world: ThemeWorld) -> None:
    w = theme_world
    with pytest.raises(ValidationError) as error:
        themes.create_theme(w.call, by=w.user("moderator"), title="  ", summary="x" * 10001)
    assert set(error.value.message_dict) == {"title", "summary"}


@pytest.mark.parametrize("persona", THEME_PERSONAS)
def test_update_theme_only_by_moderators(theme_world: ThemeWorld, persona: str) -> None:
    w = theme_world
    if persona in MODERATORS:
        themes.update_theme(w.theme, by=w.user(persona), title="Ny tittel", summary="Nytt")
        w.theme.refresh_from_db()
        assert (w.theme.title, w.theme.summary) == ("Ny tittel", "Nytt")
        assert ActivityLog.objects.filter(action=themes.CHANGED).count() == 1
    else:
        with pytest.raises(PermissionDenied):
            themes.update_theme(w.theme, by=w.user(persona), title="Ny tittel")


def test_add_and_remove_answers_keep_the_count(theme_world: ThemeWorld) -> None:
    w = theme_world
    moderator = w.user("moderator")
    assert w.theme.answer_count == 4
    assert themes.add_answers(w.theme, by=moderator, experiences=[*w.outside, w.in_theme[0]]) == 2
    w.theme.refresh_from_db()
    assert w.theme.answer_count == 6
    themes.remove_answer(w.theme, by=moderator, experience=w.outside[0])
    w.theme.refresh_from_db()
    assert w.theme.answer_count == 5
    assert ActivityLog.objects.filter(action=themes.ANSWERS_ADDED).get().data["experiences"] == [
        one.pk for one in w.outside
    ]
    assert ActivityLog.objects.filter(action=themes.ANSWER_REMOVED).count() == 1
    # An answer may be in several themes.
    other = make_theme(w, 0, title="Et annet tema")
    themes.add_answers(other, by=moderator, experiences=[w.in_theme[0]])
    assert set(w.in_theme[0].themes.values_list("pk", flat=True)) == {w.theme.pk, other.pk}


def test_add_answers_refuses_pending_and_other_calls_answers(theme_world: ThemeWorld) -> None:
    w = theme_world
    stranger = answer(ExperienceCallFactory(organisation=w.organisation))
    for wrong in (w.pending, stranger):
        with pytest.raises(ValidationError) as error:
            themes.add_answers(w.theme, by=w.user("moderator"), experiences=[wrong])
        assert list(error.value.message_dict) == ["experiences"]
    with pytest.raises(ValidationError):
        themes.add_answers(w.theme, by=w.user("moderator"), experiences=[])
    w.theme.refresh_from_db()
    assert w.theme.answer_count == 4


@pytest.mark.parametrize("persona", THEME_PERSONAS)
def test_add_answers_only_by_moderators(theme_world: ThemeWorld, persona: str) -> None:
    w = theme_world
    if persona in MODERATORS:
        themes.add_answers(w.theme, by=w.user(persona), experiences=w.outside)
    else:
        with pytest.raises(PermissionDenied):
            themes.add_answers(w.theme, by=w.user(persona), experiences=w.outside)
        with pytest.raises(PermissionDenied):
            themes.remove_answer(w.theme, by=w.user(persona), experience=w.in_theme[0])


def test_sharing_offers_only_the_calls_arenas(theme_world: ThemeWorld) -> None:
    w = theme_world
    moderator = w.user("moderator")
    from tests.arenas.conftest import make_arena

    elsewhere = make_arena(w.m.other_service, "brukerutvalg", name="Annet utvalg")
    with pytest.raises(ValidationError) as error:
        themes.set_sharing(w.theme, by=moderator, is_shared=True, offered_to=[elsewhere])
    assert list(error.value.message_dict) == ["offered_to"]
    themes.set_sharing(w.theme, by=moderator, is_shared=True, offered_to=[w.m.public_arena])
    w.theme.refresh_from_db()
    assert w.theme.is_shared and list(w.theme.offered_to.all()) == [w.m.public_arena]
    themes.set_sharing(w.theme, by=moderator, is_shared=False, offered_to=[w.m.public_arena])
    w.theme.refresh_from_db()
    assert not w.theme.is_shared and list(w.theme.offered_to.all()) == []
    assert ActivityLog.objects.filter(action=themes.SHARING_CHANGED).count() == 2
    with pytest.raises(PermissionDenied):
        themes.set_sharing(w.theme, by=w.user("secretariat"), is_shared=True)


# --- Who sees a theme --------------------------------------------------------------------

SEES_SHARED = {"moderator", "umbrella_admin", "secretariat"}


@pytest.mark.parametrize("persona", THEME_PERSONAS)
def test_a_shared_large_theme_is_seen_by_umbrella_and_offered_secretariat(
    theme_world: ThemeWorld, persona: str
) -> None:
    w = theme_world
    share(w.theme, w.m.public_arena)
    sees = rules.has_perm("experiences.view_theme_summary", w.user(persona), w.theme)
    assert sees == (persona in SEES_SHARED)
    response = w.client(persona).get(w.theme.get_absolute_url())
    if persona == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if persona in SEES_SHARED else 404)
    if response.status_code == 200:
        html = response.content.decode()
        assert w.theme.title in html
        assert ORIGINAL not in html
        # The answers' (shared) text only for the moderators.
        assert (SHARED in html) == (persona == "moderator")


@pytest.mark.parametrize("persona", THEME_PERSONAS)
def test_a_theme_under_the_minimum_is_seen_by_its_moderators_only(
    theme_world: ThemeWorld, persona: str
) -> None:
    w = theme_world
    small = make_theme(w, 2, title="Lite tema om ferjer")
    share(small, w.m.public_arena)
    assert not small.is_large_enough
    assert rules.has_perm("experiences.view_theme_summary", w.user(persona), small) == (
        persona in MODERATORS
    )
    if persona == "anonymous":
        return
    client = w.client(persona)
    response = client.get(small.get_absolute_url())
    assert response.status_code == (200 if persona in MODERATORS else 404)
    if persona in MODERATORS:
        assert "Under minstegrensen" in response.content.decode() or "minstegrensen er 3" in (
            response.content.decode()
        )
    bank = client.get(reverse("experiences:bank")).content.decode()
    assert "Lite tema om ferjer" not in bank


def test_an_unshared_theme_is_not_seen_outside_the_moderators(theme_world: ThemeWorld) -> None:
    w = theme_world
    w.theme.offered_to.set([w.m.public_arena])
    for persona in ("umbrella_admin", "secretariat"):
        assert not rules.has_perm("experiences.view_theme_summary", w.user(persona), w.theme)
        assert w.client(persona).get(w.theme.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("persona", THEME_PERSONAS)
def test_the_themes_page_is_for_moderators(theme_world: ThemeWorld, persona: str) -> None:
    w = theme_world
    response = w.client(persona).get(reverse("experiences:theme_list", args=[w.call.pk]))
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == (200 if persona in MODERATORS else 404)
    if persona in MODERATORS:
        html = response.content.decode()
        assert (
            w.theme.title in html and "Bodø, Tromsø" in html and "Fastlege, Pasientreiser" in html
        )
        assert ORIGINAL not in html


def test_moderator_page_shows_counts_chart_and_candidates(theme_world: ThemeWorld) -> None:
    w = theme_world
    html = w.client("moderator").get(w.theme.get_absolute_url()).content.decode()
    assert 'role="img"' in html and "Svar per kommune" in html and "Svar per tjeneste" in html
    for one in w.outside:
        assert f'value="{one.pk}" id="add-{one.pk}"' in html
    assert f'id="add-{w.pending.pk}"' not in html
    assert ORIGINAL not in html


def test_a_national_theme_draws_the_largest_kommuner_and_one_bar_for_the_rest(
    theme_world: ThemeWorld,
) -> None:
    """Hundreds of kommuner would make a chart thousands of pixels tall: ten bars, then
    one for the rest; the facts above the chart still name every kommune."""
    from medvirk.experiences.domain.themes import recount
    from tests.factories import KommuneFactory

    w = theme_world
    theme = make_theme(w, 0, title="Nasjonalt tema")
    for number in range(13):
        kommune = KommuneFactory(name=f"Kommune {number:02d}")
        theme.experiences.add(
            *[answer(w.call, kommune, service="Pasientreiser") for _ in range(13 - number)]
        )
    recount(theme)
    html = w.client("moderator").get(theme.get_absolute_url()).content.decode()
    chart = html[html.index('id="figures-heading"') : html.index('id="saker"')]
    assert chart.count('class="mv-chart__row-label"') == 11 + 1  # 10 + the rest; 1 service
    assert "Kommune 09" in chart and "Kommune 10" not in chart
    # The rest: kommuner 10, 11 and 12 with 3 + 2 + 1 answers.
    assert "3 kommuner til</th><td>6</td>" in chart
    facts = html[: html.index('id="figures-heading"')]
    assert all(f"Kommune {number:02d}" in facts for number in range(13))


def test_moderator_adds_answers_and_makes_a_theme_through_the_pages(
    theme_world: ThemeWorld,
) -> None:
    w = theme_world
    client = w.client("moderator")
    response = client.post(
        reverse("experiences:theme_create", args=[w.call.pk]), {"title": "", "summary": ""}
    )
    assert response.status_code == 200 and "Skriv en tittel på temaet." in response.content.decode()
    response = client.post(
        reverse("experiences:theme_create", args=[w.call.pk]),
        {"title": "Ventetid på svar", "summary": "Lang ventetid."},
    )
    theme = Theme.objects.get(title="Ventetid på svar")
    assert response.status_code == 302 and response["Location"] == theme.get_absolute_url()
    client.post(
        reverse("experiences:theme_add_answers", args=[theme.pk]),
        {"experiences": [one.pk for one in w.outside]},
    )
    theme.refresh_from_db()
    assert theme.answer_count == 2
    client.post(
        reverse("experiences:theme_remove_answer", args=[theme.pk]),
        {"experience": w.outside[0].pk},
    )
    theme.refresh_from_db()
    assert theme.answer_count == 1
    assert client.get(reverse("experiences:theme_add_answers", args=[theme.pk])).status_code == 405


def test_sharing_is_confirmed_on_a_second_page(theme_world: ThemeWorld) -> None:
    w = theme_world
    client = w.client("moderator")
    url = reverse("experiences:theme_sharing", args=[w.theme.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"is_shared": "on", "offered_to": [w.m.public_arena.pk]})
    assert response.status_code == 200 and "Bekreft deling" in response.content.decode()
    w.theme.refresh_from_db()
    assert not w.theme.is_shared
    response = client.post(
        url, {"is_shared": "on", "offered_to": [w.m.public_arena.pk], "confirm": "True"}
    )
    assert response.status_code == 302
    w.theme.refresh_from_db()
    assert w.theme.is_shared and list(w.theme.offered_to.all()) == [w.m.public_arena]
    # Offering without sharing is refused, naming the field.
    response = client.post(url, {"offered_to": [w.m.public_arena.pk]})
    assert "Et tema må deles" in response.content.decode()


# --- Umbrella themes ------------------------------------------------------------------------


def test_umbrella_admin_combines_members_shared_themes(theme_world: ThemeWorld) -> None:
    w = theme_world
    second = make_theme(w, 3, title="Ventetid på drosje")
    share(w.theme)
    share(second)
    combined = themes.combine_themes(
        w.umbrella,
        by=w.user("umbrella_admin"),
        sources=[w.theme, second],
        title="Pasientreiser i hele landet",
        summary="Samlet fra medlemmene.",
    )
    assert (combined.organisation, combined.call, combined.answer_count) == (w.umbrella, None, 7)
    assert ActivityLog.objects.filter(action=themes.COMBINED).count() == 1
    # A source's new answer counts in the umbrella's theme too.
    themes.add_answers(second, by=w.user("moderator"), experiences=w.outside)
    combined.refresh_from_db()
    assert combined.answer_count == 9
    html = w.client("umbrella_admin").get(combined.get_absolute_url()).content.decode()
    assert "Pasientreiser i hele landet" in html and w.theme.title in html and SHARED not in html


@pytest.mark.parametrize("persona", [p for p in THEME_PERSONAS if p != "umbrella_admin"])
def test_combining_is_for_the_umbrellas_admins(theme_world: ThemeWorld, persona: str) -> None:
    w = theme_world
    second = make_theme(w, 3)
    share(w.theme)
    share(second)
    with pytest.raises(PermissionDenied):
        themes.combine_themes(
            w.umbrella, by=w.user(persona), sources=[w.theme, second], title="Samlet"
        )


def test_combining_refuses_unshared_small_or_foreign_themes(theme_world: ThemeWorld) -> None:
    w = theme_world
    admin = w.user("umbrella_admin")
    small = make_theme(w, 1)
    share(small)
    unshared = make_theme(w, 3)
    foreign = ThemeFactory(min_size=0, is_shared=True)
    for bad in (small, unshared, foreign):
        with pytest.raises(ValidationError) as error:
            themes.combine_themes(w.umbrella, by=admin, sources=[w.theme, bad], title="Samlet")
        assert "sources" in error.value.message_dict


def test_theme_page_pages_answers_and_candidates_25_at_a_time(theme_world: ThemeWorld) -> None:
    w = theme_world
    theme = make_theme(w, 27, title="Stort tema")
    for _ in range(26):
        answer(w.call)
    client = w.client("moderator")
    first = client.get(theme.get_absolute_url()).content.decode()
    assert first.count("Ta ut av temaet<") == 25 and 'name="experiences"' in first
    # Candidates: 6 from the world and 26 new ones, 25 on the first page.
    assert first.count('name="experiences"') == 25
    second = client.get(theme.get_absolute_url(), {"side": 2, "kandidater": 2}).content.decode()
    assert second.count("Ta ut av temaet<") == 2
    assert second.count('name="experiences"') == 7
    assert "Side 2 av 2" in second


def test_theme_page_keeps_its_lists_as_html_and_posts_through_one_form(
    theme_world: ThemeWorld,
) -> None:
    """The two lists of answers are kept as HTML (``caching.FIGURES``) until the call's
    answers or themes change: a warm page reads no answers. "Ta ut av temaet" posts
    through one form outside the kept HTML, which carries the session's CSRF token."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    w = theme_world
    theme = make_theme(w, 3, title="Kort tema")
    client = Client(enforce_csrf_checks=True)
    client.force_login(w.user("moderator"))
    url = theme.get_absolute_url()
    page = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    assert not any('FROM "experiences_experience"' in q["sql"] for q in warm.captured_queries)
    remove = reverse("experiences:theme_remove_answer", args=[theme.pk])
    assert f'<form method="post" action="{remove}" id="ta-ut">' in page
    gone = theme.experiences.order_by("pk").first()
    assert gone is not None
    assert f'form="ta-ut" name="experience" value="{gone.pk}"' in page
    main = page[page.index("<main") : page.index("</main>")]
    assert main.count("csrfmiddlewaretoken") == 2  # this form and the add form
    # What the browser sends for the button: the form's token and the button's value.
    done = client.post(
        remove,
        {"csrfmiddlewaretoken": client.cookies["csrftoken"].value, "experience": gone.pk},
    )
    assert done.status_code == 302
    theme.refresh_from_db()
    assert theme.answer_count == 2
    # The kept lists were retired: the answer left the theme's list for the candidates.
    after = client.get(url).content.decode()
    assert f'form="ta-ut" name="experience" value="{gone.pk}"' not in after
    assert f'name="experiences" value="{gone.pk}"' in after


@pytest.mark.parametrize("persona", THEME_PERSONAS)
def test_sharing_only_by_moderators(theme_world: ThemeWorld, persona: str) -> None:
    w = theme_world
    if persona in MODERATORS:
        themes.set_sharing(w.theme, by=w.user(persona), is_shared=True)
        w.theme.refresh_from_db()
        assert w.theme.is_shared
    else:
        with pytest.raises(PermissionDenied):
            themes.set_sharing(
                w.theme, by=w.user(persona), is_shared=True, offered_to=[w.m.public_arena]
            )
        w.theme.refresh_from_db()
        assert not w.theme.is_shared and not w.theme.offered_to.exists()


def test_an_umbrella_theme_hides_sources_that_are_no_longer_shown(theme_world: ThemeWorld) -> None:
    w = theme_world
    second = make_theme(w, 3, title="Ventetid på drosje")
    share(w.theme)
    share(second)
    combined = themes.combine_themes(
        w.umbrella, by=w.user("umbrella_admin"), sources=[w.theme, second], title="Samlet"
    )
    client = w.client("umbrella_admin")
    assert "Ventetid på drosje" in client.get(combined.get_absolute_url()).content.decode()
    themes.set_sharing(second, by=w.user("moderator"), is_shared=False)
    themes.remove_answer(w.theme, by=w.user("moderator"), experience=w.in_theme[0])
    themes.remove_answer(w.theme, by=w.user("moderator"), experience=w.in_theme[1])
    html = client.get(combined.get_absolute_url()).content.decode()
    assert "Ventetid på drosje" not in html and w.theme.title not in html
    combined.refresh_from_db()
    assert combined.answer_count == 0
    assert "Ingen av temaene som ble samlet, deles lenger." in html
