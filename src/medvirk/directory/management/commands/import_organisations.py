from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from medvirk.directory.domain.imports import import_organisations
from medvirk.directory.management.commands._file_import import run_file_import


class Command(BaseCommand):
    help = (
        "Check, or with --apply import, organisations from a CSV file "
        "(format: docs/import-format.md). All rows or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument(
            "--apply", action="store_true", help="Save the rows (default: dry run only)."
        )

    def handle(self, *args: Any, path: str, apply: bool, **options: Any) -> None:
        report = run_file_import(self, import_organisations, path, dry_run=not apply)
        if report.applied:
            self.stdout.write(self.style.SUCCESS(_("Importen er lagret.")))
        else:
            self.stdout.write(
                _("Kontroll: ingenting er lagret. Kjør på nytt med --apply for å importere.")
            )
