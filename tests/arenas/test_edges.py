"""An arena's numbers at the edges (issue 20): an age limit of 500, a reserved-seat
formset with a negative or enormous count -- a message (422), never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from medvirk.arenas.models import Arena
from tests.arenas.conftest import World

pytestmark = pytest.mark.django_db


def arena_data(**extra: str) -> dict[str, str]:
    data = {
        "name": "Kanttest",
        "is_public": "on",
        "term_years": "4",
        "members_count": "7",
        "deputies_count": "3",
        "proposal_deadline_days": "21",
        "agenda_deadline_days": "14",
        "seats-TOTAL_FORMS": "0",
        "seats-INITIAL_FORMS": "0",
        "seats-MIN_NUM_FORMS": "0",
        "seats-MAX_NUM_FORMS": "20",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("max_age_at_appointment", "500", "mindre enn eller lik 120"),
        ("members_count", "99999999999", "Tallet er for stort."),
        ("proposal_deadline_days", "-1", "større enn eller lik 0"),
        ("advice_response_weeks", "520", "mindre enn eller lik 52"),
    ],
)
def test_arena_numbers_out_of_range_are_refused(
    world: World, arena_client: Any, field: str, value: str, message: str
) -> None:
    client = arena_client("secretariat")
    client.raise_request_exception = False
    url = reverse("arenas:edit", args=[world.public_arena.pk])
    response = client.post(url, arena_data(**{field: value}))
    page = response.content.decode()
    assert response.status_code == 422
    assert message in page and f'href="#id_{field}"' in page
    assert Arena.objects.get(pk=world.public_arena.pk).name != "Kanttest"


@pytest.mark.parametrize("count", ["-1", "-99999999999", "99999999999"])
def test_a_formset_count_out_of_range_is_no_server_error(
    world: World, arena_client: Any, count: str
) -> None:
    client = arena_client("secretariat")
    client.raise_request_exception = False
    url = reverse("arenas:edit", args=[world.public_arena.pk])
    response = client.post(url, arena_data(**{"seats-TOTAL_FORMS": count}))
    assert response.status_code in {302, 422}
