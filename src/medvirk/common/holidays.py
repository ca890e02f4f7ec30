"""Norwegian public holidays (helligdager and the two public holidays of May).

The brief asked for the ``holidays`` package; it is not installed in the project's
environment, and the Norwegian list is short and fixed by law (helligdagsfredloven § 2,
lov om 1. og 17. mai som høgtidsdager), so it is computed here: the fixed days and the
days that move with Easter. Sundays are holidays by law too, but are not named here.

Names are lazy translations: ``str(name)`` gives it in the active language.
"""

from __future__ import annotations

import datetime
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FIXED = (
    (1, 1, _("Første nyttårsdag")),
    (5, 1, _("Offentlig høytidsdag (1. mai)")),
    (5, 17, _("Grunnlovsdag (17. mai)")),
    (12, 25, _("Første juledag")),
    (12, 26, _("Andre juledag")),
)
FROM_EASTER = (
    (-3, _("Skjærtorsdag")),
    (-2, _("Langfredag")),
    (0, _("Første påskedag")),
    (1, _("Andre påskedag")),
    (39, _("Kristi himmelfartsdag")),
    (49, _("Første pinsedag")),
    (50, _("Andre pinsedag")),
)


def easter_sunday(year: int) -> datetime.date:
    """Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@cache
def norwegian_holidays(year: int) -> dict[datetime.date, Promise]:
    """Every named public holiday of ``year``, by date, in date order."""
    easter = easter_sunday(year)
    days: dict[datetime.date, Promise] = {
        datetime.date(year, month, day): name for month, day, name in FIXED
    }
    for offset, name in FROM_EASTER:
        days[easter + datetime.timedelta(days=offset)] = name
    # 17 May can be Ascension Day or Whit Monday: one name is enough for a warning.
    return dict(sorted(days.items()))


def holiday_name(day: datetime.date) -> Promise | None:
    """The holiday on ``day``, or None for an ordinary day (Sundays included)."""
    return norwegian_holidays(day.year).get(day)
