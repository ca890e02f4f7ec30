"""The release list (ops/releases.py) stays true to the migrations on disk."""

from __future__ import annotations

import datetime as dt
import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from medvirk.ops.releases import (
    RELEASES,
    current_leaves,
    get_release,
    latest_release,
    migrate_to_release,
    previous_release,
    release_closure,
    targets,
    unreleased,
)

pytestmark = [pytest.mark.xdist_group("migrations")]


@pytest.fixture(scope="module")
def loader() -> MigrationLoader:
    return MigrationLoader(None, ignore_no_migrations=True)


def test_releases_are_named_once_and_in_order() -> None:
    names = [release.name for release in RELEASES]
    assert len(set(names)) == len(names)
    # Calendar versions: YYYY.MM.N, sorted as numbers.
    assert names == sorted(names, key=lambda name: tuple(int(part) for part in name.split(".")))
    dates = [release.date for release in RELEASES]
    assert dates == sorted(dates)
    assert all(release.commit and release.note for release in RELEASES)


def test_every_release_migration_is_still_on_disk(loader: MigrationLoader) -> None:
    """A released migration is never renamed, removed or squashed away: a database at that
    release could no longer be upgraded (or rolled back to it)."""
    missing = [
        (release.name, node)
        for release in RELEASES
        for node in release.nodes()
        if node not in loader.graph.nodes
    ]
    assert missing == []


def test_each_release_names_its_apps_last_migration(loader: MigrationLoader) -> None:
    """An entry names each app's last migration of the time: nothing of the app's own after
    it in the same release (a later migration of the app would be in its closure)."""
    for release in RELEASES:
        closure = release_closure(release, loader.graph)
        for app, name in release.nodes():
            assert max(n for a, n in closure if a == app) == name, (release.name, app)
        # Nothing in the closure from an app the entry leaves out.
        assert {app for app, _name in closure} == set(release.migrations), release.name


def test_each_release_contains_the_one_before(loader: MigrationLoader) -> None:
    """Upgrading only applies migrations: a later release never drops an earlier one's."""
    for older, newer in itertools.pairwise(RELEASES):
        assert release_closure(older, loader.graph) <= release_closure(newer, loader.graph), (
            older.name,
            newer.name,
        )


def test_latest_release_is_todays_migrations_or_before(loader: MigrationLoader) -> None:
    """The code holds the latest release's migrations; newer ones wait for the next cut."""
    released = release_closure(latest_release(), loader.graph)
    pending = unreleased(loader.graph)
    assert released.isdisjoint(pending)
    assert released | set(pending) == set(loader.graph.nodes)
    if not pending:
        assert current_leaves(loader) == dict(latest_release().migrations)


def test_release_2026_12_2_adds_the_directory_address_national_login_and_heartbeat() -> None:
    older, newer = get_release("2026.12.1"), get_release("2026.12.2")
    assert (previous_release(), latest_release()) == (older, newer)
    changed = {
        app: (older.migrations.get(app), newer.migrations.get(app))
        for app in set(older.migrations) | set(newer.migrations)
        if older.migrations.get(app) != newer.migrations.get(app)
    }
    assert changed == {
        "directory": ("0006_api_keyset_order", "0007_region_names_sami_area_org_address"),
        "socialaccount": (None, "0006_alter_socialaccount_extra_data"),
        "ops": ("0001_periodic_run_log", "0002_heartbeat"),
    }
    assert newer.date == dt.date(2026, 12, 8)


def test_targets_send_an_app_the_release_lacks_to_zero(loader: MigrationLoader) -> None:
    wanted = dict(targets(get_release("2026.12.1"), loader.graph))
    assert wanted["socialaccount"] is None
    assert wanted["directory"] == "0006_api_keyset_order"


def test_get_release_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match=r"known: 2026\.12\.1, 2026\.12\.2"):
        get_release("2025.1.1")


@pytest.mark.django_db
def test_migrate_to_release_plan_lists_a_rollback_without_running_it() -> None:
    steps = migrate_to_release(get_release("2026.12.1"), connection, dry_run=True)
    assert ("directory.0007_region_names_sami_area_org_address", True) in steps
    assert {node.split(".")[0] for node, _backwards in steps} == {
        "directory",
        "socialaccount",
        "ops",
    }
    assert all(backwards for _node, backwards in steps)
    loader = MigrationLoader(connection)
    assert ("directory", "0007_region_names_sami_area_org_address") in loader.applied_migrations


@pytest.mark.django_db
def test_migrate_to_release_command_plan_and_errors() -> None:
    out = StringIO()
    call_command("migrate_to_release", "2026.12.1", "--plan", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Would unapply directory.0007_region_names_sami_area_org_address"
    assert "Would unapply socialaccount.0001_initial" in lines
    with pytest.raises(CommandError, match=r"No release '1999\.1\.1'"):
        call_command("migrate_to_release", "1999.1.1", "--plan")


@pytest.mark.django_db
def test_releases_command_lists_the_releases_and_marks_the_database() -> None:
    out = StringIO()
    call_command("releases", stdout=out)
    text = out.getvalue()
    assert "2026.12.1  2026-12-07  93e49ac\n" in text
    pending = unreleased(MigrationLoader(None, ignore_no_migrations=True).graph)
    # The test database has every migration: at the latest release unless newer ones wait.
    latest = f"{latest_release().name}  {latest_release().date}  {latest_release().commit}"
    assert (f"{latest} <- the database\n" in text) == (not pending)
    assert f"Migrations in no release yet: {len(pending)}\n" in text


def test_releases_cut_prints_an_entry_with_todays_migrations(loader: MigrationLoader) -> None:
    out = StringIO()
    call_command("releases", "--cut", "2027.1.1", stdout=out)
    text = out.getvalue()
    assert '        "2027.1.1",\n' in text
    assert '            "directory": "0007_region_names_sami_area_org_address",\n' in text
    assert text.count('": "') == len(current_leaves(loader))
    with pytest.raises(CommandError, match="already recorded"):
        call_command("releases", "--cut", "2026.12.2")
