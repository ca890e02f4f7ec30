"""Likely personal data in answers: what is found, what is not, and the marking."""

from __future__ import annotations

import pytest

from medvirk.experiences import pii


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text_in(text)) for f in pii.find_personal_data(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fnr 15108695088 står i journalen.", (pii.NATIONAL_ID, "15108695088")),
        ("nummeret er 151086 95088.", (pii.NATIONAL_ID, "151086 95088")),
        ("D-nummer 55108610092 ble brukt.", (pii.D_NUMBER, "55108610092")),
        ("ring meg på 91234567 i morgen", (pii.PHONE, "91234567")),
        ("ring meg på 912 34 567 i morgen", (pii.PHONE, "912 34 567")),
        ("ring +47 22 33 44 55 i dag", (pii.PHONE, "+47 22 33 44 55")),
        ("skriv til kari.nordmann@example.no om det", (pii.EMAIL, "kari.nordmann@example.no")),
        ("jeg bor i Storgata 5B nå", (pii.ADDRESS, "Storgata 5B")),
        ("jeg bor i Kirkeveien 12 nå", (pii.ADDRESS, "Kirkeveien 12")),
        ("adressen er Kongens gate 3", (pii.ADDRESS, "Kongens gate 3")),
        ("adressen er Skolevn. 4", (pii.ADDRESS, "Skolevn. 4")),
        ("i går traff jeg Per Hansen der", (pii.NAME, "Per Hansen")),
    ],
)
def test_finds_personal_data(text: str, expected: tuple[str, str]) -> None:
    assert expected in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Tallet 12345678901 er ikke et gyldig fødselsnummer.",
        "Saken har nummer 15108695089.",  # wrong check digit
        "Det tok 3 uker og 45 minutter.",
        "Ventetiden var 1234 dager.",
        "Drosjen kom ikke. Jeg rakk ikke timen.",
        "Vi ringte legevakten.",
        "Kvitteringen kostet 1500 kroner i 2026.",
    ],
)
def test_leaves_ordinary_text_alone(text: str) -> None:
    assert kinds(text) == []


def test_a_capitalised_word_starting_a_sentence_is_not_a_name() -> None:
    assert kinds("Drosjen kom ikke. Sykehuset ringte.") == []
    assert (pii.NAME, "Ola Hansen") in kinds("Det var kaldt. Ola Hansen ventet.")


def test_identity_number_checks() -> None:
    assert pii.identity_number_kind("15108695088") == pii.NATIONAL_ID
    assert pii.identity_number_kind("55108610092") == pii.D_NUMBER
    assert pii.identity_number_kind("15108695089") is None
    assert pii.identity_number_kind("32138695088") is None
    assert pii.identity_number_kind("1510869508") is None


def test_highlighted_escapes_and_marks() -> None:
    html = pii.highlighted("<b>fet</b> 91234567\nnå")
    assert "&lt;b&gt;fet&lt;/b&gt;" in html
    assert (
        '<mark class="mv-pii"><span class="ds-sr-only">[mulig personopplysning: telefonnummer] </span>91234567</mark>'
        in html
    )
    assert "<br>" in html


def test_redacted_replaces_each_finding() -> None:
    text = "Jeg heter Kari Nordmann, fnr 15108695088, og bor i Storgata 5."
    assert pii.redacted(text) == "Jeg heter [fjernet], fnr [fjernet], og bor i [fjernet]."
