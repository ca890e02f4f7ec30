"""Reading an organisation CSV file: encoding, delimiter, header and rows.

The columns and accepted values are described in docs/import-format.md.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from medvirk.directory.enums import Level, OrganisationKind, ServiceKind

MAX_BYTES = 2 * 1024 * 1024

COLUMNS = (
    "organisasjonsnummer",
    "navn",
    "type",
    "tjenestetype",
    "nivå",
    "overordnet",
    "paraplyer",
    "områder",
    "målgrupper",
    "nettsted",
    "beskrivelse",
    "kontakt_navn",
    "kontakt_rolle",
    "kontakt_epost",
    "kontakt_telefon",
    "kontakt_offentlig",
)
REQUIRED_COLUMNS = ("navn",)
# Header spellings without æøå, for files that lost them on the way.
HEADER_ALIASES = {"niva": "nivå", "omrader": "områder", "malgrupper": "målgrupper"}

KIND_VALUES = {
    "brukerorganisasjon": OrganisationKind.USER_ORG,
    "paraplyorganisasjon": OrganisationKind.UMBRELLA,
    "tjenesteyter": OrganisationKind.SERVICE,
    **{value: value for value in OrganisationKind.values},
}
SERVICE_VALUES = {
    "kommune": ServiceKind.KOMMUNE,
    "fylkeskommune": ServiceKind.FYLKESKOMMUNE,
    "nav": ServiceKind.NAV,
    "helseforetak": ServiceKind.HELSEFORETAK,
    "rhf": ServiceKind.RHF,
    "kompetansesenter": ServiceKind.COMPETENCE_CENTRE,
    "statlig": ServiceKind.STATE_AGENCY,
    "annen": ServiceKind.OTHER,
    **{value: value for value in ServiceKind.values},
}
LEVEL_VALUES = {
    "nasjonalt": Level.NATIONAL,
    "fylke": Level.COUNTY,
    "lokalt": Level.LOCAL,
    **{value: value for value in Level.values},
}
YES = {"ja", "j", "yes", "true", "1"}
NO = {"nei", "n", "no", "false", "0"}

# --- Results ------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Why a row is rejected. ``column`` is empty when the whole row is at fault."""

    column: str
    message: str

    def describe(self, row: int) -> str:
        if self.column:
            return _("Rad %(row)s, kolonne «%(column)s»: %(message)s") % {
                "row": row,
                "column": self.column,
                "message": self.message,
            }
        return _("Rad %(row)s: %(message)s") % {"row": row, "message": self.message}


@dataclass
class ParsedRow:
    number: int  # as in a spreadsheet: the header is row 1
    values: dict[str, str]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ParsedFile:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the file as a whole cannot be read
    encoding: str = "utf-8"
    had_bom: bool = False
    delimiter: str = ";"
    columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        notes: list[str] = []
        if self.encoding == "cp1252":
            notes.append(
                _(
                    "Filen er ikke lagret som UTF-8, så den er lest som Windows-1252 "
                    "(vanlig for CSV-filer fra Excel). Kontroller at æ, ø og å ser riktige ut."
                )
            )
        if self.delimiter == ",":
            notes.append(_("Filen bruker komma som skilletegn."))
        if self.ignored_columns:
            notes.append(
                _("Disse kolonnene er ukjente og blir ikke lest: %(columns)s.")
                % {"columns": ", ".join(f"«{c}»" for c in self.ignored_columns)}
            )
        return notes


# --- Reading the file ---------------------------------------------------------------


def _decode(raw: bytes, parsed: ParsedFile) -> str | None:
    if raw.startswith(b"PK\x03\x04"):
        parsed.errors.append(
            _(
                "Filen ser ut til å være et Excel-regneark (.xlsx), ikke CSV. "
                "Lagre den som «CSV UTF-8 (kommadelt)» og last den opp på nytt."
            )
        )
        return None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        parsed.errors.append(
            _(
                "Filen er lagret som UTF-16 («Unicode-tekst»). "
                "Lagre den som «CSV UTF-8 (kommadelt)» og last den opp på nytt."
            )
        )
        return None
    if b"\x00" in raw:
        parsed.errors.append(_("Filen ser ikke ut til å være en tekstfil. Last opp en CSV-fil."))
        return None
    try:
        text = raw.decode("utf-8-sig")
        parsed.had_bom = raw.startswith(codecs.BOM_UTF8)
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV (semikolondelt)" as Windows-1252. Its five
        # undefined bytes cannot occur in a real text file; latin-1 keeps them
        # as control characters, which the check below rejects as junk.
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        text = text.removeprefix("ï»¿")  # a UTF-8 BOM in front of a cp1252 body
        parsed.encoding = "cp1252"
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\r\n" for ch in text):
        parsed.errors.append(_("Filen ser ikke ut til å være en tekstfil. Last opp en CSV-fil."))
        return None
    return unicodedata.normalize("NFC", text)


def _header_name(cell: str, aliases: dict[str, str] = HEADER_ALIASES) -> str:
    name = cell.strip().casefold().replace(" ", "_")
    return aliases.get(name, name)


def parse_organisation_csv(raw: bytes) -> ParsedFile:
    """Decode, sniff the delimiter, check the header and split the file into rows."""
    return parse_csv(
        raw,
        columns=COLUMNS,
        required=REQUIRED_COLUMNS,
        aliases=HEADER_ALIASES,
        example="organisasjonsnummer;navn;type",
        no_rows=_("Filen har ingen organisasjoner under overskriftsraden."),
    )


def parse_csv(
    raw: bytes,
    *,
    columns: tuple[str, ...],
    required: tuple[str, ...],
    aliases: dict[str, str],
    example: str,
    no_rows: str,
) -> ParsedFile:
    """Any of Medvirk's CSV imports (organisations here, final decisions in followup):
    decode, sniff the delimiter, check the header against ``columns`` and split the file
    into rows of those columns. ``example`` is a header line the error message shows,
    ``no_rows`` the message for a file with a header only."""
    parsed = ParsedFile()
    if len(raw) > MAX_BYTES:
        parsed.errors.append(_("Filen er for stor. Den kan være høyst 2 MB."))
        return parsed
    text = _decode(raw, parsed)
    if text is None:
        return parsed
    if not text.strip():
        parsed.errors.append(_("Filen er tom."))
        return parsed
    header_line = text.splitlines()[0]
    parsed.delimiter = "," if header_line.count(",") > header_line.count(";") else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=parsed.delimiter)
    try:
        records = list(reader)
    except csv.Error:
        parsed.errors.append(
            _("Filen kan ikke leses som CSV (feil rundt linje %(line)s).")
            % {"line": reader.line_num}
        )
        return parsed

    header = [_header_name(cell, aliases) for cell in records[0]]
    for name in sorted({n for n in header if n and header.count(n) > 1}):
        parsed.errors.append(
            _("Kolonnen «%(column)s» står flere ganger i overskriftsraden.") % {"column": name}
        )
    for name in required:
        if name not in header:
            parsed.errors.append(
                _(
                    "Overskriftsraden (rad 1) mangler kolonnen «%(column)s». Første rad i filen "
                    "må inneholde kolonnenavnene, for eksempel %(example)s."
                )
                % {"column": name, "example": example}
            )
    parsed.columns = [n for n in header if n in columns]
    parsed.ignored_columns = [n for n in header if n and n not in columns]
    if parsed.errors:
        return parsed

    width = len(header)
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        extra = record[width:]
        if len(record) < width or any(cell.strip() for cell in extra):
            problem = Problem(
                "",
                _(
                    "Raden har %(found)s kolonner, men overskriftsraden har %(expected)s. "
                    "Kontroller skilletegnene, og at tekst som inneholder «%(delimiter)s» "
                    "står i anførselstegn."
                )
                % {"found": len(record), "expected": width, "delimiter": parsed.delimiter},
            )
            parsed.rows.append(ParsedRow(number, {}, [problem]))
            continue
        values = {
            name: record[index].strip().replace("\r\n", "\n")
            for index, name in enumerate(header)
            if name in columns
        }
        parsed.rows.append(ParsedRow(number, values))
    if not parsed.rows:
        parsed.errors.append(no_rows)
    return parsed
