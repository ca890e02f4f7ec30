import datetime

from medvirk.common.dates import add_years


def test_add_years_keeps_the_date() -> None:
    assert add_years(datetime.date(2026, 11, 16), 4) == datetime.date(2030, 11, 16)
    assert add_years(datetime.date(2026, 11, 16), -1) == datetime.date(2025, 11, 16)


def test_add_years_from_a_leap_day() -> None:
    assert add_years(datetime.date(2028, 2, 29), 1) == datetime.date(2029, 2, 28)
    assert add_years(datetime.date(2028, 2, 29), 4) == datetime.date(2032, 2, 29)
    assert add_years(datetime.date(2028, 2, 29), -1) == datetime.date(2027, 2, 28)
