"""Forms for the meeting plan: one meeting, a recurring plan, cancelling, filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from medvirk.arenas.enums import ArenaKind
from medvirk.arenas.selectors import region_menu
from medvirk.common import bounds
from medvirk.common.forms import use_cached_choices
from medvirk.common.views import attach_domain_errors
from medvirk.directory.models import Region
from medvirk.meetings.domain.plan import (
    MAX_DURATION,
    MAX_GENERATED,
    MAX_INTERVAL_WEEKS,
    MIN_DURATION,
    OSLO,
    RULE_MONTHLY,
    RULE_MONTHLY_LAST,
    RULE_WEEKLY,
    local_datetime,
)
from medvirk.meetings.models import Meeting

# Domain errors are keyed by model field; the forms split them into date and time.
DOMAIN_TO_FORM = {"starts_at": "start_time", "ends_at": "end_time"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


def attach_plan_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Attach a domain ValidationError, moving ``starts_at``/``ends_at`` to the time fields."""
    if hasattr(error, "error_dict"):
        error = ValidationError(
            {DOMAIN_TO_FORM.get(name, name): errors for name, errors in error.error_dict.items()}
        )
    attach_domain_errors(form, error)


class VenueFields(forms.Form):
    """Place, link and accessibility, shared by a meeting and a generated plan."""

    title = forms.CharField(
        label=_("Tittel"),
        required=False,
        max_length=200,
        help_text=_("Valgfri, for eksempel «Årsmøte». Uten tittel vises arenaens navn."),
    )
    place = forms.CharField(
        label=_("Sted"),
        required=False,
        max_length=200,
        help_text=_("For eksempel «Rådhuset, møterom 2»."),
    )
    address = forms.CharField(label=_("Adresse"), required=False, max_length=300)
    digital_link = forms.URLField(
        label=_("Lenke til digitalt møte"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Vises bare for medlemmene og sekretariatet."),
    )
    step_free_access = forms.BooleanField(label=_("Trinnfri adkomst"), required=False)
    hearing_loop = forms.BooleanField(label=_("Teleslynge"), required=False)
    accessible_toilet = forms.BooleanField(label=_("Tilgjengelig toalett"), required=False)
    accessibility_note = forms.CharField(
        label=_("Mer om tilgjengelighet"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For eksempel parkering, ledelinjer, tolk eller allergier."),
    )

    VENUE = (
        "title",
        "place",
        "address",
        "digital_link",
        "step_free_access",
        "hearing_loop",
        "accessible_toilet",
        "accessibility_note",
    )

    def venue(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.VENUE}


class MeetingForm(VenueFields):
    """One meeting: date, start and end as separate fields, wall-clock Europe/Oslo."""

    date = forms.DateField(
        label=_("Dato"),
        widget=DateInput(),
        validators=[bounds.at_most_years_ahead(bounds.MEETING_YEARS_AHEAD)],
    )
    start_time = forms.TimeField(label=_("Starter klokken"), widget=TimeInput())
    end_time = forms.TimeField(
        label=_("Slutter klokken"),
        widget=TimeInput(),
        help_text=_("Samme dag som møtet starter."),
    )

    field_order = ["title", "date", "start_time", "end_time", *VenueFields.VENUE[1:]]

    def __init__(self, *args: Any, meeting: Meeting | None = None, **kwargs: Any) -> None:
        if meeting is not None and "initial" not in kwargs:
            start = meeting.starts_at.astimezone(OSLO)
            end = meeting.ends_at.astimezone(OSLO)
            kwargs["initial"] = {
                **{name: getattr(meeting, name) for name in self.VENUE},
                "date": start.date(),
                "start_time": start.time().replace(second=0, microsecond=0),
                "end_time": end.time().replace(second=0, microsecond=0),
            }
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day = cleaned.get("date")
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if day is None or start is None or end is None:
            return cleaned
        try:
            starts_at = local_datetime(day, start, field="start_time")
            ends_at = local_datetime(day, end, field="end_time")
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(name, message)
            return cleaned
        if ends_at <= starts_at:
            self.add_error("end_time", _("Møtet må slutte etter at det har startet."))
            return cleaned
        cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        return cleaned

    def domain_fields(self) -> dict[str, Any]:
        return {
            **self.venue(),
            "starts_at": self.cleaned_data["starts_at"],
            "ends_at": self.cleaned_data["ends_at"],
        }


class GenerateForm(VenueFields):
    """A recurring plan: first date, rule, how many (or until), time and duration."""

    first_day = forms.DateField(
        label=_("Dato for første møte"),
        widget=DateInput(),
        validators=[bounds.at_most_years_ahead(bounds.MEETING_YEARS_AHEAD)],
    )
    rule = forms.ChoiceField(
        label=_("Hvor ofte"),
        widget=forms.RadioSelect,
        choices=[
            (RULE_WEEKLY, _("Med fast antall uker mellom hvert møte")),
            (
                RULE_MONTHLY,
                _("Samme ukedag i måneden som første møte (for eksempel andre tirsdag)"),
            ),
            (RULE_MONTHLY_LAST, _("Siste samme ukedag i hver måned")),
        ],
        initial=RULE_MONTHLY,
        help_text=_(
            "Er første møte den femte ukedagen i måneden, blir det den siste i måneder "
            "som ikke har en femte."
        ),
    )
    interval_weeks = forms.IntegerField(
        label=_("Antall uker mellom møtene"),
        required=False,
        min_value=1,
        max_value=MAX_INTERVAL_WEEKS,
        initial=4,
        help_text=_("Gjelder bare når møtene har fast antall uker mellom seg."),
    )
    count = forms.IntegerField(
        label=_("Antall møter"),
        required=False,
        min_value=1,
        max_value=MAX_GENERATED,
        # Filled in when shown, in the reader's language (a % here would run at import).
        help_text=lazy(
            lambda: (
                _("Fra 1 til %(max)s. Fyll ut enten antall møter eller sluttdato.")
                % {"max": MAX_GENERATED}
            ),
            str,
        )(),
    )
    until = forms.DateField(
        label=_("Siste mulige dato"),
        required=False,
        widget=DateInput(),
        validators=[bounds.at_most_years_ahead(bounds.MEETING_YEARS_AHEAD)],
        help_text=_("Brukes i stedet for antall møter."),
    )
    start_time = forms.TimeField(label=_("Starter klokken"), widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Varighet i minutter"),
        min_value=MIN_DURATION,
        max_value=MAX_DURATION,
        initial=120,
    )
    include_holidays = forms.BooleanField(
        label=_("Legg også møter på helligdager"),
        required=False,
        help_text=_(
            "Ellers hoppes datoer som er helligdager over (skjærtorsdag, 17. mai, "
            "andre pinsedag …). Du ser hvilke før møtene blir lagt inn."
        ),
    )

    field_order = [
        "first_day",
        "rule",
        "interval_weeks",
        "count",
        "until",
        "start_time",
        "duration_minutes",
        "include_holidays",
        *VenueFields.VENUE,
    ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        has_count = cleaned.get("count") is not None
        has_until = cleaned.get("until") is not None
        already = self.has_error("count") or self.has_error("until")
        if not has_count and not has_until and not already:
            self.add_error(
                "count", _("Oppgi enten hvor mange møter det skal bli, eller en sluttdato.")
            )
        elif has_count and has_until:
            self.add_error("until", _("Oppgi enten antall møter eller en sluttdato, ikke begge."))
        weekly = cleaned.get("rule") == RULE_WEEKLY
        if (
            weekly
            and cleaned.get("interval_weeks") is None
            and not self.has_error("interval_weeks")
        ):
            self.add_error("interval_weeks", _("Oppgi antall uker mellom møtene."))
        return cleaned

    def plan(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "first_day": data["first_day"],
            "rule": data["rule"],
            "interval_weeks": data.get("interval_weeks") or 1,
            "count": data.get("count"),
            "until": data.get("until"),
            "start_time": data["start_time"],
            "duration_minutes": data["duration_minutes"],
            "skip_holidays": not data.get("include_holidays"),
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Årsak til avlysning"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vises på møtesiden og sendes til medlemmene."),
    )


class UpcomingFilterForm(forms.Form):
    """Filters for the public list of upcoming meetings (GET, works without JavaScript)."""

    region = forms.ModelChoiceField(
        label=_("Område"),
        required=False,
        queryset=Region.objects.none(),
        empty_label=_("Alle områder"),
        help_text=_("Et fylke tar med kommunene i fylket."),
    )
    kind = forms.ChoiceField(label=_("Type arena"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Alle typer")), *ArenaKind.choices]  # type: ignore[attr-defined]
        # Cached (arenas.caching.MENUS, through arenas.selectors): the SELECT DISTINCT cost
        # 90-250 ms a request at national scale. A region not in the menu is an error.
        use_cached_choices(self.fields["region"], region_menu(public_only=True))  # type: ignore[arg-type]

    def filters(self) -> dict[str, Any]:
        """The valid part of the query; an invalid filter is dropped, not fatal."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


def parse_year(value: str | None, default: int) -> int:
    """The ``?ar=`` parameter of the plan page; nonsense falls back to ``default``."""
    return bounds.parse_year(value, default, earliest=2000)
