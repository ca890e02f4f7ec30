"""The chooser's steps, the draft arena's name, and the routine's editor."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from medvirk.arenas.enums import Influence, Level
from medvirk.planning.domain.routines import MAX_NOTE, MAX_SECTION
from medvirk.planning.enums import Duration, Purpose, Resources, TargetGroup
from medvirk.planning.routine_template import SECTIONS


class PurposeStepForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Hva skal brukerne være med på?"),
        choices=Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hva brukerne skal være med på.")},
    )
    target_group = forms.ChoiceField(
        label=_("Hvem gjelder det?"),
        choices=TargetGroup.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hvem det gjelder.")},
    )


class InfluenceStepForm(forms.Form):
    level = forms.ChoiceField(
        label=_("På hvilket nivå?"),
        choices=Level.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Individnivå: den enkeltes egen tjeneste. Tjenestenivå: hvordan en tjeneste er "
            "laget og drives. Systemnivå: planer, prioriteringer og budsjett."
        ),
        error_messages={"required": _("Velg nivået.")},
    )
    influence = forms.ChoiceField(
        label=_("Hvor mye innflytelse skal brukerne ha?"),
        choices=Influence.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Brukerperspektiv: brukernes erfaringer tas med. Informant: brukerne gir "
            "informasjon. Dialog: brukerne drøfter med tjenesten. Brukerstyring: brukerne "
            "bestemmer."
        ),
        error_messages={"required": _("Velg hvor mye innflytelse brukerne skal ha.")},
    )


class DurationStepForm(forms.Form):
    duration = forms.ChoiceField(
        label=_("Hvor lenge skal det vare?"),
        choices=Duration.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hvor lenge det skal vare.")},
    )
    resources = forms.ChoiceField(
        label=_("Hvilke ressurser har dere satt av?"),
        choices=Resources.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hvilke ressurser dere har satt av.")},
    )


STEP_FORMS: dict[int, type[forms.Form]] = {
    1: PurposeStepForm,
    2: InfluenceStepForm,
    3: DurationStepForm,
}


class DraftArenaForm(forms.Form):
    name = forms.CharField(
        label=_("Navn på arenaen"),
        max_length=200,
        help_text=_("Du kan endre navnet og alt annet på arenaens side etterpå."),
        error_messages={"required": _("Gi arenaen et navn.")},
    )


class RoutineForm(forms.Form):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for section in SECTIONS:
            self.fields[section.field] = forms.CharField(
                label=section.heading,
                help_text=section.guidance,
                required=False,
                max_length=MAX_SECTION,
                widget=forms.Textarea(attrs={"rows": 6}),
            )
        self.fields["change_note"] = forms.CharField(
            label=_("Hva er endret i denne versjonen?"),
            help_text=_("Vises i versjonsoversikten, for eksempel «Ny frist for tilbakemelding»."),
            required=False,
            max_length=MAX_NOTE,
        )
