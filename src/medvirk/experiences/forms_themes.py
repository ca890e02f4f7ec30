"""Forms for themes, cases from themes, the experience bank and individual cases. The
rules live in the domain (``domain/themes.py``, ``domain/cases.py``); these only collect
the input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from medvirk.arenas.models import Arena
from medvirk.common.forms import use_menu
from medvirk.directory.models import Region
from medvirk.directory.selectors import region_menu
from medvirk.experiences.enums import RoughWhen
from medvirk.experiences.models import Experience, Theme
from medvirk.meetings.domain.proposals import MAX_TEXT


class ThemeForm(forms.Form):
    title = forms.CharField(
        label=_("Tittel"),
        max_length=200,
        error_messages={"required": _("Skriv en tittel på temaet.")},
    )
    summary = forms.CharField(
        label=_("Sammendrag"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Hva har svarene til felles? Sammendraget er det andre ser når temaet deles, og "
            "det blir begrunnelsen i et saksforslag. Skriv det slik at ingen kan kjennes igjen."
        ),
    )


class ExperienceChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"#{obj.pk}"


class AddAnswersForm(forms.Form):
    experiences = ExperienceChoiceField(
        label=_("Svar å legge til"),
        queryset=Experience.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Velg minst ett svar å legge til."),
            "invalid_choice": _("Velg svar fra listen."),
        },
    )

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["experiences"].queryset = Experience.objects.filter(  # type: ignore[attr-defined]
            call_id=theme.call_id
        )


class RemoveAnswerForm(forms.Form):
    experience = forms.ModelChoiceField(queryset=Experience.objects.none())

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["experience"].queryset = theme.experiences.all()  # type: ignore[attr-defined]


class ArenaChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.owner.name})"


class SharingForm(forms.Form):
    is_shared = forms.BooleanField(
        label=_("Del sammendraget og tallene"),
        required=False,
        help_text=_(
            "Paraplyorganisasjonene dere er medlem av, og sekretariatene for arenaene du "
            "velger under, ser da tittel, sammendrag, antall svar og kommuner. Aldri svarene."
        ),
    )
    offered_to = ArenaChoiceField(
        label=_("Tilby temaet til disse arenaene"),
        queryset=Arena.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Velg arenaer fra listen.")},
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, arenas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offered_to"].queryset = arenas  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("offered_to") and not data.get("is_shared"):
            self.add_error(
                "offered_to", _("Et tema må deles før det kan tilbys arenaer. Kryss av for å dele.")
            )
        return data


class CaseArenasForm(forms.Form):
    """Step one of a case from a theme: which arenas."""

    arenas = ArenaChoiceField(
        label=_("Hvilke arenaer skal saken til?"),
        queryset=Arena.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Velg minst én arena saken skal til."),
            "invalid_choice": _("Velg arenaer fra listen."),
        },
    )

    def __init__(self, *args: Any, arenas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["arenas"].queryset = arenas  # type: ignore[attr-defined]


class CaseForm(CaseArenasForm):
    """Step two: the proposal, prefilled from the theme."""

    title = forms.CharField(
        label=_("Tittel"),
        max_length=200,
        error_messages={"required": _("Skriv en kort tittel på saken.")},
    )
    problem_why = forms.CharField(
        label=_("Hvorfor er dette et problem?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Forklar hvorfor dette er et problem.")},
    )
    problem_where = forms.CharField(
        label=_("Hvor oppstår problemet?"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    problem_when = forms.CharField(
        label=_("Når oppstår problemet?"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proposed_solution = forms.CharField(
        label=_("Forslag til løsning"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Skriv hva dere foreslår som løsning.")},
    )

    def domain_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "arenas": list(data["arenas"]),
            "title": data["title"],
            "problem_why": data["problem_why"],
            "problem_where": data.get("problem_where") or "",
            "problem_when": data.get("problem_when") or "",
            "proposed_solution": data["proposed_solution"],
        }


class ThemeChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.organisation.name})"


class CombineForm(ThemeForm):
    """An umbrella's theme from its members' shared themes."""

    sources = ThemeChoiceField(
        label=_("Temaer som samles"),
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Velg minst to temaer å samle."),
            "invalid_choice": _("Velg temaer fra listen."),
        },
    )

    def __init__(self, *args: Any, sources: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = sources  # type: ignore[attr-defined]


class IndividualCaseForm(forms.Form):
    what_happened = forms.CharField(
        label=_("Hva skjedde?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Fortell om saken uten navn, alder, diagnoser eller andre detaljer som kan kjennes igjen."
        ),
        error_messages={"required": _("Beskriv hva som skjedde.")},
    )
    service = forms.CharField(
        label=_("Hvilken tjeneste gjaldt det?"), max_length=200, required=False
    )
    kommune = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("Ikke oppgitt"),
        error_messages={"invalid_choice": _("Velg en kommune fra listen.")},
    )
    when = forms.ChoiceField(
        label=_("Omtrent når skjedde det?"),
        choices=[("", _("Ikke oppgitt")), *RoughWhen.choices],
        required=False,
        error_messages={"invalid_choice": _("Velg omtrent når det skjedde fra listen.")},
    )
    impact = forms.CharField(
        label=_("Hva betydde det for personen?"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    would_have_helped = forms.CharField(
        label=_("Hva ville hjulpet?"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_menu(self.fields["kommune"], region_menu(), allowed=Region.objects.all())

    def domain_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "what_happened": data["what_happened"],
            "service": data.get("service") or "",
            "kommune": data.get("kommune"),
            "when": data.get("when") or "",
            "impact": data.get("impact") or "",
            "would_have_helped": data.get("would_have_helped") or "",
        }
