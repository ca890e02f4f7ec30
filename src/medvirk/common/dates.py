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


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` earlier; a day the month lacks becomes its last day
    (31 August less six months is 28 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def start_of_day_after(day: datetime.date) -> datetime.datetime:
    """Local midnight at the end of ``day``: "created on or before ``day``" is
    ``created_at < start_of_day_after(day)`` (retention counted in whole local days)."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    )


def format_date(value: datetime.date | datetime.datetime, format_name: str = "DATE_FORMAT") -> str:
    """``value`` written in the active language with one of the named formats of
    ``medvirk/formats/`` (``DATE_FORMAT``, ``SHORT_DATE_FORMAT``, ``SHORT_DATETIME_FORMAT``,
    ``TIME_FORMAT``, ``WEEKDAY_DATE_FORMAT`` …): the Python face of ``|date:"NAME"``.
    An aware datetime is shown in Medvirk's time zone (Europe/Oslo) first."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, format_name)
