"""The chooser's draft arena (planning/domain/chooser.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from medvirk.arenas.enums import ArenaKind, Influence, Level
from medvirk.arenas.models import Arena
from medvirk.common.models import ActivityLog
from medvirk.planning.domain.chooser import create_draft_arena
from medvirk.planning.recommend import Answers
from tests.planning.conftest import KEEPERS, PERSONAS

ELDERLY = Answers("advise", "elderly", "system", "user_control", "standing", "some")


@pytest.mark.parametrize("persona", PERSONAS)
def test_draft_arena_only_by_the_services_keepers(planning_world, persona):
    user = planning_world.users[persona]
    if persona in KEEPERS:
        arena = create_draft_arena(
            planning_world.service, by=user, answers=ELDERLY, name=" Eldrerådet "
        )
        assert (arena.kind, arena.name, arena.is_public) == (
            ArenaKind.ELDRERAD,
            "Eldrerådet",
            False,
        )
    else:
        with pytest.raises(PermissionDenied):
            create_draft_arena(planning_world.service, by=user, answers=ELDERLY, name="X")
        assert not Arena.objects.exists()


def test_draft_arena_has_the_kinds_defaults_and_a_mandate(planning_world):
    arena = create_draft_arena(
        planning_world.service,
        by=planning_world.users["secretariat"],
        answers=ELDERLY,
        name="Eldrerådet",
    )
    assert (arena.level, arena.influence, arena.term_years) == (
        Level.SYSTEM,
        Influence.DIALOGUE,  # capped: a council gives advice
        4,
    )
    assert "<ul>" in arena.mandate and "eldre" in arena.mandate
    actions = set(ActivityLog.objects.values_list("action", flat=True))
    assert {"arenas.arena.created", "planning.arena_drafted"} <= actions
    log = ActivityLog.objects.get(action="planning.arena_drafted")
    assert log.data["kind"] == ArenaKind.ELDRERAD
    assert log.data["answers"]["influence"] == "user_control"


def test_contradictory_answers_make_no_arena(planning_world):
    answers = Answers("advise", "elderly", "system", "dialogue", "one_off", "none")
    with pytest.raises(ValidationError):
        create_draft_arena(
            planning_world.service,
            by=planning_world.users["secretariat"],
            answers=answers,
            name="X",
        )
    assert not Arena.objects.exists()


def test_a_name_is_needed(planning_world):
    with pytest.raises(ValidationError) as error:
        create_draft_arena(
            planning_world.service,
            by=planning_world.users["secretariat"],
            answers=ELDERLY,
            name="  ",
        )
    assert set(error.value.message_dict) == {"name"}
