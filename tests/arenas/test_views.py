"""Arena pages: list filters, detail, create with kind defaults, edit, members, bad input."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from medvirk.accounts.models import User
from medvirk.arenas.domain.arenas import update_arena
from medvirk.arenas.enums import ArenaKind, EndReason, MemberRole
from medvirk.arenas.models import Arena, Membership
from tests.arenas.conftest import World, make_arena, make_person, seat
from tests.arenas.test_domain import pdf_bytes
from tests.factories import KommuneFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return response.content.decode()


def test_arena_list_filters(world: World, arena_client: Any) -> None:
    kommune = KommuneFactory(name="Bergen")
    world.service.regions.set([kommune])
    make_arena(world.other_service, ArenaKind.UNGDOMSRAD, name="Ungdomsrådet i Annen")
    client = arena_client("anonymous")
    page = text(client.get(reverse("arenas:list")))
    assert "Eldrerådet" in page and "Ungdomsrådet i Annen" in page
    assert "Lukket referansegruppe" not in page
    page = text(client.get(reverse("arenas:list"), {"kind": ArenaKind.UNGDOMSRAD}))
    assert "Eldrerådet" not in page and "Ungdomsrådet i Annen" in page
    page = text(client.get(reverse("arenas:list"), {"owner": world.service.pk}))
    assert "Eldrerådet" in page and "Ungdomsrådet i Annen" not in page
    page = text(client.get(reverse("arenas:list"), {"region": kommune.pk}))
    assert "Eldrerådet" in page and "Ungdomsrådet i Annen" not in page
    page = text(client.get(reverse("arenas:list"), {"region": kommune.parent.pk}))
    assert "Eldrerådet" in page and "Ungdomsrådet i Annen" not in page


def test_arena_list_shows_private_to_member(world: World, arena_client: Any) -> None:
    page = text(arena_client("representative").get(reverse("arenas:list")))
    assert "Lukket referansegruppe" in page


def test_arena_detail_shows_members_grouped(world: World, arena_client: Any) -> None:
    arena = world.public_arena
    seat(arena, make_person("Lise Leder"), MemberRole.CHAIR, represents=world.org_a.organisation)
    seat(arena, make_person("Nils Nestleder"), MemberRole.DEPUTY_CHAIR)
    seat(arena, make_person("Mona Medlem"), MemberRole.MEMBER)
    seat(arena, make_person("Vara To"), MemberRole.DEPUTY, rank=2)
    seat(arena, make_person("Vara En"), MemberRole.DEPUTY, rank=1)
    old = seat(arena, make_person("Tidligere Medlem"))
    old.ended_on, old.end_reason = timezone.localdate(), EndReason.RESIGNED
    old.save()
    page = text(arena_client("anonymous").get(arena.get_absolute_url()))
    order = [
        page.index(n) for n in ("Lise Leder", "Nils Nestleder", "Mona Medlem", "Vara En", "Vara To")
    ]
    assert order == sorted(order)
    assert "Organisasjon A" in page
    assert "Tidligere Medlem" not in page  # history only for the secretariat
    page = text(arena_client("secretariat").get(arena.get_absolute_url()))
    assert "Tidligere Medlem" in page and "Trakk seg" in page


def test_arena_detail_mandate_script_never_survives(world: World, secretariat: User) -> None:
    update_arena(
        world.public_arena,
        by=secretariat,
        mandate='<p>Rådet skal <strong>uttale seg</strong>.</p><script>alert("x")</script>'
        '<img src=x onerror=alert(1)><a href="javascript:alert(1)">klikk</a>',
    )
    from django.test import Client

    page = text(Client().get(world.public_arena.get_absolute_url()))
    assert "<p>Rådet skal <strong>uttale seg</strong>.</p>" in page
    assert "alert" not in page
    assert "onerror" not in page
    assert "javascript:" not in page


def test_arena_detail_private_is_404_for_outsiders(world: World, arena_client: Any) -> None:
    url = world.private_arena.get_absolute_url()
    assert arena_client("anonymous").get(url).status_code == 404
    assert arena_client("representative").get(url).status_code == 200


def test_arena_create_kind_step_then_defaults(world: World, arena_client: Any) -> None:
    client = arena_client("secretariat")
    response = client.get(reverse("arenas:create"))
    assert response.status_code == 200
    assert 'name="kind"' in text(response)
    response = client.get(reverse("arenas:create"), {"kind": ArenaKind.UNGDOMSRAD})
    form = response.context["form"]
    assert form["term_years"].value() == 2
    assert form["max_age_at_appointment"].value() == 18
    assert 'value="2"' in text(response)


def test_arena_create_blank_fields_take_defaults(world: World, arena_client: Any) -> None:
    client = arena_client("secretariat")
    response = client.post(
        reverse("arenas:create") + "?kind=brukerutvalg",
        {
            "owner": world.service.pk,
            "kind": ArenaKind.BRUKERUTVALG,
            "name": "Brukerutvalget",
            "is_public": "on",
            "gender_balance": "on",
            "mandate": "<p>Mandat</p><script>x()</script>",
        },
    )
    assert response.status_code == 302
    arena = Arena.objects.get(name="Brukerutvalget")
    assert (arena.term_years, arena.level, arena.members_count) == (2, "system", 7)
    assert arena.mandate == "<p>Mandat</p>"


def test_arena_create_bad_input_keeps_values(world: World, arena_client: Any) -> None:
    client = arena_client("secretariat")
    response = client.post(
        reverse("arenas:create") + "?kind=ungdomsrad",
        {
            "owner": world.service.pk,
            "kind": ArenaKind.UNGDOMSRAD,
            "name": "Ungdomsrådet mitt",
            "term_years": "3",
            "mandate": "Vårt mandat",
        },
    )
    assert response.status_code == 422
    page = text(response)
    assert 'id="error-summary"' in page
    assert 'href="#id_term_years"' in page
    assert "høyst 2 år" in page
    assert 'value="Ungdomsrådet mitt"' in page
    assert "Vårt mandat" in page
    assert 'aria-invalid="true"' in page
    assert Arena.objects.filter(name="Ungdomsrådet mitt").exists() is False


def test_arena_create_owner_limited_to_managed_services(world: World, arena_client: Any) -> None:
    response = arena_client("secretariat").post(
        reverse("arenas:create") + "?kind=brukerpanel",
        {"owner": world.other_service.pk, "kind": ArenaKind.BRUKERPANEL, "name": "Panel"},
    )
    assert response.status_code == 422
    assert "owner" in response.context["form"].errors


def test_arena_edit_with_reserved_seats_and_competence(
    world: World, arena_client: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from medvirk.people.enums import CompetenceCategory
    from medvirk.people.models import CompetenceArea

    settings.MEDIA_ROOT = tmp_path
    area = CompetenceArea.objects.create(
        slug="pa",
        name_nb="Pårørende",
        name_nn="Pårørande",
        name_en="Next of kin",
        category=CompetenceCategory.LIVED_EXPERIENCE,
    )
    ffo = OrganisationFactory(name="FFO")
    client = arena_client("secretariat")
    url = reverse("arenas:edit", args=[world.public_arena.pk])
    assert client.get(url).status_code == 200
    data = {
        "name": "Eldrerådet",
        "is_public": "on",
        "term_years": "4",
        "members_count": "7",
        "deputies_count": "3",
        "gender_balance": "on",
        "proposal_deadline_days": "21",
        "agenda_deadline_days": "14",
        "required_competence": [str(area.pk)],
        "seats-TOTAL_FORMS": "2",
        "seats-INITIAL_FORMS": "0",
        "seats-MIN_NUM_FORMS": "0",
        "seats-MAX_NUM_FORMS": "20",
        "seats-0-organisation": str(ffo.pk),
        "seats-0-seats": "4",
        "seats-1-competence_area": str(area.pk),
        "seats-1-seats": "1",
        "mandate_document": SimpleUploadedFile("mandat.pdf", pdf_bytes()),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    arena = Arena.objects.get(pk=world.public_arena.pk)
    assert list(arena.required_competence.all()) == [area]
    assert sorted(s.seats for s in arena.reserved_seats.all()) == [1, 4]
    download = client.get(reverse("arenas:mandate_document", args=[arena.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == pdf_bytes()
    # Too many reserved seats: refused, nothing changes, the typed values stay.
    data["seats-0-seats"] = "7"
    data["seats-INITIAL_FORMS"] = "2"
    data.pop("mandate_document")
    response = client.post(url, data)
    assert response.status_code == 422
    assert "reservert 8 plasser" in text(response)
    assert 'value="7"' in text(response)
    assert sorted(s.seats for s in arena.reserved_seats.all()) == [1, 4]


def test_membership_add_page_and_post(world: World, arena_client: Any) -> None:
    person = make_person("Sigrid Søker", organisation=world.org_a.organisation)
    make_person("Uten Tilknytning")
    client = arena_client("secretariat")
    url = reverse("arenas:membership_add", args=[world.public_arena.pk])
    # Search first (issue 13): without a search, only people of the arena's organisations.
    page = text(client.get(url))
    assert "Sigrid Søker" not in page and "Uten Tilknytning" not in page
    page = text(client.get(url, {"q": "sigrid"}))
    assert "Sigrid Søker" in page and "Uten Tilknytning" not in page
    page = text(client.get(url, {"q": "xyz"}))
    assert "Sigrid Søker" not in page
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "person": person.pk,
            "role": MemberRole.CHAIR,
            "represents": world.org_a.organisation.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=5 * 365)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert "Perioden er for lang" in text(response)
    assert f'value="{today.isoformat()}"' in text(response)
    response = client.post(
        url,
        {
            "person": person.pk,
            "role": MemberRole.CHAIR,
            "represents": world.org_a.organisation.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=365)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Membership.objects.get(person=person).role == MemberRole.CHAIR


def test_membership_end_page(world: World, arena_client: Any) -> None:
    client = arena_client("secretariat")
    url = reverse("arenas:membership_end", args=[world.rep_membership.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "nonsense", "on": ""})
    assert response.status_code == 422
    response = client.post(
        url, {"reason": EndReason.REMOVED, "on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    world.rep_membership.refresh_from_db()
    assert world.rep_membership.end_reason == EndReason.REMOVED


def test_resign_view_by_member_and_promote(
    world: World, arena_client: Any, mailoutbox: list[Any]
) -> None:
    arena = world.private_arena
    seat(arena, make_person("Vara"), MemberRole.DEPUTY, rank=1)
    client = arena_client("representative")
    page = text(client.get(arena.get_absolute_url()))
    confirm = reverse("arenas:resign_confirm", args=[world.rep_membership.pk]) + "?fra=arena"
    assert f'href="{confirm}"' in page
    assert f'action="{reverse("arenas:resign", args=[world.rep_membership.pk])}"' not in page
    response = client.post(
        reverse("arenas:resign", args=[world.rep_membership.pk]), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("arenas:list")  # no longer a member: not the arena
    world.rep_membership.refresh_from_db()
    assert world.rep_membership.end_reason == EndReason.RESIGNED
    assert len(mailoutbox) == 1
    secretariat = arena_client("secretariat")
    assert "La første vararepresentant rykke opp" in text(secretariat.get(arena.get_absolute_url()))
    response = secretariat.post(reverse("arenas:promote", args=[arena.pk]))
    assert response.status_code == 302
    assert Membership.objects.current().get(arena=arena).person.name == "Vara"


def test_organisation_detail_lists_public_arenas(world: World) -> None:
    from django.test import Client

    page = text(Client().get(world.service.get_absolute_url()))
    assert "Eldrerådet" in page
    assert "Lukket referansegruppe" not in page


def test_resign_from_the_arena_page_goes_through_confirmation(
    world: World, arena_client: Any
) -> None:
    arena = world.private_arena
    client = arena_client("representative")
    confirm = reverse("arenas:resign_confirm", args=[world.rep_membership.pk])

    page = text(client.get(confirm + "?fra=arena"))

    assert f'action="{reverse("arenas:resign", args=[world.rep_membership.pk])}"' in page
    assert f'href="{arena.get_absolute_url()}"' in page  # back and "Avbryt" return to the arena
    assert f'name="next" value="{reverse("people:mine")}"' not in page
    world.rep_membership.refresh_from_db()
    assert world.rep_membership.end_reason == ""
    from_mine = text(client.get(confirm))
    assert f'name="next" value="{reverse("people:mine")}"' in from_mine
