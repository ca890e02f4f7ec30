"""The composition engine: § 28 gender balance, reserved seats, age, capacity, dispensation."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

import pytest

from medvirk.arenas.composition import (
    Finding,
    Rules,
    Seat,
    age_range,
    check,
    gender_minimum,
    has_dispensation,
    is_blocked,
)
from medvirk.arenas.enums import ArenaKind, Influence, Level
from medvirk.arenas.models import Arena, ReservedSeat
from medvirk.people.models import CompetenceArea, Person
from tests.factories import OrganisationFactory, ServiceFactory

SPRING = date(2025, 3, 1)
NEW_YEARS_EVE = date(2025, 12, 31)
_ids = count(1)


def seat(role: str = "member", **kwargs: Any) -> Seat:
    person_id = kwargs.pop("person_id", next(_ids))
    values: dict[str, Any] = {
        "name": f"Person {person_id}",
        "gender": "female",
        "birth_year": 1980,
        "capacity": 2,
    }
    values.update(kwargs)
    return Seat(person_id=person_id, role=role, **values)  # type: ignore[arg-type]


def rules(**kwargs: Any) -> Rules:
    values: dict[str, Any] = {
        "members_count": 0,
        "deputies_count": 0,
        "appointment_date": SPRING,
    }
    values.update(kwargs)
    return Rules(**values)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


# --- gender_minimum: the table of § 28 ----------------------------------------------

MINIMUM_TABLE = [
    (0, 0), (1, 0), (2, 1), (3, 1), (4, 2), (5, 2), (6, 3), (7, 3), (8, 3), (9, 4),
    (10, 4), (11, 5), (12, 5), (13, 6), (14, 6), (15, 6), (20, 8), (21, 9), (25, 10),
    (26, 11), (50, 20),
]  # fmt: skip


@pytest.mark.parametrize(("size", "minimum"), MINIMUM_TABLE, ids=lambda v: str(v))
def test_gender_minimum_follows_section_28(size: int, minimum: int) -> None:
    assert gender_minimum(size) == minimum


@pytest.mark.parametrize("size", range(10, 201))
def test_gender_minimum_above_nine_is_exactly_forty_percent_rounded_up(size: int) -> None:
    minimum = gender_minimum(size)
    # At least 40 % (5 * m >= 2 * n), and one fewer would be below 40 %.
    assert (5 * minimum >= 2 * size, 5 * (minimum - 1) < 2 * size) == (True, True)


# --- § 28 boundaries for every size 1..15, members and deputies ----------------------


def _balance_cases() -> list[Any]:
    cases = []
    for group in ("members", "deputies"):
        for size in range(1, 16):
            minimum = gender_minimum(size)
            for minority in ("female", "male"):
                cases.append(
                    pytest.param(
                        group, size, minority, minimum, True,
                        id=f"{group}-{size}-{minority}-at-minimum-{minimum}-passes",
                    )
                )  # fmt: skip
                if minimum > 0:
                    cases.append(
                        pytest.param(
                            group, size, minority, minimum - 1, False,
                            id=f"{group}-{size}-{minority}-{minimum - 1}-below-minimum-fails",
                        )
                    )  # fmt: skip
    return cases


@pytest.mark.parametrize(
    ("group", "size", "minority", "minority_count", "passes"), _balance_cases()
)
def test_gender_balance_boundary(
    group: str, size: int, minority: str, minority_count: int, passes: bool
) -> None:
    majority = "male" if minority == "female" else "female"
    role = "member" if group == "members" else "deputy"
    seats = [seat(role, gender=minority) for _ in range(minority_count)]
    seats += [seat(role, gender=majority) for _ in range(size - minority_count)]
    arena_rules = rules(
        members_count=size if group == "members" else 0,
        deputies_count=size if group == "deputies" else 0,
        gender_balance=group == "members",
        gender_balance_deputies=group == "deputies",
    )

    findings = check(arena_rules, seats)

    expected = [] if passes else [f"gender_balance_{group}"]
    assert codes(findings) == expected
    if not passes:
        assert findings[0].severity == "block"
        assert sorted(findings[0].person_ids) == sorted(s.person_id for s in seats)


def test_gender_balance_message_explains_numbers_and_fix() -> None:
    seats = [seat(gender="female") for _ in range(2)] + [seat(gender="male") for _ in range(5)]

    findings = check(rules(members_count=7, gender_balance=True), seats)

    assert [f.message for f in findings] == [
        "Kjønnsbalanse: med 7 medlemmer må hvert kjønn ha minst 3 plasser. "
        "Nå er det 2 kvinner og 5 menn. "
        "Foreslå flere kvinner, eller oppgi en grunn for dispensasjon."
    ]


def test_gender_balance_message_singular_for_small_deputy_group() -> None:
    seats = [seat("deputy", gender="male") for _ in range(2)]

    findings = check(rules(deputies_count=2, gender_balance_deputies=True), seats)

    assert [f.message for f in findings] == [
        "Kjønnsbalanse: med 2 vararepresentanter må hvert kjønn ha minst 1 plass. "
        "Nå er det 0 kvinner og 2 menn. "
        "Foreslå flere kvinner, eller oppgi en grunn for dispensasjon."
    ]


def test_gender_balance_off_ignores_imbalance_and_unknown_gender() -> None:
    seats = [seat(gender="male") for _ in range(6)] + [seat(gender="")]

    assert check(rules(members_count=7, gender_balance=False), seats) == []


def test_gender_balance_for_members_does_not_check_deputies() -> None:
    seats = [seat(gender="female"), seat(gender="male")]
    seats += [seat("deputy", gender="male"), seat("deputy", gender="")]

    findings = check(rules(members_count=2, deputies_count=2, gender_balance=True), seats)

    assert findings == []


def test_gender_balance_deputies_alone_does_not_check_members() -> None:
    seats = [seat(gender="male") for _ in range(3)]
    seats += [seat("deputy", gender="female"), seat("deputy", gender="male")]

    findings = check(rules(members_count=3, deputies_count=2, gender_balance_deputies=True), seats)

    assert findings == []


def test_gender_other_counts_for_neither_and_is_not_asked_again() -> None:
    seats = [seat(gender="female"), seat(gender="female"), seat(gender="male")]
    seats.append(seat(gender="other"))

    findings = check(rules(members_count=4, gender_balance=True), seats)

    assert codes(findings) == ["gender_balance_members"]
    assert findings[0].message == (
        "Kjønnsbalanse: med 4 medlemmer må hvert kjønn ha minst 2 plasser. "
        "Nå er det 2 kvinner og 1 mann. "
        "1 person er ikke registrert som kvinne eller mann og telles ikke med. "
        "Foreslå flere menn, eller oppgi en grunn for dispensasjon."
    )


def test_gender_other_passes_when_both_genders_reach_minimum() -> None:
    seats = [seat(gender="female"), seat(gender="male"), seat(gender="other")]

    assert check(rules(members_count=3, gender_balance=True), seats) == []


def test_gender_unknown_blocks_and_names_the_persons() -> None:
    kari = seat(gender="", name="Kari")
    ola = seat(gender="", name="Ola")
    seats = [seat(gender="female"), seat(gender="female"), seat(gender="male"), kari, ola]

    findings = check(rules(members_count=5, gender_balance=True), seats)

    assert codes(findings) == ["gender_unknown", "gender_balance_members"]
    unknown = findings[0]
    assert (unknown.severity, unknown.person_ids) == ("block", (kari.person_id, ola.person_id))
    assert unknown.message == (
        "Kjønnsbalanse for medlemmer kan ikke kontrolleres fordi kjønn ikke er registrert "
        "for Kari og Ola. Registrer kjønn i profilen – skjemaet forklarer hvorfor vi spør."
    )


def test_gender_unknown_blocks_even_when_known_genders_already_balance() -> None:
    seats = [seat(gender="female"), seat(gender="male"), seat(gender="")]

    findings = check(rules(members_count=3, gender_balance=True), seats)

    assert codes(findings) == ["gender_unknown"]


def test_gender_unknown_for_deputies_when_deputy_balance_applies() -> None:
    seats = [seat("deputy", gender="female"), seat("deputy", gender="male")]
    seats.append(seat("deputy", gender=""))

    findings = check(rules(deputies_count=3, gender_balance_deputies=True), seats)

    assert codes(findings) == ["gender_unknown"]
    assert "vararepresentanter" in findings[0].message


def test_gender_balance_both_genders_short_when_many_unknown() -> None:
    seats = [seat(gender="female"), seat(gender="male")] + [seat(gender="") for _ in range(4)]

    findings = check(rules(members_count=6, gender_balance=True), seats)

    assert codes(findings) == ["gender_unknown", "gender_balance_members"]
    assert findings[1].message.endswith(
        "Foreslå flere kvinner og menn, eller oppgi en grunn for dispensasjon."
    )


# --- Member and deputy counts ---------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "deputies", "expected"),
    [
        pytest.param(3, 2, [], id="exact-counts"),
        pytest.param(4, 2, [("too_many_members", "block")], id="one-member-too-many"),
        pytest.param(2, 2, [("too_few_members", "warn")], id="one-member-too-few"),
        pytest.param(3, 3, [("too_many_deputies", "block")], id="one-deputy-too-many"),
        pytest.param(3, 0, [("too_few_deputies", "warn")], id="no-deputies"),
        pytest.param(
            0, 5, [("too_few_members", "warn"), ("too_many_deputies", "block")],
            id="no-members-many-deputies",
        ),
    ],
)  # fmt: skip
def test_counts(members: int, deputies: int, expected: list[tuple[str, str]]) -> None:
    seats = [seat() for _ in range(members)] + [seat("deputy") for _ in range(deputies)]

    findings = check(rules(members_count=3, deputies_count=2), seats)

    assert [(f.code, f.severity) for f in findings] == expected


def test_too_many_members_message() -> None:
    seats = [seat() for _ in range(8)]

    findings = check(rules(members_count=7), seats)

    assert [f.message for f in findings] == [
        "Arenaen skal ha 7 medlemmer, men 8 er foreslått. "
        "Fjern medlemmer eller gjør noen til vararepresentanter."
    ]


# --- Reserved seats -------------------------------------------------------------------

ORG = 10
OTHER_ORG = 11


@pytest.mark.parametrize(
    ("member_orgs", "deputy_orgs", "passes"),
    [
        pytest.param([{ORG}, {ORG}], [], True, id="two-of-two-met"),
        pytest.param([{ORG}, {ORG, OTHER_ORG}, {OTHER_ORG}], [], True, id="met-with-extra-orgs"),
        pytest.param([{ORG}, {OTHER_ORG}], [], False, id="one-of-two"),
        pytest.param([{ORG}], [{ORG}], False, id="deputy-does-not-count"),
        pytest.param([set(), set()], [{ORG}, {ORG}], False, id="only-deputies"),
    ],
)
def test_reserved_organisation(
    member_orgs: list[set[int]], deputy_orgs: list[set[int]], passes: bool
) -> None:
    seats = [seat(organisation_ids=frozenset(o)) for o in member_orgs]
    seats += [seat("deputy", organisation_ids=frozenset(o)) for o in deputy_orgs]
    arena_rules = rules(
        members_count=len(member_orgs),
        deputies_count=len(deputy_orgs),
        reserved_for_organisations=((ORG, 2, "Paraplyen"),),
    )

    findings = check(arena_rules, seats)

    assert codes(findings) == ([] if passes else ["reserved_organisation"])


def test_reserved_organisation_message_and_holders() -> None:
    holder = seat(organisation_ids=frozenset({ORG}))
    seats = [holder, seat(), seat("deputy", organisation_ids=frozenset({ORG}))]
    arena_rules = rules(
        members_count=2, deputies_count=1, reserved_for_organisations=((ORG, 2, "FFO"),)
    )

    findings = check(arena_rules, seats)

    assert [(f.message, f.person_ids) for f in findings] == [
        (
            "Reserverte plasser: FFO skal ha 2 medlemsplasser, men har 1. Vararepresentanter "
            "teller ikke. Foreslå flere medlemmer fra FFO, eller oppgi en grunn for "
            "dispensasjon.",
            (holder.person_id,),
        )
    ]


def test_reserved_organisations_checked_one_by_one() -> None:
    seats = [seat(organisation_ids=frozenset({ORG}))]
    arena_rules = rules(
        members_count=1,
        reserved_for_organisations=((ORG, 1, "A"), (OTHER_ORG, 1, "B")),
    )

    findings = check(arena_rules, seats)

    assert [(f.code, "B" in f.message) for f in findings] == [("reserved_organisation", True)]


@pytest.mark.parametrize(
    ("member_slugs", "deputy_slugs", "passes"),
    [
        pytest.param([{"parorende"}], [], True, id="met"),
        pytest.param([{"parorende", "rus"}], [], True, id="met-with-more-competence"),
        pytest.param([{"rus"}], [], False, id="unmet"),
        pytest.param([set()], [{"parorende"}], False, id="deputy-does-not-count"),
    ],
)
def test_reserved_competence(
    member_slugs: list[set[str]], deputy_slugs: list[set[str]], passes: bool
) -> None:
    seats = [seat(competence_slugs=frozenset(s)) for s in member_slugs]
    seats += [seat("deputy", competence_slugs=frozenset(s)) for s in deputy_slugs]
    arena_rules = rules(
        members_count=len(member_slugs),
        deputies_count=len(deputy_slugs),
        reserved_for_competence=(("parorende", 1, "Pårørende"),),
    )

    findings = check(arena_rules, seats)

    assert codes(findings) == ([] if passes else ["reserved_competence"])


def test_reserved_competence_message() -> None:
    findings = check(
        rules(members_count=1, reserved_for_competence=(("parorende", 1, "Pårørende"),)),
        [seat()],
    )

    assert [f.message for f in findings] == [
        "Reserverte plasser: 1 medlemsplass er satt av til «Pårørende», men 0 av medlemmene "
        "har denne kompetansen. Vararepresentanter teller ikke. Foreslå et medlem med denne "
        "kompetansen, eller oppgi en grunn for dispensasjon."
    ]


# --- Required competence --------------------------------------------------------------


@pytest.mark.parametrize(
    ("member_slugs", "deputy_slugs", "missing"),
    [
        pytest.param([{"rus"}, {"psykisk"}], [], [], id="all-covered-by-different-members"),
        pytest.param([{"rus", "psykisk"}], [], [], id="all-covered-by-one-member"),
        pytest.param([{"rus"}], [], ["psykisk"], id="one-missing"),
        pytest.param([set()], [{"rus", "psykisk"}], ["psykisk", "rus"], id="deputies-only"),
    ],
)
def test_required_competence(
    member_slugs: list[set[str]], deputy_slugs: list[set[str]], missing: list[str]
) -> None:
    seats = [seat(competence_slugs=frozenset(s)) for s in member_slugs]
    seats += [seat("deputy", competence_slugs=frozenset(s)) for s in deputy_slugs]
    labels = {"rus": "Rus", "psykisk": "Psykisk helse"}
    arena_rules = rules(
        members_count=len(member_slugs),
        deputies_count=len(deputy_slugs),
        required_competence=frozenset({"rus", "psykisk"}),
        competence_labels=labels,
    )

    findings = check(arena_rules, seats)

    assert [(f.code, f.severity) for f in findings] == [("competence_missing", "block")] * len(
        missing
    )
    assert [f.message for f in findings] == [
        f"Kompetansen «{labels[slug]}» må være dekket, men ingen av medlemmene har den. "
        "Foreslå et medlem med denne kompetansen, eller oppgi en grunn for dispensasjon."
        for slug in missing
    ]


def test_required_competence_without_label_shows_slug() -> None:
    findings = check(rules(members_count=1, required_competence=frozenset({"rus"})), [seat()])

    assert ["«rus»" in f.message for f in findings] == [True]


# --- Age ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth_year", "on", "expected"),
    [
        pytest.param(2007, SPRING, (17, 18), id="spring-birthday-may-be-ahead"),
        pytest.param(2007, date(2025, 1, 1), (17, 18), id="new-years-day"),
        pytest.param(2007, NEW_YEARS_EVE, (18, 18), id="new-years-eve-is-certain"),
        pytest.param(1965, SPRING, (59, 60), id="elderly-boundary"),
    ],
)
def test_age_range(birth_year: int, on: date, expected: tuple[int, int]) -> None:
    assert age_range(birth_year, on) == expected


@pytest.mark.parametrize(
    ("birth_year", "on", "expected"),
    [
        pytest.param(2012, SPRING, [], id="13-years-fine"),
        pytest.param(2007, SPRING, [], id="17-or-18-fine"),
        pytest.param(2006, SPRING, [("age_limit_uncertain", "warn")], id="18-or-19-warns"),
        pytest.param(2005, SPRING, [("age_limit", "block")], id="at-least-19-blocks"),
        pytest.param(1990, SPRING, [("age_limit", "block")], id="adult-blocks"),
        pytest.param(2007, NEW_YEARS_EVE, [], id="new-years-eve-18-fine"),
        pytest.param(2006, NEW_YEARS_EVE, [("age_limit", "block")], id="new-years-eve-19-blocks"),
        pytest.param(None, SPRING, [("birth_year_unknown", "block")], id="birth-year-missing"),
    ],
)
def test_age_limit_youth_council(
    birth_year: int | None, on: date, expected: list[tuple[str, str]]
) -> None:
    seats = [seat(birth_year=birth_year)]

    findings = check(rules(members_count=1, max_age_at_appointment=18, appointment_date=on), seats)

    assert [(f.code, f.severity) for f in findings] == expected
    assert [f.person_ids for f in findings] == [(seats[0].person_id,)] * len(expected)


def test_age_limit_applies_to_deputies() -> None:
    deputy = seat("deputy", birth_year=2000)
    seats = [seat(birth_year=2010), deputy]

    findings = check(rules(members_count=1, deputies_count=1, max_age_at_appointment=18), seats)

    assert [(f.code, f.person_ids) for f in findings] == [("age_limit", (deputy.person_id,))]


def test_age_limit_messages() -> None:
    seats = [
        seat(name="Eldre", birth_year=2005),
        seat(name="Grensetilfelle", birth_year=2006),
        seat(name="Uten år", birth_year=None),
    ]

    findings = check(rules(members_count=3, max_age_at_appointment=18), seats)

    assert [f.message for f in findings] == [
        "Arenaen har en aldersgrense, men fødselsår mangler for Uten år. "
        "Registrer fødselsår i profilen før oppnevningen.",
        "Aldersgrense: Eldre er født i 2005 og er minst 19 år 1. mars 2025, men ingen kan "
        "være eldre enn 18 år når de oppnevnes. Velg en annen person, eller oppgi en grunn "
        "for dispensasjon.",
        "Aldersgrense: Grensetilfelle er født i 2006 og kan ha fylt 19 år 1. mars 2025. "
        "Ingen kan være eldre enn 18 år når de oppnevnes. Kontroller fødselsdatoen.",
    ]


def test_no_age_limit_needs_no_birth_year() -> None:
    assert check(rules(members_count=1), [seat(birth_year=None)]) == []


# --- Elderly majority -----------------------------------------------------------------

CERTAIN_60 = 1964  # at least 60 on 1 March 2025
MAYBE_60 = 1965  # 59 or 60
UNDER_60 = 1966  # 58 or 59


@pytest.mark.parametrize(
    ("member_years", "deputy_years", "expected"),
    [
        pytest.param([CERTAIN_60] * 3 + [UNDER_60] * 2, [], [], id="3-of-5-passes"),
        pytest.param([CERTAIN_60] * 5, [], [], id="all-elderly"),
        pytest.param(
            [CERTAIN_60] * 2 + [UNDER_60] * 3, [], [("elderly_majority", "block")], id="2-of-5-blocks"
        ),
        pytest.param(
            [CERTAIN_60] * 2 + [UNDER_60] * 2, [], [("elderly_majority", "block")],
            id="half-is-not-a-majority",
        ),
        pytest.param([CERTAIN_60] * 3 + [UNDER_60], [], [], id="3-of-4-passes"),
        pytest.param(
            [CERTAIN_60] * 2 + [MAYBE_60] + [UNDER_60] * 2, [],
            [("elderly_majority_uncertain", "warn")], id="turning-60-this-year-warns",
        ),
        pytest.param(
            [CERTAIN_60] * 2 + [None] + [UNDER_60] * 2, [], [("elderly_majority", "block")],
            id="missing-birth-year-blocks",
        ),
        pytest.param(
            [CERTAIN_60] * 3 + [None] * 2, [], [], id="missing-birth-year-irrelevant-when-met"
        ),
        pytest.param(
            [CERTAIN_60] * 2 + [UNDER_60] * 3, [CERTAIN_60] * 3, [("elderly_majority", "block")],
            id="deputies-do-not-count",
        ),
        pytest.param([CERTAIN_60], [], [], id="single-member"),
    ],
)  # fmt: skip
def test_elderly_majority(
    member_years: list[int | None], deputy_years: list[int], expected: list[tuple[str, str]]
) -> None:
    seats = [seat(birth_year=y) for y in member_years]
    seats += [seat("deputy", birth_year=y) for y in deputy_years]
    arena_rules = rules(
        members_count=len(member_years), deputies_count=len(deputy_years), elderly_majority=True
    )

    findings = check(arena_rules, seats)

    assert [(f.code, f.severity) for f in findings] == expected


def test_elderly_majority_on_new_years_eve_is_certain() -> None:
    seats = [seat(birth_year=MAYBE_60) for _ in range(2)] + [seat(birth_year=UNDER_60)]
    arena_rules = rules(members_count=3, elderly_majority=True, appointment_date=NEW_YEARS_EVE)

    assert check(arena_rules, seats) == []


def test_elderly_majority_off_ignores_ages() -> None:
    seats = [seat(birth_year=2000) for _ in range(3)]

    assert check(rules(members_count=3, elderly_majority=False), seats) == []


def test_elderly_majority_messages() -> None:
    maybe = seat(name="Snart 60", birth_year=MAYBE_60)
    unknown = seat(name="Ukjent", birth_year=None)
    young = seat(name="Ung", birth_year=UNDER_60)
    elderly = seat(name="Eldre", birth_year=CERTAIN_60)

    warned = check(rules(members_count=3, elderly_majority=True), [elderly, maybe, young])
    blocked = check(rules(members_count=3, elderly_majority=True), [elderly, unknown, young])

    assert [(f.message, f.person_ids) for f in warned] == [
        (
            "Flertall av eldre: minst 2 av de 3 medlemmene må være 60 år eller eldre. "
            "Det holder bare hvis Snart 60 har fylt 60 år 1. mars 2025. "
            "Kontroller fødselsdatoene.",
            (maybe.person_id,),
        )
    ]
    assert [(f.message, f.person_ids) for f in blocked] == [
        (
            "Flertall av eldre: minst 2 av de 3 medlemmene må være 60 år eller eldre, men "
            "bare 1 er det sikkert. Fødselsår mangler for Ukjent – registrer det i profilen. "
            "Foreslå flere medlemmer som er 60 år eller eldre, eller oppgi en grunn for "
            "dispensasjon.",
            (unknown.person_id, young.person_id),
        )
    ]


# --- Capacity and duplicates ----------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "current", "capacity", "expected"),
    [
        pytest.param("member", 0, 1, [], id="first-seat"),
        pytest.param("member", 1, 2, [], id="last-free-seat"),
        pytest.param("member", 2, 2, [("capacity", "block")], id="full"),
        pytest.param("member", 5, 2, [("capacity", "block")], id="over-full"),
        pytest.param("deputy", 1, 1, [("capacity", "block")], id="deputy-full"),
    ],
)
def test_capacity(role: str, current: int, capacity: int, expected: list[tuple[str, str]]) -> None:
    person = seat(role, current_assignments=current, capacity=capacity)

    findings = only(check(rules(members_count=1, deputies_count=1), [person]), "capacity")

    assert [(f.code, f.severity) for f in findings] == expected
    assert [f.person_ids for f in findings] == [(person.person_id,)] * len(expected)


def test_capacity_message() -> None:
    findings = check(rules(members_count=1), [seat(name="Kari", current_assignments=2, capacity=2)])

    assert [f.message for f in findings] == [
        "Kapasitet: Kari har allerede 2 verv og har sagt seg villig til 2 om gangen. "
        "Spør personen først, og oppgi svaret som grunn for dispensasjon."
    ]


def test_duplicate_person_blocks_once() -> None:
    kari = seat(name="Kari", person_id=500)
    seats = [kari, seat("deputy", name="Kari", person_id=500), seat(name="Kari", person_id=500)]

    findings = check(rules(members_count=2, deputies_count=1), seats)

    assert [(f.code, f.severity, f.person_ids) for f in findings] == [
        ("duplicate_person", "block", (500,))
    ]
    assert findings[0].message == (
        "Kari står oppført 3 ganger. En person kan bare ha én plass i arenaen – fjern de andre."
    )


def test_seat_rejects_unknown_role() -> None:
    with pytest.raises(ValueError):
        seat("observer")


# --- A full, lawful composition -------------------------------------------------------


def test_lawful_elderly_council_has_no_findings() -> None:
    years = [1950, 1955, 1958, 1960, 1990]
    genders = ["female", "female", "male", "male", "female"]
    seats = [
        seat(birth_year=y, gender=g, organisation_ids=frozenset({ORG}) if i < 2 else frozenset(),
             competence_slugs=frozenset({"parorende"}) if i == 4 else frozenset())
        for i, (y, g) in enumerate(zip(years, genders, strict=True))
    ]  # fmt: skip
    seats += [seat("deputy", gender="male"), seat("deputy", gender="female")]
    arena_rules = rules(
        members_count=5,
        deputies_count=2,
        gender_balance=True,
        gender_balance_deputies=True,
        elderly_majority=True,
        required_competence=frozenset({"parorende"}),
        reserved_for_organisations=((ORG, 2, "Pensjonistforbundet"),),
        reserved_for_competence=(("parorende", 1, "Pårørende"),),
    )

    assert check(arena_rules, seats) == []


# --- Dispensation ---------------------------------------------------------------------

BLOCKING = Finding("gender_balance_members", "block", "…", (1,))
WARNING = Finding("too_few_members", "warn", "…")


@pytest.mark.parametrize(
    ("findings", "reason", "blocked"),
    [
        pytest.param([], "", False, id="nothing-found"),
        pytest.param([WARNING], "", False, id="warnings-never-block"),
        pytest.param([BLOCKING], "", True, id="empty-reason"),
        pytest.param([BLOCKING], "   \n\t  ", True, id="whitespace-reason"),
        pytest.param([BLOCKING], "For kort", True, id="too-short-reason"),
        pytest.param([BLOCKING], "    123456789    ", True, id="nine-characters-padded"),
        pytest.param([BLOCKING], "1234567890", False, id="ten-characters"),
        pytest.param(
            [WARNING, BLOCKING], "Ingen menn meldte seg på utlysningen.", False, id="real-reason"
        ),
    ],
)
def test_is_blocked(findings: list[Finding], reason: str, blocked: bool) -> None:
    assert is_blocked(findings, reason) == blocked


def test_is_blocked_without_reason_argument() -> None:
    assert (is_blocked([BLOCKING]), is_blocked([WARNING])) == (True, False)


def test_has_dispensation_strips_whitespace() -> None:
    assert (has_dispensation(" " * 20), has_dispensation("  Grunn gitt.  ")) == (False, True)


def test_blocking_check_result_needs_dispensation() -> None:
    findings = check(rules(members_count=2, gender_balance=True), [seat(), seat()])

    assert (is_blocked(findings), is_blocked(findings, "Bare kvinner søkte plassene.")) == (
        True,
        False,
    )


# --- Adapters (database) --------------------------------------------------------------


def _area(slug: str, name: str) -> CompetenceArea:
    return CompetenceArea.objects.create(
        slug=slug, name_nb=name, name_nn=name, name_en=name, category="lived_experience"
    )


def _arena(**kwargs: Any) -> Arena:
    values: dict[str, Any] = {
        "owner": ServiceFactory(),
        "kind": ArenaKind.ELDRERAD,
        "name": "Eldrerådet",
        "level": Level.SYSTEM,
        "influence": Influence.DIALOGUE,
        "term_years": 4,
    }
    values.update(kwargs)
    return Arena.objects.create(**values)


@pytest.mark.django_db
def test_rules_from_arena_reads_every_rule() -> None:
    arena = _arena(
        members_count=5,
        deputies_count=2,
        gender_balance=True,
        gender_balance_deputies=True,
        elderly_majority=True,
        max_age_at_appointment=None,
    )
    rus = _area("rus", "Rus")
    parorende = _area("parorende", "Pårørende")
    arena.required_competence.add(rus)
    umbrella = OrganisationFactory(name="Pensjonistforbundet")
    ReservedSeat.objects.create(arena=arena, organisation=umbrella, seats=3)
    ReservedSeat.objects.create(arena=arena, competence_area=parorende, seats=1)

    result = Rules.from_arena(arena, on=SPRING)

    assert result == Rules(
        members_count=5,
        deputies_count=2,
        appointment_date=SPRING,
        gender_balance=True,
        gender_balance_deputies=True,
        elderly_majority=True,
        max_age_at_appointment=None,
        required_competence=frozenset({"rus"}),
        reserved_for_organisations=((umbrella.pk, 3, "Pensjonistforbundet"),),
        reserved_for_competence=(("parorende", 1, "Pårørende"),),
    )
    assert dict(result.competence_labels) == {"rus": "Rus", "parorende": "Pårørende"}


@pytest.mark.django_db
def test_rules_from_arena_youth_council_defaults() -> None:
    arena = _arena(
        kind=ArenaKind.UNGDOMSRAD, members_count=7, deputies_count=3, max_age_at_appointment=18
    )

    result = Rules.from_arena(arena, on=SPRING)

    assert (
        result.max_age_at_appointment,
        result.gender_balance,
        result.gender_balance_deputies,
        result.required_competence,
        result.reserved_for_organisations,
        result.reserved_for_competence,
    ) == (18, True, False, frozenset(), (), ())


@pytest.mark.django_db
def test_rules_from_arena_runs_two_queries(django_assert_num_queries: Any) -> None:
    arena = _arena()
    arena.required_competence.add(_area("a", "A"), _area("b", "B"))
    ReservedSeat.objects.create(arena=arena, organisation=OrganisationFactory(), seats=1)
    ReservedSeat.objects.create(arena=arena, organisation=OrganisationFactory(), seats=1)
    ReservedSeat.objects.create(arena=arena, competence_area=_area("c", "C"), seats=1)

    with django_assert_num_queries(2):
        Rules.from_arena(arena, on=SPRING)


@pytest.mark.django_db
def test_seat_from_person() -> None:
    person = Person.objects.create(name="Kari", gender="female", birth_year=1950, capacity=3)
    person.competence_areas.add(_area("parorende", "Pårørende"), _area("rus", "Rus"))

    result = Seat.from_person(person, role="chair", organisation_ids=[4, 5], current_assignments=1)

    assert result == Seat(
        person_id=person.pk,
        name="Kari",
        role="member",
        gender="female",
        birth_year=1950,
        organisation_ids=frozenset({4, 5}),
        competence_slugs=frozenset({"parorende", "rus"}),
        current_assignments=1,
        capacity=3,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "seat_role"),
    [
        pytest.param("chair", "member", id="chair"),
        pytest.param("deputy_chair", "member", id="deputy-chair"),
        pytest.param("member", "member", id="member"),
        pytest.param("deputy", "deputy", id="deputy"),
    ],
)
def test_seat_from_person_maps_roles(role: str, seat_role: str) -> None:
    person = Person.objects.create(name="Ola")

    assert Seat.from_person(person, role=role).role == seat_role


@pytest.mark.django_db
def test_seat_from_person_rejects_unknown_role() -> None:
    person = Person.objects.create(name="Ola")

    with pytest.raises(ValueError):
        Seat.from_person(person, role="observer")


@pytest.mark.django_db
def test_check_with_arena_and_people_end_to_end() -> None:
    arena = _arena(members_count=2, deputies_count=0, gender_balance=True)
    women = [Person.objects.create(name=f"Kvinne {i}", gender="female") for i in range(2)]

    findings = check(
        Rules.from_arena(arena, on=SPRING),
        [Seat.from_person(p, role="member") for p in women],
    )

    assert codes(findings) == ["gender_balance_members"]
