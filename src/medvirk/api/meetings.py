"""Meetings of public arenas; a published agenda's public items only. Closed items never
appear, not even as a number or a title (``meetings.selectors`` and its visibility)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Status

from medvirk.api.common import (
    DAY_FORMAT,
    ArenaRef,
    Day,
    ErrorOut,
    Id,
    Out,
    PageOut,
    PageParams,
    Ref,
    absolute_url,
    bad_request,
    cursor_page,
    not_found,
    one_of,
)
from medvirk.api.directory import unknown_region
from medvirk.api.pagination import Keyset
from medvirk.arenas.enums import ArenaKind
from medvirk.arenas.selectors import public_arena
from medvirk.directory.selectors import region_by_code
from medvirk.meetings.models import AgendaItem, Meeting
from medvirk.meetings.selectors import public_agenda, public_meeting, public_meetings_for_list

router = Router()

# In order of time, then id; the index on (starts_at, id) serves it.
BY_TIME = Keyset("meetings", "starts_at", "pk")


class AccessibilityOut(Out):
    step_free_access: bool
    hearing_loop: bool
    accessible_toilet: bool
    note: str


class MeetingOut(Out):
    id: int
    title: str
    arena: ArenaRef
    owner: Ref
    starts_at: datetime = Field(description="Local time (Europe/Oslo) with its UTC offset.")
    ends_at: datetime = Field(description="Local time (Europe/Oslo) with its UTC offset.")
    place: str
    address: str
    accessibility: AccessibilityOut
    status: str = Field(description="planned or cancelled")
    agenda_published: bool
    url: str


class DocumentOut(Out):
    title: str
    file_type: str
    content_type: str
    size: int = Field(description="Size in bytes.")
    url: str


class AgendaItemOut(Out):
    id: int
    case_number: str = Field(description="Number per arena and year, e.g. 7/2027.")
    kind: str
    title: str
    description_html: str = Field(description="Sanitised HTML.")
    documents: list[DocumentOut]


class MeetingDetailOut(MeetingOut):
    items: list[AgendaItemOut] = Field(
        description="The published agenda's public items; empty until the agenda is published."
    )


class MeetingPage(PageOut):
    results: list[MeetingOut]


class MeetingFilters(PageParams):
    arena: Id | None = Field(None, description="Id of a public arena")
    arena_kind: str = Field(
        "",
        description="Kind of arena: " + ", ".join(ArenaKind.values),
        json_schema_extra=one_of(ArenaKind.values),
    )
    region: str = Field(
        "",
        max_length=20,
        description="Region number (fylke or kommune) of the arena's owner, e.g. 46 or 4601",
    )
    from_date: Day | None = Field(
        None, description="Meetings starting on or after this day. " + DAY_FORMAT
    )
    to_date: Day | None = Field(
        None, description="Meetings starting on or before this day. " + DAY_FORMAT
    )


def meeting_fields(meeting: Meeting, url: Callable[[int], str] | None = None) -> dict[str, Any]:
    """The fields of a meeting's body; ``url`` (``absolute_url``) made once for a list."""
    arena = meeting.arena
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "arena": ArenaRef(id=arena.pk, name=arena.name, kind=arena.kind),
        "owner": Ref(id=arena.owner.pk, name=arena.owner.name),
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "place": meeting.place,
        "address": meeting.address,
        "accessibility": AccessibilityOut(
            step_free_access=meeting.step_free_access,
            hearing_loop=meeting.hearing_loop,
            accessible_toilet=meeting.accessible_toilet,
            note=meeting.accessibility_note,
        ),
        "status": meeting.status,
        "agenda_published": meeting.is_published,
        "url": (url or absolute_url("meetings:detail"))(meeting.pk),
    }


def item_out(item: AgendaItem) -> AgendaItemOut:
    site = settings.SITE_URL.rstrip("/")
    return AgendaItemOut(
        id=item.pk,
        case_number=item.case_number,
        kind=item.kind,
        title=item.title,
        description_html=item.description,
        documents=[
            DocumentOut(
                title=document.title,
                file_type=document.file_type,
                content_type=document.content_type,
                size=document.size,
                url=site + document.get_absolute_url(),
            )
            for document in item.documents.all()
        ],
    )


@router.get("/meetings", response={200: MeetingPage, 400: ErrorOut}, tags=["meetings"])
def list_meetings(request: HttpRequest, filters: Query[MeetingFilters]) -> Status[Any]:
    """Meetings of public arenas, past and upcoming, in order of time, a page at a time
    (follow ``next``)."""
    if filters.arena is not None and public_arena(filters.arena) is None:
        return bad_request(_("Fant ingen offentlig arena med id %(id)s.") % {"id": filters.arena})
    if filters.arena_kind and filters.arena_kind not in ArenaKind.values:
        return bad_request(
            _("Ukjent type arena «%(kind)s». Gyldige verdier: %(kinds)s.")
            % {"kind": filters.arena_kind, "kinds": ", ".join(ArenaKind.values)}
        )
    region = None
    if filters.region:
        region = region_by_code(filters.region)
        if region is None:
            return unknown_region(filters.region)
    if filters.from_date and filters.to_date and filters.from_date > filters.to_date:
        return bad_request(_("from_date kan ikke være etter to_date."))
    meetings = public_meetings_for_list(
        arena_id=filters.arena,
        arena_kind=filters.arena_kind,
        owner_region=region,
        from_date=filters.from_date,
        to_date=filters.to_date,
    )
    url = absolute_url("meetings:detail")
    return cursor_page(
        request,
        filters,
        BY_TIME,
        meetings,
        MeetingPage,
        lambda meeting: MeetingOut(**meeting_fields(meeting, url)),
    )


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingDetailOut, 404: ErrorOut, 422: ErrorOut},
    tags=["meetings"],
)
def get_meeting(request: HttpRequest, meeting_id: Path[Id]) -> Status[Any]:
    """One meeting of a public arena, with the public items of its published agenda."""
    meeting = public_meeting(meeting_id)
    if meeting is None:
        return not_found(_("Fant ikke noe offentlig møte med id %(id)s.") % {"id": meeting_id})
    items = public_agenda(meeting)
    return Status(
        200,
        MeetingDetailOut(**meeting_fields(meeting), items=[item_out(item) for item in items]),
    )
