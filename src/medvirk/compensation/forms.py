"""The compensation forms: they collect input; the rules live in the domain."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from medvirk.compensation.domain.receipts import ACCEPT
from medvirk.compensation.models import Rate, Scheme

RATE_FORM_FIELDS = [
    "hourly_fee",
    "preparation_hours",
    "meeting_fee",
    "fee_basis",
    "annual_fee",
    "chair_supplement_percent",
    "deputy_chair_supplement_percent",
    "digital_percent",
    "deputy_paid_as_member",
    "deputy_percent",
    "lost_earnings_max_per_day",
    "lost_earnings_fixed_day",
    "lost_earnings_fixed_evening",
    "travel_min_km",
    "km_rate",
]

RECEIPT_HELP = _(
    "PDF, PNG eller JPEG, høyst 10 MB. Bare du og de som godkjenner og betaler, ser den."
)


class TravelForm(forms.Form):
    from_place = forms.CharField(label=_("Fra"), max_length=200, required=False)
    to_place = forms.CharField(label=_("Til"), max_length=200, required=False)
    km = forms.CharField(
        label=_("Kilometer (egen bil)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    ticket = forms.CharField(
        label=_("Eller billettbeløp i kroner"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    receipt = forms.FileField(
        label=_("Kvittering"),
        required=False,
        help_text=RECEIPT_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class LostEarningsForm(forms.Form):
    """On the claim page beside the travel form: its ids apart (both have a receipt)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_lost_%s")
        super().__init__(*args, **kwargs)

    documented = forms.TypedChoiceField(
        label=_("Tapt arbeidsinntekt"),
        choices=[
            ("1", _("Dokumentert (legg ved bekreftelse fra arbeidsgiver eller lignende)")),
            ("0", _("Ikke dokumentert (fast sats)")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg om tapet er dokumentert.")},
    )
    amount = forms.CharField(
        label=_("Tapt beløp i kroner (dokumentert)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    evening = forms.BooleanField(label=_("Møtet var på kvelden (ikke dokumentert)"), required=False)
    receipt = forms.FileField(
        label=_("Dokumentasjon"),
        required=False,
        help_text=RECEIPT_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class AllowanceForm(forms.Form):
    """Meal allowance at the state's rates, on the claim page beside the other forms."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_allowance_%s")
        super().__init__(*args, **kwargs)

    hours = forms.CharField(
        label=_("Hvor mange timer varte reisen?"),
        help_text=_("Fra du dro hjemmefra til du var tilbake. Under 6 timer gir ikke godtgjøring."),
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    nights = forms.CharField(
        label=_("Eller antall overnattinger"),
        help_text=_("Med overnatting betales godtgjøringen per døgn."),
        required=False,
        max_length=3,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor sendes kravet tilbake?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv hvorfor kravet sendes tilbake.")},
    )


class DecisionForm(forms.Form):
    """Approve the claim; each line may be rejected with a reason."""

    def __init__(self, *args: Any, lines: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"reject_{line.pk}"] = forms.BooleanField(
                label=_("Avvis denne linjen"), required=False
            )
            self.fields[f"reason_{line.pk}"] = forms.CharField(
                label=_("Begrunnelse for avvisning"), required=False, max_length=500
            )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(line, self[f"reject_{line.pk}"], self[f"reason_{line.pk}"]) for line in self.lines]

    def rejected(self) -> dict[int, str]:
        data = self.cleaned_data
        return {
            line.pk: data.get(f"reason_{line.pk}", "")
            for line in self.lines
            if data.get(f"reject_{line.pk}")
        }


class PaymentDetailsForm(forms.Form):
    nin = forms.CharField(
        label=_("Fødselsnummer (11 siffer)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Skriv fødselsnummeret.")},
    )
    account = forms.CharField(
        label=_("Kontonummer (11 siffer)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Skriv kontonummeret.")},
    )


class ExportForm(forms.Form):
    period_start = forms.DateField(
        label=_("Fra og med"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Velg første dag i perioden."),
            "invalid": _("Skriv en gyldig dato."),
        },
    )
    period_end = forms.DateField(
        label=_("Til og med"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Velg siste dag i perioden."),
            "invalid": _("Skriv en gyldig dato."),
        },
    )


class SchemeForm(forms.ModelForm):  # type: ignore[type-arg]
    """The service's regime and payroll layout (saved by domain.schemes.save_scheme)."""

    class Meta:
        model = Scheme
        fields = [
            "regime",
            "columns",
            "pay_code_fee",
            "pay_code_preparation",
            "pay_code_supplement",
            "pay_code_lost_earnings",
            "pay_code_travel",
            "pay_code_allowance",
        ]
        error_messages = {"regime": {"required": _("Velg en ordning.")}}
        widgets = {"regime": forms.RadioSelect}


class RateForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new dated rate row (added by domain.rates.add_rate); every amount required,
    0 where the regime does not use it."""

    class Meta:
        model = Rate
        fields = ["valid_from", *RATE_FORM_FIELDS]
        localized_fields = "__all__"
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "fee_basis": forms.RadioSelect,
        }
        error_messages = {
            "valid_from": {
                "required": _("Skriv datoen satsene gjelder fra."),
                "invalid": _("Skriv en gyldig dato."),
            }
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].localize = False
        self.fields["valid_from"].widget.is_localized = False
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                field.error_messages["required"] = _("Skriv en sats (0 hvis den ikke brukes).")
                field.error_messages["invalid"] = _("Skriv et tall, for eksempel 500 eller 4,90.")
                field.widget.attrs["inputmode"] = "decimal"

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in RATE_FORM_FIELDS}
