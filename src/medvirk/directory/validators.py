import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.no import orgnr


def orgnr_check_digit(first_eight: str) -> int | None:
    """The check digit that completes the first eight digits to a valid organisation
    number (python-stdnum's no.orgnr decides), or None if no digit does."""
    for digit in range(10):
        if orgnr.is_valid(f"{first_eight}{digit}"):
            return digit
    return None


def normalise_orgnr(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def validate_orgnr(value: str) -> None:
    """A valid Norwegian organisation number, checked by python-stdnum (``no.orgnr``)."""
    digits = normalise_orgnr(value)
    try:
        if not digits.isascii():  # stdnum takes any Unicode digit; the register does not
            raise stdnum_exceptions.InvalidFormat()
        orgnr.validate(digits)
    except (stdnum_exceptions.InvalidFormat, stdnum_exceptions.InvalidLength):
        raise ValidationError(
            _("Organisasjonsnummeret må ha nøyaktig 9 sifre."), code="orgnr_format"
        ) from None
    except stdnum_exceptions.ValidationError:
        if digits[0] not in "89":
            raise _not_in_register() from None
        raise ValidationError(
            _("Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke)."),
            code="orgnr_checksum",
        ) from None
    if digits[0] not in "89":
        # stdnum passes 000000000 and any other number whose mod-11 sum works out;
        # Enhetsregisteret gives out numbers from 800 000 000 up only.
        raise _not_in_register()


def _not_in_register() -> ValidationError:
    return ValidationError(
        _("Organisasjonsnummeret er ikke gyldig: numre i Enhetsregisteret begynner med 8 eller 9."),
        code="orgnr_prefix",
    )


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s\-().]", "", value or "")


def validate_phone(value: str) -> None:
    """A Norwegian number of 8 digits, optionally with +47/0047, or an international one."""
    compact = normalise_phone(value)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+47"):
        ok = re.fullmatch(r"\+47[0-9]{8}", compact) is not None
    elif compact.startswith("+"):
        ok = re.fullmatch(r"\+[1-9][0-9]{6,14}", compact) is not None
    else:
        ok = re.fullmatch(r"[0-9]{8}", compact) is not None
    if not ok:
        raise ValidationError(
            _("Skriv et telefonnummer med 8 sifre, eventuelt med landskode (+47 …)."),
            code="phone",
        )
