from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

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
            raise CommandError(
                _("Kan ikke lese %(path)s: %(error)s") % {"path": path, "error": error}
            ) from error
        # The platform itself, run by an operator on the server: no user account.
        report = import_organisations(by=None, system=True, raw=raw, dry_run=not apply)
        for line in report.lines():
            self.stdout.write(line)
        if report.has_rejections:
            raise CommandError(_("Ingenting ble lagret. Rett de avviste radene og kjør på nytt."))
        if report.applied:
            self.stdout.write(self.style.SUCCESS(_("Importen er lagret.")))
        else:
            self.stdout.write(
                _("Kontroll: ingenting er lagret. Kjør på nytt med --apply for å importere.")
            )
