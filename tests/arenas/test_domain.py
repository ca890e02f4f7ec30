"""Arenas: kind defaults, legal limits, sanitised mandates, uploads, reserved seats."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from medvirk.accounts.models import User
from medvirk.arenas.domain.arenas import create_arena, set_reserved_seats, update_arena
from medvirk.arenas.domain.documents import MAX_DOCUMENT_BYTES
from medvirk.arenas.enums import ArenaKind, Influence, Level
from medvirk.common.models import ActivityLog
from medvirk.people.enums import CompetenceCategory
from medvirk.people.models import CompetenceArea
from tests.arenas.conftest import World
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def service_of(user: User) -> Any:
    return user.roles.get().organisation


def messages(error: ValidationError, field: str) -> list[str]:
    return error.message_dict[field]


def test_create_arena_brukerutvalg_defaults_to_two_years(secretariat: User) -> None:
    arena = create_arena(
        by=secretariat, owner=service_of(secretariat), kind=ArenaKind.BRUKERUTVALG, name="BU"
    )
    assert arena.term_years == 2
    assert arena.level == Level.SYSTEM
    assert arena.influence == Influence.DIALOGUE
    assert arena.proposal_deadline_days == 21
    assert arena.agenda_deadline_days == 14
    assert arena.gender_balance is True
    assert ActivityLog.objects.filter(action="arenas.arena.created").count() == 1


def test_create_arena_given_values_override_defaults(secretariat: User) -> None:
    arena = create_arena(
        by=secretariat,
        owner=service_of(secretariat),
        kind=ArenaKind.ERFARINGSFORUM,
        name="Forum",
        term_years=3,
        level=None,
    )
    assert arena.term_years == 3
    assert arena.level == Level.SERVICE


def test_create_arena_youth_council_three_years_refused(secretariat: User) -> None:
    with pytest.raises(ValidationError) as caught:
        create_arena(
            by=secretariat,
            owner=service_of(secretariat),
            kind=ArenaKind.UNGDOMSRAD,
            name="Ungdomsrådet",
            term_years=3,
        )
    assert messages(caught.value, "term_years") == [
        "Ungdomsråd kan ha en periode på høyst 2 år (kommuneloven § 5-12 og forskrift om "
        "kommunale og fylkeskommunale råd for eldre, personer med funksjonsnedsettelse og "
        "ungdom)."
    ]


def test_create_arena_municipal_council_five_years_refused(secretariat: User) -> None:
    with pytest.raises(ValidationError) as caught:
        create_arena(
            by=secretariat,
            owner=service_of(secretariat),
            kind=ArenaKind.ELDRERAD,
            name="Eldrerådet",
            term_years=5,
        )
    assert len(messages(caught.value, "term_years")) == 1
    assert "høyst 4 år" in messages(caught.value, "term_years")[0]


def test_create_arena_youth_council_age_limit(secretariat: User) -> None:
    owner = service_of(secretariat)
    arena = create_arena(by=secretariat, owner=owner, kind=ArenaKind.UNGDOMSRAD, name="UR")
    assert arena.max_age_at_appointment == 18
    with pytest.raises(ValidationError) as caught:
        create_arena(
            by=secretariat,
            owner=owner,
            kind=ArenaKind.UNGDOMSRAD,
            name="UR 2",
            max_age_at_appointment=19,
        )
    assert "under 19 år" in messages(caught.value, "max_age_at_appointment")[0]


def test_create_arena_elderly_majority_only_for_eldrerad(secretariat: User) -> None:
    owner = service_of(secretariat)
    arena = create_arena(
        by=secretariat, owner=owner, kind=ArenaKind.ELDRERAD, name="ER", elderly_majority=True
    )
    assert arena.elderly_majority is True
    with pytest.raises(ValidationError) as caught:
        create_arena(
            by=secretariat,
            owner=owner,
            kind=ArenaKind.BRUKERUTVALG,
            name="BU",
            elderly_majority=True,
        )
    assert messages(caught.value, "elderly_majority") == [
        "Kravet om flertall av medlemmer over 60 år gjelder bare eldreråd."
    ]


def test_create_arena_agenda_deadline_before_proposals_refused(secretariat: User) -> None:
    with pytest.raises(ValidationError) as caught:
        create_arena(
            by=secretariat,
            owner=service_of(secretariat),
            kind=ArenaKind.BRUKERUTVALG,
            name="BU",
            proposal_deadline_days=7,
            agenda_deadline_days=14,
        )
    assert list(caught.value.message_dict) == ["agenda_deadline_days"]


def test_create_arena_permissions(world: World, platform_admin: User) -> None:
    with pytest.raises(PermissionDenied):
        create_arena(
            by=world.org_a.admin, owner=world.service, kind=ArenaKind.BRUKERPANEL, name="X"
        )
    with pytest.raises(PermissionDenied):
        create_arena(
            by=world.other_secretariat, owner=world.service, kind=ArenaKind.BRUKERPANEL, name="X"
        )
    arena = create_arena(
        by=platform_admin, owner=world.service, kind=ArenaKind.BRUKERPANEL, name="Panel"
    )
    assert arena.owner == world.service


def test_create_arena_owner_must_be_service(platform_admin: User) -> None:
    with pytest.raises(ValidationError) as caught:
        create_arena(
            by=platform_admin,
            owner=OrganisationFactory(),
            kind=ArenaKind.BRUKERPANEL,
            name="X",
        )
    assert list(caught.value.message_dict) == ["owner"]


def test_create_arena_sanitises_mandate_on_save(secretariat: User) -> None:
    arena = create_arena(
        by=secretariat,
        owner=service_of(secretariat),
        kind=ArenaKind.BRUKERUTVALG,
        name="BU",
        mandate='<p onmouseover="x()">Mandat</p><script>steal()</script>',
    )
    arena.refresh_from_db()
    assert arena.mandate == "<p>Mandat</p>"


def pdf_bytes() -> bytes:
    return b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("Mandat 2026.pdf", pdf_bytes(), "pdf"),
        ("mandat.docx", docx_bytes(), "docx"),
        ("mandat.odt", odt_bytes(), "odt"),
        ("mandat.txt", pdf_bytes(), "pdf"),  # the content decides, not the name
    ],
)
def test_mandate_document_accepted_by_content(
    secretariat: User, media: Any, name: str, content: bytes, extension: str
) -> None:
    arena = create_arena(
        by=secretariat,
        owner=service_of(secretariat),
        kind=ArenaKind.BRUKERUTVALG,
        name="BU",
        mandate_document=SimpleUploadedFile(name, content),
    )
    stored = arena.mandate_document.name
    assert stored.startswith("arenas/mandates/")
    assert stored.endswith("." + extension)
    with arena.mandate_document.open("rb") as stored_file:
        assert stored_file.read() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.pdf", b"MZ\x90\x00" + b"\x00" * 200, "Innholdet i filen ble ikke gjenkjent"),
        ("tom.pdf", b"", "Filen er tom."),
        ("stor.pdf", b"%PDF-" + b"0" * MAX_DOCUMENT_BYTES, "Filen er for stor"),
        ("arkiv.docx", b"PK\x03\x04" + b"\x00" * 50, "Innholdet i filen ble ikke gjenkjent"),
    ],
)
def test_mandate_document_refused(
    secretariat: User, media: Any, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        create_arena(
            by=secretariat,
            owner=service_of(secretariat),
            kind=ArenaKind.BRUKERUTVALG,
            name="BU",
            mandate_document=SimpleUploadedFile(name, content),
        )
    assert message in messages(caught.value, "mandate_document")[0]
    assert list(media.rglob("*.*")) == []


def test_mandate_document_path_in_name_is_harmless(secretariat: User, media: Any) -> None:
    arena = create_arena(
        by=secretariat,
        owner=service_of(secretariat),
        kind=ArenaKind.BRUKERUTVALG,
        name="BU",
        mandate_document=SimpleUploadedFile("../../../etc/pass wd.pdf", pdf_bytes()),
    )
    stored = arena.mandate_document.name
    assert stored.startswith("arenas/mandates/pass-wd-")
    assert ".." not in stored
    assert [p.parent.name for p in media.rglob("*.pdf")] == ["mandates"]


def test_update_arena_limits_and_log(world: World, secretariat: User) -> None:
    arena = world.public_arena
    with pytest.raises(ValidationError):
        update_arena(arena, by=secretariat, term_years=5)
    update_arena(arena, by=secretariat, term_years=3, name="Eldrerådet i byen")
    arena.refresh_from_db()
    assert (arena.term_years, arena.name) == (3, "Eldrerådet i byen")
    entry = ActivityLog.objects.get(action="arenas.arena.updated")
    assert entry.data["changes"]["term_years"] == [4, 3]
    with pytest.raises(PermissionDenied):
        update_arena(arena, by=world.other_secretariat, name="Kapret")


def test_set_reserved_seats_sum_cannot_exceed_members(world: World, secretariat: User) -> None:
    arena = world.public_arena  # 7 members
    ffo, safo = OrganisationFactory(name="FFO"), OrganisationFactory(name="SAFO")
    next_of_kin = CompetenceArea.objects.create(
        slug="parorende-test",
        name_nb="Pårørende",
        name_nn="Pårørande",
        name_en="Next of kin",
        category=CompetenceCategory.LIVED_EXPERIENCE,
    )
    rows = [
        {"organisation": ffo, "seats": 4},
        {"organisation": safo, "seats": 2},
        {"competence_area": next_of_kin, "seats": 1},
    ]
    set_reserved_seats(arena, by=secretariat, seats=rows)
    assert sorted(s.seats for s in arena.reserved_seats.all()) == [1, 2, 4]
    with pytest.raises(ValidationError) as caught:
        set_reserved_seats(
            arena,
            by=secretariat,
            seats=[*rows, {"organisation": OrganisationFactory(), "seats": 1}],
        )
    assert "reservert 8 plasser" in caught.value.messages[0]
    assert arena.reserved_seats.count() == 3
    # Lowering the number of members below the reserved seats is refused too.
    with pytest.raises(ValidationError) as caught:
        update_arena(arena, by=secretariat, members_count=6)
    assert list(caught.value.message_dict) == ["members_count"]
    # Replacing the list.
    set_reserved_seats(arena, by=secretariat, seats=[{"organisation": ffo, "seats": 3}])
    assert [s.seats for s in arena.reserved_seats.all()] == [3]


def test_set_reserved_seats_needs_one_target(world: World, secretariat: User) -> None:
    with pytest.raises(ValidationError):
        set_reserved_seats(world.public_arena, by=secretariat, seats=[{"seats": 2}])
    with pytest.raises(PermissionDenied):
        set_reserved_seats(world.public_arena, by=world.org_a.admin, seats=[])
