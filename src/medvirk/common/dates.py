"""Calendar arithmetic Medvirk needs in more than one app."""

from __future__ import annotations

import datetime


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same date ``years`` later (or earlier); 29 February becomes 28 February in a
    year without it (a term that starts on a leap day ends the day before 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
