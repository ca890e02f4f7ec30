"""Course forms. They check types and lengths; the domain decides the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from medvirk.people.models import Course as CatalogueCourse
from medvirk.training.enums import CourseFormat


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Hva kurset handler om, hvem det er for, og hva deltakerne bør forberede."),
    )
    format = forms.ChoiceField(
        label=_("Form"), choices=CourseFormat.choices, widget=forms.RadioSelect
    )
    capacity = forms.IntegerField(
        label=_("Antall plasser"),
        min_value=1,
        max_value=1000,
        help_text=_("Når kurset er fullt, kommer nye påmeldte på venteliste."),
    )
    signup_deadline = forms.DateField(
        label=_("Frist for påmelding og avmelding"),
        widget=DateInput(),
        help_text=_("Påmelding og avmelding er åpen til og med denne dagen."),
    )
    catalogue_course = forms.ModelChoiceField(
        label=_("Kurs i kurskatalogen"),
        queryset=CatalogueCourse.objects.none(),
        required=False,
        empty_label=_("Ikke et kurs fra katalogen"),
        help_text=_(
            "Velg kurset hvis dette er en utgave av et kjent kurs, for eksempel grunnkurset. "
            "Deltakere som fullfører, får det registrert som gjennomført."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["catalogue_course"].queryset = CatalogueCourse.objects.order_by("name_nb")  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Dato"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Starter"), widget=TimeInput())
    ends_at = forms.TimeField(label=_("Slutter"), widget=TimeInput())
    place = forms.CharField(
        label=_("Sted"),
        max_length=300,
        help_text=_("Adresse og rom, eller lenke til digitalt møte."),
    )
    accessibility = forms.CharField(
        label=_("Tilgjengelighet"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For eksempel trinnfri adkomst, teleslynge, tolk, pauser eller hvem deltakere "
            "kan kontakte om tilrettelegging."
        ),
    )


class CancelCourseForm(forms.Form):
    reason = forms.CharField(
        label=_("Grunn til avlysning"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sendes til alle som er påmeldt eller står på venteliste."),
    )


class SignUpForm(forms.Form):
    share_accommodation = forms.BooleanField(
        label=_("Del behovene mine for tilrettelegging med arrangøren av dette kurset"),
        required=False,
        help_text=_(
            "Bare arrangørens administratorer og sekretariat kan lese dem, bare for dette "
            "kurset, og hver lesing blir logget. Du kan trekke samtykket når som helst."
        ),
    )


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Til stede"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = choices  # type: ignore[attr-defined]
