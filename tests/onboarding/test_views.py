"""The pages: who reaches which, ticking through the page, bad input, and statement
counts that do not grow with the rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.onboarding.enums import Audience
from medvirk.onboarding.models import Checklist, TemplateItem
from tests.factories.onboarding import make_checklist
from tests.onboarding.conftest import PERSONAS, World, new_member

pytestmark = pytest.mark.django_db

SEES_LIST = {"member", "secretariat"}
RUNS_ARENA = {"secretariat"}


def statements(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_a_checklist(world: World, persona: str) -> None:
    checklist = make_checklist(world.seat)
    response = world.client(persona).get(checklist.get_absolute_url())
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona in SEES_LIST:
        assert response.status_code == 200
        assert "Les mandatet" in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_the_overview_and_the_templates(world: World, persona: str) -> None:
    client = world.client(persona)
    for url in (
        reverse("onboarding:overview", args=[world.arena.pk]),
        reverse("onboarding:service", args=[world.service.pk]),
        reverse("onboarding:template", args=[world.service.pk, world.arena.kind, "member"]),
    ):
        response = client.get(url)
        expected = 302 if persona == "anonymous" else 200 if persona in RUNS_ARENA else 403
        assert response.status_code == expected, url


def test_the_member_ticks_through_the_page_and_someone_else_is_refused(world: World) -> None:
    checklist = make_checklist(world.seat)
    item = checklist.items.filter(auto="").first()
    assert item is not None
    url = reverse("onboarding:tick", args=[checklist.pk, item.pk])
    assert world.client("other_member").post(url, {"done": "1"}).status_code == 404
    item.refresh_from_db()
    assert item.done_at is None
    response = world.client("member").post(url, {"done": "1"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.done_by == world.member


def test_the_own_page_makes_the_missing_list(world: World) -> None:
    response = world.client("member").get(reverse("onboarding:mine"))
    assert response.status_code == 200
    assert "Eldrerådet i Nordby" in response.content.decode()
    assert Checklist.objects.filter(membership=world.seat).exists()


def test_the_own_page_without_seats_says_so(world: World) -> None:
    response = world.client("secretariat").get(reverse("onboarding:mine"))
    assert "Du har ingen sjekklister" in response.content.decode()


def test_the_secretariat_makes_its_own_list_from_the_overview(world: World) -> None:
    url = reverse("onboarding:secretariat_list", args=[world.arena.pk])
    assert world.client("other_secretariat").post(url).status_code == 403
    response = world.client("secretariat").post(url)
    own = Checklist.objects.get(audience=Audience.SECRETARIAT, user=world.secretariat)
    assert response["Location"] == own.get_absolute_url()


def test_adding_an_item_with_bad_input_keeps_what_was_typed(world: World) -> None:
    url = reverse("onboarding:template", args=[world.service.pk, world.arena.kind, "member"])
    response = world.client("secretariat").post(
        url, {"title": "", "description": "Beholdt tekst", "auto": ""}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Beholdt tekst" in page
    assert 'href="#id_title"' in page
    assert not TemplateItem.objects.exists()
    ok = world.client("secretariat").post(url, {"title": "Møt ordføreren", "auto": ""})
    assert ok.status_code == 302
    assert TemplateItem.objects.filter(title="Møt ordføreren").exists()


def test_editing_removing_and_moving_through_the_pages(world: World) -> None:
    client = world.client("secretariat")
    client.post(reverse("onboarding:customise", args=[world.service.pk, "eldrerad", "member"]))
    first, second = TemplateItem.objects.order_by("position")[:2]
    edit = reverse("onboarding:item_edit", args=[first.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"title": "", "auto": ""}).status_code == 422
    assert client.post(edit, {"title": "Les mandatet nøye", "auto": ""}).status_code == 302
    client.post(reverse("onboarding:item_move", args=[first.pk]), {"direction": "down"})
    assert TemplateItem.objects.order_by("position").first() == second
    remove = reverse("onboarding:item_remove", args=[first.pk])
    assert client.get(remove).status_code == 200
    client.post(remove)
    assert not TemplateItem.objects.filter(pk=first.pk).exists()
    outsider = world.client("other_secretariat")
    assert outsider.get(reverse("onboarding:item_edit", args=[second.pk])).status_code == 403


def test_own_page_statements_do_not_grow_with_the_lists(world: World) -> None:
    client = world.client("member")
    make_checklist(world.seat)
    one = statements(client, reverse("onboarding:mine"))
    for name in ("B", "C"):
        seat = new_member(world.arena, name)
        seat.person = world.person
        seat.save()
        make_checklist(seat)
    assert statements(client, reverse("onboarding:mine")) == one


def test_overview_statements_do_not_grow_with_the_members(world: World) -> None:
    client = world.client("secretariat")
    url = reverse("onboarding:overview", args=[world.arena.pk])
    make_checklist(world.seat)
    one = statements(client, url)
    for name in ("Berit", "Carl"):
        make_checklist(new_member(world.arena, name))
    assert statements(client, url) == one


def test_checklist_statements_are_constant(world: World) -> None:
    checklist = make_checklist(world.seat)
    for persona in ("member", "secretariat"):
        assert statements(world.client(persona), checklist.get_absolute_url()) <= 14


def test_template_pages_statements_do_not_grow_with_items(world: World) -> None:
    client = world.client("secretariat")
    url = reverse("onboarding:template", args=[world.service.pk, "eldrerad", "member"])
    client.post(reverse("onboarding:customise", args=[world.service.pk, "eldrerad", "member"]))
    one = statements(client, url)
    client.post(url, {"title": "Ekstra", "auto": ""})
    client.post(url, {"title": "Ekstra 2", "auto": ""})
    assert statements(client, url) == one
    service_url = reverse("onboarding:service", args=[world.service.pk])
    before = statements(client, service_url)
    make_checklist(new_member(world.arena, "Dag"))
    assert statements(client, service_url) == before
