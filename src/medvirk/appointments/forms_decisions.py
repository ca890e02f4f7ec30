"""The decision form: one role select and one deputy-rank input per confirmed nomination."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.appointments.domain.decisions import Choice
from medvirk.appointments.models import Nomination
from medvirk.arenas.enums import MemberRole

NOT_CHOSEN = ""
ROLE_CHOICES = [
    (NOT_CHOSEN, gettext_lazy("Ikke valgt")),
    (MemberRole.MEMBER.value, gettext_lazy("Medlem")),
    (MemberRole.CHAIR.value, gettext_lazy("Leder")),
    (MemberRole.DEPUTY_CHAIR.value, gettext_lazy("Nestleder")),
    (MemberRole.DEPUTY.value, gettext_lazy("Vararepresentant")),
]


class DecisionForm(forms.Form):
    dispensation_reason = forms.CharField(
        label=gettext_lazy("Begrunnelse for dispensasjon"),
        help_text=gettext_lazy(
            "Fyll ut bare hvis sammensetningen bryter reglene og dere likevel vil oppnevne. "
            "Begrunnelsen lagres og logges."
        ),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, nominations: Sequence[Nomination], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nominations = list(nominations)
        for nomination in self.nominations:
            name = nomination.person.name
            self.fields[f"role_{nomination.pk}"] = forms.ChoiceField(
                label=_("Rolle for %(name)s") % {"name": name},
                choices=ROLE_CHOICES,
                required=False,
            )
            self.fields[f"rank_{nomination.pk}"] = forms.IntegerField(
                label=_("Varanummer for %(name)s") % {"name": name},
                required=False,
                min_value=1,
                max_value=50,
            )

    def rows(self) -> list[tuple[Nomination, forms.BoundField, forms.BoundField]]:
        return [(n, self[f"role_{n.pk}"], self[f"rank_{n.pk}"]) for n in self.nominations]

    def choices(self) -> list[Choice]:
        """The chosen nominations; call after is_valid(). A rank counts only for deputies."""
        data = self.cleaned_data
        result: list[Choice] = []
        for nomination in self.nominations:
            role = data.get(f"role_{nomination.pk}") or NOT_CHOSEN
            if role == NOT_CHOSEN:
                continue
            rank = data.get(f"rank_{nomination.pk}") if role == MemberRole.DEPUTY else None
            result.append((nomination, role, rank))
        return result
