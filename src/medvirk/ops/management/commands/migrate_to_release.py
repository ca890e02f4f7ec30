from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.exceptions import InvalidMigrationPlan

from medvirk.ops.releases import get_release, migrate_to_release


class Command(BaseCommand):
    help = (
        "Migrate the database to a release's migrations (ops/releases.py): backwards to roll "
        "back before deploying that release's code. Run it with the newer code, which has "
        "the migrations to undo. --plan only prints what would run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("release", help="a release name, e.g. 2026.12.1")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument("--plan", action="store_true", help="print the plan, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            release = get_release(options["release"])
        except KeyError as error:
            raise CommandError(error.args[0]) from error
        connection = connections[options["database"]]
        dry_run = options["plan"]
        try:
            steps = migrate_to_release(release, connection, dry_run=dry_run)
        except InvalidMigrationPlan as error:
            raise CommandError(
                f"The database cannot reach {release.name} in one direction: {error.args[0]}"
            ) from error
        if not steps:
            self.stdout.write(f"The database is at {release.name}: nothing to do.")
            return
        verb = "Would" if dry_run else "Did"
        for node, backwards in steps:
            self.stdout.write(f"{verb} {'unapply' if backwards else 'apply'} {node}")
        if not dry_run:
            self.stdout.write(f"The database is at {release.name}.")
