from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medvirk.common.forms import Menu, use_menu
from medvirk.directory.models import Organisation
from medvirk.directory.validators import validate_phone
from medvirk.people.domain.accommodation import MAX_NEEDS_LENGTH
from medvirk.people.domain.profiles import MIN_BIRTH_YEAR
from medvirk.people.enums import SPOKEN_LANGUAGES, AffiliationKind, Gender, Language
from medvirk.people.models import CompetenceArea, Course, Person

PROFILE_FIELDS = (
    "name",
    "email",
    "phone",
    "preferred_language",
    "languages",
    "competence_areas",
    "capacity",
)
PERSONAL_FIELDS = ("gender", "birth_year")


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    email = forms.EmailField(label=_("E-post"), max_length=254, required=False)
    phone = forms.CharField(
        label=_("Telefon"), max_length=30, required=False, validators=[validate_phone]
    )
    preferred_language = forms.ChoiceField(
        label=_("Foretrukket språk"), choices=Language.choices, initial=Language.NB
    )
    languages = forms.MultipleChoiceField(
        label=_("Språk du kan bruke i møter"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    competence_areas = forms.ModelMultipleChoiceField(
        label=_("Kompetanseområder"),
        queryset=CompetenceArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Egen erfaring, tjenesteområder og diagnosegrupper du kjenner godt."),
    )
    capacity = forms.IntegerField(
        label=_("Kapasitet"),
        min_value=1,
        max_value=20,
        initial=2,
        help_text=_("Hvor mange verv du kan ha samtidig (1–20)."),
    )
    gender = forms.ChoiceField(
        label=_("Kjønn"),
        choices=[("", _("Ikke oppgitt")), *Gender.choices],
        required=False,
    )
    birth_year = forms.IntegerField(
        label=_("Fødselsår"),
        required=False,
        min_value=MIN_BIRTH_YEAR,
        help_text=_("Fire sifre, for eksempel 1970."),
    )

    def __init__(self, *args: Any, ask_personal: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Dozens of checkboxes each, written in one join rather than a template per box
        # (issue 13); validated as before, by the choices and the queryset.
        use_menu(self.fields["languages"], Menu.of(SPOKEN_LANGUAGES))
        areas = CompetenceArea.objects.all()
        use_menu(
            self.fields["competence_areas"],
            Menu.of((area.pk, area.name) for area in areas),
            allowed=areas,
        )
        if not ask_personal:
            # Gender and birth year are asked only where a composition rule needs
            # them (people.selectors.asks_personal_details); otherwise not at all.
            for name in PERSONAL_FIELDS:
                del self.fields[name]
            return
        this_year = timezone.localdate().year
        self.fields["birth_year"].validators.append(MaxValueValidator(this_year))
        self.fields["birth_year"].widget.attrs["max"] = this_year

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        return {
            "name": person.name,
            "email": person.email,
            "phone": person.phone,
            "preferred_language": person.preferred_language,
            "languages": person.languages,
            "competence_areas": list(person.competence_areas.all()) if person.pk else [],
            "capacity": person.capacity,
            "gender": person.gender,
            "birth_year": person.birth_year,
        }

    def profile_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in PROFILE_FIELDS]

    def personal_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in PERSONAL_FIELDS if name in self.fields]

    def domain_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class AccommodationForm(forms.Form):
    needs = forms.CharField(
        label=_("Hva trenger du av tilrettelegging?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_NEEDS_LENGTH,
        help_text=_(
            "For eksempel tolk, ledsager, trinnfri adkomst, pauser eller dokumenter i et "
            "bestemt format. Skriv bare det sekretariatet trenger å vite."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "Jeg samtykker til at Medvirk lagrer opplysningene over og bruker dem til "
            "formålet som er beskrevet."
        ),
        required=True,
        error_messages={
            "required": _("Du må krysse av for at du samtykker før vi kan lagre opplysningene.")
        },
    )

    def __init__(self, *args: Any, updating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if updating:
            del self.fields["consent"]


class TrainingForm(forms.Form):
    course = forms.ModelChoiceField(
        label=_("Kurs"),
        queryset=Course.objects.all(),
        required=False,
        empty_label=_("Annet kurs (skriv navnet under)"),
    )
    course_name = forms.CharField(label=_("Annet kurs"), max_length=200, required=False)
    provider = forms.CharField(label=_("Arrangør"), max_length=200, required=False)
    completed_on = forms.DateField(
        label=_("Dato fullført"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class AffiliationForm(forms.Form):
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organisasjon"), queryset=Organisation.objects.none()
    )
    kind = forms.ChoiceField(label=_("Tilknytning"), choices=AffiliationKind.choices)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class ConfirmForm(forms.Form):
    """An empty form: a POST with a CSRF token is the confirmation."""
