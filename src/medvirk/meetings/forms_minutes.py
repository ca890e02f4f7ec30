"""Forms for the minutes: the text per item (draft or revision), circulation, comments."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.forms import RichTextarea, RichTextField
from medvirk.meetings.domain.minutes import MAX_TEXT_LENGTH
from medvirk.meetings.models import AgendaItem

DEFAULT_COMMENT_DAYS = 7


def item_label(item: AgendaItem) -> str:
    return _("Sak %(number)s %(title)s") % {"number": item.case_number, "title": item.title}


class MinutesEntriesForm(forms.Form):
    """One textarea per agenda item; on approved minutes also the required change note."""

    def __init__(
        self,
        *args: Any,
        items: Sequence[AgendaItem],
        texts: dict[int, str],
        revision: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"item_{item.pk}"] = RichTextField(
                label=item_label(item),
                required=False,
                max_length=MAX_TEXT_LENGTH,
                initial=texts.get(item.pk, ""),
                help_text=(
                    _("Lukket sak. Teksten vises bare for rådet og sekretariatet.")
                    if item.is_closed
                    else _("Vedtak eller uttalelse.")
                ),
                widget=RichTextarea(attrs={"rows": 5}),
            )
        if revision:
            self.fields["change_note"] = forms.CharField(
                label=gettext_lazy("Hva er endret, og hvorfor"),
                help_text=gettext_lazy("Begrunnelsen vises sammen med den nye versjonen."),
                max_length=4000,
                error_messages={
                    "required": gettext_lazy(
                        "Skriv hva som er endret, og hvorfor. Begrunnelsen vises med protokollen."
                    )
                },
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def rows(self) -> list[tuple[AgendaItem, forms.BoundField]]:
        return [(item, self[f"item_{item.pk}"]) for item in self.items]

    def texts(self) -> dict[int, str]:
        """The text per item id; call after is_valid()."""
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}") or "" for item in self.items}


class CirculateForm(forms.Form):
    comment_deadline = forms.DateField(
        label=gettext_lazy("Frist for merknader"),
        help_text=gettext_lazy("De som var til stede kan gi merknader til og med denne dagen."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("Velg en frist for merknader."),
            "invalid": gettext_lazy("Skriv datoen som dd.mm.åååå."),
        },
    )

    @staticmethod
    def default_deadline() -> datetime.date:
        return timezone.localdate() + datetime.timedelta(days=DEFAULT_COMMENT_DAYS)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Merknad til utkastet"),
        max_length=4000,
        error_messages={"required": gettext_lazy("Skriv merknaden din.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ApproveForm(forms.Form):
    """No fields: carries the domain's errors to the error summary."""
