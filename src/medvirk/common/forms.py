from collections.abc import Sequence

from django import forms
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Renders every form with Designsystemet markup (templates/forms/)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def use_cached_choices(field: forms.ModelChoiceField, choices: Sequence[tuple[int, str]]) -> None:
    """Show ``field``'s menu from a cached list of ``(pk, label)`` instead of a query, and
    accept only those: a submitted value is still looked up (one query by primary key,
    among the listed ones), so one not in the menu is a form error, not a 500."""
    model = field.queryset.model  # type: ignore[union-attr]
    field.queryset = model._default_manager.filter(pk__in=[pk for pk, _label in choices])
    field.choices = [("", field.empty_label or ""), *choices]
