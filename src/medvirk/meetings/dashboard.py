"""The secretariat's dashboard of meetings: its windows and its rows, made in Python.

The dashboard page (``views_agenda.dashboard``) and the start page ("Min side",
``medvirk.start``) show the same rows: upcoming meetings with their deadline warnings,
and past meetings whose minutes are not approved.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from medvirk.arenas.models import Arena
from medvirk.common.dates import format_date
from medvirk.common.rows import choice_labels, url_maker
from medvirk.meetings.enums import MinutesStatus
from medvirk.meetings.models import Meeting

DASHBOARD_DAYS = 90
# Past meetings without approved minutes: how far back, and how many are listed.
DASHBOARD_PAST_DAYS = 365
DASHBOARD_PAST_ROWS = 25
WARN_DAYS = 7


def dashboard_window(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """From the oldest past meeting shown to the last upcoming one."""
    return (
        now - datetime.timedelta(days=DASHBOARD_PAST_DAYS),
        now + datetime.timedelta(days=DASHBOARD_DAYS),
    )


def _day(value: datetime.date) -> str:
    return format_date(value, "SHORT_DATE_FORMAT")


class DashboardRows:
    """The dashboard's rows as plain strings. Every translated text and URL pattern is
    looked up once per request, not once per row."""

    def __init__(self, today: datetime.date) -> None:
        self.today = today
        self.timezone = timezone.get_current_timezone()
        self.meeting_url = url_maker("meetings:detail")
        self.publish_url = url_maker("meetings:publish")
        self.arena_url = url_maker("arenas:detail")
        self.proposals_url = url_maker("meetings:proposal_list")
        self.published = _("Publisert %(date)s")
        self.deadlines = _("Saksforslag innen %(proposals)s, sakskart innen %(agenda)s")
        self.passed = _("Frist passert")
        self.soon = _("Frist snart")
        self.agenda_passed = _(
            "Fristen for sakskartet var %(date)s, og sakskartet er ikke publisert."
        )
        self.agenda_soon = _("Sakskartet må publiseres innen %(date)s.")
        self.proposals_passed = _("Fristen for saksforslag gikk ut %(date)s.")
        self.proposals_soon = _("Fristen for saksforslag er %(date)s.")
        self.not_started = _("Ikke påbegynt")
        self.minutes_status = choice_labels(MinutesStatus)
        # ngettext_lazy with the name of the number: the form is chosen at the %.
        self.drafts = ngettext_lazy("Utkast, %(count)s sak", "Utkast, %(count)s saker", "count")
        self.open_proposals = ngettext_lazy(
            "%(count)s åpent saksforslag", "%(count)s åpne saksforslag", "count"
        )
        self._plurals: dict[tuple[str, int], str] = {}

    def _plural(self, name: str, count: int) -> str:
        """The plural text ``name`` (an attribute) for ``count``, worked out once."""
        key = (name, count)
        if key not in self._plurals:
            self._plurals[key] = getattr(self, name) % {"count": count}
        return self._plurals[key]

    def upcoming(self, meeting: Meeting) -> dict[str, Any]:
        count: int = meeting.item_count  # type: ignore[attr-defined]
        proposal_deadline = meeting.proposal_deadline
        agenda_deadline = meeting.agenda_deadline
        if meeting.agenda_published_at is not None:
            published = meeting.agenda_published_at.astimezone(self.timezone)
            agenda = self.published % {"date": _day(published)}
        else:
            agenda = self._plural("drafts", count)
        return {
            "url": self.meeting_url(meeting.pk),
            "when": format_date(
                meeting.starts_at.astimezone(self.timezone), "SHORT_DATETIME_FORMAT"
            ),
            "title": meeting.title,
            "arena": meeting.arena.name,
            "agenda": agenda,
            "publish_url": self.publish_url(meeting.pk)
            if not meeting.is_published and count
            else "",
            "warnings": self.warnings(meeting, proposal_deadline, agenda_deadline),
            "deadlines": self.deadlines
            % {"proposals": _day(proposal_deadline), "agenda": _day(agenda_deadline)},
        }

    def warnings(
        self, meeting: Meeting, proposal_deadline: datetime.date, agenda_deadline: datetime.date
    ) -> list[dict[str, str]]:
        """Deadline warnings for an upcoming meeting whose agenda is not published, most
        serious first. Text, not colour alone."""
        found: list[dict[str, str]] = []
        today = self.today
        if meeting.is_published:
            # A published agenda has met its deadlines: nothing left to flag.
            return found
        if today > agenda_deadline:
            text = self.agenda_passed % {"date": _day(agenda_deadline)}
            found.append({"level": "danger", "label": self.passed, "text": text})
        elif (agenda_deadline - today).days <= WARN_DAYS:
            text = self.agenda_soon % {"date": _day(agenda_deadline)}
            found.append({"level": "warning", "label": self.soon, "text": text})
        if today > proposal_deadline:
            text = self.proposals_passed % {"date": _day(proposal_deadline)}
            found.append({"level": "info", "label": self.passed, "text": text})
        elif (proposal_deadline - today).days <= WARN_DAYS:
            text = self.proposals_soon % {"date": _day(proposal_deadline)}
            found.append({"level": "warning", "label": self.soon, "text": text})
        return found

    def arena(self, arena: Arena, open_proposals: int) -> dict[str, Any]:
        return {
            "name": arena.name,
            "url": self.arena_url(arena.pk),
            "proposals_url": self.proposals_url(arena.pk),
            "proposals": self._plural("open_proposals", open_proposals),
        }

    def past(self, meeting: Meeting) -> dict[str, Any]:
        minutes = getattr(meeting, "minutes", None)
        return {
            "url": self.meeting_url(meeting.pk),
            "date": _day(meeting.starts_at.astimezone(self.timezone)),
            "title": meeting.title,
            "arena": meeting.arena.name,
            "minutes_status": self.minutes_status[minutes.status]
            if minutes is not None
            else self.not_started,
        }
