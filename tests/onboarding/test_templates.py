"""A service's templates: only its secretariat and admins change them; the first change
takes the defaults over; validation names the field."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from medvirk.arenas.enums import ArenaKind
from medvirk.common.models import ActivityLog
from medvirk.onboarding.domain.templates import (
    DOWN,
    UP,
    add_item,
    move_item,
    remove_item,
    start_editing,
    update_item,
)
from medvirk.onboarding.enums import Audience, AutoCheck
from medvirk.onboarding.models import TemplateItem
from tests.onboarding.conftest import PERSONAS, World

pytestmark = pytest.mark.django_db

KIND = ArenaKind.ELDRERAD


def titles(world: World, audience: str = Audience.MEMBER) -> list[str]:
    return [
        i.shown_title
        for i in TemplateItem.objects.filter(
            template__service=world.service, template__arena_kind=KIND, template__audience=audience
        ).order_by("position", "pk")
    ]


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_only_the_services_secretariat_edits_templates(world: World, persona: str) -> None:
    user = world.user(persona)
    if persona == "secretariat":
        add_item(world.service, arena_kind=KIND, audience=Audience.MEMBER, by=user, title="Nytt")
        assert titles(world)[-1] == "Nytt"
    else:
        with pytest.raises(PermissionDenied):
            add_item(
                world.service, arena_kind=KIND, audience=Audience.MEMBER, by=user, title="Nytt"
            )


def test_edit_move_and_remove(world: World) -> None:
    by = world.secretariat
    start_editing(world.service, arena_kind=KIND, audience=Audience.SECRETARIAT, by=by)
    assert titles(world, Audience.SECRETARIAT)[0] == "Gå gjennom rutinen for medvirkning"
    first, second = TemplateItem.objects.filter(template__audience=Audience.SECRETARIAT).order_by(
        "position"
    )[:2]
    update_item(first, by=by, title="Les rutinen", description="Den ligger på intranettet.")
    move_item(first, by=by, direction=DOWN)
    assert titles(world, Audience.SECRETARIAT)[:2] == [second.shown_title, "Les rutinen"]
    move_item(first, by=by, direction=UP)
    move_item(first, by=by, direction=UP)  # already first: no change
    assert titles(world, Audience.SECRETARIAT)[0] == "Les rutinen"
    remove_item(first, by=by)
    assert "Les rutinen" not in titles(world, Audience.SECRETARIAT)
    actions = list(
        ActivityLog.objects.filter(action__startswith="onboarding.template")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    # The move up at the top changed nothing and wrote no entry.
    assert actions == [
        "onboarding.template_taken_over",
        "onboarding.template_item_changed",
        "onboarding.template_item_moved",
        "onboarding.template_item_moved",
        "onboarding.template_item_removed",
    ]


def test_bad_input_names_the_field(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        add_item(
            world.service,
            arena_kind=KIND,
            audience=Audience.SECRETARIAT,
            by=world.secretariat,
            title=" ",
            description="x" * 1001,
            auto=AutoCheck.BASIC_COURSE,  # a secretariat list has no person
        )
    assert set(caught.value.message_dict) == {"title", "description", "auto"}
    assert not TemplateItem.objects.exists()
