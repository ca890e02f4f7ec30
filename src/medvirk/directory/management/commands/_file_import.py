"""What the two import commands share: read the file, run the import as the platform
itself (an operator on the server, no user account), print the report, and stop with an
error when a row was rejected (then nothing was saved)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from medvirk.directory.domain.import_report import ImportReport


def run_file_import(
    command: BaseCommand, importer: Callable[..., ImportReport], path: str, *, dry_run: bool
) -> ImportReport:
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(
            _("Kan ikke lese %(path)s: %(error)s") % {"path": path, "error": error}
        ) from error
    report = importer(by=None, system=True, raw=raw, dry_run=dry_run)
    for line in report.lines():
        command.stdout.write(line)
    if report.has_rejections:
        raise CommandError(_("Ingenting ble lagret. Rett de avviste radene og kjør på nytt."))
    return report
