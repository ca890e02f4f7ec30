"""Organisation numbers (mod-11) and phone numbers, table-driven."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from medvirk.directory.validators import (
    normalise_orgnr,
    orgnr_check_digit,
    validate_orgnr,
    validate_phone,
)

ORGNR_FORMAT = "Organisasjonsnummeret må ha nøyaktig 9 sifre."
ORGNR_CHECKSUM = "Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke)."
ORGNR_PREFIX = (
    "Organisasjonsnummeret er ikke gyldig: numre i Enhetsregisteret begynner med 8 eller 9."
)
PHONE = "Skriv et telefonnummer med 8 sifre, eventuelt med landskode (+47 …)."


@pytest.mark.parametrize(
    "value",
    [
        "974760673",  # Brønnøysundregistrene
        "971526920",  # Statistisk sentralbyrå
        "974 760 673",  # spaces as people write it
        "974.760.673",
        "974-760-673",
        "910000020",  # remainder 0: check digit 11 becomes 0
    ],
)
def test_validate_orgnr_accepts_valid_numbers(value: str) -> None:
    assert validate_orgnr(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("974760674", ORGNR_CHECKSUM),  # wrong check digit
        ("971526921", ORGNR_CHECKSUM),
        ("97476067", ORGNR_FORMAT),  # 8 digits
        ("9747606730", ORGNR_FORMAT),  # 10 digits
        ("97476067A", ORGNR_FORMAT),  # a letter
        ("NO974760673", ORGNR_FORMAT),
        ("", ORGNR_FORMAT),
        ("９７４７６０６７３", ORGNR_FORMAT),  # full-width digits are not ASCII digits
        ("900000090", ORGNR_CHECKSUM),  # check digit would be 10: no valid number exists
        ("900000099", ORGNR_CHECKSUM),
        ("000000000", ORGNR_PREFIX),  # passes the mod-11 sum, but is nobody's number
        ("100000130", ORGNR_PREFIX),
        ("123456785", ORGNR_PREFIX),  # a valid mod-11 sum below 800 000 000
    ],
)
def test_validate_orgnr_rejects_invalid_numbers(value: str, message: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_orgnr(value)
    assert excinfo.value.messages == [message]


def test_orgnr_check_digit_is_none_when_it_would_be_ten() -> None:
    # 1*3 + 1*3 + 3*2 = 12, 11 - 12 % 11 = 10: no number starting like this is valid.
    assert orgnr_check_digit("10000013") is None
    assert orgnr_check_digit("97476067") == 3
    assert orgnr_check_digit("91000002") == 0


def test_normalise_orgnr_strips_separators() -> None:
    assert normalise_orgnr(" 974 760-673. ") == "974760673"
    assert normalise_orgnr("") == ""


@pytest.mark.parametrize(
    "value",
    [
        "22334455",
        "22 33 44 55",
        "+47 22 33 44 55",
        "0047 22334455",
        "+4722334455",
        "(+46) 8 123 456 78",
        "+1 202-555-0143",
        "+358 9 1234567",
    ],
)
def test_validate_phone_accepts_valid_numbers(value: str) -> None:
    assert validate_phone(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "1234567",  # 7 digits
        "123456789",  # 9 digits without country code
        "+47 1234 567",  # +47 needs 8 digits
        "+47 123456789",
        "+0 123456789",  # country code cannot start with 0
        "+12345",  # too short
        "+1234567890123456",  # too long (E.164 allows 15 digits)
        "telefon",
        "22 33 44 5x",
        "22334455; DROP TABLE",
        "",
    ],
)
def test_validate_phone_rejects_invalid_numbers(value: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_phone(value)
    assert excinfo.value.messages == [PHONE]


def test_validate_phone_rejects_non_ascii_digits() -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_phone("２２３３４４５５")
    assert excinfo.value.messages == [PHONE]
