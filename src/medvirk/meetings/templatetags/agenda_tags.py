"""The agenda section of the meeting page (``{% agenda_section meeting %}``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from medvirk.meetings import visibility
from medvirk.meetings.caching import AGENDA
from medvirk.meetings.domain.agenda import agenda_entries, can_manage
from medvirk.meetings.domain.publishing import is_late

register = template.Library()

# A number no URL prefix contains: reversed once per URL name, then replaced by the pk.
_PLACEHOLDER = "987654321"
_PK_URLS: dict[tuple[str, str, object, str | None], tuple[str, str] | None] = {}


@register.filter
def pk_url(pk: Any, name: str) -> str:
    """``{{ item.pk|pk_url:"meetings:item_detail" }}`` is ``{% url "meetings:item_detail"
    item.pk %}``, but reverses each URL name once (per script prefix, URLconf and
    language) rather than once per row: a 30-item agenda has some 250 links, and
    ``reverse`` costs a tenth of a millisecond each."""
    key = (name, get_script_prefix(), get_urlconf(), get_language())
    try:
        parts = _PK_URLS[key]
    except KeyError:
        url = reverse(name, args=[_PLACEHOLDER])
        head, found, tail = url.partition(_PLACEHOLDER)
        parts = (head, tail) if found and _PLACEHOLDER not in tail else None
        _PK_URLS[key] = parts
    if parts is None:
        return reverse(name, args=[pk])
    return f"{parts[0]}{int(pk)}{parts[1]}"


# Stands in for the CSRF token in a cached agenda; each response gets its own token.
_CSRF_PLACEHOLDER = "mv-agenda-csrf-placeholder"


@register.simple_tag(takes_context=True)
def agenda_section(context: dict[str, Any], meeting: Any) -> str:
    """The agenda as the current user may see it: the draft with edit actions for those
    who run the arena, the published agenda (closed items as placeholders for outsiders)
    for everyone else. A constant number of queries however long the agenda is.

    The section shows nothing about the reader beyond what they may do, so it is cached
    in the cache registry under the meeting's version (``meetings/caching.py``: the
    meeting, its arena, items and documents) per kind of reader: anonymous visitors all
    share one copy; signed-in readers one per combination of the permissions it depends
    on (running the arena, seeing closed items, seeing the draft, the deadline passed).
    The move buttons' CSRF token is never stored: the cached copy holds a placeholder
    that is replaced by this request's token."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if not getattr(user, "is_authenticated", False):
        html = AGENDA.get_or_set(
            "section",
            meeting.pk,
            compute=lambda: _render(request, user, meeting),
            scopes=[meeting.pk],
        )
        return SafeString(html)
    if request is None:
        return SafeString(_render(request, user, meeting))
    manager = can_manage(user, meeting)
    see_closed = visibility.can_see_closed(user, meeting.arena)
    see_draft = visibility.can_see_draft_agenda(user, meeting.arena)
    late = manager and not meeting.is_published and is_late(meeting)
    html = AGENDA.get_or_set(
        "section-for",
        meeting.pk,
        int(manager),
        int(see_closed),
        int(see_draft),
        int(late),
        compute=lambda: _render(request, user, meeting, csrf_token=_CSRF_PLACEHOLDER),
        scopes=[meeting.pk],
    )
    if _CSRF_PLACEHOLDER in html:
        html = html.replace(_CSRF_PLACEHOLDER, get_token(request))
    return SafeString(html)


def _render(request: Any, user: Any, meeting: Any, csrf_token: str | None = None) -> str:
    manager = can_manage(user, meeting)
    context = {
        "meeting": meeting,
        "entries": agenda_entries(meeting, user),
        "can_manage": manager,
        "can_see_closed": visibility.can_see_closed(user, meeting.arena),
        "late": manager and not meeting.is_published and is_late(meeting),
    }
    if csrf_token is not None:
        context["csrf_token"] = csrf_token
    return render_to_string("meetings/agenda_section.html", context, request=request)
