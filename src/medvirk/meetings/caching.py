"""What the meetings app caches, and the models each part shows (the cache registry,
issue 12).

- :data:`DASHBOARD`: the secretariat dashboard's sections (upcoming meetings with their
  deadlines and item counts, open proposals per arena, minutes not yet approved), cached
  as HTML per user under the version of each service they cover. Besides the versions,
  the key holds the day (deadlines are shown relative to today) and the entry expires
  when the next meeting in it starts (it then moves from "upcoming" to "minutes
  waiting") or after ``TIMEOUT`` at the latest.
- :data:`AGENDA`: the public agenda section of a meeting page (anonymous visitors all see
  the same), per meeting: the meeting, its arena, its items and their documents.
- :data:`PDF`: the agenda and minutes PDFs, per meeting and per kind of reader (closed
  items in full, or as placeholders): the meeting, its arena, items, documents and
  minutes. A PDF takes WeasyPrint hundreds of milliseconds; its readers share it.

Both are retired by the registry's signals at once and again on commit; a write that
skips signals touches the model (``cache_registry.touch``).
"""

from __future__ import annotations

from collections.abc import Iterable

from medvirk.arenas.models import Arena
from medvirk.common.cache_registry import namespace
from medvirk.directory.models import Organisation
from medvirk.meetings.models import AgendaItem, CaseDocument, CaseProposal, Meeting, Minutes

TIMEOUT = 300


def _owner_of_arena(arena_id: int) -> list[int]:
    return list(Arena.objects.filter(pk=arena_id).values_list("owner_id", flat=True))


def _owner_of_meeting(meeting_id: int) -> list[int]:
    return list(Meeting.objects.filter(pk=meeting_id).values_list("arena__owner_id", flat=True))


DASHBOARD = namespace(
    "meetings:dashboard",
    scoped=True,
    timeout=TIMEOUT,
    models={
        Arena: lambda arena: [arena.owner_id],
        Meeting: lambda meeting: _owner_of_arena(meeting.arena_id),
        CaseProposal: lambda proposal: _owner_of_arena(proposal.arena_id),
        AgendaItem: lambda item: _owner_of_meeting(item.meeting_id),
        Minutes: lambda minutes: _owner_of_meeting(minutes.meeting_id),
    },
    doc="The secretariat dashboard's sections, per service.",
)


def _meetings_of_item(item_id: int) -> list[int]:
    return list(AgendaItem.objects.filter(pk=item_id).values_list("meeting_id", flat=True))


AGENDA = namespace(
    "meetings:public-agenda",
    scoped=True,
    models={
        Meeting: lambda meeting: [meeting.pk],
        AgendaItem: lambda item: [item.meeting_id],
        CaseDocument: lambda document: _meetings_of_item(document.item_id),
        Arena: lambda arena: Meeting.objects.filter(arena_id=arena.pk).values_list("pk", flat=True),
    },
    doc="The public agenda section of a meeting page, per meeting.",
)


PDF = namespace(
    "meetings:pdf",
    scoped=True,
    models={
        Meeting: lambda meeting: [meeting.pk],
        AgendaItem: lambda item: [item.meeting_id],
        CaseDocument: lambda document: _meetings_of_item(document.item_id),
        Minutes: lambda minutes: [minutes.meeting_id],
        Arena: lambda arena: Meeting.objects.filter(arena_id=arena.pk).values_list("pk", flat=True),
        Organisation: lambda owner: Meeting.objects.filter(arena__owner_id=owner.pk).values_list(
            "pk", flat=True
        ),
    },
    doc="The agenda and minutes PDFs of a meeting, per kind of reader.",
)


def versions(service_ids: Iterable[int]) -> dict[int, str]:
    """The dashboard versions of the services."""
    return DASHBOARD.versions(service_ids)
