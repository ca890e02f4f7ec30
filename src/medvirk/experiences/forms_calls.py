"""Forms of calls, answers and moderation. Each only checks what the user typed; the
domain checks again (and decides permissions and dates)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy

from medvirk.arenas.models import Arena
from medvirk.arenas.selectors import arenas_of_organisation, organisation_arena_menu
from medvirk.common.forms import (
    HONEYPOT,
    RichTextField,
    honeypot_field,
    use_cached_choices,
    use_menu,
)
from medvirk.directory.models import Organisation, Region
from medvirk.directory.selectors import kommune_menu
from medvirk.experiences.domain.answers import validate_answer
from medvirk.experiences.domain.calls import (
    MAX_RETENTION_MONTHS,
    MAX_THEME_SIZE,
    MIN_RETENTION_MONTHS,
    MIN_THEME_SIZE,
)
from medvirk.experiences.enums import Audience, ExperienceStatus, RoughWhen
from medvirk.experiences.models import ExperienceCall


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ArenaChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.owner.name})"


class CallForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Tema for innspillsrunden"),
        max_length=200,
        help_text=gettext_lazy("Kort og konkret, for eksempel «Transport til behandling»."),
    )
    description = RichTextField(
        label=gettext_lazy("Beskrivelse"),
        max_length=10000,
        help_text=gettext_lazy("Hva vil dere vite, og hvorfor?"),
    )
    easy_read = forms.CharField(
        label=gettext_lazy("Lettlest versjon"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Korte setninger og vanlige ord. Vises for dem som velger «Lettlest»."
        ),
    )
    target_group = forms.CharField(
        label=gettext_lazy("Målgruppe"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Hvem vil dere høre fra, for eksempel «Pasienter og pårørende»."),
    )
    service_areas = forms.CharField(
        label=gettext_lazy("Tjenesteområder"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("For eksempel «Pasientreiser, poliklinikk»."),
    )
    arenas = ArenaChoiceField(
        label=gettext_lazy("Arenaer innspillene kan brukes i"),
        queryset=Arena.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Arenaer organisasjonen eier, eller der den er representert."),
    )
    opens_on = forms.DateField(label=gettext_lazy("Åpner"), widget=DateInput())
    closes_on = forms.DateField(label=gettext_lazy("Stenger"), widget=DateInput())
    audience = forms.ChoiceField(
        label=gettext_lazy("Hvem kan svare"),
        choices=Audience.choices,
        initial=Audience.LINK,
        widget=forms.RadioSelect,
    )
    allow_anonymous = forms.BooleanField(
        label=gettext_lazy("Svar kan være anonyme"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Uten dette må alle som svarer, oppgi navn og e-post."),
    )
    min_theme_size = forms.IntegerField(
        label=gettext_lazy("Minste antall svar før et tema vises for andre"),
        min_value=MIN_THEME_SIZE,
        max_value=MAX_THEME_SIZE,
        initial=5,
        help_text=gettext_lazy(
            "Minst 2. Færre svar i et tema kan gjøre det lett å se hvem som har svart."
        ),
    )
    retention_months = forms.IntegerField(
        label=gettext_lazy("Måneder svarene oppbevares etter at runden stenger"),
        min_value=MIN_RETENTION_MONTHS,
        max_value=MAX_RETENTION_MONTHS,
        initial=12,
        help_text=gettext_lazy(
            "Fra 1 til 60. Deretter slettes teksten i svarene; temaene beholdes."
        ),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Hundreds of arenas for a large organisation: a cached menu, written as checkboxes
        # in one join, not a template per box; a submitted arena is checked against the query.
        menu = organisation_arena_menu(organisation, timezone.localdate())
        if len(menu):
            use_menu(self.fields["arenas"], menu, allowed=arenas_of_organisation(organisation))
        else:
            del self.fields["arenas"]

    @classmethod
    def initial_for(cls, call: ExperienceCall) -> dict[str, Any]:
        names = [
            "title",
            "description",
            "easy_read",
            "target_group",
            "service_areas",
            "opens_on",
            "closes_on",
            "audience",
            "allow_anonymous",
            "min_theme_size",
            "retention_months",
        ]
        initial = {name: getattr(call, name) for name in names}
        initial["arenas"] = list(call.arenas.all())
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", gettext_lazy("Runden kan ikke stenge før den åpner."))
        data.setdefault("arenas", [])
        return data


class AnswerForm(forms.Form):
    what_happened = forms.CharField(
        label=gettext_lazy("Hva skjedde?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Fortell med dine egne ord. Du trenger ikke skrive navn."),
    )
    service = forms.CharField(
        label=gettext_lazy("Hvilken tjeneste gjaldt det?"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For eksempel fastlegen, sykehuset eller hjemmetjenesten."),
    )
    kommune = forms.ModelChoiceField(
        label=gettext_lazy("Hvor?"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=gettext_lazy("Velg kommune"),
        help_text=gettext_lazy("Kommunen der det skjedde."),
    )
    when = forms.ChoiceField(
        label=gettext_lazy("Omtrent når?"),
        choices=[("", gettext_lazy("Velg")), *RoughWhen.choices],
        required=False,
    )
    impact = forms.CharField(
        label=gettext_lazy("Hva betydde det for deg eller andre?"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    would_have_helped = forms.CharField(
        label=gettext_lazy("Hva ville ha hjulpet?"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contact_name = forms.CharField(label=gettext_lazy("Navn"), max_length=200, required=False)
    contact_email = forms.EmailField(
        label=gettext_lazy("E-post"),
        max_length=254,
        required=False,
        help_text=gettext_lazy(
            "Da får du en kvittering med en lenke du kan bruke til å trekke svaret."
        ),
    )
    contact_consent = forms.BooleanField(
        label=gettext_lazy("Dere kan kontakte meg på e-post om svaret"),
        required=False,
    )

    def __init__(self, *args: Any, call: ExperienceCall, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields[HONEYPOT] = honeypot_field()
        use_cached_choices(self.fields["kommune"], kommune_menu())  # type: ignore[arg-type]
        if not call.allow_anonymous:
            for name in ("contact_name", "contact_email"):
                self.fields[name].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            validate_answer(self.call, {**data, "what_happened": data.get("what_happened", "-")})
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field in self.errors:  # already told (required, too long, not an address)
                    continue
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return data


class ModerationStatusFilter(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Vis"),
        choices=[("", gettext_lazy("Alle svar")), *ExperienceStatus.choices],
        required=False,
    )

    def status_value(self) -> str:
        if self.is_valid():
            return self.cleaned_data["status"]
        return ""


APPROVE = "approve"
REJECT = "reject"


class ModerationForm(forms.Form):
    shared_what_happened = forms.CharField(
        label=gettext_lazy("Hva skjedde (til deling)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    shared_impact = forms.CharField(
        label=gettext_lazy("Hva det betydde (til deling)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    shared_would_have_helped = forms.CharField(
        label=gettext_lazy("Hva ville hjulpet (til deling)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    service = forms.CharField(
        label=gettext_lazy("Tjeneste (til deling)"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "Tjenesten telles og vises i temaene og i saksforslag. Fjern navn og annet som "
            "kan kjenne igjen noen."
        ),
    )
    reject_reason = forms.CharField(
        label=gettext_lazy("Begrunnelse hvis du avviser svaret"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Vises bare for moderatorene."),
    )

    def __init__(self, *args: Any, decision: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.decision = decision

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.decision == APPROVE and not (data.get("shared_what_happened") or "").strip():
            self.add_error(
                "shared_what_happened",
                gettext_lazy("Skriv teksten som kan deles om hva som skjedde."),
            )
        elif self.decision == REJECT and not (data.get("reject_reason") or "").strip():
            self.add_error("reject_reason", gettext_lazy("Skriv hvorfor svaret avvises."))
        elif self.decision not in (APPROVE, REJECT):
            raise ValidationError(gettext_lazy("Velg om svaret skal godkjennes eller avvises."))
        return data
