"""The recommendation's rules, row by row (planning/recommend.py)."""

from __future__ import annotations

import itertools

import pytest

from medvirk.arenas.enums import ArenaKind, Influence, Level
from medvirk.directory.enums import ServiceKind
from medvirk.planning.enums import Duration, Purpose, Resources, TargetGroup
from medvirk.planning.recommend import Answers, recommend

K, Inf, L = ArenaKind, Influence, Level
P, T, D, R = Purpose, TargetGroup, Duration, Resources


def answers(
    purpose: str = P.ADVISE,
    target_group: str = T.ELDERLY,
    level: str = L.SYSTEM,
    influence: str = Inf.DIALOGUE,
    duration: str = D.STANDING,
    resources: str = R.SOME,
) -> Answers:
    return Answers(purpose, target_group, level, influence, duration, resources)


KOMMUNE, NAV, HF, OTHER = (
    ServiceKind.KOMMUNE,
    ServiceKind.NAV,
    ServiceKind.HELSEFORETAK,
    ServiceKind.STATE_AGENCY,
)


@pytest.mark.parametrize(
    ("given", "service_kind", "kind", "influence"),
    [
        # Municipal councils for the groups the law names, at system level, standing.
        (answers(), KOMMUNE, K.ELDRERAD, Inf.DIALOGUE),
        (answers(target_group=T.DISABILITY), KOMMUNE, K.FUNKSJONSHEMMEDE, Inf.DIALOGUE),
        (answers(target_group=T.YOUTH), ServiceKind.FYLKESKOMMUNE, K.UNGDOMSRAD, Inf.DIALOGUE),
        # The same answers outside a kommune: a user committee.
        (answers(), NAV, K.BRUKERUTVALG, Inf.DIALOGUE),
        (answers(target_group=T.PATIENTS), HF, K.BRUKERUTVALG, Inf.DIALOGUE),
        (answers(target_group=T.SERVICE_USERS), KOMMUNE, K.BRUKERUTVALG, Inf.DIALOGUE),
        # Standing advice at service level: also a committee.
        (answers(level=L.SERVICE, target_group=T.ELDERLY), KOMMUNE, K.BRUKERUTVALG, Inf.DIALOGUE),
        # Advice for a while: a reference group.
        (answers(duration=D.LIMITED), KOMMUNE, K.REFERANSEGRUPPE, Inf.DIALOGUE),
        (answers(level=L.SERVICE, duration=D.ONE_OFF), OTHER, K.REFERANSEGRUPPE, Inf.DIALOGUE),
        # Development.
        (answers(P.DEVELOP, duration=D.ONE_OFF), OTHER, K.DIALOGKONFERANSE, Inf.DIALOGUE),
        (
            answers(P.DEVELOP, influence=Inf.USER_CONTROL, duration=D.LIMITED),
            OTHER,
            K.PROSJEKTGRUPPE,
            Inf.USER_CONTROL,
        ),
        (
            answers(P.DEVELOP, duration=D.LIMITED, resources=R.DEDICATED),
            OTHER,
            K.PROSJEKTGRUPPE,
            Inf.DIALOGUE,
        ),
        (answers(P.DEVELOP, duration=D.LIMITED), OTHER, K.REFERANSEGRUPPE, Inf.DIALOGUE),
        (answers(P.DEVELOP, influence=Inf.INFORMANT), OTHER, K.ERFARINGSFORUM, Inf.INFORMANT),
        # Experiences and broad input.
        (answers(P.EXPERIENCES), KOMMUNE, K.ERFARINGSFORUM, Inf.DIALOGUE),
        (answers(P.EXPERIENCES, duration=D.LIMITED), KOMMUNE, K.BRUKERPANEL, Inf.INFORMANT),
        (answers(P.DIALOGUE, duration=D.ONE_OFF), KOMMUNE, K.DIALOGKONFERANSE, Inf.DIALOGUE),
        (
            answers(P.DIALOGUE, influence=Inf.USER_PERSPECTIVE, duration=D.STANDING),
            KOMMUNE,
            K.BRUKERPANEL,
            Inf.USER_PERSPECTIVE,
        ),
        # Wishing for more than the arena can give: capped, with the reason.
        (answers(influence=Inf.USER_CONTROL), KOMMUNE, K.ELDRERAD, Inf.DIALOGUE),
        (
            answers(P.EXPERIENCES, influence=Inf.DIALOGUE, duration=D.LIMITED),
            OTHER,
            K.BRUKERPANEL,
            Inf.INFORMANT,
        ),
        (
            answers(P.DEVELOP, influence=Inf.USER_CONTROL, duration=D.ONE_OFF),
            OTHER,
            K.DIALOGKONFERANSE,
            Inf.DIALOGUE,
        ),
    ],
)
def test_recommend_kind_and_influence(given, service_kind, kind, influence):
    found = recommend(given, service_kind=service_kind)
    assert (found.kind, found.influence, found.problem_codes) == (kind, influence, ())
    assert len(found.reasons) >= 2


@pytest.mark.parametrize(
    ("given", "codes"),
    [
        (answers(level=L.INDIVIDUAL), ("individual",)),
        (
            answers(duration=D.ONE_OFF, resources=R.NONE),
            ("system_one_off_no_resources",),
        ),
        (
            answers(P.DEVELOP, influence=Inf.USER_CONTROL, resources=R.NONE),
            ("control_no_resources",),
        ),
        (
            answers(influence=Inf.USER_CONTROL, duration=D.ONE_OFF, resources=R.NONE),
            ("system_one_off_no_resources", "control_no_resources"),
        ),
    ],
)
def test_contradictory_answers_give_problems_not_a_recommendation(given, codes):
    found = recommend(given, service_kind=KOMMUNE)
    assert (found.kind, found.influence, found.problem_codes) == (None, None, codes)
    assert all(problem.message for problem in found.problems)


def test_a_one_off_at_service_level_without_resources_is_fine():
    found = recommend(answers(P.DIALOGUE, level=L.SERVICE, duration=D.ONE_OFF, resources=R.NONE))
    assert (found.kind, found.problem_codes) == (K.DIALOGKONFERANSE, ())


def test_every_answer_combination_gets_a_kind_or_a_problem():
    for values in itertools.product(P.values, T.values, L.values, Inf.values, D.values, R.values):
        for service_kind in (KOMMUNE, NAV, HF, OTHER, None):
            found = recommend(Answers(*values), service_kind=service_kind)
            assert (found.kind is None) == bool(found.problems), values
            if found.kind is not None:
                order = list(Inf)
                assert order.index(Inf(found.influence)) <= order.index(Inf(values[3]))


@pytest.mark.parametrize(
    ("service_kind", "existing", "required"),
    [
        (
            KOMMUNE,
            {K.ELDRERAD},
            [(K.ELDRERAD, True), (K.FUNKSJONSHEMMEDE, False), (K.UNGDOMSRAD, False)],
        ),
        (
            ServiceKind.FYLKESKOMMUNE,
            set(),
            [(K.ELDRERAD, False), (K.FUNKSJONSHEMMEDE, False), (K.UNGDOMSRAD, False)],
        ),
        (HF, {K.BRUKERUTVALG}, [(K.BRUKERUTVALG, True)]),
        (ServiceKind.RHF, set(), [(K.BRUKERUTVALG, False)]),
        (NAV, set(), [(K.BRUKERUTVALG, False)]),
        (OTHER, set(), []),
    ],
)
def test_legal_requirements_by_kind_of_service(service_kind, existing, required):
    found = recommend(answers(P.EXPERIENCES), service_kind=service_kind, existing_kinds=existing)
    assert [(r.kind, r.met) for r in found.requirements if r.kind] == required


def test_council_rules_and_gender_balance_follow_the_recommended_kind():
    youth = recommend(answers(target_group=T.YOUTH), service_kind=KOMMUNE)
    general = [r for r in youth.requirements if r.kind is None]
    assert len(general) == 2
    assert "19" in general[0].text
    panel = recommend(answers(P.DIALOGUE, duration=D.ONE_OFF), service_kind=OTHER)
    assert panel.requirements == ()


def test_existing_arena_and_missing_resources_are_named():
    found = recommend(answers(resources=R.NONE), service_kind=KOMMUNE, existing_kinds={K.ELDRERAD})
    assert found.kind == K.ELDRERAD
    assert any("allerede" in reason for reason in found.reasons)
    assert any("ressurser" in reason for reason in found.reasons)


def test_answers_from_the_session_need_every_valid_answer():
    full = {
        "purpose": "advise",
        "target_group": "elderly",
        "level": "system",
        "influence": "dialogue",
        "duration": "standing",
        "resources": "some",
    }
    assert Answers.from_dict(full) == answers()
    assert Answers.from_dict(full | {"level": "galaxy"}) is None
    assert Answers.from_dict({k: v for k, v in full.items() if k != "resources"}) is None
