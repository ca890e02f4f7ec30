"""Importing organisations from Enhetsregisteret's bulk JSON (Brønnøysundregistrene).

The register's bulk download ("enheter", docs/import-format.md) is a JSON array of
objects; each object is one row, numbered by its place in the array (the first is row 1).
A row is matched with the directory by its organisation number: an existing entry gets the
register's name, business address and the address's kommune where they differ; a number
the directory does not know becomes a new entry. Everything else in the directory (kind,
regions it works in, contacts) is the directory's own and stays as it is.

The rows go through the CSV import's ``Importer`` (the same checks, one savepoint per row,
all rows or none, the same report) as rows of its own columns, named by the register's
JSON paths.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity_labels import register_action
from medvirk.directory.domain.import_csv import ParsedRow, Problem
from medvirk.directory.domain.import_report import ImportReport
from medvirk.directory.domain.import_rows import Importer
from medvirk.directory.domain.imports import check_import_permission, run_import
from medvirk.directory.enums import Level, OrganisationKind, RegionKind, ServiceKind

if TYPE_CHECKING:
    from medvirk.accounts.models import User

SYSTEM_ACTOR = "import_register (kommandolinjen)"
MAX_BYTES = 200 * 1024 * 1024  # an extract, not the whole register (about 1 GB unpacked)

IMPORTED = register_action(
    "directory.organisation.imported_from_register",
    gettext_lazy("Importert fra Enhetsregisteret"),
)
IMPORT_RUN = register_action(
    "directory.organisations.imported_from_register",
    gettext_lazy("Organisasjoner importert fra Enhetsregisteret"),
)

NUMBER = "organisasjonsnummer"
NAME = "navn"
FORM = "organisasjonsform.kode"
ADDRESS = "forretningsadresse"
KOMMUNE = "forretningsadresse.kommunenummer"

# The organisation form decides the kind of a NEW entry only (an existing entry keeps its
# own): public bodies are service providers, associations (FLI) user organisations.
FORMS: dict[str, tuple[str, str, str]] = {
    "KOMM": (OrganisationKind.SERVICE, ServiceKind.KOMMUNE, Level.LOCAL),
    "FYLK": (OrganisationKind.SERVICE, ServiceKind.FYLKESKOMMUNE, Level.COUNTY),
    "STAT": (OrganisationKind.SERVICE, ServiceKind.STATE_AGENCY, Level.NATIONAL),
    "ORGL": (OrganisationKind.SERVICE, ServiceKind.STATE_AGENCY, Level.NATIONAL),
    "SF": (OrganisationKind.SERVICE, ServiceKind.STATE_AGENCY, Level.NATIONAL),
    "FLI": (OrganisationKind.USER_ORG, "", ""),
}
OTHER_FORM = (OrganisationKind.SERVICE, ServiceKind.OTHER, "")


class RegisterImporter(Importer):
    """The CSV importer's checks and writes over rows read from the register's JSON."""

    field_columns = {
        "org_number": NUMBER,
        "name": NAME,
        "kind": FORM,
        "service_kind": FORM,
        "level": FORM,
        "address": ADDRESS,
        "address_region": KOMMUNE,
        "regions": KOMMUNE,
    }
    imported_action = IMPORTED
    run_action = IMPORT_RUN
    creating = False  # the row being read makes a new entry (set by _scalar_data)

    def _scalar_data(
        self, values: Mapping[str, str], *, creating: bool, problems: list[Problem]
    ) -> dict[str, Any]:
        self.creating = creating
        data: dict[str, Any] = {}
        if values.get(NAME):
            data["name"] = values[NAME]
        if ADDRESS in values:
            data["address"] = values[ADDRESS]
        if creating:
            data["kind"], data["service_kind"], data["level"] = FORMS.get(
                values.get(FORM, ""), OTHER_FORM
            )
        return data

    def _lookups(
        self, values: Mapping[str, str], data: dict[str, Any], problems: list[Problem]
    ) -> None:
        if KOMMUNE not in values:
            return
        code = values[KOMMUNE]
        region = self.regions.get(code) if code else None
        if code and (region is None or region.kind != RegionKind.KOMMUNE):
            problems.append(
                Problem(
                    KOMMUNE,
                    _(
                        "Ukjent kommunenummer «%(code)s». Regiontabellen har kommunene fra "
                        "1. januar 2024 (import_regions)."
                    )
                    % {"code": code},
                )
            )
            return
        data["address_region"] = region
        if region is not None and self.creating:
            data["regions"] = [region]  # a new entry works where it is, until told otherwise


# --- Reading the file ---------------------------------------------------------------


def _text(value: Any) -> str | None:
    """A JSON string (or number) as text; None for anything else."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _row(number: int, item: Any) -> ParsedRow:
    if not isinstance(item, dict):
        return ParsedRow(number, {}, [Problem("", _("Raden er ikke et JSON-objekt."))])
    problems: list[Problem] = []
    values: dict[str, str] = {}
    for key, column in ((NUMBER, NUMBER), (NAME, NAME)):
        text = _text(item.get(key))
        if not text:
            problems.append(Problem(column, _("Feltet mangler eller er tomt.")))
        else:
            values[column] = text
    form = item.get("organisasjonsform")
    if isinstance(form, dict) and _text(form.get("kode")):
        values[FORM] = _text(form.get("kode")) or ""
    elif form is not None:
        problems.append(Problem(FORM, _("Skal være et objekt med «kode».")))
    address = item.get("forretningsadresse")
    if isinstance(address, dict):
        lines = address.get("adresse") or []
        if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
            problems.append(Problem(ADDRESS, _("«adresse» skal være en liste med tekst.")))
            lines = []
        place = " ".join(
            p for p in (_text(address.get("postnummer")), _text(address.get("poststed"))) if p
        )
        values[ADDRESS] = ", ".join(line.strip() for line in [*lines, place] if line.strip())
        kommune = address.get("kommunenummer")
        code = _text(kommune) if kommune is not None else ""
        if code is None:
            problems.append(Problem(KOMMUNE, _("Kommunenummeret skal være tekst.")))
        else:
            values[KOMMUNE] = code.zfill(4) if code.isdigit() and len(code) == 3 else code
    elif address is not None:
        problems.append(Problem(ADDRESS, _("Skal være et objekt.")))
    return ParsedRow(number, values, problems)


def parse_register_json(raw: bytes) -> tuple[list[ParsedRow], list[str]]:
    """The rows (the importer's columns, named by the JSON paths) and the file's errors."""
    if len(raw) > MAX_BYTES:
        return [], [_("Filen er for stor. Den kan være høyst 200 MB; importer et utdrag.")]
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return [], [_("Filen er ikke lagret som UTF-8.")]
    except json.JSONDecodeError as error:
        return [], [
            _("Filen er ikke gyldig JSON (linje %(line)s, kolonne %(column)s: %(message)s).")
            % {"line": error.lineno, "column": error.colno, "message": error.msg}
        ]
    if isinstance(data, dict):  # a page from the register's API: {"_embedded": {"enheter": [..]}}
        data = (data.get("_embedded") or {}).get("enheter")
    if not isinstance(data, list):
        return [], [
            _("Filen skal inneholde en JSON-liste med enheter, som Enhetsregisterets totaluttrekk.")
        ]
    if not data:
        return [], [_("Filen har ingen enheter.")]
    return [_row(number, item) for number, item in enumerate(data, start=1)], []


def import_register(
    *,
    by: User | None,
    raw: bytes,
    dry_run: bool,
    system: bool = False,
    progress: Callable[[int], object] | None = None,
) -> ImportReport:
    """Check (``dry_run``) or apply an extract of Enhetsregisteret. All rows or none.

    The permission is the CSV import's: a platform admin, or ``by=None`` with
    ``system=True`` (the management command, run by an operator on the server).
    """
    check_import_permission(by, system=system)
    rows, errors = parse_register_json(raw)
    return run_import(
        RegisterImporter,
        rows,
        by=by,
        dry_run=dry_run,
        errors=errors,
        notes=[],
        actor_label=SYSTEM_ACTOR,
        progress=progress,
    )
