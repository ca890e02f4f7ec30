from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from medvirk.meetings.search import ITEM, MAX_QUERY_LENGTH, MINUTES, PROPOSAL


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Søkeord"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Skriv ett eller flere ord, eller et saksnummer som 7/2027."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Søk i"),
        required=False,
        choices=[
            (ITEM, _("Saker")),
            (PROPOSAL, _("Saksforslag")),
            (MINUTES, _("Protokoller")),
        ],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Velg ingen for å søke i alt."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"  # type: ignore[attr-defined]

    def query(self) -> str:
        return str(self.cleaned_data.get("q") or "").strip() if self.is_valid() else ""

    def selected_kinds(self) -> set[str] | None:
        """The kinds to search, or None for all of them."""
        if not self.is_valid():
            return None
        return set(self.cleaned_data.get("kinds") or []) or None
