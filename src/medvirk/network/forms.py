"""The network's forms: they collect input; the rules live in the domain (the fields
are optional here so the domain's messages name what is missing)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from medvirk.network.models import TEXT_MAX, TITLE_MAX

TEXT_HELP = _(
    "Ren tekst; linjeskift blir med. Skriv @ og navnet til et medlem for å nevne det. "
    "Høyst 5000 tegn."
)


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), required=False, max_length=TITLE_MAX + 50)
    text = forms.CharField(
        label=_("Innlegg"),
        help_text=TEXT_HELP,
        required=False,
        max_length=TEXT_MAX + 500,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Ditt svar"),
        help_text=TEXT_HELP,
        required=False,
        max_length=TEXT_MAX + 500,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor melder du fra?"),
        help_text=_("Bare moderatorene ser meldingen."),
        required=False,
        max_length=1100,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse for å fjerne innlegget"),
        help_text=_("Vises i stedet for innlegget og lagres i loggen. Høyst 500 tegn."),
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
