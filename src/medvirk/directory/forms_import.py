from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from medvirk.directory.domain.import_csv import MAX_BYTES, parse_organisation_csv


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil med organisasjoner"),
        help_text=_(
            "Semikolondelt tekstfil (CSV) med overskriftsrad, høyst 2 MB. UTF-8 eller "
            "Windows-1252 fra Excel. Kolonnene er beskrevet under. Ingenting lagres før "
            "du har sett kontrollrapporten og valgt å importere."
        ),
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )

    raw: bytes = b""

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("Filen er for stor. Den kan være høyst 2 MB."))
        raw = upload.read()
        parsed = parse_organisation_csv(raw)
        if parsed.errors:
            raise ValidationError(parsed.errors)
        self.raw = raw
        return upload
