"""Likely personal data in an answer's free text, for the moderator.

:func:`find_personal_data` lists what looks like a national identity number
(fødselsnummer, with a valid check digit pair, also written with a space after the
birth date), a D-number, a phone number, an e-mail address, a street address or a
name. It is a help, not a guarantee: the moderator reads the whole answer. Names in
particular are only *likely* (a capitalised word that does not start a sentence and is
not in a small list of common words), and place and service names will be flagged too.

:func:`highlighted` marks each finding with ``<mark>`` and a visually hidden label for
screen readers; :func:`redacted` replaces each with :data:`REDACTED`, the suggestion the
moderation form starts from.

The identity-number check is python-stdnum's (``stdnum.no.fodselsnummer``: both
modulus-11 check digits and a real birth date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from stdnum.no import fodselsnummer

REDACTED = "[fjernet]"

NATIONAL_ID = "national_id"
D_NUMBER = "d_number"
PHONE = "phone"
EMAIL = "email"
ADDRESS = "address"
NAME = "name"


def kind_label(kind: str) -> str:
    return {
        NATIONAL_ID: _("fødselsnummer"),
        D_NUMBER: _("D-nummer"),
        PHONE: _("telefonnummer"),
        EMAIL: _("e-postadresse"),
        ADDRESS: _("adresse"),
        NAME: _("mulig navn"),
    }[kind]


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    kind: str

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


# --- National identity numbers and D-numbers ---------------------------------------------

_ELEVEN = re.compile(r"(?<![\d+])(\d{6}) ?(\d{5})(?!\d)")


def identity_number_kind(number: str) -> str | None:
    """:data:`NATIONAL_ID` or :data:`D_NUMBER` for a valid 11-digit number (both check
    digits and a real birth date, by python-stdnum), else None."""
    if len(number) != 11 or not number.isdigit() or not fodselsnummer.is_valid(number):
        return None
    return D_NUMBER if int(number[0]) >= 4 else NATIONAL_ID  # a D-number adds 40 to the day


# --- Other patterns ------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)47[ ]?)?[2-9]\d(?:[ ]?\d\d){3}(?!\d)"
    r"|(?<![\d+])(?:(?:\+|00)47[ ]?)?[2-9]\d\d[ ]\d\d[ ]\d\d\d(?!\d)"
)
_STREET = re.compile(
    r"(?:\b[A-ZÆØÅ][a-zæøåéü]+ )?"
    r"\b[\wæøåÆØÅ-]*(?i:gate|gata|veg|vei|vegen|veien|vn\.|gt\.)"
    r" ?\d{1,4}(?: ?[A-Za-z]\b)?",
)
_CAPITALISED = re.compile(
    r"\b[A-ZÆØÅ][a-zæøåéüö]+(?:(?: |-)[A-ZÆØÅ][a-zæøåéüö]+)*\b",
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;«\"(\n]\s*|\n)$")

# Capitalised words that are seldom a person's name (pronouns, common institutions).
STOPLIST = frozenset(
    [
        "jeg",
        "eg",
        "vi",
        "de",
        "det",
        "den",
        "dei",
        "han",
        "hun",
        "ho",
        "meg",
        "oss",
        "dere",
        "dykk",
        "dem",
        "nav",
        "helse",
        "sykehuset",
        "sjukehuset",
        "legevakten",
        "legevakta",
        "fastlegen",
        "kommunen",
        "kommunen",
        "pasientreiser",
        "hjemmetjenesten",
        "heimetenesta",
        "norge",
        "oslo",
        "mandag",
        "tirsdag",
        "onsdag",
        "torsdag",
        "fredag",
        "lørdag",
        "søndag",
        "jul",
        "påske",
    ]
)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in taken)


def find_personal_data(text: str) -> list[Finding]:
    """What in ``text`` looks like personal data, in order, without overlaps (an identity
    number before a phone number, an address before a name)."""
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: str) -> None:
        if not _overlaps(start, end, taken):
            taken.append((start, end))
            findings.append(Finding(start, end, kind))

    for match in _ELEVEN.finditer(text):
        kind = identity_number_kind(match.group(1) + match.group(2))
        if kind:
            add(match.start(), match.end(), kind)
    for match in _EMAIL.finditer(text):
        add(match.start(), match.end(), EMAIL)
    for match in _PHONE.finditer(text):
        add(match.start(), match.end(), PHONE)
    for match in _STREET.finditer(text):
        add(match.start(), match.end(), ADDRESS)
    for match in _CAPITALISED.finditer(text):
        words = re.split(r"[ -]", match.group(0))
        start = match.start()
        if _SENTENCE_START.search(text[:start]):
            # The first word starts a sentence: only what follows it may be a name.
            if len(words) == 1:
                continue
            if words[0].lower() in STOPLIST:
                start += len(words[0]) + 1
                words = words[1:]
        words_left = [w for w in words if w.lower() not in STOPLIST]
        if not words_left or (len(words) == 1 and words[0].lower() in STOPLIST):
            continue
        add(start, match.end(), NAME)
    findings.sort(key=lambda f: f.start)
    return findings


def highlighted(text: str) -> SafeString:
    """``text`` escaped, each finding in ``<mark>`` with a visually hidden label, and line
    breaks kept."""
    parts: list[str] = []
    position = 0
    for finding in find_personal_data(text):
        parts.append(escape(text[position : finding.start]))
        label = _("mulig personopplysning: %(kind)s") % {"kind": kind_label(finding.kind)}
        parts.append(
            f'<mark class="mv-pii"><span class="ds-sr-only">[{escape(label)}] </span>'
            f"{escape(finding.text_in(text))}</mark>"
        )
        position = finding.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 -- every part escaped


def redacted(text: str) -> str:
    """``text`` with every finding replaced by :data:`REDACTED`."""
    parts: list[str] = []
    position = 0
    for finding in find_personal_data(text):
        parts.append(text[position : finding.start])
        parts.append(REDACTED)
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)
