"""Forms for answering a meeting invitation and recording who came."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from medvirk.meetings.domain.attendance import MAX_NOTE_LENGTH
from medvirk.meetings.enums import AttendanceResponse


class ResponseForm(forms.Form):
    """The answer comes from the button pressed ("Jeg kommer" / "Jeg melder forfall")."""

    response = forms.ChoiceField(
        label=_("Ditt svar"),
        choices=[
            (AttendanceResponse.ATTENDING.value, _("Jeg kommer")),
            (AttendanceResponse.APOLOGIES.value, _("Jeg melder forfall")),
        ],
        error_messages={
            "required": _("Velg om du kommer eller melder forfall."),
            "invalid_choice": _("Velg om du kommer eller melder forfall."),
        },
    )
    note = forms.CharField(
        label=_("Merknad (valgfritt)"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For eksempel at du kommer litt senere. Sekretariatet ser merknaden. "
            "Ikke skriv helseopplysninger her."
        ),
        error_messages={
            "max_length": _("Merknaden kan være høyst %(limit_value)d tegn (nå %(show_value)d).")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "answer_%s")
        super().__init__(*args, **kwargs)


class PresenceForm(forms.Form):
    """Who came: one checkbox per person on the attendance list (rendered in the table)."""

    present = forms.TypedMultipleChoiceField(
        label=_("Møtte"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Velg bare personer som står på oppmøtelisten for møtet."),
        },
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(str(pk), name) for pk, name in people]

    def checked(self) -> set[int]:
        """The person ids ticked: what was posted (kept on errors), else the initial value."""
        raw: list[Any] = list(self.initial.get("present", []))
        if self.is_bound:
            getlist = getattr(self.data, "getlist", None)
            raw = list(getlist("present")) if getlist else list(self.data.get("present", []))
        checked: set[int] = set()
        for value in raw:
            try:
                checked.add(int(value))
            except (TypeError, ValueError):
                continue
        return checked
