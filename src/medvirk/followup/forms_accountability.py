"""The filters on the public accountability pages (GET, work without JavaScript)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from medvirk.arenas.models import Arena
from medvirk.followup.enums import AdviceStatus


class AdviceFilterForm(forms.Form):
    """Year (of the date the advice was given) and status; on a service's page also the
    arena. Offers only the years that have advice and the service's own arenas."""

    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    arena = forms.TypedChoiceField(label=_("Arena"), required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        *args: Any,
        years: Iterable[int] = (),
        arenas: Iterable[Arena] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            ("", _("Alle år")),
            *((str(year), str(year)) for year in years),
        ]
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _("Alle statuser")),
            *AdviceStatus.choices,
        ]
        if arenas is None:
            del self.fields["arena"]
        else:
            self.fields["arena"].choices = [  # type: ignore[attr-defined]
                ("", _("Alle arenaer")),
                *((str(arena.pk), arena.name) for arena in arenas),
            ]

    def filters(self) -> dict[str, Any]:
        """The valid part of the query; an invalid filter is dropped (and shown as an error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}
