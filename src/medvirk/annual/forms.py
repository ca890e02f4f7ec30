"""The forms of the annual report pages. Validation that needs the database (the year
not taken, the highlighted items in the year) is the domain's; its errors come back on
these forms (``attach_domain_errors``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from medvirk.annual.enums import ReportLanguage
from medvirk.arenas.models import Arena
from medvirk.common.forms import RichTextField
from medvirk.meetings.models import AgendaItem


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class CreateReportForm(forms.Form):
    arena = forms.ModelChoiceField(
        label=_("Hvem gjelder årsmeldingen?"),
        queryset=Arena.objects.none(),
        required=False,
        empty_label=_("Hele tjenesten (alle offentlige arenaer)"),
    )
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    language = forms.ChoiceField(
        label=_("Målform"),
        choices=ReportLanguage.choices,
        help_text=_("Rådet velger om årsmeldingen skrives på bokmål eller nynorsk."),
    )

    def __init__(self, *args: Any, arenas: Iterable[Arena], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["arena"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Arena.objects.filter(pk__in=[arena.pk for arena in arenas]).order_by(
            "name"
        )  # the choices the view read through annual.selectors


@dataclass(frozen=True)
class HighlightRow:
    """One candidate for the highlighted cases: a checkbox and a short note."""

    item: AgendaItem
    check_name: str
    check_id: str
    label: str
    checked: bool
    note_name: str
    note_id: str
    note_label: str
    note: str
    note_errors: str


class EditReportForm(forms.Form):
    """Preface, language, and per candidate item a checkbox and a short note."""

    preface = RichTextField(label=_("Forord"), required=False)
    language = forms.ChoiceField(label=_("Målform"), choices=ReportLanguage.choices)

    def __init__(self, *args: Any, items: Iterable[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            label = item.case_number if item.is_closed else f"{item.case_number} {item.title}"
            self.fields[f"item_{item.pk}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Kort omtale av sak %(case)s") % {"case": item.case_number},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def item_rows(self) -> list[HighlightRow]:
        """The candidates as plain rows that the template writes as inputs itself: a year
        of a busy council holds 250 items, and two widgets each drawn by the form
        renderer's templates cost 170 ms."""
        rows = []
        for item in self.items:
            check, note = self[f"item_{item.pk}"], self[f"note_{item.pk}"]
            rows.append(
                HighlightRow(
                    item=item,
                    check_name=check.html_name,
                    check_id=check.auto_id,
                    label=str(check.label),
                    checked=bool(check.value()),
                    note_name=note.html_name,
                    note_id=note.auto_id,
                    note_label=str(note.label),
                    note=note.value() or "",
                    note_errors=" ".join(str(error) for error in note.errors),
                )
            )
        return rows

    def highlights(self) -> list[tuple[int, str]]:
        data = self.cleaned_data
        return [
            (item.pk, data.get(f"note_{item.pk}", ""))
            for item in self.items
            if data.get(f"item_{item.pk}")
        ]


class SendForm(forms.Form):
    comment_deadline = forms.DateField(label=_("Frist for merknader"), widget=DateInput())


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Din merknad"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReviseForm(forms.Form):
    preface = RichTextField(label=_("Forord"), required=False)
    change_note = forms.CharField(
        label=_("Hva er endret, og hvorfor?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Begrunnelsen vises sammen med den nye versjonen."),
    )
