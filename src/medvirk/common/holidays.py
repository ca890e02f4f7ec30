"""Norwegian public holidays (helligdager and the two public holidays of May).

The dates come from the ``holidays`` package (its ``Norway`` calendar: the fixed days
and the days that move with Easter, as helligdagsfredloven § 2 and the law on 1 and 17
May lay them down). Sundays are holidays by law too, but are not named here.

The package names the days in bokmål and English only; Medvirk names them through its
own catalogues (nynorsk too), by the package's bokmål name. Names are lazy translations:
``str(name)`` gives it in the active language.
"""

from __future__ import annotations

import datetime
from functools import cache

import holidays as calendars
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The package's bokmål name → ours. When two fall on one day (17 May 2027 is also Whit
# Monday) the package joins them with "; " and the last one here wins.
NAMES: dict[str, Promise] = {
    "Første nyttårsdag": _("Første nyttårsdag"),
    "Skjærtorsdag": _("Skjærtorsdag"),
    "Langfredag": _("Langfredag"),
    "Første påskedag": _("Første påskedag"),
    "Andre påskedag": _("Andre påskedag"),
    "Arbeidernes dag": _("Offentlig høytidsdag (1. mai)"),
    "Kristi himmelfartsdag": _("Kristi himmelfartsdag"),
    "Første pinsedag": _("Første pinsedag"),
    "Grunnlovsdag": _("Grunnlovsdag (17. mai)"),
    "Andre pinsedag": _("Andre pinsedag"),
    "Første juledag": _("Første juledag"),
    "Andre juledag": _("Andre juledag"),
}
ORDER = list(NAMES)


def _name(package_name: str) -> Promise:
    parts = [part.strip() for part in package_name.split(";")]
    known = sorted((part for part in parts if part in NAMES), key=ORDER.index)
    if not known:  # a day the package learns later: its own (bokmål) name
        return _(parts[0])
    return NAMES[known[-1]]


@cache
def norwegian_holidays(year: int) -> dict[datetime.date, Promise]:
    """Every named public holiday of ``year``, by date, in date order."""
    days = calendars.country_holidays("NO", years=year, language="no")
    return {day: _name(name) for day, name in sorted(days.items())}


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday (Første påskedag) of ``year``."""
    return next(
        day for day, name in norwegian_holidays(year).items() if name == NAMES["Første påskedag"]
    )


def holiday_name(day: datetime.date) -> Promise | None:
    """The holiday on ``day``, or None for an ordinary day (Sundays included)."""
    return norwegian_holidays(day.year).get(day)
