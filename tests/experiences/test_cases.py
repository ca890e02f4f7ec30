"""From a theme to case proposals, and a representative's individual case."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from medvirk.common.models import ActivityLog
from medvirk.experiences.domain import cases
from medvirk.experiences.enums import ExperienceStatus, RoughWhen
from medvirk.experiences.models import Experience, ThemeCase
from medvirk.meetings.enums import ProposerKind
from medvirk.meetings.models import CaseProposal
from tests.arenas.conftest import make_arena
from tests.experiences.themes_support import (  # noqa: F401
    ORIGINAL,
    THEME_PERSONAS,
    ThemeWorld,
    make_theme,
    meeting_world,
    share,
    theme_world_fixture,
)
from tests.factories.experiences import ExperienceCallFactory

pytestmark = pytest.mark.django_db


def _fields(w: ThemeWorld) -> dict[str, object]:
    return {**cases.case_draft(w.theme), "arenas": [w.m.public_arena, w.m.private_arena]}


def test_case_draft_is_filled_from_the_theme_with_shared_text_only(theme_world: ThemeWorld) -> None:
    w = theme_world
    draft = cases.case_draft(w.theme)
    assert draft["title"] == "Drosjer som ikke kommer"
    assert draft["problem_why"].startswith(w.theme.summary)
    assert (
        "4 erfaringer" in draft["problem_why"] and "Reisen til behandling" in draft["problem_why"]
    )
    assert draft["problem_where"] == "Kommuner: Bodø, Tromsø.\nTjenester: Fastlege, Pasientreiser."
    assert draft["problem_when"] == f"{RoughWhen.LAST_YEAR.label}: 4"
    # The shared "would have helped" texts, once each; the purged answer's left out.
    assert draft["proposed_solution"] == "- Melding om forsinkelse.\n- Ein eigen kontaktperson."
    assert ORIGINAL not in "".join(draft.values())


def test_make_case_proposes_in_every_chosen_arena_for_the_organisation(
    theme_world: ThemeWorld,
) -> None:
    w = theme_world
    made = cases.make_case(w.theme, by=w.user("moderator"), **_fields(w))
    assert len(made) == 2
    proposals = list(CaseProposal.objects.all())
    assert {p.arena for p in proposals} == {w.m.public_arena, w.m.private_arena}
    for proposal in proposals:
        assert proposal.title == "Drosjer som ikke kommer"
        assert proposal.organisation == w.organisation
        assert proposal.proposer_kind == ProposerKind.ORGANISATION
        assert "Melding om forsinkelse." in proposal.proposed_solution
        assert proposal.problem_why.startswith(w.theme.summary)
    assert set(ThemeCase.objects.values_list("theme_id", "proposal_id")) == {
        (w.theme.pk, p.pk) for p in proposals
    }
    entry = ActivityLog.objects.get(action=cases.CASE_MADE)
    assert sorted(entry.data["proposals"]) == sorted(p.pk for p in proposals)


@pytest.mark.parametrize("persona", [p for p in THEME_PERSONAS if p != "moderator"])
def test_make_case_only_by_moderators(theme_world: ThemeWorld, persona: str) -> None:
    w = theme_world
    share(w.theme, w.m.public_arena)
    with pytest.raises(PermissionDenied):
        cases.make_case(w.theme, by=w.user(persona), **_fields(w))
    assert not CaseProposal.objects.exists()


def test_make_case_refuses_a_theme_under_the_minimum(theme_world: ThemeWorld) -> None:
    w = theme_world
    small = make_theme(w, 2)
    with pytest.raises(PermissionDenied):
        cases.make_case(
            small,
            by=w.user("moderator"),
            arenas=[w.m.public_arena],
            title="Liten",
            problem_why="Hvorfor",
            proposed_solution="Slik",
        )


def test_make_case_refuses_arenas_it_may_not_propose_to(theme_world: ThemeWorld) -> None:
    w = theme_world
    elsewhere = make_arena(w.m.other_service, "brukerutvalg", name="Annet utvalg")
    for arenas in ([], [w.m.public_arena, elsewhere]):
        with pytest.raises(ValidationError) as error:
            cases.make_case(w.theme, by=w.user("moderator"), **{**_fields(w), "arenas": arenas})
        assert list(error.value.message_dict) == ["arenas"]
    # The proposal's own checks name their fields, and nothing is sent.
    with pytest.raises(ValidationError) as error:
        cases.make_case(w.theme, by=w.user("moderator"), **{**_fields(w), "problem_why": " "})
    assert "problem_why" in error.value.message_dict
    assert not CaseProposal.objects.exists() and not ThemeCase.objects.exists()


def test_case_pages_choose_arenas_then_prefill_then_send(theme_world: ThemeWorld) -> None:
    w = theme_world
    client = w.client("moderator")
    url = reverse("experiences:theme_case", args=[w.theme.pk])
    html = client.get(url).content.decode()
    assert "Brukerutvalget" in html and "Lukket referansegruppe" in html
    html = client.get(url, {"arenas": [w.m.public_arena.pk]}).content.decode()
    assert "Melding om forsinkelse." in html and 'name="proposed_solution"' in html
    assert f'value="{w.m.public_arena.pk}"' in html
    checked = html.split(f'value="{w.m.public_arena.pk}"')[1].split(">")[0]
    assert "checked" in checked
    assert ORIGINAL not in html
    response = client.post(
        url,
        {
            **cases.case_draft(w.theme),
            "title": "Drosjer som ikke kommer til sykehuset",
            "arenas": [w.m.public_arena.pk],
        },
    )
    assert response.status_code == 302
    proposal = CaseProposal.objects.get()
    assert proposal.title == "Drosjer som ikke kommer til sykehuset"
    html = client.get(w.theme.get_absolute_url()).content.decode()
    assert proposal.get_absolute_url() in html and "Sendt inn" in html
    # Bad input keeps what was typed and names the field.
    response = client.post(url, {"title": "Beholdt tittel", "arenas": [w.m.public_arena.pk]})
    html = response.content.decode()
    assert "Beholdt tittel" in html and "Forklar hvorfor dette er et problem." in html
    assert w.client("secretariat").get(url).status_code == 404


# --- Individual cases --------------------------------------------------------------------

RECORDERS = {"moderator", "representative"}


@pytest.mark.parametrize("persona", THEME_PERSONAS)
def test_individual_case_by_representatives_and_moderators(
    theme_world: ThemeWorld, persona: str
) -> None:
    w = theme_world
    fields = {
        "what_happened": "En bruker fikk ikke tolk på legevakten.",
        "service": "Legevakt",
        "kommune": w.kommuner[0],
        "when": RoughWhen.LAST_MONTH,
    }
    if persona in RECORDERS:
        case = cases.record_individual_case(w.call, by=w.user(persona), **fields)
        assert (case.status, case.recorded_by_representative, case.submitted_by) == (
            ExperienceStatus.PENDING,
            True,
            w.user(persona),
        )
        assert (case.contact_email, case.contact_consent) == ("", False)
        assert ActivityLog.objects.filter(action=cases.INDIVIDUAL_CASE).count() == 1
    else:
        with pytest.raises(PermissionDenied):
            cases.record_individual_case(w.call, by=w.user(persona), **fields)


def test_individual_case_validation(theme_world: ThemeWorld) -> None:
    w = theme_world
    rep = w.user("representative")
    with pytest.raises(ValidationError) as error:
        cases.record_individual_case(w.call, by=rep, what_happened=" ", when="tomorrow")
    assert set(error.value.message_dict) == {"what_happened", "when"}
    closed = ExperienceCallFactory(organisation=w.organisation, published_at=None)
    with pytest.raises(ValidationError) as error:
        cases.record_individual_case(closed, by=rep, what_happened="Noe skjedde.")
    assert "__all__" in error.value.message_dict


def test_individual_case_page(theme_world: ThemeWorld) -> None:
    w = theme_world
    client = w.client("representative")
    url = reverse("experiences:individual_case", args=[w.call.pk])
    html = client.get(url).content.decode()
    assert "Gjør saken anonym" in html
    response = client.post(url, {"what_happened": "", "service": "Legevakt"})
    assert "Beskriv hva som skjedde." in response.content.decode()
    response = client.post(
        url, {"what_happened": "Ingen tolk.", "kommune": w.kommuner[1].pk, "when": "ongoing"}
    )
    assert response.status_code == 302
    case = Experience.objects.get(what_happened="Ingen tolk.")
    assert (case.kommune, case.when, case.recorded_by_representative) == (
        w.kommuner[1],
        "ongoing",
        True,
    )
    assert w.client("admin_b").get(url).status_code == 404
