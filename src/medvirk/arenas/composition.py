"""Composition rules for an arena: does a proposed set of members and deputies fit?

The core is pure: `check(rules, seats)` takes plain, frozen dataclasses and
returns a list of `Finding`s, each with a code, a severity ("block" or
"warn"), a clear bokmål message (through gettext) saying what is wrong and
what would fix it, and the ids of the persons involved. Nothing here reads
the database except the two thin adapters `Rules.from_arena` and
`Seat.from_person`.

Pass the whole composition that will exist after the appointment
(continuing and new members and deputies), not only the newcomers: the
rules are about the council as a whole.

A blocking finding stops an appointment unless a dispensation reason is
recorded (`is_blocked`). Warnings never block. The rules in plain words, with
their legal sources and the year-based age decisions, are in
docs/composition-rules.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from django.utils import formats
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

if TYPE_CHECKING:
    from medvirk.arenas.models import Arena
    from medvirk.people.models import Person

Role = Literal["member", "deputy"]
Severity = Literal["block", "warn"]

MEMBER: Role = "member"
DEPUTY: Role = "deputy"
BLOCK: Severity = "block"
WARN: Severity = "warn"

FEMALE = "female"
MALE = "male"
ELDERLY_AGE = 60
# A dispensation reason shorter than this (after stripping) is not a reason.
MIN_DISPENSATION_REASON = 10

# Membership roles that hold a member's seat (the chair and deputy chair are members).
_MEMBER_ROLES = frozenset({"member", "chair", "deputy_chair"})
_DEPUTY_ROLES = frozenset({"deputy"})


# --- Input -----------------------------------------------------------------------


@dataclass(frozen=True)
class Seat:
    """One proposed seat: a person as a member or a deputy."""

    person_id: int
    name: str
    role: Role
    gender: str = ""  # "female", "male", "other" or "" (not registered)
    birth_year: int | None = None
    # Organisations the person represents or is nominated by (with the umbrella
    # chain where that matters for a reservation).
    organisation_ids: frozenset[int] = frozenset()
    competence_slugs: frozenset[str] = frozenset()
    current_assignments: int = 0  # current seats in *other* arenas
    capacity: int = 2  # how many seats the person can hold at the same time

    def __post_init__(self) -> None:
        if self.role not in (MEMBER, DEPUTY):
            raise ValueError(f"Unknown seat role {self.role!r}; use 'member' or 'deputy'.")

    @classmethod
    def from_person(
        cls,
        person: Person,
        *,
        role: str,
        organisation_ids: Iterable[int] = (),
        current_assignments: int = 0,
    ) -> Seat:
        """A seat for a Person. `role` is a MemberRole value; chair and deputy chair
        are members. Reads `person.competence_areas` (prefetch it for many people)."""
        if role in _MEMBER_ROLES:
            seat_role: Role = MEMBER
        elif role in _DEPUTY_ROLES:
            seat_role = DEPUTY
        else:
            raise ValueError(f"Unknown membership role {role!r}.")
        return cls(
            person_id=person.pk,
            name=person.name,
            role=seat_role,
            gender=person.gender,
            birth_year=person.birth_year,
            organisation_ids=frozenset(organisation_ids),
            competence_slugs=frozenset(area.slug for area in person.competence_areas.all()),
            current_assignments=current_assignments,
            capacity=person.capacity,
        )


@dataclass(frozen=True)
class Rules:
    """An arena's composition rules, as plain values."""

    members_count: int
    deputies_count: int
    appointment_date: date
    gender_balance: bool = False
    gender_balance_deputies: bool = False
    elderly_majority: bool = False
    max_age_at_appointment: int | None = None
    required_competence: frozenset[str] = frozenset()
    # (organisation_id, seats, label) and (competence slug, seats, label).
    reserved_for_organisations: tuple[tuple[int, int, str], ...] = ()
    reserved_for_competence: tuple[tuple[str, int, str], ...] = ()
    # Human names for competence slugs, for messages; a missing slug shows as itself.
    competence_labels: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)

    @classmethod
    def from_arena(cls, arena: Arena, *, on: date) -> Rules:
        """Read an Arena's rules. Two queries: required competence and reserved seats."""
        required = list(arena.required_competence.all())
        organisations: list[tuple[int, int, str]] = []
        competence: list[tuple[str, int, str]] = []
        labels = {area.slug: area.name for area in required}
        reserved = arena.reserved_seats.select_related("organisation", "competence_area")
        for seat in reserved.order_by("pk"):
            if seat.organisation is not None:
                organisations.append((seat.organisation.pk, seat.seats, seat.organisation.name))
            elif seat.competence_area is not None:
                area = seat.competence_area
                competence.append((area.slug, seat.seats, area.name))
                labels[area.slug] = area.name
        return cls(
            members_count=arena.members_count,
            deputies_count=arena.deputies_count,
            appointment_date=on,
            gender_balance=arena.gender_balance,
            gender_balance_deputies=arena.gender_balance_deputies,
            elderly_majority=arena.elderly_majority,
            max_age_at_appointment=arena.max_age_at_appointment,
            required_competence=frozenset(area.slug for area in required),
            reserved_for_organisations=tuple(organisations),
            reserved_for_competence=tuple(competence),
            competence_labels=labels,
        )


# --- Output ----------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    person_ids: tuple[int, ...] = ()

    @property
    def blocks(self) -> bool:
        return self.severity == BLOCK


def has_dispensation(reason: str) -> bool:
    """A dispensation reason counts when it says something: at least
    MIN_DISPENSATION_REASON characters once surrounding whitespace is removed."""
    return len(reason.strip()) >= MIN_DISPENSATION_REASON


def is_blocked(findings: Iterable[Finding], dispensation_reason: str = "") -> bool:
    """True when a blocking finding stands and no real dispensation reason is given.
    Warnings never block."""
    return any(f.blocks for f in findings) and not has_dispensation(dispensation_reason)


# --- Pure helpers ----------------------------------------------------------------


def gender_minimum(size: int) -> int:
    """Seats each gender must hold in a body of `size` (likestillings- og
    diskrimineringsloven § 28): 2–3 → 1, 4–5 → 2, 6–8 → 3, 9 → 4, more → 40 %
    rounded up, computed with integers."""
    if size <= 1:
        return 0
    if size <= 3:
        return 1
    if size <= 5:
        return 2
    if size <= 8:
        return 3
    if size == 9:
        return 4
    return (2 * size + 4) // 5  # ceil(0.4 * size) without floats


def age_range(birth_year: int, on: date) -> tuple[int, int]:
    """The youngest and oldest age a person born in `birth_year` can have on `on`.

    Only the year is known, so the age is `on.year - birth_year` if the
    birthday has passed and one less if not. On 31 December every birthday
    of the year has passed, so the age is certain.
    """
    oldest = on.year - birth_year
    youngest = oldest if (on.month, on.day) == (12, 31) else oldest - 1
    return youngest, oldest


def _names(seats: Iterable[Seat]) -> str:
    return str(get_text_list([s.name for s in seats], _("og")))


def _ids(seats: Iterable[Seat]) -> tuple[int, ...]:
    return tuple(s.person_id for s in seats)


def _day(on: date) -> str:
    return formats.date_format(on, "DATE_FORMAT")


# --- The checks ------------------------------------------------------------------


def check(rules: Rules, seats: Sequence[Seat]) -> list[Finding]:
    """Every way the proposed seats break the arena's rules, in a stable order."""
    members = [s for s in seats if s.role == MEMBER]
    deputies = [s for s in seats if s.role == DEPUTY]
    findings: list[Finding] = []
    findings += _duplicates(seats)
    findings += _counts(rules, members, deputies)
    if rules.gender_balance:
        findings += _gender(members, deputies=False)
    if rules.gender_balance_deputies:
        findings += _gender(deputies, deputies=True)
    findings += _reserved_organisations(rules, members)
    findings += _reserved_competence(rules, members)
    findings += _required_competence(rules, members)
    if rules.max_age_at_appointment is not None:
        findings += _age_limit(rules.max_age_at_appointment, rules.appointment_date, seats)
    if rules.elderly_majority:
        findings += _elderly_majority(rules.appointment_date, members)
    findings += _capacity(seats)
    return findings


def _duplicates(seats: Sequence[Seat]) -> list[Finding]:
    counts = Counter(s.person_id for s in seats)
    findings = []
    seen: set[int] = set()
    for seat in seats:
        if counts[seat.person_id] > 1 and seat.person_id not in seen:
            seen.add(seat.person_id)
            message = _(
                "%(name)s står oppført %(count)s ganger. En person kan bare ha én plass "
                "i arenaen – fjern de andre."
            ) % {"name": seat.name, "count": counts[seat.person_id]}
            findings.append(Finding("duplicate_person", BLOCK, message, (seat.person_id,)))
    return findings


def _counts(rules: Rules, members: list[Seat], deputies: list[Seat]) -> list[Finding]:
    findings = []
    m, d = len(members), len(deputies)
    if m > rules.members_count:
        message = ngettext(
            "Arenaen skal ha %(allowed)s medlem, men %(count)s er foreslått. "
            "Fjern medlemmer eller gjør noen til vararepresentanter.",
            "Arenaen skal ha %(allowed)s medlemmer, men %(count)s er foreslått. "
            "Fjern medlemmer eller gjør noen til vararepresentanter.",
            rules.members_count,
        ) % {"allowed": rules.members_count, "count": m}
        findings.append(Finding("too_many_members", BLOCK, message, _ids(members)))
    elif m < rules.members_count:
        message = ngettext(
            "Arenaen skal ha %(allowed)s medlem, men bare %(count)s er foreslått. "
            "Plassen kan stå ledig til den fylles senere.",
            "Arenaen skal ha %(allowed)s medlemmer, men bare %(count)s er foreslått. "
            "Ledige plasser kan fylles senere.",
            rules.members_count,
        ) % {"allowed": rules.members_count, "count": m}
        findings.append(Finding("too_few_members", WARN, message))
    if d > rules.deputies_count:
        message = ngettext(
            "Arenaen skal ha %(allowed)s vararepresentant, men %(count)s er foreslått. "
            "Fjern vararepresentanter.",
            "Arenaen skal ha %(allowed)s vararepresentanter, men %(count)s er foreslått. "
            "Fjern vararepresentanter.",
            rules.deputies_count,
        ) % {"allowed": rules.deputies_count, "count": d}
        findings.append(Finding("too_many_deputies", BLOCK, message, _ids(deputies)))
    elif d < rules.deputies_count:
        message = ngettext(
            "Arenaen skal ha %(allowed)s vararepresentant, men bare %(count)s er foreslått. "
            "Plassen kan stå ledig til den fylles senere.",
            "Arenaen skal ha %(allowed)s vararepresentanter, men bare %(count)s er foreslått. "
            "Ledige plasser kan fylles senere.",
            rules.deputies_count,
        ) % {"allowed": rules.deputies_count, "count": d}
        findings.append(Finding("too_few_deputies", WARN, message))
    return findings


def _gender(group: list[Seat], *, deputies: bool) -> list[Finding]:
    findings = []
    unknown = [s for s in group if s.gender == ""]
    if unknown:
        if deputies:
            message = _(
                "Kjønnsbalanse for vararepresentanter kan ikke kontrolleres fordi kjønn ikke "
                "er registrert for %(names)s. Registrer kjønn i profilen – skjemaet forklarer "
                "hvorfor vi spør."
            )
        else:
            message = _(
                "Kjønnsbalanse for medlemmer kan ikke kontrolleres fordi kjønn ikke er "
                "registrert for %(names)s. Registrer kjønn i profilen – skjemaet forklarer "
                "hvorfor vi spør."
            )
        findings.append(
            Finding("gender_unknown", BLOCK, message % {"names": _names(unknown)}, _ids(unknown))
        )
    size = len(group)
    minimum = gender_minimum(size)
    women = [s for s in group if s.gender == FEMALE]
    men = [s for s in group if s.gender == MALE]
    if len(women) >= minimum and len(men) >= minimum:
        return findings
    values = {"size": size, "minimum": minimum}
    if deputies:
        parts = [
            ngettext(
                "Kjønnsbalanse: med %(size)s vararepresentanter må hvert kjønn ha minst "
                "%(minimum)s plass.",
                "Kjønnsbalanse: med %(size)s vararepresentanter må hvert kjønn ha minst "
                "%(minimum)s plasser.",
                minimum,
            )
            % values
        ]
    else:
        parts = [
            ngettext(
                "Kjønnsbalanse: med %(size)s medlemmer må hvert kjønn ha minst %(minimum)s plass.",
                "Kjønnsbalanse: med %(size)s medlemmer må hvert kjønn ha minst "
                "%(minimum)s plasser.",
                minimum,
            )
            % values
        ]
    women_text = ngettext("%(count)s kvinne", "%(count)s kvinner", len(women)) % {
        "count": len(women)
    }
    men_text = ngettext("%(count)s mann", "%(count)s menn", len(men)) % {"count": len(men)}
    parts.append(_("Nå er det %(women)s og %(men)s.") % {"women": women_text, "men": men_text})
    others = size - len(women) - len(men)
    if others:
        parts.append(
            ngettext(
                "%(count)s person er ikke registrert som kvinne eller mann og telles ikke med.",
                "%(count)s personer er ikke registrert som kvinne eller mann og telles ikke med.",
                others,
            )
            % {"count": others}
        )
    if len(women) < minimum and len(men) < minimum:
        parts.append(_("Foreslå flere kvinner og menn, eller oppgi en grunn for dispensasjon."))
    elif len(women) < minimum:
        parts.append(_("Foreslå flere kvinner, eller oppgi en grunn for dispensasjon."))
    else:
        parts.append(_("Foreslå flere menn, eller oppgi en grunn for dispensasjon."))
    code = "gender_balance_deputies" if deputies else "gender_balance_members"
    findings.append(Finding(code, BLOCK, " ".join(parts), _ids(group)))
    return findings


def _reserved_organisations(rules: Rules, members: list[Seat]) -> list[Finding]:
    findings = []
    for organisation_id, seats, label in rules.reserved_for_organisations:
        holders = [s for s in members if organisation_id in s.organisation_ids]
        if len(holders) < seats:
            message = ngettext(
                "Reserverte plasser: %(label)s skal ha %(seats)s medlemsplass, men har "
                "%(count)s. Vararepresentanter teller ikke. Foreslå et medlem fra "
                "%(label)s, eller oppgi en grunn for dispensasjon.",
                "Reserverte plasser: %(label)s skal ha %(seats)s medlemsplasser, men har "
                "%(count)s. Vararepresentanter teller ikke. Foreslå flere medlemmer fra "
                "%(label)s, eller oppgi en grunn for dispensasjon.",
                seats,
            ) % {"label": label, "seats": seats, "count": len(holders)}
            findings.append(Finding("reserved_organisation", BLOCK, message, _ids(holders)))
    return findings


def _reserved_competence(rules: Rules, members: list[Seat]) -> list[Finding]:
    findings = []
    for slug, seats, label in rules.reserved_for_competence:
        holders = [s for s in members if slug in s.competence_slugs]
        if len(holders) < seats:
            message = ngettext(
                "Reserverte plasser: %(seats)s medlemsplass er satt av til «%(label)s», men "
                "%(count)s av medlemmene har denne kompetansen. Vararepresentanter teller "
                "ikke. Foreslå et medlem med denne kompetansen, eller oppgi en grunn for "
                "dispensasjon.",
                "Reserverte plasser: %(seats)s medlemsplasser er satt av til «%(label)s», men "
                "%(count)s av medlemmene har denne kompetansen. Vararepresentanter teller "
                "ikke. Foreslå flere medlemmer med denne kompetansen, eller oppgi en grunn "
                "for dispensasjon.",
                seats,
            ) % {"label": label, "seats": seats, "count": len(holders)}
            findings.append(Finding("reserved_competence", BLOCK, message, _ids(holders)))
    return findings


def _required_competence(rules: Rules, members: list[Seat]) -> list[Finding]:
    findings = []
    for slug in sorted(rules.required_competence):
        if not any(slug in s.competence_slugs for s in members):
            message = _(
                "Kompetansen «%(label)s» må være dekket, men ingen av medlemmene har den. "
                "Foreslå et medlem med denne kompetansen, eller oppgi en grunn for dispensasjon."
            ) % {"label": rules.competence_labels.get(slug, slug)}
            findings.append(Finding("competence_missing", BLOCK, message))
    return findings


def _age_limit(limit: int, on: date, seats: Sequence[Seat]) -> list[Finding]:
    findings = []
    missing = [s for s in seats if s.birth_year is None]
    if missing:
        message = _(
            "Arenaen har en aldersgrense, men fødselsår mangler for %(names)s. "
            "Registrer fødselsår i profilen før oppnevningen."
        ) % {"names": _names(missing)}
        findings.append(Finding("birth_year_unknown", BLOCK, message, _ids(missing)))
    for seat in seats:
        if seat.birth_year is None:
            continue
        youngest, oldest = age_range(seat.birth_year, on)
        values = {
            "name": seat.name,
            "year": seat.birth_year,
            "youngest": youngest,
            "oldest": oldest,
            "limit": limit,
            "date": _day(on),
        }
        if youngest > limit:
            message = (
                _(
                    "Aldersgrense: %(name)s er født i %(year)s og er minst %(youngest)s år "
                    "%(date)s, men ingen kan være eldre enn %(limit)s år når de oppnevnes. "
                    "Velg en annen person, eller oppgi en grunn for dispensasjon."
                )
                % values
            )
            findings.append(Finding("age_limit", BLOCK, message, (seat.person_id,)))
        elif oldest > limit:
            message = (
                _(
                    "Aldersgrense: %(name)s er født i %(year)s og kan ha fylt %(oldest)s år "
                    "%(date)s. Ingen kan være eldre enn %(limit)s år når de oppnevnes. "
                    "Kontroller fødselsdatoen."
                )
                % values
            )
            findings.append(Finding("age_limit_uncertain", WARN, message, (seat.person_id,)))
    return findings


def _elderly_majority(on: date, members: list[Seat]) -> list[Finding]:
    if not members:
        return []
    needed = len(members) // 2 + 1
    certain: list[Seat] = []
    possible: list[Seat] = []
    missing: list[Seat] = []
    for seat in members:
        if seat.birth_year is None:
            missing.append(seat)
            continue
        youngest, oldest = age_range(seat.birth_year, on)
        if youngest >= ELDERLY_AGE:
            certain.append(seat)
        elif oldest >= ELDERLY_AGE:
            possible.append(seat)
    if len(certain) >= needed:
        return []
    values = {"needed": needed, "size": len(members), "count": len(certain), "date": _day(on)}
    if len(certain) + len(possible) >= needed:
        message = _(
            "Flertall av eldre: minst %(needed)s av de %(size)s medlemmene må være 60 år "
            "eller eldre. Det holder bare hvis %(names)s har fylt 60 år %(date)s. "
            "Kontroller fødselsdatoene."
        ) % {**values, "names": _names(possible)}
        return [Finding("elderly_majority_uncertain", WARN, message, _ids(possible))]
    parts = [
        _(
            "Flertall av eldre: minst %(needed)s av de %(size)s medlemmene må være 60 år "
            "eller eldre, men bare %(count)s er det sikkert."
        )
        % values
    ]
    if missing:
        parts.append(
            _("Fødselsår mangler for %(names)s – registrer det i profilen.")
            % {"names": _names(missing)}
        )
    parts.append(
        _(
            "Foreslå flere medlemmer som er 60 år eller eldre, eller oppgi en grunn for dispensasjon."
        )
    )
    counted = {id(s) for s in certain}
    involved = [s for s in members if id(s) not in counted]
    return [Finding("elderly_majority", BLOCK, " ".join(parts), _ids(involved))]


def _capacity(seats: Sequence[Seat]) -> list[Finding]:
    findings = []
    for seat in seats:
        if seat.current_assignments + 1 > seat.capacity:
            message = _(
                "Kapasitet: %(name)s har allerede %(current)s verv og har sagt seg villig til "
                "%(capacity)s om gangen. Spør personen først, og oppgi svaret som grunn for "
                "dispensasjon."
            ) % {
                "name": seat.name,
                "current": seat.current_assignments,
                "capacity": seat.capacity,
            }
            findings.append(Finding("capacity", BLOCK, message, (seat.person_id,)))
    return findings
