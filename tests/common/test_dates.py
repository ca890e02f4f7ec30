import datetime
import importlib
import re
from typing import Any

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from medvirk.common.dates import add_years, format_date
from medvirk.notifications.domain.outbox import render_mail
from tests.source_scan import SRC


def test_add_years_keeps_the_date() -> None:
    assert add_years(datetime.date(2026, 11, 16), 4) == datetime.date(2030, 11, 16)
    assert add_years(datetime.date(2026, 11, 16), -1) == datetime.date(2025, 11, 16)


def test_add_years_from_a_leap_day() -> None:
    assert add_years(datetime.date(2028, 2, 29), 1) == datetime.date(2029, 2, 28)
    assert add_years(datetime.date(2028, 2, 29), 4) == datetime.date(2032, 2, 29)
    assert add_years(datetime.date(2028, 2, 29), -1) == datetime.date(2027, 2, 28)


# --- Dates in the reader's language (medvirk/formats) -------------------------------

DAY = datetime.date(2026, 12, 7)  # a Monday
# 13:30 UTC is 14:30 in Oslo (winter time).
MOMENT = datetime.datetime(2026, 12, 7, 13, 30, tzinfo=datetime.UTC)
NAMES = (
    "DATE_FORMAT",
    "SHORT_DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "TIME_FORMAT",
    "WEEKDAY_DATE_FORMAT",
    "WEEKDAY_DATETIME_FORMAT",
)
# Machine formats a template may write out: comparisons and URL parameters, never read.
MACHINE_FORMATS = {"Y", "Ymd", "YmdHi", "c", "U"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nb",
            {
                "DATE_FORMAT": "7. desember 2026",
                "SHORT_DATE_FORMAT": "07.12.2026",
                "DATETIME_FORMAT": "7. desember 2026 14:30",
                "SHORT_DATETIME_FORMAT": "07.12.2026 14:30",
                "TIME_FORMAT": "14:30",
                "WEEKDAY_DATE_FORMAT": "mandag 7. desember 2026",
                "WEEKDAY_DATETIME_FORMAT": "mandag 7. desember 2026 14:30",
            },
        ),
        (
            "nn",
            {
                "DATE_FORMAT": "7. desember 2026",
                "SHORT_DATE_FORMAT": "07.12.2026",
                "DATETIME_FORMAT": "7. desember 2026 14:30",
                "SHORT_DATETIME_FORMAT": "07.12.2026 14:30",
                "TIME_FORMAT": "14:30",
                "WEEKDAY_DATE_FORMAT": "måndag 7. desember 2026",
                "WEEKDAY_DATETIME_FORMAT": "måndag 7. desember 2026 14:30",
            },
        ),
        (
            "en",
            {
                "DATE_FORMAT": "7 December 2026",
                "SHORT_DATE_FORMAT": "7 Dec 2026",
                "DATETIME_FORMAT": "7 December 2026 14:30",
                "SHORT_DATETIME_FORMAT": "7 Dec 2026 14:30",
                "TIME_FORMAT": "14:30",
                "WEEKDAY_DATE_FORMAT": "Monday 7 December 2026",
                "WEEKDAY_DATETIME_FORMAT": "Monday 7 December 2026 14:30",
            },
        ),
    ],
)
def test_each_named_format_reads_right_in_each_language(
    language: str, expected: dict[str, str]
) -> None:
    with translation.override(language):
        python = {name: format_date(MOMENT, name) for name in NAMES}
        template = Template(" | ".join(f'{{{{ moment|date:"{name}" }}}}' for name in NAMES)).render(
            Context({"moment": MOMENT})
        )
        assert format_date(DAY) == expected["DATE_FORMAT"]
    assert python == expected
    assert template == " | ".join(expected[name] for name in NAMES)


def test_every_language_module_defines_every_named_format() -> None:
    for language, _name in settings.LANGUAGES:
        module = importlib.import_module(f"medvirk.formats.{language}.formats")
        assert [name for name in NAMES if not hasattr(module, name)] == [], language


def test_a_mail_shows_its_dates_in_the_recipients_language(db: Any) -> None:
    context = {
        "organisation_name": "Lag",
        "owner_name": "Kommunen",
        "arena_name": "Rådet",
        "title": "Nye medlemmer",
        "deadline": DAY,
        "link": "http://x/",
    }
    with translation.override("nb"):  # the sender's language does not matter
        english = render_mail("appointments/invitation", context, "en")
        bokmal = render_mail("appointments/invitation", context, "nb")
    assert "7 December 2026" in english[1] and "7 December 2026" in english[2]
    assert "7. desember 2026" in bokmal[1]


def test_no_template_or_module_writes_its_own_date_pattern() -> None:
    """Dates go through the named formats only: ``|date:"NAME"`` and ``format_date``.
    ISO dates (file names, admin labels) and the time input's ``%H:%M`` are machine
    formats and stay."""
    found = []
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in {".html", ".txt", ".py"} or "static" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith("formats/"):
            continue  # the one place where the patterns are written
        if path.suffix == ".py":
            found += [
                f"{relative}: {match.group(0)}"
                for match in re.finditer(r"%-?[dm][./]%-?[dmY]|%[aAbB]", text)
            ]
        else:
            for match in re.finditer(r"\|(?:date|time):[\"']([^\"']*)[\"']", text):
                if match.group(1) not in MACHINE_FORMATS and not match.group(1).endswith("_FORMAT"):
                    found.append(f"{relative}: {match.group(0)}")
    assert found == []


def test_english_typed_dates_are_read_day_first() -> None:
    """The admin's text date fields in English: never Django's American month first."""
    from django import forms

    field = forms.DateField()
    with translation.override("en"):
        assert field.clean("07/12/2026") == datetime.date(2026, 12, 7)
        assert field.clean("2026-12-07") == datetime.date(2026, 12, 7)
        assert field.clean("7.12.2026") == datetime.date(2026, 12, 7)
