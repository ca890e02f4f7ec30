"""The log's filters (GET, work without JavaScript) and the hand-made entry's form. The
form checks only what the user typed; the domain checks again and decides permissions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from medvirk.arenas.enums import Influence, Level
from medvirk.arenas.models import Arena
from medvirk.common.forms import use_cached_choices
from medvirk.directory.models import Organisation
from medvirk.involvement.enums import EntryKind
from medvirk.involvement.models import InvolvementEntry
from medvirk.involvement.selectors import Filters
from medvirk.people.models import Person


class LogFilterForm(forms.Form):
    """Year (one at a time: the log is read by year), level, degree, kind and arena."""

    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(label=_("Nivå"), required=False)
    degree = forms.ChoiceField(label=_("Grad av medvirkning"), required=False)
    kind = forms.ChoiceField(label=_("Type medvirkning"), required=False)
    arena = forms.TypedChoiceField(label=_("Arena"), required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        *args: Any,
        years: Iterable[int],
        arenas: Iterable[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.years = list(years)
        self.fields["year"].choices = [(str(year), str(year)) for year in self.years]  # type: ignore[attr-defined]
        self.fields["level"].choices = [("", _("Alle nivåer")), *Level.choices]  # type: ignore[attr-defined]
        self.fields["degree"].choices = [("", _("Alle grader")), *Influence.choices]  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", _("Alle typer")), *EntryKind.choices]  # type: ignore[attr-defined]
        self.fields["arena"].choices = [  # type: ignore[attr-defined]
            ("", _("Alle arenaer")),
            *((str(pk), name) for pk, name in arenas),
        ]

    def filters(self) -> Filters:
        """The valid part of the query (an invalid filter is dropped and shown as an
        error); the newest year with entries when none is chosen."""
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()
            data = getattr(self, "cleaned_data", {})
        year = data.get("year") or self.years[0]
        return Filters(
            year=year,
            level=data.get("level") or "",
            degree=data.get("degree") or "",
            kind=data.get("kind") or "",
            arena=data.get("arena"),
        )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class EntryForm(forms.Form):
    date = forms.DateField(
        label=_("Dato"), widget=DateInput(), help_text=_("Dagen medvirkningen skjedde.")
    )
    title = forms.CharField(
        label=_("Tittel"),
        max_length=300,
        help_text=_("Hva medvirkningen gjaldt, for eksempel «Arbeidsgruppe for ny hjemmeside»."),
    )
    kind = forms.ChoiceField(label=_("Type medvirkning"), choices=EntryKind.choices)
    level = forms.ChoiceField(label=_("Nivå"), choices=Level.choices, widget=forms.RadioSelect)
    degree = forms.ChoiceField(
        label=_("Grad av medvirkning"),
        choices=Influence.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Brukerperspektiv: brukernes erfaringer tas med. Informant: brukerne gir "
            "informasjon. Dialog: brukerne drøfter med tjenesten. Brukerstyring: brukerne "
            "bestemmer."
        ),
    )
    description = forms.CharField(
        label=_("Beskrivelse"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    arena = forms.ModelChoiceField(
        label=_("Arena"),
        queryset=Arena.objects.none(),
        required=False,
        empty_label=_("Ingen arena"),
    )
    project = forms.CharField(
        label=_("Prosjekt"),
        max_length=200,
        required=False,
        help_text=_("Navnet på prosjektet, hvis medvirkningen var del av et."),
    )
    people = forms.ModelMultipleChoiceField(
        label=_("Personer som deltok"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Navnene vises aldri offentlig."),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisasjoner som deltok"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_public = forms.BooleanField(
        label=_("Vis i den offentlige loggen"),
        required=False,
        initial=True,
        help_text=_("Navn på personer vises aldri offentlig."),
    )

    def __init__(
        self,
        *args: Any,
        arenas: list[tuple[int, str]],
        people: list[tuple[int, str]],
        organisations: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        use_cached_choices(self.fields["arena"], arenas)  # type: ignore[arg-type]
        use_cached_choices(self.fields["people"], people)  # type: ignore[arg-type]
        use_cached_choices(self.fields["organisations"], organisations)  # type: ignore[arg-type]
        if not people:
            del self.fields["people"]
        if not organisations:
            del self.fields["organisations"]

    @staticmethod
    def initial_for(entry: InvolvementEntry) -> dict[str, Any]:
        return {
            "date": entry.date,
            "title": entry.title,
            "kind": entry.kind,
            "level": entry.level,
            "degree": entry.degree,
            "description": entry.description,
            "arena": entry.arena_id,
            "project": entry.project,
            "people": [person.pk for person in entry.people.all()],
            "organisations": [organisation.pk for organisation in entry.organisations.all()],
            "is_public": entry.is_public,
        }

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.setdefault("people", [])
        data.setdefault("organisations", [])
        return data
