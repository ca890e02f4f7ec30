from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from medvirk.directory.domain.imports import import_organisations


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
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        # The platform itself, run by an operator on the server: no user account.
        report = import_organisations(by=None, system=True, raw=raw, dry_run=not apply)
        for line in report.lines():
            self.stdout.write(line)
        if report.has_rejections:
            raise CommandError("Nothing was saved: fix the rejected rows and run again.")
        if report.applied:
            self.stdout.write(self.style.SUCCESS("Import applied."))
        else:
            self.stdout.write("Dry run: nothing was saved. Run again with --apply to import.")
