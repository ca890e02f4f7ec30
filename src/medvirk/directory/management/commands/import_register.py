from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from medvirk.directory.domain.register_import import import_register
from medvirk.directory.management.commands._file_import import run_file_import


class Command(BaseCommand):
    help = (
        "Import organisations from an extract of Enhetsregisteret's bulk JSON (enheter): "
        "match by organisation number, update name, address and kommune, create the rest "
        "(format: docs/import-format.md). All rows or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report only; save nothing."
        )

    def handle(self, *args: Any, path: str, dry_run: bool, **options: Any) -> None:
        report = run_file_import(self, import_register, path, dry_run=dry_run)
        if report.applied:
            self.stdout.write(self.style.SUCCESS(_("Importen er lagret.")))
        else:
            self.stdout.write(_("Kontroll: ingenting er lagret."))
