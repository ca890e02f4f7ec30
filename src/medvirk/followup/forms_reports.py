"""Forms for report-back, the organisation's input and the filters of the dashboards."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.arenas.enums import MemberRole
from medvirk.arenas.models import Arena, Membership
from medvirk.common.forms import Menu, use_menu
from medvirk.directory.models import Organisation
from medvirk.followup.domain.inputs import MAX_TEXT as MAX_INPUT
from medvirk.followup.domain.reports import MAX_TEXT
from medvirk.meetings.models import AgendaItem
from medvirk.people.models import Person


def item_label(item: AgendaItem) -> str:
    return f"{item.case_number} {item.title}"


class ReportItemsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        label = item_label(obj)
        if obj.is_closed:
            return label + " " + _("(lukket – rapporten blir fortrolig)")
        return label


class ReportForm(forms.Form):
    discussed = forms.CharField(
        label=gettext_lazy("Hva ble drøftet?"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Kort om sakene som ble behandlet og hva rådet kom fram til. Ikke skriv "
            "helseopplysninger eller navn på andre personer."
        ),
    )
    contributed = forms.CharField(
        label=gettext_lazy("Hva bidro du med?"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "For eksempel synspunkter du la fram for organisasjonen, eller forslag du fikk "
            "gjennomslag for."
        ),
    )
    follow_up = forms.CharField(
        label=gettext_lazy("Hva bør organisasjonen følge opp?"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Saker som kommer tilbake, frister, eller ting organisasjonen bør mene noe om "
            "før neste møte."
        ),
    )
    items = ReportItemsField(
        label=gettext_lazy("Saker rapporten gjelder"),
        queryset=AgendaItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Velg en lukket sak, og rapporten blir fortrolig: bare administratorene i "
            "organisasjonen og du kan lese den."
        ),
    )
    confidential = forms.BooleanField(
        label=gettext_lazy("Fortrolig"),
        required=False,
        help_text=gettext_lazy(
            "Bare administratorene i organisasjonen og du kan lese en fortrolig rapport. "
            "Ellers kan også medlemmene i organisasjonen lese den."
        ),
    )

    def __init__(self, *args: Any, items: QuerySet[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items  # type: ignore[attr-defined]


class RepresentativeField(forms.ModelChoiceField):  # type: ignore[type-arg]
    labels: dict[int, str]

    def label_from_instance(self, obj: Any) -> str:
        return self.labels.get(obj.pk, obj.name)


class ItemField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return item_label(obj)


class InputForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Fra organisasjon"),
        queryset=Organisation.objects.none(),
        help_text=gettext_lazy("Du er administrator i flere organisasjoner som er representert."),
        error_messages={"required": gettext_lazy("Velg hvilken organisasjon innspillet er fra.")},
    )
    person = RepresentativeField(
        label=gettext_lazy("Representant"),
        queryset=Person.objects.none(),
        help_text=gettext_lazy("Representanten får innspillet på e-post og ser det på møtesiden."),
        error_messages={"required": gettext_lazy("Velg hvilken representant som skal få det.")},
    )
    item = ItemField(
        label=gettext_lazy("Sak"),
        queryset=AgendaItem.objects.none(),
        error_messages={
            "required": gettext_lazy("Velg hvilken sak innspillet gjelder."),
            "invalid_choice": gettext_lazy("Velg en sak fra sakskartet."),
        },
    )
    text = forms.CharField(
        label=gettext_lazy("Innspill"),
        max_length=MAX_INPUT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Hva organisasjonen mener om saken, og hva representanten bør ta opp i møtet."
        ),
        error_messages={"required": gettext_lazy("Skriv innspillet.")},
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation],
        memberships: list[Membership],
        items: QuerySet[AgendaItem],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        if len(organisations) > 1:
            field = self.fields["organisation"]
            field.queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
                pk__in=[o.pk for o in organisations]
            ).order_by("name", "pk")
        else:
            del self.fields["organisation"]
        labels: dict[int, str] = {}
        for membership in memberships:
            assert membership.represents is not None
            label = membership.person.name
            if membership.role == MemberRole.DEPUTY:
                label += " " + _("(vararepresentant)")
            if len(organisations) > 1:
                label += f" – {membership.represents.name}"
            labels.setdefault(membership.person_id, label)
        person = self.fields["person"]
        assert isinstance(person, RepresentativeField)
        person.queryset = Person.objects.filter(pk__in=list(labels)).order_by("name", "pk")
        person.labels = labels
        self.fields["item"].queryset = items  # type: ignore[attr-defined]

    def chosen_organisation(self) -> Organisation:
        if "organisation" in self.fields:
            chosen: Organisation = self.cleaned_data["organisation"]
            return chosen
        return self.organisations[0]


class FeedFilterForm(forms.Form):
    ar = forms.TypedChoiceField(label=gettext_lazy("År"), required=False, coerce=int)
    arena = forms.ModelChoiceField(
        label=gettext_lazy("Arena"),
        queryset=Arena.objects.none(),
        required=False,
        empty_label=gettext_lazy("Alle arenaer"),
    )

    def __init__(self, *args: Any, years: list[int], arenas: QuerySet[Arena], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["ar"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Alle år")), *((year, str(year)) for year in years)]
        # Written from a menu in one join: a big organisation's representatives sit in
        # hundreds of arenas, and Django renders a template per <option> (issue 13).
        use_menu(self.fields["arena"], Menu.of(arenas.values_list("pk", "name")), allowed=arenas)

    def value(self, name: str) -> Any:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get(name) or None
        return None


class YearForm(forms.Form):
    ar = forms.TypedChoiceField(label=gettext_lazy("År"), coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["ar"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(year, str(year)) for year in years]
