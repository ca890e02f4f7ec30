from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from medvirk.appointments.enums import NominationLevel
from medvirk.appointments.models import Nomination
from medvirk.appointments.selectors import nomination_pool
from medvirk.common.forms import Menu, use_menu
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.directory.selectors import grouped_organisation_menu
from medvirk.people.models import Person

DATE_WIDGET = {"type": "date"}


def date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )


def invitable_menu() -> Menu:
    """Umbrellas and user organisations, grouped, for checkboxes (cached, issue 13)."""
    return grouped_organisation_menu(
        (OrganisationKind.UMBRELLA, _("Paraplyorganisasjoner")),
        (OrganisationKind.USER_ORG, _("Brukerorganisasjoner")),
    )


class MenuMultipleChoiceField(forms.TypedMultipleChoiceField):
    """Values checked against a :class:`Menu` (set by ``use_menu``) rather than choices."""

    def valid_value(self, value: Any) -> bool:
        return str(value) in self.widget.menu.values()  # type: ignore[attr-defined]


class RequestForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    member_seats = forms.IntegerField(label=_("Medlemsplasser"), min_value=1, max_value=50)
    deputy_seats = forms.IntegerField(
        label=_("Varaplasser"), min_value=0, max_value=50, initial=0, required=False
    )
    term_starts_on = date_field(_("Perioden starter"))
    term_ends_on = date_field(_("Perioden slutter"))
    requirements = forms.CharField(
        label=_("Krav og ønsker"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For eksempel erfaring, geografi eller kompetanse dere trenger."),
    )
    deadline = date_field(_("Frist for forslag"))
    organisations = MenuMultipleChoiceField(
        label=_("Organisasjoner som inviteres"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg minst én organisasjon som skal inviteres.")},
        help_text=_(
            "En invitert paraplyorganisasjon gir også medlemsorganisasjonene "
            "mulighet til å foreslå kandidater."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_menu(self.fields["organisations"], invitable_menu())

    def request_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "organisations"}

    def chosen_organisations(self) -> list[Organisation]:
        return list(Organisation.objects.filter(pk__in=self.cleaned_data["organisations"]))


class NominationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Foreslått av"), queryset=Organisation.objects.none(), empty_label=None
    )
    person = forms.ModelChoiceField(
        label=_("Velg en person fra oversikten deres"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Ingen – jeg foreslår en ny person"),
    )
    name = forms.CharField(
        label=_("Navn på ny kandidat"),
        max_length=200,
        required=False,
        help_text=_("Fyll ut navn og e-post bare hvis personen ikke står i listen over."),
    )
    email = forms.EmailField(label=_("E-post til ny kandidat"), required=False)
    representativeness = forms.CharField(
        label=_("Hvem kandidaten representerer"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    motivation = forms.CharField(
        label=_("Motivasjon"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    level = forms.ChoiceField(
        label=_("Nasjonalt eller lokalt"),
        choices=[("", _("Ikke oppgitt")), *NominationLevel.choices],
        required=False,
    )
    capacity_note = forms.CharField(
        label=_("Kapasitet"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    competence_note = forms.CharField(
        label=_("Kompetanse"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Both lists written as menus in one join each (issue 13): a big organisation's
        # pool holds thousands of people, an option template each cost tens of ms.
        use_menu(
            self.fields["organisation"],
            Menu.of(organisations.values_list("pk", "name")),
            allowed=organisations,
        )
        pool = nomination_pool(organisations)
        use_menu(self.fields["person"], Menu.of(pool.values_list("pk", "name")), allowed=pool)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not (data.get("name") or "").strip():
            self.add_error(
                "person", _("Velg en person fra listen, eller skriv navn og e-post til en ny.")
            )
        return data

    def criteria(self) -> dict[str, Any]:
        return {
            key: self.cleaned_data.get(key, "")
            for key in (
                "representativeness",
                "motivation",
                "level",
                "capacity_note",
                "competence_note",
            )
        }


class RecommendationForm(forms.Form):
    summary = forms.CharField(
        label=_("Begrunnelse for innstillingen"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        *args: Any,
        nominations: Sequence[Nomination],
        current: dict[int, tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.nominations = list(nominations)
        current = current or {}
        for nomination in self.nominations:
            pk = nomination.pk
            rank, text = current.get(pk, (None, ""))
            self.fields[f"include_{pk}"] = forms.BooleanField(
                label=_("Ta med i innstillingen"), required=False, initial=pk in current
            )
            self.fields[f"rank_{pk}"] = forms.IntegerField(
                label=_("Rangering"), min_value=1, max_value=99, required=False, initial=rank
            )
            self.fields[f"justification_{pk}"] = forms.CharField(
                label=_("Begrunnelse"),
                max_length=2000,
                required=False,
                initial=text,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[Nomination, Any, Any, Any]]:
        return [
            (n, self[f"include_{n.pk}"], self[f"rank_{n.pk}"], self[f"justification_{n.pk}"])
            for n in self.nominations
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for nomination in self.nominations:
            if data.get(f"include_{nomination.pk}") and not data.get(f"rank_{nomination.pk}"):
                self.add_error(f"rank_{nomination.pk}", _("Gi kandidaten en rangering."))
        return data

    def entries(self) -> list[tuple[Nomination, int, str]]:
        return [
            (
                n,
                self.cleaned_data[f"rank_{n.pk}"],
                self.cleaned_data.get(f"justification_{n.pk}") or "",
            )
            for n in self.nominations
            if self.cleaned_data.get(f"include_{n.pk}")
        ]
