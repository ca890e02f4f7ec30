"""Calendar arithmetic Medvirk needs in more than one app."""

from __future__ import annotations

import datetime

from django.utils import formats, timezone


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same date ``years`` later (or earlier); 29 February becomes 28 February in a
    year without it (a term that starts on a leap day ends the day before 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def format_date(value: datetime.date | datetime.datetime, format_name: str = "DATE_FORMAT") -> str:
    """``value`` written in the active language with one of the named formats of
    ``medvirk/formats/`` (``DATE_FORMAT``, ``SHORT_DATE_FORMAT``, ``SHORT_DATETIME_FORMAT``,
    ``TIME_FORMAT``, ``WEEKDAY_DATE_FORMAT`` …): the Python face of ``|date:"NAME"``.
    An aware datetime is shown in Medvirk's time zone (Europe/Oslo) first."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, format_name)
