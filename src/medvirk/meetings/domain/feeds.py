"""iCalendar feeds: one per public arena, and a private one per user behind a token.

Each meeting is a VEVENT with a UID that never changes and a SEQUENCE that goes
up on every change a calendar must pick up, so calendar clients update the
event in place. Cancelled meetings stay in the feed with STATUS:CANCELLED, or
the clients would simply keep showing them. Times are written in UTC
(``DTSTART:20270328T080000Z``), which every client understands without a
VTIMEZONE block and which cannot drift across daylight-saving changes.

The description lists only the *public* items of a published agenda, in the
personal feed too: a calendar is synced to phones, shared calendars and
third-party servers, so nothing closed may go there.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import icalendar
import rules
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.arenas.models import Arena, Membership
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.tokens import hash_token, new_token
from medvirk.meetings.models import AgendaItem, CalendarFeed, Meeting
from medvirk.meetings.visibility import public_items_only

if TYPE_CHECKING:
    from medvirk.accounts.models import User

FEED_CREATED = register_action(
    "meetings.feed.created", gettext_lazy("Lagde privat kalenderabonnement")
)
FEED_REVOKED = register_action(
    "meetings.feed.revoked", gettext_lazy("Trakk tilbake kalenderabonnement")
)

HISTORY = datetime.timedelta(days=365)
TOUCH_INTERVAL = datetime.timedelta(hours=1)
MAX_TOKEN_LENGTH = 100
PRODID = "-//Medvirk//Møteplan//NB"


# --- Building calendars ---------------------------------------------------------------


def _since() -> datetime.datetime:
    return timezone.now() - HISTORY


def _public_items(meetings: list[Meeting]) -> dict[int, list[AgendaItem]]:
    """Public items of the published agendas, by meeting (one query)."""
    published = [m.pk for m in meetings if m.is_published]
    items: dict[int, list[AgendaItem]] = defaultdict(list)
    if not published:
        return items
    queryset = public_items_only(AgendaItem.objects.filter(meeting_id__in=published)).order_by(
        "meeting_id", "position", "number"
    )
    for item in queryset.only("pk", "meeting_id", "year", "number", "title"):
        items[item.meeting_id].append(item)
    return items


def _summary(meeting: Meeting) -> str:
    name = f"{meeting.arena.name}: {meeting.title}" if meeting.title else meeting.arena.name
    if meeting.is_cancelled:
        return _("AVLYST: %(name)s") % {"name": name}
    return name


def _description(meeting: Meeting, items: list[AgendaItem], url: str, link: str = "") -> str:
    lines: list[str] = []
    if meeting.is_cancelled:
        lines += [_("Møtet er avlyst."), meeting.cancelled_reason, ""]
    if link:
        lines += [_("Digitalt møte: %(url)s") % {"url": link}, ""]
    if items:
        lines.append(_("Sakskart:"))
        lines += [f"{item.case_number} {item.title}" for item in items]
        lines.append("")
    elif meeting.is_published:
        lines += [_("Sakskartet har ingen åpne saker."), ""]
    else:
        lines += [_("Sakskartet er ikke publisert ennå."), ""]
    lines.append(_("Mer om møtet: %(url)s") % {"url": url})
    return "\n".join(lines)


def _event(meeting: Meeting, items: list[AgendaItem], *, link: str = "") -> icalendar.Event:
    """One meeting as a VEVENT. ``link`` is the digital link, given only to a reader
    the meeting page shows it to (never in the feeds, which leave the platform)."""
    url = settings.SITE_URL.rstrip("/") + meeting.get_absolute_url()
    event = icalendar.Event()
    event.add("uid", f"{meeting.uid}@medvirk")
    event.add("dtstamp", meeting.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
    event.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
    event.add("summary", _summary(meeting))
    location = ", ".join(part for part in (meeting.place, meeting.address) if part) or link
    if location:
        event.add("location", location)
    event.add("url", url)
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("description", _description(meeting, items, url, link))
    return event


def _calendar(name: str, meetings: Iterable[Meeting], *, show_links: bool = False) -> bytes:
    rows = list(meetings)
    items = _public_items(rows)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for meeting in rows:
        link = meeting.digital_link if show_links else ""
        cal.add_component(_event(meeting, items.get(meeting.pk, []), link=link))
    return cal.to_ical()


def _feed_meetings(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return (
        queryset.filter(starts_at__gte=_since()).select_related("arena").order_by("starts_at", "pk")
    )


def arena_calendar(arena: Arena) -> bytes:
    """The arena's meetings from a year back onward. Public arenas only."""
    if not arena.is_public:
        raise PermissionDenied
    meetings = _feed_meetings(Meeting.objects.filter(arena=arena))
    return _calendar(arena.name, meetings)


def person_arena_ids(user: User) -> QuerySet[Membership, Any]:
    """Arenas where the user's person has a current or upcoming seat (deputies too)."""
    today = timezone.localdate()
    return (
        Membership.objects.filter(person__user=user, ended_on__isnull=True, ends_on__gte=today)
        .values("arena_id")
        .distinct()
    )


def person_calendar(user: User) -> bytes:
    """Meetings of every arena the user sits in or will sit in, from a year back onward."""
    return arenas_calendar(person_arena_id_list(user))


def person_arena_id_list(user: User) -> list[int]:
    """:func:`person_arena_ids` as a sorted list: what the personal feed is made of, and
    so the key it is cached under (everyone with the same seats shares one copy)."""
    return sorted(row["arena_id"] for row in person_arena_ids(user))


def arenas_calendar(arena_ids: list[int]) -> bytes:
    """The personal feed of someone who sits in ``arena_ids``."""
    meetings = _feed_meetings(Meeting.objects.filter(arena_id__in=arena_ids))
    return _calendar(_("Mine møter i Medvirk"), meetings)


def meeting_calendar(meeting: Meeting, *, show_link: bool) -> bytes:
    """One meeting as a calendar file ("Legg til i kalender"), built like the feeds.

    The caller has checked that the reader may see the meeting page; ``show_link`` is
    whether that page shows them the digital link. Only public items of a published
    agenda are listed, as in the feeds: the file ends up in calendars we do not control.
    """
    return _calendar(_summary(meeting), [meeting], show_links=show_link)


# --- The private token -----------------------------------------------------------------


@transaction.atomic
def create_feed(*, by: User) -> tuple[CalendarFeed, str]:
    """A new private feed for ``by``; the previous one stops working. Returns the raw
    token, which is shown once and never stored."""
    if not rules.has_perm("meetings.use_calendar_feed", by):
        raise PermissionDenied
    # Lock the user row so two clicks at once cannot leave two active feeds.
    get_user_model().objects.select_for_update().filter(pk=by.pk).first()
    now = timezone.now()
    previous = list(
        CalendarFeed.objects.select_for_update().filter(user=by, revoked_at__isnull=True)
    )
    for feed in previous:
        feed.revoked_at = now
        feed.save(update_fields=["revoked_at"])
    token, token_hash = new_token()
    feed = CalendarFeed.objects.create(user=by, token_hash=token_hash)
    log_activity(
        action=FEED_CREATED,
        actor=by,
        obj=feed,
        data={"revoked": [f.pk for f in previous]},
    )
    return feed, token


@transaction.atomic
def revoke_feed(feed: CalendarFeed, *, by: User) -> CalendarFeed:
    """Stop a private feed. Only its owner may."""
    if not getattr(by, "is_authenticated", False) or feed.user_id != by.pk:
        raise PermissionDenied
    locked = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("Kalenderabonnementet er allerede trukket tilbake."))
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    log_activity(action=FEED_REVOKED, actor=by, obj=locked)
    feed.revoked_at = locked.revoked_at
    return locked


def active_feed(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_for_token(token: str) -> CalendarFeed | None:
    """The active feed a token opens, or None. Looked up by the token's hash."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def record_feed_use(feed: CalendarFeed) -> None:
    """Note when the feed was last fetched, at most once an hour.

    Calendar clients poll every few minutes; this is bookkeeping for the owner
    ("last used"), not an audited action, so it is not logged.
    """
    now = timezone.now()
    if feed.last_used_at is not None and now - feed.last_used_at < TOUCH_INTERVAL:
        return
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    feed.last_used_at = now
