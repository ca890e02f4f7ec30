"""The demo holds a year of meetings: agendas with documents and closed items,
case proposals in every state, attendance with a deputy, approved and revised minutes."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from medvirk.meetings.enums import MeetingStatus, MinutesStatus, ProposalStatus
from medvirk.meetings.models import (
    AgendaItem,
    Attendance,
    CaseDocument,
    CaseProposal,
    Meeting,
    Minutes,
    MinutesVersion,
)


def test_demo_has_a_year_of_meetings_with_everything_in_it(
    db: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    today = timezone.localdate()
    past = Meeting.objects.filter(starts_at__lt=timezone.now())
    assert past.count() >= 16  # two arenas, monthly but July, eleven months back
    first = timezone.localtime(past.order_by("starts_at").first().starts_at).date()  # type: ignore[union-attr]
    assert (today - first) > datetime.timedelta(days=300)
    assert Meeting.objects.filter(starts_at__gt=timezone.now()).exists()
    assert Meeting.objects.filter(status=MeetingStatus.CANCELLED).exists()

    assert AgendaItem.objects.filter(is_closed=True).exists()
    assert not AgendaItem.objects.filter(is_closed=True, closed_ground="").exists()
    assert CaseDocument.objects.count() >= 20
    assert Meeting.objects.exclude(agenda_late_reason="").exists()

    states = set(CaseProposal.objects.values_list("status", flat=True))
    assert states == set(ProposalStatus.values)
    accepted = CaseProposal.objects.get(status=ProposalStatus.ACCEPTED)
    assert accepted.agenda_items.exists()
    assert CaseProposal.objects.filter(after_deadline=True).exists()

    assert Attendance.objects.filter(substitute_for__isnull=False, present=True).exists()
    assert Minutes.objects.filter(status=MinutesStatus.APPROVED).count() >= 10
    assert Minutes.objects.filter(status=MinutesStatus.CIRCULATED).exists()
    assert MinutesVersion.objects.filter(number=2).exclude(change_note="").exists()
    # Every approved minutes has a version with an entry per agenda item.
    for version in MinutesVersion.objects.filter(number=1).select_related("minutes__meeting"):
        assert len(version.content["entries"]) == version.minutes.meeting.items.count()
