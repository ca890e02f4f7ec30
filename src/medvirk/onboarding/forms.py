from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from medvirk.onboarding.domain.templates import auto_choices
from medvirk.onboarding.models import TemplateItem


class TemplateItemForm(forms.Form):
    title = forms.CharField(
        label=_("Punkt"),
        max_length=200,
        error_messages={"required": _("Skriv hva som skal gjøres.")},
    )
    description = forms.CharField(
        label=_("Forklaring"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Valgfritt. Vises under punktet."),
    )
    auto = forms.ChoiceField(
        label=_("Hvordan krysses punktet av?"), required=False, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, audience: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["auto"].choices = auto_choices(audience)  # type: ignore[attr-defined]
        if not self.is_bound and "auto" not in self.initial:
            self.initial["auto"] = ""

    @staticmethod
    def initial_for(item: TemplateItem) -> dict[str, Any]:
        return {
            "title": item.shown_title,
            "description": item.shown_description,
            "auto": item.auto,
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data.get("description") or "",
            "auto": data.get("auto") or "",
        }
