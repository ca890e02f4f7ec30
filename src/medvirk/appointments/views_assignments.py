""" "Mine oppdrag" (/personer/mine-oppdrag/, ``people:mine``): the representative's seats,
open nominations and consent.

It joins a person with seats (arenas) and nominations (appointments), so it lives here,
in the lowest app above both; its reads are in ``appointments/selectors.py``. Its route
stays in the ``people`` namespace (``medvirk/urls.py`` composes it with people's own
routes), as do the profile, accommodation and data pages it links to.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from medvirk.appointments.selectors import (
    MembershipRow,
    membership_rows,
    open_nominations,
    own_person,
)
from medvirk.arenas.selectors import current_and_past
from medvirk.common import cache
from medvirk.common.http import AuthedRequest


@login_required
def my_assignments(request: AuthedRequest) -> HttpResponse:
    # Two plain statements (see appointments/selectors.py); the accommodation needs
    # themselves (health data) are not read here.
    person = own_person(request.user.pk)
    current, past = current_and_past(membership_rows(person.pk) if person else [])
    return render(
        request,
        "appointments/my_assignments.html",
        {
            "person": person,
            "current_table": _membership_table(
                current,
                caption=_("Verv du har nå"),
                empty=_("Du sitter ikke i noen råd eller utvalg nå."),
                resignable=True,
            ),
            "past_table": _membership_table(
                past,
                caption=_("Tidligere verv"),
                empty=_("Du har ingen tidligere verv registrert."),
                resignable=False,
            ),
            "consent": person.consent if person else None,
            "nominations": open_nominations(person.pk)
            if person and person.open_nominations
            else [],
        },
    )


def _membership_table(
    rows: list[MembershipRow], *, caption: str, empty: str, resignable: bool
) -> str:
    """The table of rows as HTML, cached under the rows themselves: the key is what the
    table shows (and the language), so it can never be stale."""
    key = cache.make_key("membership-table", rows, caption, empty, resignable)
    return cache.get_or_set(
        key,
        lambda: render_to_string(
            "arenas/includes/person_memberships.html",
            {"rows": rows, "caption": caption, "empty": empty, "resignable": resignable},
        ),
    )
