"""Upgrading a database of the previous release to the current schema keeps its data.

The database goes back to release 2026.12.1's migrations, gets rows written with that
release's (historical) models, and migrates forward to the latest migrations; the current
code must then read the same rows, with the new columns at their documented defaults.
Between the two releases, directory 0007 adds the region's Sámi and Kven names and the
Sámi-language-area flag and the organisation's business address: on SQLite each AddField
rebuilds the table (copy, drop, rename), so rows, foreign keys into it and many-to-many
rows are at stake there.

When a release is cut, the next test of this kind starts from the release before it
(docs/operations-upgrades.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.utils import timezone

from medvirk.accounts.models import Role, User
from medvirk.arenas.models import Arena, Membership
from medvirk.directory.models import Contact, Organisation, Region
from medvirk.meetings.models import Meeting
from medvirk.ops.releases import get_release, latest_release
from medvirk.people.models import Person
from tests.ops.migration_helpers import applied, at_release, migrate_to_latest, row_counts

pytestmark = [pytest.mark.xdist_group("migrations")]

CONFIRMED = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)


def _write_2026_12_1_data(apps: Apps) -> dict[str, Any]:
    """A small directory with people, an arena, a seat and a meeting, as 2026.12.1 wrote it."""
    region = apps.get_model("directory", "Region")
    organisation = apps.get_model("directory", "Organisation")
    contact = apps.get_model("directory", "Contact")
    user = apps.get_model("accounts", "User")
    role = apps.get_model("accounts", "Role")
    person = apps.get_model("people", "Person")
    arena = apps.get_model("arenas", "Arena")
    membership = apps.get_model("arenas", "Membership")
    meeting = apps.get_model("meetings", "Meeting")

    fylke = region.objects.create(code="55", name="Troms", kind="fylke")
    kommune = region.objects.create(code="5501", name="Tromsø", kind="kommune", parent=fylke)
    umbrella = organisation.objects.create(
        kind="umbrella", name="Funksjonshemmedes Fellesorganisasjon", org_number="983034237"
    )
    service = organisation.objects.create(
        kind="service",
        service_kind="kommune",
        name="Tromsø kommune",
        org_number="940101808",
        is_public=True,
        last_confirmed_at=CONFIRMED,
        description="<p>Kommunen.</p>",
        search_text="tromsø kommune",
    )
    unit = organisation.objects.create(kind="service", name="Helse og omsorg", parent=service)
    user_org = organisation.objects.create(kind="user_org", name="Brukerforeningen", level="local")
    user_org.umbrellas.add(umbrella)
    user_org.regions.add(kommune, fylke)
    contact.objects.create(organisation=user_org, name="Kari Kontakt", email="kari@example.org")
    secretary = user.objects.create(email="sekretar@example.org", name="Sekretær", password="!")
    role.objects.create(user=secretary, organisation=service, role="secretariat")
    kari = person.objects.create(name="Kari Nordmann", user=secretary)
    council = arena.objects.create(
        owner=service,
        kind="funksjonshemmede",
        name="Rådet for personer med funksjonsnedsettelse",
        level="system",
        influence="dialogue",
        term_years=4,
    )
    membership.objects.create(
        arena=council,
        person=kari,
        role="member",
        represents=user_org,
        starts_on=dt.date(2023, 10, 1),
        ends_on=dt.date(2027, 9, 30),
    )
    meeting.objects.create(
        arena=council,
        starts_at=dt.datetime(2027, 1, 12, 9, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2027, 1, 12, 11, 0, tzinfo=dt.UTC),
    )
    return {
        "organisations": {
            o.pk: (o.kind, o.name, o.org_number, o.parent_id, o.created_at, o.updated_at)
            for o in organisation.objects.all()
        },
        "service": service.pk,
        "unit": unit.pk,
        "user_org": user_org.pk,
        "umbrella": umbrella.pk,
        "fylke": fylke.pk,
        "kommune": kommune.pk,
        "council": council.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_upgrade_from_2026_12_1_keeps_and_extends_the_directory() -> None:
    release = get_release("2026.12.1")
    with at_release(release) as apps:
        assert ("directory", "0007_region_names_sami_area_org_address") not in applied()
        assert not any(app == "socialaccount" for app, _name in applied())
        before = _write_2026_12_1_data(apps)
        counts = row_counts()
        migrate_to_latest()

    # No table loses or gains a row (the tables new in the release start empty), but the
    # record of applied migrations.
    after = row_counts()
    del counts["django_migrations"], after["django_migrations"]
    assert {table: after.get(table) for table in counts} == counts
    assert {n for table, n in after.items() if table not in counts} <= {0}

    assert set(latest_release().nodes()) <= applied()
    # The rebuilt tables keep every row and every column's value.
    assert {
        o.pk: (o.kind, o.name, o.org_number, o.parent_id, o.created_at, o.updated_at)
        for o in Organisation.objects.all()
    } == before["organisations"]
    service = Organisation.objects.get(pk=before["service"])
    assert (service.is_public, service.last_confirmed_at) == (True, CONFIRMED)
    assert (service.description, service.search_text) == ("<p>Kommunen.</p>", "tromsø kommune")
    # The new columns, at their defaults: no address, no kommune for it.
    assert {(o.address, o.address_region_id) for o in Organisation.objects.all()} == {("", None)}
    assert [
        (r.code, r.parent_id, r.sami_name, r.kven_name, r.sami_language_area)
        for r in Region.objects.order_by("code")
    ] == [("55", None, "", "", False), ("5501", before["fylke"], "", "", False)]
    # Rows pointing into the rebuilt tables still point at the same rows.
    user_org = Organisation.objects.get(pk=before["user_org"])
    assert sorted(user_org.regions.values_list("pk", flat=True)) == sorted(
        [before["fylke"], before["kommune"]]
    )
    assert list(user_org.umbrellas.values_list("pk", flat=True)) == [before["umbrella"]]
    assert list(Contact.objects.values_list("organisation_id", "name")) == [
        (before["user_org"], "Kari Kontakt")
    ]
    assert Organisation.objects.get(pk=before["unit"]).parent_id == before["service"]
    secretary = User.objects.get(email="sekretar@example.org")
    assert list(Role.objects.values_list("user_id", "organisation_id", "role")) == [
        (secretary.pk, before["service"], "secretariat")
    ]
    council = Arena.objects.get(pk=before["council"])
    assert council.owner_id == before["service"]
    seat = Membership.objects.get(arena=council)
    assert (seat.person.name, seat.represents_id) == ("Kari Nordmann", before["user_org"])
    assert Person.objects.get().user_id == secretary.pk
    assert Meeting.objects.get().arena_id == council.pk
    connection.check_constraints()

    # The current code writes the new columns on the upgraded rows.
    kommune = Region.objects.get(pk=before["kommune"])
    Region.objects.filter(pk=kommune.pk).update(sami_name="Romsa", sami_language_area=True)
    Organisation.objects.filter(pk=service.pk).update(
        address="Rådhusgata 2, 9008 Tromsø", address_region=kommune, updated_at=timezone.now()
    )
    assert Organisation.objects.filter(address_region__sami_language_area=True).get() == service


@pytest.mark.django_db(transaction=True)
def test_rollback_to_2026_12_1_keeps_the_rows_and_drops_only_the_new_columns() -> None:
    """A rollback with data in the tables: 0007's reverse, then forward again."""
    previous = get_release("2026.12.1")
    fylke = Region.objects.create(code="03", name="Oslo", kind="fylke", sami_name="Oslo")
    Organisation.objects.create(
        kind="service", name="Oslo kommune", address="Rådhuset", address_region=None
    )
    with at_release(previous) as apps:
        old_region = apps.get_model("directory", "Region")
        old_organisation = apps.get_model("directory", "Organisation")
        assert "sami_name" not in {f.name for f in old_region._meta.get_fields()}
        assert list(old_region.objects.values_list("pk", "code", "name")) == [
            (fylke.pk, "03", "Oslo")
        ]
        assert list(old_organisation.objects.values_list("name", flat=True)) == ["Oslo kommune"]

    # Forward again: the rows are there, the dropped columns are back at their defaults.
    assert list(Region.objects.values_list("code", "sami_name")) == [("03", "")]
    assert list(Organisation.objects.values_list("name", "address")) == [("Oslo kommune", "")]
