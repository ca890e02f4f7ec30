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

- :data:`UPCOMING`: the public list of upcoming meetings of public arenas -- its number
  (per day, kind of arena and region) and each page's HTML (per day, query and
  language): meetings, arenas, services (their regions and names) and regions (a
  county's municipalities).
- :data:`FEEDS`: the iCalendar feeds, per arena (the public arena feed) and per set of
  arenas (the private feed of everyone who sits in just those arenas): the arena, its
  meetings and their items. Calendar clients poll constantly. The feeds reach a year
  back, a window that moves: an entry lives ``FEED_TIMEOUT`` at most.

All are retired by the registry's signals at once and again on commit; a write that
skips signals touches the model (``cache_registry.touch``).
"""

from __future__ import annotations

from collections.abc import Iterable

from medvirk.arenas.models import Arena
from medvirk.arenas.selectors import owner_of_arena
from medvirk.common.cache_registry import namespace
from medvirk.directory.models import Organisation, Region
from medvirk.meetings.models import AgendaItem, CaseDocument, CaseProposal, Meeting, Minutes
from medvirk.meetings.selectors import owner_of_meeting

TIMEOUT = 300


DASHBOARD = namespace(
    "meetings:dashboard",
    scoped=True,
    timeout=TIMEOUT,
    models={
        Arena: lambda arena: [arena.owner_id],
        Meeting: lambda meeting: owner_of_arena(meeting.arena_id),
        CaseProposal: lambda proposal: owner_of_arena(proposal.arena_id),
        AgendaItem: lambda item: owner_of_meeting(item.meeting_id),
        Minutes: lambda minutes: owner_of_meeting(minutes.meeting_id),
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


FEED_TIMEOUT = 3600

FEEDS = namespace(
    "meetings:feeds",
    scoped=True,
    timeout=FEED_TIMEOUT,
    models={
        Arena: lambda arena: [arena.pk],
        Meeting: lambda meeting: [meeting.arena_id],
        AgendaItem: lambda item: [item.arena_id],
    },
    doc="The iCalendar feeds, per arena and per set of arenas.",
)


UPCOMING = namespace(
    "meetings:upcoming",
    # The region filter: the services' regions, and a county's municipalities.
    models={Meeting: None, Arena: None, Organisation: None, Region: None},
    doc="The public list of upcoming meetings: its number and its pages' HTML.",
)
