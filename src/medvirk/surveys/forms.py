"""The survey forms: the builder's (survey, section, question, option, invitations,
agenda) and the respondent's, built from the questions in the reader's language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from medvirk.common.forms import Menu, honeypot_field, use_menu
from medvirk.directory.selectors import kommune_menu
from medvirk.meetings.forms_proposals import MeetingChoiceField
from medvirk.meetings.models import Meeting
from medvirk.surveys.domain.answers import MAX_LONG, MAX_SHORT, field_name
from medvirk.surveys.domain.surveys import MAX_GROUP, MIN_GROUP
from medvirk.surveys.enums import Distribution, QuestionKind
from medvirk.surveys.models import Question


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


LANGUAGE_NAMES = {"nb": _("bokmål"), "nn": _("nynorsk"), "en": _("engelsk")}


def _translated(
    form: forms.Form,
    base: str,
    label: Any,
    max_length: int,
    *,
    required: bool = True,
    widget: Any = None,
) -> None:
    for language in ("nb", "nn", "en"):
        form.fields[f"{base}_{language}"] = forms.CharField(
            label=f"{label} ({LANGUAGE_NAMES[language]})",
            max_length=max_length,
            required=required and language == "nb",
            widget=widget() if widget else None,
            help_text=_("Kan stå tomt: da vises teksten på bokmål.") if language != "nb" else "",
        )


def _attrs(attrs: dict[str, Any]) -> str:
    """templates/django/forms/attrs.html: `` name="value"`` each in order, True as a bare
    name, False left out (a safe value is not escaped again, as in the template)."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(format_html(" {}", name))
        if value is not True:
            parts.append(format_html('="{}"', str(value)))
    return "".join(parts)


class ChoicesInPython:
    """A radio or checkbox list written in Python, in the markup of the project's
    ``templates/django/forms/widgets/multiple_input.html`` and ``input_option.html``
    (``tests/surveys`` compares the two): a template per option made the answer form,
    with its ten questions and their options, cost 15-20 ms a view."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        context = self.get_context(name, value, attrs)  # type: ignore[attr-defined]
        parts = ['<div class="mv-choice-list">']
        for group, options, _index in context["widget"]["optgroups"]:
            if group:
                parts.append(format_html('<p class="mv-choice-group">{}</p>', group))
            for option in options:
                option_attrs = option["attrs"]
                parts.append(
                    format_html(
                        '<div class="mv-checkbox"><input class="ds-input" type="{}" name="{}"',
                        option["type"],
                        option["name"],
                    )
                )
                if option["value"] is not None:
                    parts.append(format_html(' value="{}"', str(option["value"])))
                parts.append(_attrs(option_attrs))
                parts.append('><label class="ds-label" data-weight="regular"')
                if option_attrs.get("id"):
                    parts.append(format_html(' for="{}"', option_attrs["id"]))
                # (each option's template ends in a line break, and includes one that does)
                parts.append(format_html(">{}</label></div>\n\n", option["label"]))
        parts.append("</div>")
        # Every part was escaped by format_html above.
        return mark_safe("".join(parts))  # noqa: S308


class RadiosInPython(ChoicesInPython, forms.RadioSelect):
    pass


class CheckboxesInPython(ChoicesInPython, forms.CheckboxSelectMultiple):
    pass


class SurveyForm(forms.Form):
    def __init__(
        self,
        *args: Any,
        arenas: QuerySet[Any],
        arena_menu: Menu | None = None,
        published: bool = False,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        _translated(self, "title", _("Tittel"), 200)
        _translated(
            self,
            "intro",
            _("Innledning"),
            3000,
            required=False,
            widget=lambda: forms.Textarea(attrs={"rows": 4}),
        )
        self.fields["opens_on"] = forms.DateField(label=_("Åpner"), widget=DateInput())
        self.fields["closes_on"] = forms.DateField(label=_("Stenger"), widget=DateInput())
        self.fields["distribution"] = forms.ChoiceField(
            label=_("Hvordan sendes undersøkelsen ut?"),
            choices=Distribution.choices,
            initial=Distribution.LINK,
            widget=RadiosInPython,
        )
        self.fields["ask_kommune"] = forms.BooleanField(
            label=_("Spør hvilken kommune de bor i (valgfritt å svare på)"),
            required=False,
            initial=True,
        )
        self.fields["min_group_size"] = forms.IntegerField(
            label=_("Minste antall svar i en gruppe"),
            min_value=MIN_GROUP,
            max_value=MAX_GROUP,
            initial=5,
            help_text=_(
                "Resultater per kommune vises bare for grupper med minst så mange svar, så "
                "ingen kan kjennes igjen."
            ),
        )
        self.fields["arena"] = forms.ModelChoiceField(
            label=_("Knytt til en arena (valgfritt)"),
            queryset=arenas,
            required=False,
        )
        if arena_menu is not None:
            # Written from the menu in one join; a submitted arena is still looked up in
            # ``arenas`` (a user organisation is represented in 1,500 arenas).
            use_menu(self.fields["arena"], arena_menu, allowed=arenas)
        self.fields["results_public"] = forms.BooleanField(
            label=_(
                "Gjør sammendraget av resultatene offentlig (antall og diagrammer, ikke fritekst)"
            ),
            required=False,
        )
        if published:
            for name in ("opens_on", "distribution", "ask_kommune"):
                self.fields[name].disabled = True


class SectionForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _translated(self, "title", _("Tittel på delen"), 200)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type spørsmål"), choices=QuestionKind.choices, widget=RadiosInPython
    )
    required = forms.BooleanField(label=_("Må besvares"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _translated(self, "text", _("Spørsmål"), 500)
        _translated(self, "help", _("Hjelpetekst"), 500, required=False)
        _translated(self, "low_label", _("Hva 1 betyr (bare for skala)"), 100, required=False)
        _translated(self, "high_label", _("Hva 5 betyr (bare for skala)"), 100, required=False)
        # required moves after the texts
        self.order_fields(
            ["kind", *[n for n in self.fields if n not in ("kind", "required")], "required"]
        )


class OptionForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _translated(self, "label", _("Svaralternativ"), 200)


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=_("E-postadresser"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Én adresse per linje. Hver får sin egen lenke, som kan brukes én gang. "
            "Adresser som har fått en lenke før, hoppes over."
        ),
    )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approved", "approved"), ("hidden", "hidden")])


class AgendaForm(forms.Form):
    def __init__(self, *args: Any, meetings: list[Meeting], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["meeting"] = MeetingChoiceField(
            label=_("Møte"),
            queryset=Meeting.objects.filter(pk__in=[m.pk for m in meetings]).select_related(
                "arena"
            ),
        )


class AnswerForm(forms.Form):
    """The respondent's form. Every field is optional here: the domain decides what is
    required, and its errors are shown on the fields (the form keeps what was typed)."""

    def __init__(
        self, *args: Any, questions: list[Question], kommuner: QuerySet[Any] | None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            label = str(question.loc("text"))
            name = field_name(question)
            if question.kind == QuestionKind.SINGLE:
                field: forms.Field = forms.ChoiceField(
                    choices=[(str(o.pk), o.loc_html("label")) for o in question.options.all()],
                    widget=RadiosInPython,
                )
            elif question.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=[(str(o.pk), o.loc_html("label")) for o in question.options.all()],
                    widget=CheckboxesInPython,
                )
            elif question.kind == QuestionKind.SCALE:
                low, high = question.loc_html("low_label"), question.loc_html("high_label")
                field = forms.ChoiceField(
                    choices=[
                        ("1", format_html("1 – {}", low)),
                        ("2", "2"),
                        ("3", "3"),
                        ("4", "4"),
                        ("5", format_html("5 – {}", high)),
                    ],
                    widget=RadiosInPython,
                )
            elif question.kind == QuestionKind.SHORT_TEXT:
                field = forms.CharField(widget=forms.TextInput(attrs={"data-max": MAX_SHORT}))
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 5, "data-max": MAX_LONG})
                )
            field.required = False
            field.label = label
            self.fields[name] = field
        if kommuner is not None:
            self.fields["kommune"] = forms.ModelChoiceField(
                label=_("Hvilken kommune bor du i?"),
                queryset=kommuner,
                required=False,
                empty_label=_("Vil ikke svare"),
                help_text=_("Valgfritt. Brukes bare til å vise resultater for større grupper."),
            )
            # The 357 kommuner, under their fylke (two share a name), from the cached
            # menu written in one join; a submitted one is still looked up in ``kommuner``.
            use_menu(self.fields["kommune"], kommune_menu(), allowed=kommuner)
        self.fields["website"] = honeypot_field()

    def answers(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name.startswith("q")}
