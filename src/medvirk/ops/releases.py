"""Medvirk's releases, each recorded by the database schema it runs on.

There are no git tags to read: a release is what this module says it is. Each entry names
the last migration of every app (Medvirk's own and the installed libraries') that the
release's code has; an app missing from an entry had no migrations then (it was not
installed), so rolling back to that release unapplies it entirely.

Cutting a release (docs/operations-upgrades.md): run ``manage.py releases --cut NAME``,
paste the entry it prints at the end of RELEASES, commit, and tag that commit with NAME.
A release's migrations are never renamed, removed or squashed away afterwards:
``tests/ops/test_releases.py`` checks that every node still exists, in order.

Rolling back (``manage.py migrate_to_release NAME``) runs the *newer* code's migrations
backwards to the older release's nodes, then the older code is deployed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.exceptions import InvalidMigrationPlan
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.graph import MigrationGraph
from django.db.migrations.loader import MigrationLoader

Node = tuple[str, str]
Target = tuple[str, str | None]


@dataclass(frozen=True)
class Release:
    name: str
    date: datetime.date
    # The commit whose migration files the entry was taken from.
    commit: str
    # App label -> the app's last migration in this release.
    migrations: Mapping[str, str]
    note: str = ""

    def nodes(self) -> list[Node]:
        return sorted(self.migrations.items())


# The libraries' migrations are the same in both releases (same pinned versions), except
# allauth's socialaccount, installed for national login in 2026.12.2.
_LIBRARIES_2026_12 = {
    "account": "0009_emailaddress_unique_primary_email",
    "admin": "0003_logentry_add_action_flag_choices",
    "auth": "0012_alter_user_first_name_max_length",
    "contenttypes": "0002_remove_content_type_name",
    "django_rq": "0003_alter_dashboard_permission_names",
    "django_tasks_database": "0021_conditional_partial_index_ordering",
    "mfa": "0003_authenticator_type_uniq",
    "sessions": "0001_initial",
}

_MEDVIRK_2026_12_1 = {
    "accounts": "0003_payroll_role",
    "annual": "0001_initial",
    "appointments": "0001_initial",
    "arenas": "0007_membership_person_open_index",
    "common": "0001_initial",
    "compensation": "0002_state_allowances",
    "directory": "0006_api_keyset_order",
    "experiences": "0003_themecase_decision_notified_at",
    "feedback": "0001_initial",
    "followup": "0005_final_decisions",
    "involvement": "0001_initial",
    "meetings": "0005_upcoming_count_covering",
    "network": "0001_initial",
    "notifications": "0001_outbox",
    "onboarding": "0001_initial",
    "ops": "0001_periodic_run_log",
    "people": "0002_person_name_trigram",
    "planning": "0001_initial",
    "surveys": "0001_initial",
    "training": "0001_initial",
}

RELEASES: tuple[Release, ...] = (
    Release(
        "2026.12.1",
        date=datetime.date(2026, 12, 7),
        commit="93e49ac",
        note="Issues 1-18: every app up to courses, onboarding, the network and planning.",
        migrations={**_LIBRARIES_2026_12, **_MEDVIRK_2026_12_1},
    ),
    Release(
        "2026.12.2",
        date=datetime.date(2026, 12, 8),
        commit="4b1098f",
        note=(
            "The full region table and organisations' business address (directory 0007); "
            "national login (allauth's socialaccount); the task workers' heartbeat for the "
            "readiness check (ops 0002)."
        ),
        migrations={
            **_LIBRARIES_2026_12,
            "socialaccount": "0006_alter_socialaccount_extra_data",
            **_MEDVIRK_2026_12_1,
            "directory": "0007_region_names_sami_area_org_address",
            "ops": "0002_heartbeat",
        },
    ),
)


def get_release(name: str) -> Release:
    for release in RELEASES:
        if release.name == name:
            return release
    known = ", ".join(release.name for release in RELEASES)
    raise KeyError(f"No release {name!r} (known: {known})")


def latest_release() -> Release:
    return RELEASES[-1]


def previous_release() -> Release:
    """The release before the latest: the one an upgrade is tested from."""
    return RELEASES[-2]


def targets(release: Release, graph: MigrationGraph) -> list[Target]:
    """Migrate targets that bring every app in ``graph`` to ``release``.

    An app the release does not name gets ``None`` (no migration applied: "zero").
    """
    apps = {app for app, _name in graph.nodes} | set(release.migrations)
    return [(app, release.migrations.get(app)) for app in sorted(apps)]


def release_closure(release: Release, graph: MigrationGraph) -> set[Node]:
    """Every migration applied in a database at ``release``: its nodes and their ancestors."""
    closure: set[Node] = set()
    for node in release.nodes():
        closure.update(graph.forwards_plan(node))
    return closure


def unreleased(graph: MigrationGraph) -> list[Node]:
    """Migrations on disk that no release has yet (they go into the next one)."""
    released = release_closure(latest_release(), graph)
    return sorted(node for node in graph.nodes if node not in released)


def current_leaves(loader: MigrationLoader) -> dict[str, str]:
    """The last migration of every app, as the entry of a release cut now would name it."""
    return dict(sorted(loader.graph.leaf_nodes()))


def migrate_to_release(
    release: Release,
    connection: BaseDatabaseWrapper,
    *,
    dry_run: bool = False,
) -> list[tuple[str, bool]]:
    """Migrate the database to ``release`` (backwards, for a rollback, or forwards).

    Returns the plan (that ran, or would run with ``dry_run``) as ``("app.name",
    backwards)`` pairs. A plan that goes both ways (the database is on a line that does not
    lead to the release) is refused with InvalidMigrationPlan before anything runs.

    Backwards, the migrations are unapplied one at a time, each by a fresh executor: Django
    renders every model from the first migration it unapplies to the last, so one plan
    spanning an early and a late migration in its order (directory 0007 and allauth's
    socialaccount, say) re-renders the whole project for each migration between them
    (26 s instead of 9 s for the rollback from 2026.12.2 on SQLite).
    """
    executor = MigrationExecutor(connection)
    wanted = targets(release, executor.loader.graph)
    plan = executor.migration_plan(wanted)
    steps = [
        (f"{migration.app_label}.{migration.name}", backwards) for migration, backwards in plan
    ]
    directions = {backwards for _migration, backwards in plan}
    if len(directions) > 1:
        raise InvalidMigrationPlan(
            "The plan would apply some migrations and unapply others; migrate the apps one "
            "way first.",
            steps,
        )
    if dry_run or not plan:
        return steps
    if directions == {False}:
        executor.migrate(wanted, plan=plan)
        return steps
    unapply_each(connection, [(migration.app_label, migration.name) for migration, _ in plan])
    return steps


def unapply_each(connection: BaseDatabaseWrapper, nodes: Iterable[Node]) -> None:
    """Unapply ``nodes`` in the order given (dependents first), one executor each."""
    for node in nodes:
        executor = MigrationExecutor(connection)
        executor.migrate([], plan=[(executor.loader.graph.nodes[node], True)])
