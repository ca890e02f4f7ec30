from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from medvirk.directory.domain.register_import import import_register


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
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(
                _("Kan ikke lese %(path)s: %(error)s") % {"path": path, "error": error}
            ) from error
        # The platform itself, run by an operator on the server: no user account.
        report = import_register(by=None, system=True, raw=raw, dry_run=dry_run)
        for line in report.lines():
            self.stdout.write(line)
        if report.has_rejections:
            raise CommandError(_("Ingenting ble lagret. Rett de avviste radene og kjør på nytt."))
        if report.applied:
            self.stdout.write(self.style.SUCCESS(_("Importen er lagret.")))
        else:
            self.stdout.write(_("Kontroll: ingenting er lagret."))
