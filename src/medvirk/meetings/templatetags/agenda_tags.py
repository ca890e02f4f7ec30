"""The agenda section of the meeting page (``{% agenda_section meeting %}``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from medvirk.common import cache
from medvirk.common.rows import text_rows
from medvirk.meetings import visibility
from medvirk.meetings.domain.agenda import agenda_entries, can_manage
from medvirk.meetings.domain.publishing import is_late
from medvirk.meetings.models import AgendaItem, CaseDocument, Meeting

register = template.Library()


@register.simple_tag(takes_context=True)
def agenda_section(context: dict[str, Any], meeting: Any) -> str:
    """The agenda as the current user may see it: the draft with edit actions for those
    who run the arena, the published agenda (closed items as placeholders for outsiders)
    for everyone else. A constant number of queries however long the agenda is.

    Anonymous visitors all see the same public agenda, so theirs is cached, keyed by what
    it is made of (:func:`public_agenda_fingerprint`). Nobody else's is."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if not getattr(user, "is_authenticated", False):
        key = cache.make_key("public-agenda", meeting.pk, public_agenda_fingerprint(meeting))
        return SafeString(cache.get_or_set(key, lambda: _render(request, user, meeting)))
    return SafeString(_render(request, user, meeting))


def _render(request: Any, user: Any, meeting: Any) -> str:
    manager = can_manage(user, meeting)
    return render_to_string(
        "meetings/agenda_section.html",
        {
            "meeting": meeting,
            "entries": agenda_entries(meeting, user),
            "can_manage": manager,
            "can_see_closed": visibility.can_see_closed(user, meeting.arena),
            "late": manager and not meeting.is_published and is_late(meeting),
        },
        request=request,
    )


def public_agenda_fingerprint(meeting: Meeting) -> tuple[Any, ...]:
    """Everything the public agenda section shows comes from these values, so it changes
    when they do: the meeting and arena rows, and every item's place, last change and
    documents (added or removed: count and newest). One statement, written out: built
    with the ORM it cost more than the query on the busiest public page.

    Positions are read because moving an item does not touch its ``updated_at``."""
    arena = meeting.arena
    item, document = AgendaItem._meta.db_table, CaseDocument._meta.db_table
    sql = f"""
        SELECT i.id, i.position, i.updated_at, COUNT(d.id), MAX(d.created_at)
        FROM {item} i LEFT JOIN {document} d ON d.item_id = i.id
        WHERE i.meeting_id = %s
        GROUP BY i.id, i.position, i.updated_at
        ORDER BY i.id
    """  # noqa: S608 - table names from the models, values as parameters
    items = text_rows(sql, [meeting.pk])
    return (
        meeting.updated_at,
        meeting.agenda_published_at,
        meeting.status,
        arena.pk,
        arena.updated_at,
        arena.is_public,
        items,
    )
