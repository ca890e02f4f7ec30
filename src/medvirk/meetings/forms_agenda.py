"""Forms for the agenda: an item, a case document, publishing, moving an item."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from medvirk.common.forms import RichTextField
from medvirk.meetings.domain.documents import ACCEPT
from medvirk.meetings.enums import ClosedGround, ItemKind
from medvirk.meetings.models import AgendaItem


class ItemForm(forms.Form):
    """An agenda item. Whether a closed item has a ground and a note is checked by the
    domain (``clean_item_fields``), so the same rules hold for every caller."""

    kind = forms.ChoiceField(
        label=_("Type sak"),
        choices=ItemKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hva slags sak dette er.")},
    )
    title = forms.CharField(
        label=_("Tittel"),
        max_length=300,
        error_messages={"required": _("Skriv en tittel på saken.")},
    )
    description = RichTextField(label=_("Beskrivelse"), required=False)
    proposer = forms.CharField(
        label=_("Forslagsstiller"),
        max_length=200,
        required=False,
        help_text=_("Hvem som har meldt inn saken, for eksempel «Sekretariatet»."),
    )
    is_closed = forms.BooleanField(
        label=_("Lukket sak"),
        required=False,
        help_text=_(
            "En lukket sak vises bare for rådets medlemmer og sekretariatet. "
            "Velg hjemmel og skriv en merknad nedenfor."
        ),
    )
    closed_ground = forms.ChoiceField(
        label=_("Hjemmel for lukking"),
        required=False,
        choices=[("", _("Velg hjemmel")), *ClosedGround.choices],
        help_text=_("Må fylles ut når saken er lukket."),
    )
    closed_note = forms.CharField(
        label=_("Merknad om lukking"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Må fylles ut når saken er lukket. Vises bare for dem som kan se saken."),
    )

    @classmethod
    def initial_for(cls, item: AgendaItem) -> dict[str, Any]:
        return {name: getattr(item, name) for name in cls.base_fields}

    def domain_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data.get(name) or ("" if name != "is_closed" else False) for name in self.fields
        }


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Tittel"),
        max_length=200,
        required=False,
        help_text=_("Står tittelen tom, brukes filnavnet."),
    )
    file = forms.FileField(
        label=_("Fil"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_(
            "PDF, Word (DOCX), OpenDocument (ODT), Excel (XLSX), PNG eller JPEG, høyst 20 MB."
        ),
        error_messages={
            "required": _("Velg en fil."),
            "empty": _("Filen er tom. Velg en fil med innhold."),
            "invalid": _("Filen kom ikke fram. Prøv igjen."),
        },
    )


class PublishForm(forms.Form):
    late_reason = forms.CharField(
        label=_("Hvorfor publiseres sakskartet etter fristen?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Begrunnelsen vises på sakskartet."),
    )

    def __init__(self, *args: Any, late: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if late:
            self.fields["late_reason"].required = True
            self.fields["late_reason"].error_messages["required"] = _(
                "Skriv hvorfor sakskartet publiseres etter fristen."
            )
        else:
            del self.fields["late_reason"]


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Opp")), ("down", _("Ned"))])
