"""Forms for advice: sending a statement as advice, answering it, filtering the lists.

The rules (who may be addressed, which status may follow which, when a reason is
required) live in ``followup.domain.advice`` and ``followup.domain.advice_answers``;
these forms only collect the input."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from medvirk.accounts.models import User
from medvirk.arenas.models import Arena
from medvirk.common.forms import RichTextarea, RichTextField
from medvirk.followup.enums import AddresseeKind, AdviceStatus
from medvirk.meetings.domain.documents import ACCEPT

OVERDUE = "overdue"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DecisionMakerField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.email})" if obj.name else str(obj.email)


class AdviceForm(forms.Form):
    addressee_kind = forms.ChoiceField(
        label=_("Hvem skal rådet til?"),
        choices=AddresseeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hvem rådet skal til.")},
    )
    addressee_user = DecisionMakerField(
        label=_("Beslutningstaker"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Velg beslutningstaker"),
        help_text=_(
            "Brukere med rollen beslutningstaker i tjenesten. Må velges for en beslutningstaker."
        ),
        error_messages={"invalid_choice": _("Velg en beslutningstaker fra listen.")},
    )
    addressee_name = forms.CharField(
        label=_("Navn på organet"),
        max_length=200,
        required=False,
        help_text=_("Må fylles ut for et annet organ, for eksempel «Kommunestyret»."),
    )
    addressee_email = forms.EmailField(
        label=_("Organets e-postadresse"),
        required=False,
        help_text=_("Valgfri. Rådet og påminnelser sendes hit."),
        error_messages={
            "invalid": _(
                "Skriv en gyldig e-postadresse, for eksempel post@kommune.no, "
                "eller la feltet stå tomt."
            )
        },
    )
    title = forms.CharField(
        label=_("Tittel"),
        max_length=300,
        required=False,
        help_text=_("Står feltet tomt, brukes tittelen på saken."),
    )
    text = RichTextField(
        label=_("Uttalelsen"),
        required=False,
        widget=RichTextarea(attrs={"rows": 10}),
        help_text=_("Når protokollen er godkjent, er teksten fra protokollen fylt inn."),
    )
    given_on = forms.DateField(
        label=_("Rådet er gitt"),
        required=False,
        widget=DateInput(),
        help_text=_("Står feltet tomt, brukes datoen for møtet."),
        error_messages={"invalid": _("Skriv en gyldig dato.")},
    )
    due_on = forms.DateField(
        label=_("Svarfrist"),
        required=False,
        widget=DateInput(),
        help_text=_("Står feltet tomt, brukes svarfristen for arenaen."),
        error_messages={"invalid": _("Skriv en gyldig dato.")},
    )

    def __init__(self, *args: Any, decision_makers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addressee_user"].queryset = decision_makers  # type: ignore[attr-defined]

    def domain_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "addressee_kind": data["addressee_kind"],
            "addressee_user": data.get("addressee_user"),
            "addressee_name": data.get("addressee_name") or "",
            "addressee_email": data.get("addressee_email") or "",
            "title": data.get("title") or "",
            "text": data.get("text") or "",
            "given_on": data.get("given_on"),
            "due_on": data.get("due_on"),
        }


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Ny status"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Velg status for svaret."),
            "invalid_choice": _("Velg en av statusene i listen."),
        },
    )
    text = forms.CharField(
        label=_("Svar"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Må fylles ut når rådet er fulgt, delvis fulgt, ikke fulgt (skriv begrunnelsen) "
            "eller gjennomført."
        ),
    )
    responded_on = forms.DateField(
        label=_("Dato for svaret"),
        required=False,
        widget=DateInput(),
        help_text=_("Står feltet tomt, brukes dagens dato."),
        error_messages={"invalid": _("Skriv en gyldig dato.")},
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
    link = forms.CharField(
        label=_("Lenke"),
        required=False,
        max_length=200,
        help_text=_("Valgfri. For eksempel til vedtaket eller saken i tjenestens postjournal."),
    )

    def __init__(self, *args: Any, allowed: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wanted = set(allowed)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in AdviceStatus.choices if value in wanted
        ]


class SecretariatFilterForm(forms.Form):
    arena = forms.ChoiceField(label=_("Arena"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, arenas: Iterable[Arena], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["arena"].choices = [  # type: ignore[attr-defined]
            ("", _("Alle arenaer")),
            *((str(arena.pk), f"{arena.name} ({arena.owner.name})") for arena in arenas),
        ]
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _("Alle statuser")),
            (OVERDUE, _("Svarfristen er passert")),
            *AdviceStatus.choices,
        ]
