"""Forms for the advice's case number, its final decision and the import of final
decisions. The rules live in ``followup.domain.final_decisions`` and
``followup.domain.decision_imports``; these forms only collect the input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from medvirk.directory.domain.import_csv import MAX_BYTES
from medvirk.followup.domain.decision_imports import parse_file
from medvirk.followup.enums import DecisionOutcome
from medvirk.followup.forms_advice import DateInput
from medvirk.meetings.domain.documents import ACCEPT


class CaseReferenceForm(forms.Form):
    service_case_number = forms.CharField(
        label=_("Tjenestens saksnummer"),
        required=False,
        max_length=50,
        help_text=_(
            "Saksnummeret eller arkivreferansen i tjenestens sakssystem, for eksempel "
            "24/1234. Brukes når vedtak importeres fra sakssystemet."
        ),
    )
    deciding_body = forms.CharField(
        label=_("Organet som vedtar saken"),
        required=False,
        max_length=200,
        help_text=_("For eksempel kommunestyret, fylkestinget eller styret i helseforetaket."),
    )


class FinalDecisionForm(forms.Form):
    decided_on = forms.DateField(
        label=_("Vedtaksdato"),
        widget=DateInput(),
        error_messages={
            "required": _("Skriv datoen for vedtaket."),
            "invalid": _("Skriv en gyldig dato."),
        },
    )
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        widget=forms.RadioSelect,
        choices=DecisionOutcome.choices,
        error_messages={
            "required": _("Velg hva vedtaket ble."),
            "invalid_choice": _("Velg hva vedtaket ble."),
        },
    )
    summary = forms.CharField(
        label=_("Kort om vedtaket"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Valgfritt. Hva ble vedtatt, med egne ord."),
    )
    link = forms.CharField(
        label=_("Lenke til vedtaket"),
        required=False,
        max_length=200,
        help_text=_("Valgfri. For eksempel til protokollen eller saken i postjournalen."),
    )
    document = forms.FileField(
        label=_("Dokument"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_(
            "Valgfritt. PDF, Word (DOCX), OpenDocument (ODT), Excel (XLSX), PNG eller JPEG, "
            "høyst 20 MB."
        ),
        error_messages={
            "empty": _("Filen er tom. Velg en fil med innhold."),
            "invalid": _("Filen kom ikke fram. Prøv igjen."),
        },
    )


class DecisionImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil med vedtak"),
        help_text=_(
            "Semikolondelt tekstfil (CSV) med overskriftsrad, høyst 2 MB: saksnummer, dato, "
            "utfall og lenke. Ingenting lagres før du har sett kontrollrapporten og valgt "
            "å importere."
        ),
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
        error_messages={"required": _("Velg en CSV-fil.")},
    )

    raw: bytes = b""

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("Filen er for stor. Den kan være høyst 2 MB."))
        raw = upload.read()
        _rows, errors = parse_file(raw)
        if errors:
            raise ValidationError(errors)
        self.raw = raw
        return upload
