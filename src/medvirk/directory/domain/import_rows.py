"""One run of the CSV import over the parsed rows, inside the caller's transaction.

``Importer`` checks each row with the same model validators and structure rules as the
forms (``apply_changes`` in :mod:`medvirk.directory.domain.organisations`), then resolves
the references between rows (parent, umbrellas) and writes the activity log.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import diff, log_activity
from medvirk.common.activity_labels import register_action
from medvirk.directory.domain.import_csv import (
    KIND_VALUES,
    LEVEL_VALUES,
    NO,
    SERVICE_VALUES,
    YES,
    ParsedRow,
    Problem,
)
from medvirk.directory.domain.import_report import CREATE, REJECT, UNCHANGED, UPDATE, RowOutcome
from medvirk.directory.domain.organisations import CONTACT_FIELDS, apply_changes, snapshot
from medvirk.directory.models import Contact, Organisation, Region, TargetGroup
from medvirk.directory.validators import normalise_orgnr, validate_orgnr

if TYPE_CHECKING:
    from medvirk.accounts.models import User


IMPORTED = register_action("directory.organisation.imported", gettext_lazy("Importert fra CSV"))
IMPORT_RUN = register_action(
    "directory.organisations.imported", gettext_lazy("Organisasjoner importert fra CSV")
)

# Model field -> column, to put a validator's message on the right column.
FIELD_COLUMNS = {
    "org_number": "organisasjonsnummer",
    "name": "navn",
    "kind": "type",
    "service_kind": "tjenestetype",
    "level": "nivå",
    "parent": "overordnet",
    "umbrellas": "paraplyer",
    "regions": "områder",
    "target_groups": "målgrupper",
    "website": "nettsted",
    "description": "beskrivelse",
    "contacts": "kontaktperson",
}
CONTACT_COLUMNS = {
    "name": "kontakt_navn",
    "role": "kontakt_rolle",
    "email": "kontakt_epost",
    "phone": "kontakt_telefon",
    "is_public": "kontakt_offentlig",
}


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _region_code(code: str) -> str:
    # Spreadsheets drop leading zeros: 301 is kommune 0301, 3 is fylke 03.
    if code.isdigit() and len(code) in (1, 3):
        return code.zfill(len(code) + 1)
    return code


def _problems_from(error: ValidationError, columns: Mapping[str, str]) -> list[Problem]:
    if hasattr(error, "error_dict"):
        return [
            Problem(columns.get(name, "") if name != NON_FIELD_ERRORS else "", message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [Problem("", message) for message in error.messages]


class Importer:
    """One run over the rows, inside the caller's transaction. A subclass reads another
    format's rows (domain/register_import.py) with its own column names and log entries."""

    field_columns: Mapping[str, str] = FIELD_COLUMNS
    imported_action = IMPORTED
    run_action = IMPORT_RUN

    def __init__(self, rows: list[ParsedRow]) -> None:
        self.rows = rows
        self.outcomes: dict[int, RowOutcome] = {}
        self.organisations: dict[int, Organisation] = {}
        self.before: dict[int, dict[str, Any]] = {}
        self.references: dict[int, tuple[str | None, list[str] | None]] = {}
        self.row_by_orgnr: dict[str, int] = {}
        self.row_by_name: dict[str, int] = {}
        self.existing_by_orgnr: dict[str, int] = {}
        self.existing_by_name: dict[str, list[str]] = {}
        for pk, name, org_number in Organisation.objects.values_list("pk", "name", "org_number"):
            if org_number:
                self.existing_by_orgnr[org_number] = pk
            self.existing_by_name.setdefault(name.strip().casefold(), []).append(org_number)
        self.regions = {r.code: r for r in Region.objects.all()}
        self.target_groups = {t.slug: t for t in TargetGroup.objects.all()}

    def run(self, *, progress: Callable[[int], object] | None = None) -> list[RowOutcome]:
        for done, row in enumerate(self.rows, start=1):
            self._first_pass(row)
            if progress is not None:
                progress(done)
        for number, (parent, umbrellas) in self.references.items():
            if self.outcomes[number].action != REJECT:
                self._second_pass(number, parent, umbrellas)
        for number, organisation in self.organisations.items():
            outcome = self.outcomes[number]
            if outcome.action != UPDATE:
                continue
            changes = diff(self.before[number], snapshot(organisation))
            outcome.changed = [self.field_columns.get(name, name) for name in changes]
            if not changes:
                outcome.action = UNCHANGED
        return [self.outcomes[row.number] for row in self.rows]

    def log(self, *, by: User | None, actor_label: str) -> None:
        for number, organisation in self.organisations.items():
            outcome = self.outcomes[number]
            if outcome.action not in (CREATE, UPDATE):
                continue
            log_activity(
                action=self.imported_action,
                actor=by,
                actor_label=actor_label,
                obj=organisation,
                organisation=organisation,
                data={
                    "row": number,
                    "created": outcome.action == CREATE,
                    "changes": diff(self.before[number], snapshot(organisation)),
                },
            )
        counts = dict.fromkeys((CREATE, UPDATE, UNCHANGED), 0)
        for outcome in self.outcomes.values():
            counts[outcome.action] += 1
        log_activity(
            action=self.run_action,
            actor=by,
            actor_label=actor_label,
            data={
                "created": counts[CREATE],
                "updated": counts[UPDATE],
                "unchanged": counts[UNCHANGED],
            },
        )

    # First pass: each row's own fields, regions, target groups and contact.

    def _first_pass(self, row: ParsedRow) -> None:
        values = row.values
        name = values.get("navn", "")
        outcome = RowOutcome(row.number, REJECT, name, problems=list(row.problems))
        self.outcomes[row.number] = outcome
        if row.problems:
            return
        problems = outcome.problems
        if not name:
            problems.append(Problem("navn", _("Navnet må fylles ut.")))
        organisation = self._identify(row.number, values, outcome)
        data = self._scalar_data(values, creating=organisation is None, problems=problems)
        if outcome.org_number and organisation is None:
            data["org_number"] = outcome.org_number
        self._lookups(values, data, problems)
        for field_name in ("name", "website", "description", "address"):
            if field_name in data:
                # The model field's own checks (length, URL), so that every problem
                # of the row is reported at once, not only the first one found.
                model_field = Organisation._meta.get_field(field_name)
                assert isinstance(model_field, models.Field)
                try:
                    model_field.clean(data[field_name], None)
                except ValidationError as error:
                    column = self.field_columns.get(field_name, field_name)
                    problems.extend(Problem(column, m) for m in error.messages)
        contacts = self._contact(values, organisation, problems)
        parent = values.get("overordnet", "")
        umbrellas = _split(values.get("paraplyer", ""))
        for column, numbers in (
            ("overordnet", [parent] if parent else []),
            ("paraplyer", umbrellas),
        ):
            for number in numbers:
                try:
                    validate_orgnr(number)
                except ValidationError as error:
                    problems.extend(
                        Problem(column, f"{number}: {message}") for message in error.messages
                    )
        if problems:
            return
        self.before[row.number] = snapshot(organisation) if organisation else {}
        target = organisation or Organisation()
        try:
            with transaction.atomic():
                apply_changes(target, data=data, contacts=contacts)
        except ValidationError as error:
            problems.extend(_problems_from(error, self.field_columns))
            return
        outcome.action = UPDATE if organisation else CREATE
        self.organisations[row.number] = target
        if parent or umbrellas:
            self.references[row.number] = (
                normalise_orgnr(parent) if parent else None,
                [normalise_orgnr(u) for u in umbrellas] if umbrellas else None,
            )

    def _identify(
        self, number: int, values: Mapping[str, str], outcome: RowOutcome
    ) -> Organisation | None:
        """The existing organisation this row updates, or None to create one."""
        problems = outcome.problems
        name_key = values.get("navn", "").casefold()
        org_number = normalise_orgnr(values.get("organisasjonsnummer", ""))
        organisation = None
        if org_number:
            try:
                validate_orgnr(org_number)
            except ValidationError as error:
                problems.extend(Problem("organisasjonsnummer", m) for m in error.messages)
                return None
            outcome.org_number = org_number
            if org_number in self.row_by_orgnr:
                problems.append(
                    Problem(
                        "organisasjonsnummer",
                        _(
                            "Organisasjonsnummeret står også på rad %(row)s. "
                            "Hver organisasjon kan bare stå én gang i filen."
                        )
                        % {"row": self.row_by_orgnr[org_number]},
                    )
                )
            else:
                self.row_by_orgnr[org_number] = number
                if org_number in self.existing_by_orgnr:
                    organisation = Organisation.objects.get(pk=self.existing_by_orgnr[org_number])
        elif name_key in self.existing_by_name:
            known = [n for n in self.existing_by_name[name_key] if n]
            message = _(
                "Det finnes allerede en organisasjon med dette navnet. "
                "Oppgi organisasjonsnummeret for å oppdatere den."
            )
            if known:
                message += " " + _("Organisasjonsnummer i katalogen: %(numbers)s.") % {
                    "numbers": ", ".join(known)
                }
            else:
                message += " " + _(
                    "Den har ikke organisasjonsnummer i katalogen; "
                    "legg det inn i skjemaet først, eller endre den der."
                )
            problems.append(Problem("navn", message))
        elif name_key in self.row_by_name:
            problems.append(
                Problem(
                    "navn",
                    _(
                        "Navnet står også på rad %(row)s. Oppgi organisasjonsnummer "
                        "for å skille organisasjonene."
                    )
                    % {"row": self.row_by_name[name_key]},
                )
            )
        if name_key:
            self.row_by_name.setdefault(name_key, number)
        return organisation

    def _scalar_data(
        self, values: Mapping[str, str], *, creating: bool, problems: list[Problem]
    ) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if values.get("navn"):
            data["name"] = values["navn"]
        choices = (
            (
                "type",
                "kind",
                KIND_VALUES,
                _("Bruk brukerorganisasjon, paraplyorganisasjon eller tjenesteyter."),
            ),
            (
                "tjenestetype",
                "service_kind",
                SERVICE_VALUES,
                _(
                    "Bruk kommune, fylkeskommune, nav, helseforetak, rhf, kompetansesenter, "
                    "statlig eller annen."
                ),
            ),
            ("nivå", "level", LEVEL_VALUES, _("Bruk nasjonalt, fylke eller lokalt.")),
        )
        for column, model_field, mapping, allowed in choices:
            value = values.get(column, "")
            if not value:
                continue
            if value.casefold() in mapping:
                data[model_field] = mapping[value.casefold()]
            else:
                problems.append(
                    Problem(
                        column, _("Ukjent verdi «%(value)s».") % {"value": value} + " " + allowed
                    )
                )
        if creating and not values.get("type"):
            problems.append(
                Problem(
                    "type",
                    _(
                        "Typen må fylles ut for nye organisasjoner: "
                        "brukerorganisasjon, paraplyorganisasjon eller tjenesteyter."
                    ),
                )
            )
        website = values.get("nettsted", "")
        if website:
            data["website"] = website if "://" in website else f"https://{website}"
        if values.get("beskrivelse"):
            data["description"] = values["beskrivelse"]
        return data

    def _lookups(
        self, values: Mapping[str, str], data: dict[str, Any], problems: list[Problem]
    ) -> None:
        codes = [_region_code(code) for code in _split(values.get("områder", ""))]
        if codes:
            unknown = [code for code in codes if code not in self.regions]
            for code in unknown:
                problems.append(
                    Problem(
                        "områder",
                        _(
                            "Ukjent område «%(code)s». Bruk fylkesnummer eller kommunenummer, "
                            "for eksempel 03 eller 0301."
                        )
                        % {"code": code},
                    )
                )
            data["regions"] = [self.regions[code] for code in codes if code not in unknown]
        slugs = [slug.casefold() for slug in _split(values.get("målgrupper", ""))]
        if slugs:
            unknown = [slug for slug in slugs if slug not in self.target_groups]
            for slug in unknown:
                problems.append(
                    Problem(
                        "målgrupper",
                        _("Ukjent målgruppe «%(slug)s». Gyldige koder: %(valid)s.")
                        % {"slug": slug, "valid": ", ".join(sorted(self.target_groups))},
                    )
                )
            data["target_groups"] = [self.target_groups[s] for s in slugs if s not in unknown]

    def _contact(
        self,
        values: Mapping[str, str],
        organisation: Organisation | None,
        problems: list[Problem],
    ) -> list[dict[str, Any]] | None:
        """The row's contact becomes the primary contact: matched by e-mail, then by name."""
        given = {f: values.get(column, "") for f, column in CONTACT_COLUMNS.items()}
        if not any(given.values()):
            return None
        is_public: bool | None = None
        if given["is_public"]:
            answer = given["is_public"].casefold()
            if answer in YES | NO:
                is_public = answer in YES
            else:
                problems.append(Problem("kontakt_offentlig", _("Skriv ja eller nei.")))
        existing = list(organisation.contacts.all()) if organisation else []
        match = None
        if given["email"]:
            match = next(
                (c for c in existing if c.email.casefold() == given["email"].casefold()), None
            )
        if match is None and given["name"]:
            match = next(
                (c for c in existing if c.name.casefold() == given["name"].casefold()), None
            )
        exclude = ["organisation"]
        if match is None and not given["name"]:
            problems.append(
                Problem("kontakt_navn", _("Navnet må fylles ut for en ny kontaktperson."))
            )
            exclude.append("name")  # said above, more clearly than "may not be blank"
        candidate = (
            Contact(**{f: getattr(match, f) for f in CONTACT_FIELDS}) if match else Contact()
        )
        row: dict[str, Any] = {"id": match.pk if match else None, "is_primary": True}
        for name in ("name", "role", "email", "phone"):
            if given[name]:
                row[name] = given[name]
        if is_public is not None:
            row["is_public"] = is_public
        for name, value in row.items():
            if name != "id":
                setattr(candidate, name, value)
        try:
            candidate.full_clean(exclude=exclude)
        except ValidationError as error:
            problems.extend(_problems_from(error, CONTACT_COLUMNS))
        others = [
            {"id": c.pk, "is_primary": False} for c in existing if c.is_primary and c != match
        ]
        return [row, *others]

    # Second pass: parents and umbrellas, which may be any row in the file.

    def _resolve(
        self, org_number: str, column: str, problems: list[Problem]
    ) -> Organisation | None:
        number = self.row_by_orgnr.get(org_number)
        if number is not None:
            if number in self.organisations and self.outcomes[number].action != REJECT:
                return self.organisations[number]
            problems.append(
                Problem(
                    column,
                    _("%(orgnr)s står på rad %(row)s, som er avvist.")
                    % {"orgnr": org_number, "row": number},
                )
            )
            return None
        if org_number in self.existing_by_orgnr:
            return Organisation.objects.get(pk=self.existing_by_orgnr[org_number])
        problems.append(
            Problem(
                column,
                _(
                    "Fant ingen organisasjon med organisasjonsnummer %(orgnr)s, verken i katalogen eller i filen."
                )
                % {"orgnr": org_number},
            )
        )
        return None

    def _second_pass(self, number: int, parent: str | None, umbrellas: list[str] | None) -> None:
        outcome = self.outcomes[number]
        problems: list[Problem] = []
        data: dict[str, Any] = {}
        if parent is not None:
            data["parent"] = self._resolve(parent, "overordnet", problems)
        if umbrellas is not None:
            data["umbrellas"] = [self._resolve(u, "paraplyer", problems) for u in umbrellas]
        if not problems:
            try:
                with transaction.atomic():
                    apply_changes(self.organisations[number], data=data)
            except ValidationError as error:
                problems.extend(_problems_from(error, self.field_columns))
        if problems:
            outcome.action = REJECT
            outcome.problems.extend(problems)
