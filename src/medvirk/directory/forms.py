from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from medvirk.common.forms import Menu, use_menu
from medvirk.directory.caching import DIRECTORY
from medvirk.directory.enums import Level, OrganisationKind, ServiceKind
from medvirk.directory.models import Contact, Organisation, Region, TargetGroup
from medvirk.directory.selectors import (
    DirectoryFilter,
    organisation_menu,
    organisations_of_kinds,
    region_choices,
    region_menu,
)
from medvirk.directory.validators import normalise_orgnr, validate_orgnr

ORG_NUMBER_INPUT_LENGTH = 20


def kind_choices() -> list[tuple[Any, Any]]:
    return [
        ("", _("Alle typer")),
        (OrganisationKind.USER_ORG.value, OrganisationKind.USER_ORG.label),
        (OrganisationKind.UMBRELLA.value, OrganisationKind.UMBRELLA.label),
        (OrganisationKind.SERVICE.value, _("Alle tjenesteytere")),
        (_("Tjenesteytere"), [(k.value, k.label) for k in ServiceKind]),
    ]


FILTER_FIELDS = ("kind", "region", "target_group", "umbrella")


def _build_filter_menus() -> dict[str, Menu]:
    """Each filter's menu (its first choice the empty "all" one)."""
    target_groups: list[tuple[str, Any]] = [("", str(_("Alle målgrupper")))]
    target_groups += [(str(t.pk), t.name) for t in TargetGroup.objects.all()]
    umbrellas: list[tuple[str, Any]] = [("", str(_("Alle")))]
    umbrellas += [
        (str(pk), name)
        for pk, name in Organisation.objects.umbrellas().public().values_list("pk", "name")
    ]
    menus: dict[str, list[tuple[str, Any]]] = {
        "kind": _plain(kind_choices()),
        "region": _plain(region_choices()),
        "target_group": target_groups,
        "umbrella": umbrellas,
    }
    return {name: Menu.of(choices) for name, choices in menus.items()}


def _plain(choices: list[tuple[Any, Any]]) -> list[tuple[str, Any]]:
    """Lazy labels made into strings in the active language, so they can be cached."""
    return [
        (str(value), _plain(list(label)) if isinstance(label, list | tuple) else str(label))
        for value, label in choices
    ]


def filter_menus() -> dict[str, Menu]:
    """The filters' menus, cached per language and directory version."""
    return DIRECTORY.get_or_set("filter-menu-objects", compute=_build_filter_menus)


class MenuChoiceField(forms.ChoiceField):
    """A choice field validated against its menu's values (setting ``choices`` would
    normalise hundreds of them on every request)."""

    allowed: frozenset[str] = frozenset()

    def valid_value(self, value: Any) -> bool:
        return str(value) in self.allowed


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Søk"), required=False, max_length=200)
    kind = MenuChoiceField(label=_("Type"), required=False)
    region = MenuChoiceField(label=_("Område"), required=False)
    target_group = forms.ModelChoiceField(
        label=_("Målgruppe"),
        required=False,
        queryset=TargetGroup.objects.all(),
        empty_label=_("Alle målgrupper"),
    )
    umbrella = forms.ModelChoiceField(
        label=_("Paraplyorganisasjon"),
        required=False,
        queryset=Organisation.objects.umbrellas().public().only("pk", "name"),
        empty_label=_("Alle"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        menus = filter_menus()
        for name in FILTER_FIELDS:
            field = self.fields[name]
            if isinstance(field, MenuChoiceField):
                field.allowed = menus[name].values()
            # (The model choice fields validate against their querysets.)
            use_menu(field, menus[name])
            field.widget.empty_label = None  # type: ignore[attr-defined]  # the menu's own
        self.fields["q"].widget.input_type = "search"  # type: ignore[attr-defined]
        self.fields["q"].widget.attrs.update({"autocomplete": "off"})

    def clean_region(self) -> Region | None:
        value = self.cleaned_data.get("region")
        if not value:
            return None
        return Region.objects.filter(pk=value).first()

    def to_filter(self) -> DirectoryFilter:
        """The valid part of the query; an invalid filter is dropped, not fatal."""
        if not self.is_bound:
            return DirectoryFilter()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return DirectoryFilter(
            q=(data.get("q") or "").strip(),
            kind=data.get("kind") or "",
            region=data.get("region"),
            target_group=data.get("target_group"),
            umbrella=data.get("umbrella"),
        )


def https_urls(field: Any, **kwargs: Any) -> forms.Field | None:
    """Model fields to form fields, reading a bare domain in a URL field as https://."""
    from django.db import models

    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        formfield_callback = https_urls
        fields = [
            "name",
            "kind",
            "service_kind",
            "org_number",
            "level",
            "parent",
            "umbrellas",
            "regions",
            "target_groups",
            "website",
            "description",
            "is_public",
        ]
        widgets = {
            "umbrellas": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "regions": forms.SelectMultiple(attrs={"size": 12}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The parent, umbrella and region menus list thousands of rows at national scale:
        # cached menus written without a template per option (issue 13); each field still
        # validates against exactly the rows its menu lists.
        own = [self.instance.pk] if self.instance.pk else []
        self.fields["parent"].empty_label = _("Ingen (øverste ledd)")  # type: ignore[attr-defined]
        use_menu(
            self.fields["parent"],
            organisation_menu(),
            allowed=organisations_of_kinds().exclude(pk__in=own),
            exclude=own,
        )
        use_menu(
            self.fields["umbrellas"],
            organisation_menu(OrganisationKind.UMBRELLA),
            allowed=organisations_of_kinds(OrganisationKind.UMBRELLA).exclude(pk__in=own),
            exclude=own,
        )
        self.fields["service_kind"].choices = [  # type: ignore[attr-defined]
            ("", _("Ikke tjenesteyter")),
            *ServiceKind.choices,
        ]
        self.fields["service_kind"].help_text = _("Velg bare når typen er tjenesteyter.")
        self.fields["level"].choices = [("", _("Ikke oppgitt")), *Level.choices]  # type: ignore[attr-defined]
        # Grouped by fylke, so that each kommune is found under its fylke.
        use_menu(self.fields["regions"], region_menu(), allowed=Region.objects.all())
        self.fields["regions"].help_text = _(
            "Velg «Hele …» for et helt fylke. For å velge flere: hold nede Ctrl "
            "(Cmd på Mac) mens du klikker, eller Shift og piltastene med tastaturet."
        )
        # People write "974 760 673": room for spaces and dots; clean_org_number strips them.
        org_number = self.fields["org_number"]
        org_number.max_length = ORG_NUMBER_INPUT_LENGTH  # type: ignore[attr-defined]
        org_number.validators = [
            v for v in org_number.validators if not isinstance(v, MaxLengthValidator)
        ] + [MaxLengthValidator(ORG_NUMBER_INPUT_LENGTH)]
        org_number.widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "maxlength": ORG_NUMBER_INPUT_LENGTH}
        )
        self.fields["website"].widget.attrs.update({"autocomplete": "url"})

    def clean_org_number(self) -> str:
        value = normalise_orgnr(self.cleaned_data.get("org_number") or "")
        if value:
            validate_orgnr(value)
        if (
            value
            and Organisation.objects.filter(org_number=value).exclude(pk=self.instance.pk).exists()
        ):
            raise forms.ValidationError(
                _("En annen organisasjon er allerede registrert med dette organisasjonsnummeret."),
                code="unique",
            )
        return value


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone", "is_public", "is_primary"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "off"})
        self.fields["phone"].widget.attrs.update({"type": "tel", "autocomplete": "off"})

    def as_domain_row(self) -> dict[str, Any]:
        row = {f: self.cleaned_data.get(f) for f in self.Meta.fields}
        row["id"] = self.instance.pk
        row["delete"] = bool(self.cleaned_data.get("DELETE"))
        return row


class BaseContactFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        # Django checks a posted contact id against *all* contacts. Only this
        # organisation's own contacts may be edited here.
        own = {c.pk for c in self.get_queryset()}
        for form in self.forms:
            chosen = getattr(form, "cleaned_data", {}).get("id")
            if chosen is not None and chosen.pk not in own:
                raise forms.ValidationError(
                    _("Kontaktpersonen finnes ikke i denne organisasjonen."), code="foreign"
                )
        primaries = [
            f
            for f in self.forms
            if getattr(f, "cleaned_data", None)
            and f.cleaned_data.get("is_primary")
            and not f.cleaned_data.get("DELETE")
        ]
        if len(primaries) > 1:
            raise forms.ValidationError(_("Bare én kontaktperson kan være hovedkontakt."))

    def domain_rows(self) -> list[dict[str, Any]]:
        return [
            form.as_domain_row()  # type: ignore[attr-defined]
            for form in self.forms
            if getattr(form, "cleaned_data", None) and (form.instance.pk or form.has_changed())
        ]


ContactFormSet = forms.inlineformset_factory(
    Organisation,
    Contact,
    form=ContactForm,
    formset=BaseContactFormSet,
    extra=1,
    can_delete=True,
    max_num=30,
    validate_max=True,
)
