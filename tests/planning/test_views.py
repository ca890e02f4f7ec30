"""The planning pages: who reaches them, the chooser keeping its answers across steps,
bad input, and statements that do not grow with the versions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.arenas.enums import ArenaKind
from medvirk.arenas.models import Arena
from medvirk.planning.domain.routines import publish_routine, save_routine
from medvirk.planning.models import RoutineVersion
from medvirk.planning.routine_template import SECTION_FIELDS
from tests.planning.conftest import KEEPERS, PERSONAS


def texts(word: str) -> dict[str, str]:
    return {field: f"{word} – {field}" for field in SECTION_FIELDS}


def versions(world, count: int, *, draft: bool = True) -> None:
    user = world.users["secretariat"]
    for number in range(count):
        save_routine(world.service, by=user, change_note=f"Endring {number}", **texts(str(number)))
        publish_routine(world.service, by=user)
    if draft:
        save_routine(world.service, by=user, **texts("Utkast"))


KEEPER_PAGES = [
    ("planning:service", ()),
    ("planning:chooser_step", (1,)),
    ("planning:chooser_step", (2,)),
    ("planning:chooser_step", (3,)),
    ("planning:routine_edit", ()),
    ("planning:routine_publish", ()),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "args"), KEEPER_PAGES)
def test_planning_pages_only_for_the_services_keepers(planning_world, persona, name, args):
    url = reverse(name, args=(planning_world.service.pk, *args))
    response = planning_world.client(persona).get(url)
    if persona == "anonymous":
        assert response.status_code == 302 and "/konto/" in response.url
    elif persona in KEEPERS:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_routine_pages_public_once_published(planning_world, persona):
    versions(planning_world, 2)
    client = planning_world.client(persona)
    pk = planning_world.service.pk
    current = client.get(reverse("planning:routine", args=[pk]))
    assert current.status_code == 200
    assert "1 – when_to_involve" in current.content.decode()
    old = client.get(reverse("planning:routine_version", args=[pk, 1]))
    assert old.status_code == 200 and "0 – recruiting" in old.content.decode()
    draft = client.get(reverse("planning:routine_version", args=[pk, 3]))
    assert draft.status_code == (200 if persona in KEEPERS else 404)
    assert ("Versjon 3" in current.content.decode()) == (persona in KEEPERS)


def test_routine_page_says_so_before_anything_is_published(planning_world):
    versions(planning_world, 0)
    url = reverse("planning:routine", args=[planning_world.service.pk])
    public = planning_world.client("anonymous").get(url).content.decode()
    assert "har ikke publisert en rutine" in public
    assert "Versjon 1" not in public
    keeper = planning_world.client("secretariat").get(url).content.decode()
    assert "Versjon 1" in keeper  # the draft, for those who keep the routine


def test_directory_page_of_a_service_links_to_its_routine(planning_world):
    service = planning_world.service
    page = planning_world.client("anonymous").get(service.get_absolute_url()).content.decode()
    assert reverse("planning:routine", args=[service.pk]) in page


def test_chooser_keeps_the_answers_and_creates_a_draft_arena(planning_world):
    client = planning_world.client("secretariat")
    pk = planning_world.service.pk
    step = lambda n: reverse("planning:chooser_step", args=[pk, n])  # noqa: E731
    result = reverse("planning:chooser_result", args=[pk])
    assert client.get(result).url == step(1)  # nothing answered yet
    client.post(step(1), {"purpose": "advise", "target_group": "disability"})
    assert client.get(result).url == step(2)
    client.post(step(2), {"level": "system", "influence": "dialogue"})
    back = client.get(step(1)).content.decode()
    assert 'value="disability" required id="id_target_group_1" checked' in back
    assert client.post(step(3), {"duration": "standing", "resources": "some"}).url == result
    page = client.get(result).content.decode()
    assert "Råd for personer med funksjonsnedsettelse" in page
    assert "kommuneloven § 5-12" in page
    response = client.post(result, {"name": "Funksjonshemmedes råd"})
    arena = Arena.objects.get()
    assert response.url == arena.get_absolute_url()
    assert (arena.kind, arena.is_public) == (ArenaKind.FUNKSJONSHEMMEDE, False)
    assert client.get(result).url == step(1)  # the answers are cleared


def test_chooser_bad_input_and_contradictions(planning_world):
    client = planning_world.client("secretariat")
    pk = planning_world.service.pk
    bad = client.post(
        reverse("planning:chooser_step", args=[pk, 1]), {"purpose": "advise", "target_group": "x"}
    )
    assert bad.status_code == 422
    page = bad.content.decode()
    assert 'value="advise" required id="id_purpose_0" checked' in page
    assert 'href="#id_target_group' in page  # the error summary links to the field
    client.post(
        reverse("planning:chooser_step", args=[pk, 1]),
        {"purpose": "advise", "target_group": "elderly"},
    )
    client.post(
        reverse("planning:chooser_step", args=[pk, 2]), {"level": "system", "influence": "dialogue"}
    )
    client.post(
        reverse("planning:chooser_step", args=[pk, 3]), {"duration": "one_off", "resources": "none"}
    )
    result = client.get(reverse("planning:chooser_result", args=[pk])).content.decode()
    assert "Svarene passer ikke sammen" in result
    assert "Opprett utkast til arena" not in result
    empty = client.post(reverse("planning:chooser_result", args=[pk]), {"name": ""})
    assert empty.status_code == 422
    assert not Arena.objects.exists()


def test_routine_edit_bad_input_keeps_what_was_typed(planning_world):
    client = planning_world.client("secretariat")
    url = reverse("planning:routine_edit", args=[planning_world.service.pk])
    data = dict.fromkeys(SECTION_FIELDS, "") | {"change_note": "Min merknad"}
    response = client.post(url, data)
    assert response.status_code == 422
    assert 'value="Min merknad"' in response.content.decode()
    assert not RoutineVersion.objects.exists()
    saved = client.post(url, texts("Ny") | {"change_note": ""})
    assert saved.url == reverse("planning:routine_publish", args=[planning_world.service.pk])
    published = client.post(saved.url)
    assert published.url == reverse("planning:routine", args=[planning_world.service.pk])
    assert RoutineVersion.objects.get().status == "published"


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", PERSONAS)
def test_routine_pages_statements_constant_in_versions(planning_world, persona):
    pk = planning_world.service.pk
    client = planning_world.client(persona)
    versions(planning_world, 1)
    pages = [
        reverse("planning:routine", args=[pk]),
        reverse("planning:routine_version", args=[pk, 1]),
    ]
    if persona in KEEPERS:
        pages.append(reverse("planning:service", args=[pk]))
    few = [_count(client, url) for url in pages]
    versions(planning_world, 4)
    many = [_count(client, url) for url in pages]
    assert many == few
    assert max(many) <= 20


def test_chooser_can_start_again(planning_world):
    client = planning_world.client("secretariat")
    pk = planning_world.service.pk
    client.post(
        reverse("planning:chooser_step", args=[pk, 1]),
        {"purpose": "advise", "target_group": "elderly"},
    )
    assert (
        "Fortsett i veiviseren"
        in client.get(reverse("planning:service", args=[pk])).content.decode()
    )
    assert client.get(reverse("planning:chooser_reset", args=[pk])).status_code == 405
    response = client.post(reverse("planning:chooser_reset", args=[pk]))
    assert response.url == reverse("planning:chooser_step", args=[pk, 1])
    assert "Start veiviseren" in client.get(reverse("planning:service", args=[pk])).content.decode()
    other = planning_world.client("other_secretariat")
    assert other.post(reverse("planning:chooser_reset", args=[pk])).status_code == 403


def test_chooser_result_from_a_link(planning_world):
    pk = planning_world.service.pk
    query = (
        "purpose=experiences&target_group=everyone&level=service&influence=informant"
        "&duration=limited&resources=some"
    )
    url = reverse("planning:chooser_result", args=[pk]) + "?" + query
    page = planning_world.client("service_admin").get(url).content.decode()
    assert "Brukerpanel" in page
    assert query.replace("&", "&amp;") in page  # the page's own link to share
    bad = planning_world.client("service_admin").get(url.replace("limited", "forever"))
    assert bad.url == reverse("planning:chooser_step", args=[pk, 1])
    assert planning_world.client("other_secretariat").get(url).status_code == 403


def test_a_version_marks_the_sections_changed_since_the_one_before(planning_world):
    service, user = planning_world.service, planning_world.users["secretariat"]
    save_routine(service, by=user, **texts("Første"))
    publish_routine(service, by=user)
    save_routine(service, by=user, **(texts("Første") | {"recruiting": "Ny tekst"}))
    client = planning_world.client("secretariat")
    preview = client.get(reverse("planning:routine_publish", args=[service.pk])).content.decode()
    assert preview.count("Endret fra versjon 1.") == 1
    publish_routine(service, by=user)
    page = planning_world.client("anonymous").get(reverse("planning:routine", args=[service.pk]))
    assert page.content.decode().count("Endret fra versjon 1.") == 1
    first = client.get(reverse("planning:routine_version", args=[service.pk, 1]))
    assert "Endret fra versjon" not in first.content.decode()
