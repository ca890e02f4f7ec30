"""Every date and number field of every form in medvirk is bounded (common/bounds.py).

The forms are found, not listed: every module of the package is imported and every
subclass of Django's ``BaseForm`` defined in it is checked, so a new form cannot forget
the bounds. Each date, datetime and number field is sent the edges and must answer a
message (a ``ValidationError``), never a value that overflows later."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError

import medvirk
from medvirk.common import bounds

# Modules that build the application at import (they need a full environment) or belong
# to no request: they hold no forms.
SKIPPED = {"medvirk.asgi", "medvirk.wsgi", "medvirk.settings"}


def _import_everything() -> None:
    for module in pkgutil.walk_packages(medvirk.__path__, "medvirk."):
        if module.name in SKIPPED or ".migrations" in module.name:
            continue
        importlib.import_module(module.name)


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def medvirk_forms() -> list[type[forms.BaseForm]]:
    _import_everything()
    found = {
        form
        for form in _subclasses(forms.BaseForm)
        if form.__module__.startswith("medvirk.") and hasattr(form, "base_fields")
    }
    return sorted(found, key=lambda form: f"{form.__module__}.{form.__qualname__}")


def bounded_fields() -> list[tuple[str, forms.Field]]:
    return [
        (f"{form.__module__}.{form.__qualname__}.{name}", field)
        for form in medvirk_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, (forms.DateField, forms.DateTimeField, forms.IntegerField))
    ]


FIELDS = bounded_fields()

DAYS_OUT = ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"]
DATETIMES_OUT = ["0001-01-01 00:00", "1899-12-31 23:59", "2101-01-01 00:00", "9999-12-31 23:59"]
NUMBERS_OUT = ["99999999999", "-99999999999", str(2**31), str(-(2**31) - 1)]


def test_the_forms_are_found() -> None:
    names = {form.__name__ for form in medvirk_forms()}
    # A sample from different apps: the walk reaches them all (over a hundred forms).
    assert {"MeetingForm", "ArenaForm", "RateForm", "AdviceForm", "EntryForm"} <= names
    assert len(names) > 100
    assert len(FIELDS) > 40


@pytest.mark.parametrize(("name", "field"), FIELDS, ids=[name for name, _ in FIELDS])
def test_every_date_and_number_field_is_bounded(name: str, field: forms.Field) -> None:
    if isinstance(field, forms.IntegerField):
        assert bounds.number_in_bounds in field.validators, name
        edges = NUMBERS_OUT
    else:
        assert bounds.day_in_bounds in field.validators, name
        edges = DATETIMES_OUT if isinstance(field, forms.DateTimeField) else DAYS_OUT
    for value in edges:
        with pytest.raises(ValidationError):
            field.clean(value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (forms.DateField(), "1900-01-01"),
        (forms.DateField(), "2100-12-31"),
        (forms.DateTimeField(), "2100-12-31 23:59"),
        (forms.SplitDateTimeField(), ["1900-01-01", "00:00"]),
        (forms.IntegerField(), str(2**31 - 1)),
        (forms.IntegerField(), str(-(2**31))),
        (forms.DecimalField(), "12.50"),
    ],
)
def test_the_edges_themselves_are_accepted(field: forms.Field, value: Any) -> None:
    assert field.clean(value) is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (forms.DateField(), "9999-12-31", "Datoen må være mellom 01.01.1900 og 31.12.2100."),
        (forms.SplitDateTimeField(), ["0001-01-01", "12:00"], "Datoen må være mellom"),
        (forms.IntegerField(), "99999999999", "Tallet er for stort."),
        (forms.DecimalField(), "-99999999999", "Tallet er for lite."),
        (forms.FloatField(), "1e300", "Tallet er for stort."),
    ],
)
def test_out_of_bounds_is_a_message(field: forms.Field, value: Any, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        field.clean(value)
    assert message in " ".join(error.value.messages)


def test_installing_twice_adds_nothing() -> None:
    before = list(forms.DateField.default_validators)
    bounds.install_form_bounds()
    assert forms.DateField.default_validators == before


def test_parse_year_falls_back_outside_the_bounds() -> None:
    assert bounds.parse_year("2026", 2000) == 2026
    assert bounds.parse_year("99999", 2000) == 2000
    assert bounds.parse_year("1899", 2000) == 2000
    assert bounds.parse_year("abc", 2000) == 2000
    assert bounds.parse_year(None, 2000) == 2000
