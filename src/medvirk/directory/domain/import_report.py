"""The report of a CSV import of organisations: one outcome per row and the totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from medvirk.directory.domain.import_csv import Problem

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
REJECT = "reject"


# --- Results ------------------------------------------------------------------------


@dataclass
class RowOutcome:
    number: int
    action: str  # CREATE, UPDATE, UNCHANGED or REJECT
    name: str
    org_number: str = ""
    problems: list[Problem] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # columns, for updates
    organisation_id: int | None = None  # set only when the import was applied

    @property
    def reasons(self) -> list[str]:
        return [f"«{p.column}»: {p.message}" if p.column else p.message for p in self.problems]


@dataclass
class ImportReport:
    dry_run: bool
    rows: list[RowOutcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    applied: bool = False

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self._count(CREATE)

    @property
    def updated(self) -> int:
        return self._count(UPDATE)

    @property
    def unchanged(self) -> int:
        return self._count(UNCHANGED)

    @property
    def rejected(self) -> int:
        return self._count(REJECT)

    @property
    def has_rejections(self) -> bool:
        return bool(self.errors) or self.rejected > 0

    @property
    def has_changes(self) -> bool:
        return self.created + self.updated > 0

    def to_json(self) -> dict[str, Any]:
        """The report as JSON for the import job's row. A row is a list, not an object:
        15,000 rows of a large file stay about a megabyte."""
        return {
            "dry_run": self.dry_run,
            "applied": self.applied,
            "errors": list(self.errors),
            "notes": list(self.notes),
            "rows": [
                [
                    row.number,
                    row.action,
                    row.name,
                    row.org_number,
                    [[p.column, p.message] for p in row.problems],
                    row.changed,
                    row.organisation_id,
                ]
                for row in self.rows
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportReport:
        return cls(
            dry_run=data["dry_run"],
            applied=data["applied"],
            errors=data["errors"],
            notes=data["notes"],
            rows=[
                RowOutcome(
                    number=number,
                    action=action,
                    name=name,
                    org_number=org_number,
                    problems=[Problem(column, message) for column, message in problems],
                    changed=changed,
                    organisation_id=organisation_id,
                )
                for number, action, name, org_number, problems, changed, organisation_id in data[
                    "rows"
                ]
            ],
        )

    def lines(self) -> list[str]:
        """The report as plain text lines (for the management command)."""
        labels = {
            CREATE: _("opprettes") if not self.applied else _("opprettet"),
            UPDATE: _("oppdateres") if not self.applied else _("oppdatert"),
            UNCHANGED: _("uendret"),
            REJECT: _("avvist"),
        }
        out = [*self.notes, *self.errors]
        for row in self.rows:
            line = _("Rad %(row)s: %(action)s – %(name)s") % {
                "row": row.number,
                "action": labels[row.action],
                "name": row.name or "–",
            }
            if row.changed:
                line += " (" + ", ".join(row.changed) + ")"
            out.append(line)
            out.extend("    " + p.describe(row.number) for p in row.problems)
        out.append(
            _(
                "Til sammen: %(created)s nye, %(updated)s oppdaterte, "
                "%(unchanged)s uendrede og %(rejected)s avviste rader."
            )
            % {
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "rejected": self.rejected,
            }
        )
        return out
