"""The profile form's checkbox lists (issue 13): written as menus, each box still tied to
the help text, the person's choices checked, a value outside the list refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from medvirk.people.forms import PersonForm
from tests.factories.people import CompetenceAreaFactory
from tests.people.conftest import World

pytestmark = pytest.mark.django_db


def test_profile_checkboxes_keep_help_text_and_choices(world: World) -> None:
    area = CompetenceAreaFactory()
    other = CompetenceAreaFactory()
    world.person.competence_areas.add(area)
    url = reverse("people:edit", args=[world.person.pk])
    html = world.client("platform_admin").get(url).content.decode()
    boxes = html.split('name="competence_areas"')[1:]
    assert len(boxes) >= 2
    assert all('aria-describedby="id_competence_areas_helptext"' in b.split(">")[0] for b in boxes)
    assert " checked" in html.split(f'value="{area.pk}"')[1].split(">")[0]
    assert " checked" not in html.split(f'value="{other.pk}"')[1].split(">")[0]


def test_profile_refuses_an_unknown_competence_area() -> None:
    data = {
        "name": "Rita",
        "preferred_language": "nb",
        "capacity": "2",
        "competence_areas": ["999999"],
        "languages": ["xx-unknown"],
    }
    form = PersonForm(data, ask_personal=False)
    assert not form.is_valid()
    assert set(form.errors) == {"competence_areas", "languages"}
