from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.dates import format_date
from medvirk.common.forms import honeypot_field
from medvirk.directory.models import Organisation
from medvirk.meetings.domain.proposals import deadline_passed
from medvirk.meetings.enums import ClosedGround, ItemKind, ProposalStatus
from medvirk.meetings.models import Meeting


def meeting_label(meeting: Meeting) -> str:
    """«12.03.2027 10:00 Brukerutvalget – frist for saksforslag 19.02.2027»."""
    start = timezone.localtime(meeting.starts_at)
    name = meeting.title or meeting.arena.name
    deadline = format_date(meeting.proposal_deadline, "SHORT_DATE_FORMAT")
    if deadline_passed(meeting):
        note = _("fristen for saksforslag gikk ut %(date)s") % {"date": deadline}
    else:
        note = _("frist for saksforslag %(date)s") % {"date": deadline}
    return f"{format_date(start, 'SHORT_DATETIME_FORMAT')} {name} – {note}"


class MeetingChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return meeting_label(obj)


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Tittel på saken"),
        max_length=200,
        help_text=gettext_lazy("Kort og konkret, for eksempel «Lang ventetid på hjelpemidler»."),
    )
    problem_why = forms.CharField(
        label=gettext_lazy("Hvorfor er dette et problem?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Beskriv problemet og hvem det rammer. Ikke skriv helseopplysninger eller navn på "
            "andre personer."
        ),
    )
    problem_where = forms.CharField(
        label=gettext_lazy("Hvor oppstår problemet?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For eksempel en tjeneste, et sted eller en del av kommunen."),
    )
    problem_when = forms.CharField(
        label=gettext_lazy("Når oppstår problemet?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "For eksempel i bestemte situasjoner, tider på døgnet eller perioder."
        ),
    )
    proposed_solution = forms.CharField(
        label=gettext_lazy("Forslag til løsning"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Hva mener du bør gjøres? Det holder med en kort beskrivelse."),
    )
    wanted_meeting = MeetingChoiceField(
        label=gettext_lazy("Ønsket møte"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=gettext_lazy("Første møte med åpen frist"),
        help_text=gettext_lazy(
            "Forslag som kommer etter fristen, blir tatt med til neste møte med åpen frist."
        ),
    )
    on_behalf_of = forms.ModelChoiceField(
        label=gettext_lazy("Foreslått på vegne av"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Du er administrator i en organisasjon som er representert i arenaen."
        ),
    )
    proposer_name = forms.CharField(label=gettext_lazy("Navnet ditt"), max_length=200)
    proposer_email = forms.EmailField(
        label=gettext_lazy("E-postadressen din"),
        help_text=gettext_lazy("Du får kvittering og svar på forslaget hit."),
    )
    website = honeypot_field()  # HONEYPOT

    def __init__(
        self,
        *args: Any,
        meetings: QuerySet[Meeting],
        organisations: QuerySet[Organisation],
        organisation_required: bool,
        anonymous: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wanted_meeting"].queryset = meetings  # type: ignore[attr-defined]
        orgs = list(organisations)
        if orgs:
            field = self.fields["on_behalf_of"]
            field.queryset = organisations  # type: ignore[attr-defined]
            field.required = organisation_required
            if organisation_required:
                field.empty_label = None  # type: ignore[attr-defined]
                field.error_messages["required"] = _(
                    "Velg hvilken organisasjon du foreslår saken for."
                )
            else:
                field.empty_label = _("Meg selv")  # type: ignore[attr-defined]
        else:
            del self.fields["on_behalf_of"]
        if not anonymous:
            del self.fields["proposer_name"]
            del self.fields["proposer_email"]
        else:
            self.fields["proposer_name"].error_messages["required"] = _(
                "Skriv navnet ditt, så sekretariatet vet hvem forslaget er fra."
            )
            self.fields["proposer_email"].error_messages.update(
                {
                    "required": _(
                        "Skriv e-postadressen din, så du får kvittering og svar på forslaget."
                    ),
                    "invalid": _("Skriv en gyldig e-postadresse, for eksempel navn@example.no."),
                }
            )
        self.fields["title"].error_messages["required"] = _("Skriv en kort tittel på saken.")
        self.fields["problem_why"].error_messages["required"] = _(
            "Forklar hvorfor dette er et problem."
        )
        self.fields["proposed_solution"].error_messages["required"] = _(
            "Skriv hva du foreslår som løsning."
        )

    def submit_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "problem_why": data["problem_why"],
            "problem_where": data.get("problem_where") or "",
            "problem_when": data.get("problem_when") or "",
            "proposed_solution": data["proposed_solution"],
            "wanted_meeting": data.get("wanted_meeting"),
            "on_behalf_of": data.get("on_behalf_of"),
            "proposer_name": data.get("proposer_name") or "",
            "proposer_email": data.get("proposer_email") or "",
        }


ACTIONS = [
    ("accept", gettext_lazy("Sett på sakskartet")),
    ("postpone", gettext_lazy("Utsett")),
    ("decline", gettext_lazy("Avvis")),
]


class HandleProposalForm(forms.Form):
    """One form for the three handling actions; the template shows each action's fields
    in its own <form>, with a hidden ``action``."""

    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    meeting = MeetingChoiceField(
        label=gettext_lazy("Møte"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=gettext_lazy("Velg møte"),
        help_text=gettext_lazy("Må fylles ut. Planlagte møter i arenaen som ikke har vært ennå."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Type sak"),
        choices=[("", gettext_lazy("Velg type")), *ItemKind.choices],
        required=False,
        help_text=gettext_lazy("Må fylles ut."),
    )
    is_closed = forms.BooleanField(label=gettext_lazy("Lukket sak"), required=False)
    closed_ground = forms.ChoiceField(
        label=gettext_lazy("Hjemmel for lukking"),
        choices=[("", gettext_lazy("Velg hjemmel")), *ClosedGround.choices],
        required=False,
        help_text=gettext_lazy("Må fylles ut for en lukket sak."),
    )
    closed_note = forms.CharField(
        label=gettext_lazy("Merknad om lukking"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Vises bare for rådet."),
    )
    note = forms.CharField(
        label=gettext_lazy("Merknad til forslagsstilleren"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Valgfri. Sendes på e-post sammen med beskjeden om utsettelsen."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Begrunnelse"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Må fylles ut. Sendes på e-post til forslagsstilleren."),
    )

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["action"].error_messages["invalid_choice"] = _("Velg en gyldig handling.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "accept" and not data.get("meeting"):
            self.add_error("meeting", _("Velg møtet saken skal behandles på."))
        return data


STATUS_FILTER_CHOICES = [("", gettext_lazy("Alle")), *ProposalStatus.choices]


class ProposalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=STATUS_FILTER_CHOICES, required=False
    )

    def status_value(self) -> str:
        if self.is_valid():
            return str(self.cleaned_data.get("status") or "")
        return ""
