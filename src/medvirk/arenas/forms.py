from __future__ import annotations

from functools import cached_property
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from medvirk.arenas.domain.arenas import EDITABLE_FIELDS
from medvirk.arenas.enums import ArenaKind, EndReason, Influence, Level, MemberRole
from medvirk.arenas.models import Arena
from medvirk.arenas.selectors import (
    candidate_people,
    organisations_to_represent,
    owner_menu,
    people_to_seat,
    region_menu,
)
from medvirk.common.forms import (
    RICH_TEXT_HELP,
    Menu,
    RichTextarea,
    RichTextField,
    use_cached_choices,
    use_menu,
)
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation, Region
from medvirk.directory.selectors import organisation_menu, organisations_of_kinds
from medvirk.people.models import CompetenceArea, Person


class ArenaFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type arena"), required=False)
    owner = forms.ModelChoiceField(
        label=_("Eier"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("Alle eiere"),
    )
    region = forms.ModelChoiceField(
        label=_("Område"),
        required=False,
        queryset=Region.objects.none(),
        empty_label=_("Alle områder"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Alle typer")), *ArenaKind.choices]  # type: ignore[attr-defined]
        # Both menus are cached (arenas.caching.MENUS): the region menu's SELECT DISTINCT
        # cost 90-250 ms a request at national scale. A value not in a menu is an error.
        use_cached_choices(self.fields["owner"], owner_menu())  # type: ignore[arg-type]
        use_cached_choices(self.fields["region"], region_menu(public_only=False))  # type: ignore[arg-type]

    def filters(self) -> dict[str, Any]:
        """The valid part of the query; an invalid filter is dropped, not fatal."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


def competence_choices() -> list[tuple[Any, Any]]:
    """Competence areas grouped by category, for grouped checkboxes."""
    groups: dict[str, list[tuple[int, str]]] = {}
    labels: dict[str, str] = {}
    for area in CompetenceArea.objects.all():
        groups.setdefault(area.category, []).append((area.pk, area.name))
        labels[area.category] = str(area.get_category_display())
    return [(labels[key], items) for key, items in groups.items()]


# Numbers beyond these mean a typing error, not an arena (issue 20: an age limit of 500).
SENSIBLE_MAXIMA = {
    "max_age_at_appointment": 120,
    "proposal_deadline_days": 365,
    "agenda_deadline_days": 365,
    "advice_response_weeks": 52,
    "members_count": 200,
    "deputies_count": 200,
}


class ArenaForm(forms.ModelForm):
    """Settings of an arena. Fields a kind has defaults for may be left blank."""

    mandate_document = forms.FileField(
        label=_("Mandatdokument"),
        required=False,
        help_text=_("PDF, Word (DOCX) eller OpenDocument (ODT), høyst 10 MB."),
    )
    required_competence = forms.MultipleChoiceField(
        label=_("Kompetanse som må være dekket"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Arena
        fields = ["name", *[f for f in EDITABLE_FIELDS if f != "name"]]
        field_classes = {"mandate": RichTextField}
        # (TextField.formfield names its own Textarea, so the widget is named here too.)
        widgets = {"mandate": RichTextarea}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in (
            "level",
            "influence",
            "term_years",
            "proposal_deadline_days",
            "agenda_deadline_days",
            "advice_response_weeks",
            "members_count",
            "deputies_count",
        ):
            self.fields[name].required = False
        # The legal ceiling per kind is checked (and explained) by the domain function;
        # the common bounds (common/bounds.py) stay.
        term_years = self.fields["term_years"]
        term_years.validators = [
            v for v in term_years.validators if not isinstance(v, MaxValueValidator)
        ]
        term_years.widget.attrs.pop("max", None)
        for name, most in SENSIBLE_MAXIMA.items():
            field = self.fields[name]
            field.max_value = most  # type: ignore[attr-defined]
            field.validators.append(MaxValueValidator(most))
            field.widget.attrs["max"] = most
        self.fields["level"].choices = [("", _("Som standard for typen")), *Level.choices]  # type: ignore[attr-defined]
        self.fields["influence"].choices = [  # type: ignore[attr-defined]
            ("", _("Som standard for typen")),
            *Influence.choices,
        ]
        self.fields["mandate"].help_text = RICH_TEXT_HELP
        required = self.fields["required_competence"]
        required.choices = competence_choices()  # type: ignore[attr-defined]
        # 25 checkboxes written in one join, not a template each (validated by choices).
        use_menu(required, Menu.of(required.choices))  # type: ignore[attr-defined]
        if self.instance.pk and not self.is_bound:
            self.initial["required_competence"] = [
                str(pk) for pk in self.instance.required_competence.values_list("pk", flat=True)
            ]

    def _post_clean(self) -> None:
        # The domain function validates the model; a blank field means "the default".
        pass

    def domain_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in EDITABLE_FIELDS}
        for name in ("level", "influence"):
            data[name] = data[name] or None
        if data["members_count"] is None:
            data["members_count"] = 7
        if data["deputies_count"] is None:
            data["deputies_count"] = 3
        return data

    def competence(self) -> QuerySet[CompetenceArea]:
        return CompetenceArea.objects.filter(pk__in=self.cleaned_data["required_competence"])


class ArenaCreateForm(ArenaForm):
    owner = forms.ModelChoiceField(label=_("Eier"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("Type arena"), choices=ArenaKind.choices)

    field_order = ["owner", "kind", "name"]

    def __init__(self, *args: Any, owners: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        if owners.count() == 1:
            self.fields["owner"].initial = owners.first()


class KindChoiceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hva slags arena vil du opprette?"),
        choices=ArenaKind.choices,
        widget=forms.RadioSelect,
    )


SEAT_KINDS = (OrganisationKind.USER_ORG, OrganisationKind.UMBRELLA)


class ReservedSeatForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisasjon"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("Ingen (velg kategori)"),
    )
    competence_area = forms.ModelChoiceField(
        label=_("eller kategori"),
        required=False,
        queryset=CompetenceArea.objects.all(),
        empty_label=_("Ingen (velg organisasjon)"),
    )
    seats = forms.IntegerField(label=_("Antall plasser"), required=False, min_value=1, max_value=50)

    def __init__(
        self,
        *args: Any,
        competence: Menu | None = None,
        organisations: Menu | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The competence areas, read once for the whole formset (not once per row) and
        # written as a menu, not an option template each.
        if competence is None:
            competence = competence_area_menu()
        use_menu(self.fields["competence_area"], competence, allowed=CompetenceArea.objects.all())
        # Every user organisation and umbrella, in every row: the cached menu (issue 13).
        # The formset reads it from the cache once for all its rows.
        use_menu(
            self.fields["organisation"],
            organisations if organisations is not None else organisation_menu(*SEAT_KINDS),
            allowed=organisations_of_kinds(*SEAT_KINDS),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_target = data.get("organisation") or data.get("competence_area")
        if not has_target and not data.get("seats"):
            return data  # an empty row
        if data.get("organisation") and data.get("competence_area"):
            raise forms.ValidationError(
                _("Velg enten en organisasjon eller en kategori, ikke begge.")
            )
        if not has_target:
            raise forms.ValidationError(_("Velg en organisasjon eller en kategori."))
        if not data.get("seats"):
            self.add_error("seats", _("Oppgi antall plasser."))
        return data


def competence_area_menu() -> Menu:
    """Every competence area in the request's language, in the model's order: one query,
    shared by the rows of a formset."""
    return Menu.of((area.pk, area.name) for area in CompetenceArea.objects.all())


class BaseReservedSeatFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """Reserved-seat rows sharing one read of the competence areas and one copy of the
    organisation menu (its options joined once for every row: ``Menu.options_html``)."""

    @cached_property
    def competence(self) -> Menu:
        return competence_area_menu()

    @cached_property
    def organisations(self) -> Menu:
        return organisation_menu(*SEAT_KINDS)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(index),
            "competence": self.competence,
            "organisations": self.organisations,
        }


ReservedSeatFormSet = forms.formset_factory(
    ReservedSeatForm, formset=BaseReservedSeatFormSet, extra=2, max_num=20
)


class MembershipForm(forms.Form):
    """Seat a person. Search first (issue 13): the person menu lists at most
    ``PEOPLE_SHOWN`` people, those matching the search ``query`` or, without one, those
    affiliated with the arena's organisations; any affiliated person is accepted (a value
    kept from an earlier search), anyone else is a field error."""

    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.none(), empty_label=_("Velg en person")
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=MemberRole.choices)
    deputy_rank = forms.IntegerField(
        label=_("Varanummer"),
        required=False,
        min_value=1,
        max_value=50,
        help_text=_("Bare for vararepresentanter. 1 er første vara."),
    )
    represents = forms.ModelChoiceField(
        label=_("Representerer"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("Ingen organisasjon"),
        help_text=_(
            "Paraplyorganisasjonene, organisasjonene personene i listen er tilknyttet, og "
            "organisasjonene som har plass i arenaen."
        ),
    )
    starts_on = forms.DateField(
        label=_("Fra"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Til og med"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, arena: Arena, query: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shown, more = people_to_seat(arena, query)
        self.more_people = more
        chosen = self.data.get(self.add_prefix("person")) if self.is_bound else None
        if chosen and str(chosen).isdigit() and int(chosen) not in {pk for pk, _n in shown}:
            # Keep the chosen person in the menu when the search has changed.
            shown += list(candidate_people().filter(pk=int(chosen)).values_list("pk", "name"))
        person = self.fields["person"]
        use_menu(person, Menu.of(shown), allowed=candidate_people())
        person.help_text = people_help(query, count=len(shown), more=more)
        organisations = organisations_to_represent(arena, [pk for pk, _n in shown])
        self.fields["represents"].queryset = organisations  # type: ignore[attr-defined]
        use_menu(self.fields["represents"], Menu.of((o.pk, o.name) for o in organisations))


def people_help(query: str, *, count: int, more: bool) -> Any:
    """What the person menu shows, and how to find someone else (read with the menu)."""
    if not query:
        if count:
            return _(
                "Viser personer tilknyttet organisasjonene som har plass i arenaen. "
                "Søk etter navnet for å finne andre."
            )
        return _("Søk etter navnet på personen du vil legge til.")
    if more:
        return _(
            "Viser de %(count)s første som passer søket «%(query)s». "
            "Skriv mer av navnet for å finne personen."
        ) % {"count": count, "query": query}
    if count:
        return _("Viser personene som passer søket «%(query)s».") % {"query": query}
    return _("Ingen personer med tilknytning til en organisasjon passer søket «%(query)s».") % {
        "query": query
    }


class EndMembershipForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Årsak"),
        choices=[
            (EndReason.TERM_ENDED.value, EndReason.TERM_ENDED.label),
            (EndReason.RESIGNED.value, EndReason.RESIGNED.label),
            (EndReason.REPLACED.value, EndReason.REPLACED.label),
            (EndReason.REMOVED.value, EndReason.REMOVED.label),
        ],
    )
    on = forms.DateField(
        label=_("Avsluttet fra og med"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
