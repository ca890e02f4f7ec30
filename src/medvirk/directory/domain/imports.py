"""CSV import of organisations: a dry run that reports row by row, and an all-or-nothing run.

The dry run and the real run are the same code: every row is written inside one
transaction (each row in its own savepoint, so a bad row leaves nothing behind),
and the transaction is rolled back at the end of a dry run, or of a real run in
which any row was rejected. The report therefore shows exactly what the real
run would do, checked by the same model validators and structure rules as the
forms (``apply_changes`` in :mod:`medvirk.directory.domain.organisations`).

The file format is described in docs/import-format.md and on the upload page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import rules
from django.core.exceptions import PermissionDenied
from django.db import transaction

from medvirk.directory.domain.import_csv import ParsedRow, parse_organisation_csv
from medvirk.directory.domain.import_report import ImportReport
from medvirk.directory.domain.import_rows import Importer

if TYPE_CHECKING:
    from medvirk.accounts.models import User


SYSTEM_ACTOR = "import_organisations (kommandolinjen)"


# --- Importing ---------------------------------------------------------------------


def import_organisations(
    *,
    by: User | None,
    raw: bytes,
    dry_run: bool,
    system: bool = False,
    progress: Callable[[int], object] | None = None,
) -> ImportReport:
    """Check (``dry_run``) or apply a CSV file of organisations. All rows or none.

    ``by=None`` is allowed only with ``system=True``, which the management
    command sets: the platform itself, run by an operator on the server.
    ``progress(rows_checked)`` is called as the rows are checked (the import job
    records it for its progress page; see domain/import_jobs.py).
    """
    check_import_permission(by, system=system)
    parsed = parse_organisation_csv(raw)
    return run_import(
        Importer,
        parsed.rows,
        by=by,
        dry_run=dry_run,
        errors=list(parsed.errors),
        notes=parsed.notes,
        actor_label=SYSTEM_ACTOR,
        progress=progress,
    )


def check_import_permission(by: User | None, *, system: bool) -> None:
    """A platform admin, or (``by=None``, ``system=True``) the platform itself on the server."""
    if by is None:
        if not system:
            raise PermissionDenied
    elif not rules.has_perm("directory.import_organisations", by):
        raise PermissionDenied


def run_import(
    importer_class: type[Importer],
    rows: list[ParsedRow],
    *,
    by: User | None,
    dry_run: bool,
    errors: list[str],
    notes: list[str],
    actor_label: str,
    progress: Callable[[int], object] | None = None,
) -> ImportReport:
    """Check or apply the rows in one transaction, rolled back on a dry run or on any
    rejected row; the caller has checked the permission."""
    report = ImportReport(dry_run=dry_run, errors=errors, notes=notes)
    if errors:
        return report
    with transaction.atomic():
        importer = importer_class(rows)
        report.rows = importer.run(progress=progress)
        if dry_run or report.has_rejections:
            transaction.set_rollback(True)
        else:
            importer.log(by=by, actor_label="" if by else actor_label)
            report.applied = True
    if report.applied:
        for outcome in report.rows:
            organisation = importer.organisations.get(outcome.number)
            outcome.organisation_id = organisation.pk if organisation else None
    return report
