import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def orgnr_check_digit(first_eight: str) -> int | None:
    """The mod-11 check digit for the first eight digits, or None if there is none."""
    total = sum(int(d) * w for d, w in zip(first_eight, _ORGNR_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def normalise_orgnr(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def validate_orgnr(value: str) -> None:
    digits = normalise_orgnr(value)
    if not re.fullmatch(r"[0-9]{9}", digits):
        raise ValidationError(
            _("Organisasjonsnummeret må ha nøyaktig 9 sifre."), code="orgnr_format"
        )
    if orgnr_check_digit(digits[:8]) != int(digits[8]):
        raise ValidationError(
            _("Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke)."),
            code="orgnr_checksum",
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
