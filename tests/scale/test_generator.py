"""generate_scale: a tiny national dataset (scale 0.005), generated once per module
inside a transaction that is rolled back at the end; each test runs in a savepoint
of its own. Runs on SQLite and on PostgreSQL (COPY), like the rest of the suite."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.utils import is_mfa_enabled
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import Role, User
from medvirk.appointments.enums import RequestStatus
from medvirk.appointments.matching import rank_candidates
from medvirk.appointments.models import AppointmentRequest
from medvirk.arenas.models import Arena, Membership
from medvirk.common.demo import DEMO_PASSWORD
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.followup.enums import AdviceStatus, ReportStatus
from medvirk.followup.models import Advice, AdviceResponse, Report
from medvirk.meetings.enums import ItemKind, ProposalStatus
from medvirk.meetings.models import AgendaItem, CaseDocument, CaseProposal, Meeting
from medvirk.meetings.search import ITEM, search
from medvirk.people.enums import AffiliationKind
from medvirk.people.models import Affiliation, Person
from medvirk.scale.gen_appointments import LOCAL_REQUEST_INVITATIONS
from medvirk.scale.gen_plan import BASE, counts_for
from medvirk.scale.gen_writer import Writer
from medvirk.scale.generator import generate, summary_path_for, wiped_models

SCALE = 0.005
SEED = 42
MD5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _quiet(_line: str) -> None:
    pass


@pytest.fixture(scope="module")
def dataset(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    media = tmp_path_factory.mktemp("media")
    summary_file = tmp_path_factory.mktemp("var") / "scale.json"
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=MD5),
        transaction.atomic(),
    ):
        summary = generate(scale=SCALE, seed=SEED, summary_path=summary_file, out=_quiet)
        summary["media_root"] = media
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def data(dataset: dict[str, Any], db: Any, settings: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = dataset["media_root"]
    return dataset


def _fingerprint() -> dict[str, Any]:
    """Per-table counts and a checksum over a few columns of the big tables."""
    digest = hashlib.sha256()
    for rows in (
        Organisation.objects.order_by("pk").values_list("pk", "name", "parent_id", "org_number"),
        Person.objects.order_by("pk").values_list("pk", "name", "gender", "birth_year"),
        Membership.objects.order_by("pk").values_list("arena_id", "person_id", "role", "starts_on"),
        Meeting.objects.order_by("pk").values_list("pk", "arena_id", "starts_at", "status"),
        AgendaItem.objects.order_by("pk").values_list("meeting_id", "number", "year", "title"),
        Advice.objects.order_by("pk").values_list("item_id", "status", "given_on", "due_on"),
        AdviceResponse.objects.order_by("pk").values_list("advice_id", "status", "responded_on"),
        CaseDocument.objects.order_by("pk").values_list("item_id", "title", "file"),
    ):
        for row in rows:
            digest.update(repr(row).encode())
    counts = {
        model._meta.db_table: model._default_manager.count()
        for model in wiped_models()
        if model._meta.app_label
        in {"directory", "people", "arenas", "appointments", "meetings", "followup"}
    }
    return {"counts": counts, "checksum": digest.hexdigest()}


# --- Counts ------------------------------------------------------------------------------


def test_counts_for_keeps_sane_minimums() -> None:
    tiny = counts_for(0.0001, fylker=15)
    assert sum(tiny.services.values()) >= 3
    assert tiny.arenas == 20
    assert tiny.people >= tiny.arenas * 6
    assert tiny.meetings >= tiny.arenas * 10
    full = counts_for(1.0, fylker=15)
    assert full.organisations == 3000
    assert sum(full.services.values()) == 400
    assert (full.people, full.arenas, full.meetings, full.hub_arenas) == (12000, 2000, 160000, 40)


def test_rows_are_in_proportion_to_the_scale(data: dict[str, Any]) -> None:
    rows = data["rows"]
    meetings = Meeting.objects.count()
    items = AgendaItem.objects.count()
    assert rows["meetings_meeting"] == meetings
    assert meetings == pytest.approx(BASE["meetings"][0] * SCALE, rel=0.05)
    assert items == pytest.approx(meetings * 10, rel=0.1)
    assert CaseDocument.objects.count() == pytest.approx(items * 1.9, rel=0.1)
    # Every past statement item carries an advice: about half a million per million items.
    assert Advice.objects.count() == pytest.approx(800_000 * SCALE, rel=0.2)
    assert Arena.objects.count() == 20
    counts = counts_for(SCALE, fylker=15)
    assert Organisation.objects.count() == counts.organisations
    assert Organisation.objects.filter(kind=OrganisationKind.SERVICE).count() >= 3
    assert Person.objects.count() == counts.people + 1  # and the representative persona
    # The summary counts what is in the database.
    assert rows["meetings_casedocument"] == CaseDocument.objects.count()
    assert rows["followup_advice"] == Advice.objects.count()


def test_every_status_is_present(data: dict[str, Any]) -> None:
    assert set(CaseProposal.objects.values_list("status", flat=True)) == set(ProposalStatus.values)
    assert set(Advice.objects.values_list("status", flat=True)) == set(AdviceStatus.values)
    assert set(AdviceResponse.objects.values_list("status", flat=True)) == set(
        AdviceStatus.values
    ) - {AdviceStatus.SENT}
    assert set(Report.objects.values_list("status", flat=True)) == set(ReportStatus.values)
    assert Report.objects.filter(is_confidential=True).exists()
    assert set(AppointmentRequest.objects.values_list("status", flat=True)) == set(
        RequestStatus.values
    )


def test_items_are_numbered_per_arena_and_year_and_closed_ones_have_a_ground(
    data: dict[str, Any],
) -> None:
    highest = AgendaItem.objects.values("arena", "year").annotate(top=Max("number"), n=Count("id"))
    assert all(row["top"] == row["n"] for row in highest)  # 1..n, no gaps
    closed = AgendaItem.objects.filter(is_closed=True)
    assert not closed.filter(closed_ground="").exists()
    assert closed.count() == pytest.approx(AgendaItem.objects.count() / 15, rel=0.25)
    # Advice only on statement items, and never public for a closed item.
    assert not Advice.objects.exclude(item__kind=ItemKind.STATEMENT).exists()
    assert not Advice.objects.filter(is_public=True, item__is_closed=True).exists()


def test_past_meetings_have_published_agendas_and_timestamps_are_aware(
    data: dict[str, Any],
) -> None:
    now = timezone.now()
    past = Meeting.objects.filter(starts_at__lt=now, status="planned")
    assert past.exists()
    assert not past.filter(agenda_published_at__isnull=True).exists()
    first = Meeting.objects.order_by("starts_at").first()
    assert first is not None and timezone.is_aware(first.starts_at)
    years = (now - first.starts_at).days / 365
    assert 9.5 < years <= 10.1
    local = timezone.localtime(first.starts_at)
    assert str(local.tzinfo) == "Europe/Oslo"


def test_the_database_is_consistent(data: dict[str, Any]) -> None:
    connection.check_constraints()  # SQLite: every foreign key; PostgreSQL checked in bulk
    # The sequences moved past the ids the generator chose.
    org = Organisation.objects.create(kind=OrganisationKind.USER_ORG, name="Ny etter generering")
    assert org.pk > data["ids"]["big_user_organisation"]["id"]


def test_broken_references_are_caught(data: dict[str, Any]) -> None:
    writer = Writer(batch_size=1000)
    table = writer.table(
        Membership,
        ("id", "arena_id", "person_id", "role", "starts_on", "ends_on", "created_at"),
    )
    today = datetime.date.today()
    # Raising out of the atomic block rolls the broken row back again.
    with pytest.raises((RuntimeError, IntegrityError)), transaction.atomic(), writer.loading():
        writer.add(table, (table.take_id(), 1, 10**9, "member", today, today, timezone.now()))
        writer.flush()
        writer.verify_foreign_keys()


# --- Determinism and refusal ---------------------------------------------------------------


def test_the_same_seed_gives_the_same_data(data: dict[str, Any], tmp_path: Path) -> None:
    before = _fingerprint()
    anchor = datetime.date.fromisoformat(data["anchor_date"])
    again = generate(
        scale=SCALE,
        seed=SEED,
        force=True,
        anchor=anchor,
        summary_path=tmp_path / "again.json",
        out=_quiet,
    )
    assert _fingerprint() == before
    assert again["rows"] == data["rows"]
    assert again["ids"] == data["ids"]


def test_refuses_a_database_with_organisations(data: dict[str, Any]) -> None:
    before = Organisation.objects.count()
    with pytest.raises(CommandError, match=r"already holds \d+ organisations.*--force"):
        call_command("generate_scale", scale=SCALE, seed=SEED)
    assert Organisation.objects.count() == before


def test_the_summary_file_names_what_the_benchmark_needs(data: dict[str, Any]) -> None:
    written = json.loads(Path(data["summary_file"]).read_text(encoding="utf-8"))
    assert written["scale"] == SCALE and written["seed"] == SEED
    assert set(written["ids"]) >= {
        "largest_service",
        "busy_arena",
        "agenda_meeting",
        "open_request",
        "local_request",
        "big_user_organisation",
    }
    assert set(written["personas"]) == {
        "secretariat",
        "representative",
        "org_admin",
        "decision_maker",
        "umbrella_admin",
        "platform_admin",
    }
    assert written["rows"]["meetings_agendaitem"] == AgendaItem.objects.count()
    assert summary_path_for(1.0).name == "scale-1.0.json"
    assert summary_path_for(0.01).name == "scale-0.01.json"


# --- What the benchmark relies on ------------------------------------------------------------


def test_personas_exist_and_can_log_in(data: dict[str, Any]) -> None:
    personas = data["personas"]
    for persona in personas.values():
        assert Client().login(email=persona["email"], password=DEMO_PASSWORD), persona
    ids = data["ids"]
    largest = ids["largest_service"]["id"]
    by_advice = Advice.objects.values("arena__owner").annotate(n=Count("id")).order_by("-n").first()
    assert by_advice is not None and by_advice["arena__owner"] == largest
    assert ids["largest_service"]["is_persona_service"] is True

    secretariat = User.objects.get(email="bench-secretariat@medvirk.test")
    assert Role.objects.filter(
        user=secretariat, organisation_id=largest, role=RoleKind.SECRETARIAT
    ).exists()
    assert is_mfa_enabled(secretariat)
    assert Role.objects.filter(
        user__email="bench-decision@medvirk.test",
        organisation_id=largest,
        role=RoleKind.DECISION_MAKER,
    ).exists()
    big = ids["big_user_organisation"]["id"]
    assert Role.objects.filter(
        user__email="bench-orgadmin@medvirk.test", organisation_id=big, role=RoleKind.ADMIN
    ).exists()
    # The big organisation is the biggest by pool and children.
    biggest = (
        Organisation.objects.filter(kind=OrganisationKind.USER_ORG, level="national")
        .annotate(n=Count("children"))
        .order_by("-n", "pk")
        .first()
    )
    assert biggest is not None and biggest.pk == big

    person = Person.objects.get(user__email="bench-rep@medvirk.test")
    current = Membership.objects.current().filter(person=person)
    assert current.count() == 5
    assert current.values("arena").distinct().count() == 5
    assert Membership.objects.filter(person=person, ended_on__isnull=False).exists()


def test_the_benchmark_pages_show_the_generated_data(data: dict[str, Any]) -> None:
    ids, personas = data["ids"], data["personas"]
    meeting = Meeting.objects.get(pk=ids["agenda_meeting"]["id"])
    items = list(meeting.items.all())
    assert len(items) == 30
    assert meeting.arena_id == ids["busy_arena"]["id"] and meeting.arena.is_public
    assert meeting.agenda_published_at is not None and meeting.starts_at < timezone.now()
    busiest = Meeting.objects.values("arena").annotate(n=Count("id")).order_by("-n").first()
    assert busiest is not None and busiest["arena"] == ids["busy_arena"]["id"]
    assert busiest["n"] == ids["busy_arena"]["meetings"]

    page = Client().get(reverse("meetings:detail", kwargs={"pk": meeting.pk}))
    assert page.status_code == 200
    content = page.content.decode()
    for item in items:
        assert f"Sak {item.number}/{item.year}:" in content

    rep = Client()
    rep.force_login(User.objects.get(email=personas["representative"]["email"]))
    content = rep.get(reverse("people:mine")).content.decode()
    person = Person.objects.get(pk=personas["representative"]["person_id"])
    for membership in Membership.objects.current().filter(person=person).select_related("arena"):
        assert membership.arena.name in content

    request = AppointmentRequest.objects.get(pk=ids["open_request"]["id"])
    assert request.status == RequestStatus.OPEN
    assert request.arena.owner_id == ids["largest_service"]["id"]
    ranked = rank_candidates(request)
    assert ranked
    secretariat = Client()
    secretariat.force_login(User.objects.get(email=personas["secretariat"]["email"]))
    page = secretariat.get(reverse("appointments:candidates", kwargs={"pk": request.pk}))
    assert page.status_code == 200
    assert ranked[0].name in page.content.decode()

    # The local request: a fixed number of invited chapters, each with a pool, the
    # service's own fylke first; its candidates come from those pools only.
    local = AppointmentRequest.objects.get(pk=ids["local_request"]["id"])
    assert local.status == RequestStatus.OPEN and local.arena_id == request.arena_id
    invited = list(local.invitations.values_list("organisation_id", flat=True))
    assert len(invited) == ids["local_request"]["invitations"] == LOCAL_REQUEST_INVITATIONS
    # About five pool members per chapter, at every scale.
    assert (
        2 * LOCAL_REQUEST_INVITATIONS
        <= ids["local_request"]["pool"]
        <= 12 * LOCAL_REQUEST_INVITATIONS
    )
    chapters = Organisation.objects.filter(
        level__in=["county", "local"], affiliations__kind=AffiliationKind.POOL
    )
    assert set(invited) <= set(chapters.values_list("pk", flat=True))
    # The service's own fylke first: an invited chapter outside it only once every pooled
    # chapter inside it is invited.
    fylke = set(local.arena.owner.regions.values_list("pk", flat=True)) | set(
        local.arena.owner.regions.exclude(parent=None).values_list("parent_id", flat=True)
    )

    def in_fylke(org: Organisation) -> bool:
        return any(r.pk in fylke or r.parent_id in fylke for r in org.regions.all())

    outside = [org for org in Organisation.objects.filter(pk__in=invited) if not in_fylke(org)]
    if outside:
        pooled_inside = [org for org in chapters.distinct() if in_fylke(org)]
        assert {org.pk for org in pooled_inside} <= set(invited)
    pooled = set(
        Affiliation.objects.filter(
            organisation_id__in=invited, kind=AffiliationKind.POOL
        ).values_list("person_id", flat=True)
    )
    local_ranked = rank_candidates(local)
    assert local_ranked
    assert {c.person_id for c in local_ranked} <= pooled

    document = CaseDocument.objects.filter(item__meeting=meeting, item__is_closed=False).first()
    assert document is not None
    assert (Path(data["media_root"]) / str(document.file.name)).read_bytes().startswith(b"%PDF")


def test_generated_rows_are_searchable(data: dict[str, Any]) -> None:
    """On PostgreSQL the search vectors are generated columns (meetings migration 0003):
    the COPY, with triggers off, fills them as any insert does."""
    assert search(None, "departementet", kinds={ITEM})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM meetings_agendaitem WHERE search_vector = ''::tsvector"
            )
            assert cursor.fetchone()[0] == 0
