"""The form renderer's shortcuts (issue 13): plain <input> widgets, labels and <select>
menus are written in Python (common/forms.py) exactly as their templates write them, and an
empty error list as Django's template writes it (as nothing)."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.forms.renderers import get_default_renderer
from django.forms.utils import ErrorList
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from medvirk.common.forms import INPUT_TEMPLATES, FormRenderer

WIDGETS: list[forms.Widget] = [
    forms.TextInput(),
    forms.TextInput(attrs={"type": "tel", "placeholder": 'Say "hi" & <go>', "required": True}),
    forms.TextInput(attrs={"autofocus": False, "data-x": None, "title": gettext_lazy("Navn")}),
    forms.NumberInput(attrs={"min": 0, "step": Decimal("0.5")}),
    forms.EmailInput(),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.HiddenInput(),
    forms.CheckboxInput(),
    forms.DateInput(),
    forms.TimeInput(),
    forms.DateTimeInput(),
    forms.SearchInput(),
    forms.TelInput(),
    forms.ColorInput(),
    forms.ClearableFileInput(),
    forms.FileInput(),
    admin_widgets.AdminDateWidget(),
    admin_widgets.AdminTimeWidget(),
    admin_widgets.AdminIntegerFieldWidget(),
    admin_widgets.AdminEmailInputWidget(),
    admin_widgets.AdminURLFieldWidget(),
]
VALUES: list[Any] = [
    None,
    "",
    "plain",
    'a "quoted" <b>&amp;</b>',
    mark_safe("<safe>"),
    0,
    12,
    Decimal("3.50"),
    True,
    False,
    datetime.date(2026, 12, 7),
    datetime.time(9, 5),
    datetime.datetime(2026, 12, 7, 9, 5),
    (1, 2),
]


def _by_template(widget: forms.Widget, name: str, value: Any) -> str:
    context = widget.get_context(name, value, {"id": f"id_{name}"})
    return get_template(widget.template_name).render(context).strip()


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_input_html_is_the_templates_markup(widget: forms.Widget, value: Any) -> None:
    renderer = get_default_renderer()
    assert isinstance(renderer, FormRenderer)
    if widget.template_name not in INPUT_TEMPLATES:
        pytest.skip("rendered by its own template")
    assert widget.render("field", value, {"id": "id_field"}, renderer) == _by_template(
        widget, "field", value
    )


def test_every_plain_input_is_written_in_python() -> None:
    assert get_default_renderer()._plain_inputs


def test_a_changed_input_template_is_rendered_as_written(settings: Any, tmp_path: Any) -> None:
    widgets = tmp_path / "django" / "forms" / "widgets"
    widgets.mkdir(parents=True)
    (widgets / "input.html").write_text('<input class="changed" name="{{ widget.name }}">')
    renderer = FormRenderer()
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    assert not renderer._plain_inputs
    assert forms.TextInput().render("x", "y", renderer=renderer) == (
        '<input class="changed" name="x">'
    )


@pytest.mark.parametrize("errors", [[], ["Feil & <mangler>"]], ids=["empty", "one"])
def test_error_lists_are_djangos(errors: list[str]) -> None:
    renderer = get_default_renderer()
    assert renderer._djangos_lists
    error_list = ErrorList(errors, renderer=renderer, field_id="id_x")
    by_template = get_template(ErrorList.template_name).render(error_list.get_context()).strip()
    assert str(error_list) == by_template
    assert (by_template == "") == (not errors)


SELECTS: list[forms.Widget] = [
    forms.Select(choices=[("", "---------"), ("a", "A & B"), (1, 2), (True, gettext_lazy("Ja"))]),
    forms.Select(
        choices=[("Gruppe <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")],
        attrs={"class": "wide", "disabled": True, "data-none": None, "hidden": False},
    ),
    forms.SelectMultiple(choices=[("a", "A"), ("b", mark_safe("<b>B</b>"))]),
    forms.NullBooleanSelect(),
    admin_widgets.AdminRadioSelect(choices=[("a", "A")]),  # its own template: not a select
]


@pytest.mark.parametrize("widget", SELECTS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("value", [None, "", "a", ["a", "b"], 1, True, "y"], ids=repr)
def test_select_html_is_the_templates_markup(widget: forms.Widget, value: Any) -> None:
    renderer = get_default_renderer()
    assert renderer._djangos_select
    if isinstance(value, list) and isinstance(widget, forms.NullBooleanSelect):
        pytest.skip("Django's menu takes no list")
    assert widget.render("field", value, {"id": "id_field"}, renderer) == _by_template(
        widget, "field", value
    )


class _Form(forms.Form):
    required_css_class = "required"
    name = forms.CharField(label="Navn & <tittel>")
    done = forms.BooleanField(label=gettext_lazy("Ferdig?"), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect, label="Valg")


def _by_templates_only() -> FormRenderer:
    """A renderer that takes none of the shortcuts."""
    renderer = FormRenderer()
    for shortcut in ("_plain_inputs", "_djangos_lists", "_djangos_label", "_djangos_select"):
        renderer.__dict__[shortcut] = False
    return renderer


@pytest.mark.parametrize("auto_id", ["id_%s", False])
@pytest.mark.parametrize("field", ["name", "done", "hidden", "choice"])
@pytest.mark.parametrize(
    "kwargs",
    [{}, {"attrs": {"class": "x", "data-on": True, "off": False}}, {"tag": "legend"}],
    ids=["plain", "attrs", "legend"],
)
def test_label_html_is_the_templates_markup(auto_id: Any, field: str, kwargs: Any) -> None:
    fast = _Form(auto_id=auto_id)
    assert fast.renderer._djangos_label
    slow = _Form(auto_id=auto_id, renderer=_by_templates_only())
    # Django adds to the attrs it is given: each call its own copy.
    assert fast[field].label_tag(**copy.deepcopy(kwargs)) == slow[field].label_tag(
        **copy.deepcopy(kwargs)
    )


def test_whole_forms_are_the_templates_markup() -> None:
    data = {"name": "x & y", "choice": "b"}
    fast = _Form(data)
    slow = _Form(data, renderer=_by_templates_only())
    assert fast.errors  # error lists with errors are written by the templates
    assert str(fast) == str(slow)
