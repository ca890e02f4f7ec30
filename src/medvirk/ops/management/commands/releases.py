from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

from medvirk.ops.releases import RELEASES, current_leaves, release_closure, unreleased


class Command(BaseCommand):
    help = (
        "List Medvirk's releases (ops/releases.py), the one the database is at and the "
        "migrations no release has yet; --cut NAME prints the entry for a release cut now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--cut",
            metavar="NAME",
            help="print the RELEASES entry for a release named NAME with today's migrations",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["cut"]:
            self._cut(options["cut"])
            return
        loader = MigrationLoader(connections[options["database"]], ignore_no_migrations=True)
        applied = set(loader.applied_migrations)
        for release in RELEASES:
            closure = release_closure(release, loader.graph)
            here = " <- the database" if applied == closure else ""
            self.stdout.write(f"{release.name}  {release.date}  {release.commit}{here}")
            if release.note:
                self.stdout.write(f"    {release.note}")
        pending = unreleased(loader.graph)
        self.stdout.write(f"Migrations in no release yet: {len(pending)}")
        for app, name in pending:
            self.stdout.write(f"    {app}.{name}")

    def _cut(self, name: str) -> None:
        if any(release.name == name for release in RELEASES):
            raise CommandError(f"Release {name} is already recorded.")
        leaves = current_leaves(MigrationLoader(None, ignore_no_migrations=True))
        self.stdout.write("    Release(")
        self.stdout.write(f'        "{name}",')
        self.stdout.write("        date=datetime.date(YYYY, M, D),")
        self.stdout.write('        commit="<the commit being tagged>",')
        self.stdout.write('        note="<what changed, in one sentence>",')
        self.stdout.write("        migrations={")
        for app, leaf in leaves.items():
            self.stdout.write(f'            "{app}": "{leaf}",')
        self.stdout.write("        },")
        self.stdout.write("    ),")
