"""What the attendance and minutes sections of the meeting page show a user.

The meeting page's template tags (templatetags/attendance_tags.py) and the areas' own views
both read these; neither imports the other.
"""

from __future__ import annotations

from typing import Any

import rules
from django.utils import timezone
from django.utils.translation import gettext_lazy

from medvirk.arenas.enums import MemberRole
from medvirk.meetings.domain.attendance import (
    answer_target,
    attendance_counts,
    has_started,
    is_standby,
    may_answer,
)
from medvirk.meetings.domain.minutes import can_manage, can_start, can_view_draft
from medvirk.meetings.enums import AttendanceResponse, AttendanceRole, MinutesStatus
from medvirk.meetings.forms_attendance import ResponseForm
from medvirk.meetings.models import Meeting, Minutes


def is_open_for_answers(meeting: Meeting) -> bool:
    return not meeting.is_cancelled and not has_started(meeting)


def answer_context(meeting: Meeting, user: Any, form: ResponseForm | None = None) -> dict[str, Any]:
    """What a seat holder or deputy sees: their role, their answer and, while open, the
    form (a deputy not called in says whether they are available)."""
    _person, seat, row = answer_target(meeting, user)
    if not may_answer(seat, row):
        return {"can_answer": False}
    open_ = is_open_for_answers(meeting)
    if form is None and open_:
        form = ResponseForm(initial={"note": row.response_note if row else ""})
    response = row.response if row else AttendanceResponse.PENDING
    # A deputy not called in (no row yet, or a row saying only whether they can come)
    # answers whether they are available, not whether they come.
    standby = (row is None and seat is not None and seat.role == MemberRole.DEPUTY) or is_standby(
        row
    )
    return {
        "can_answer": True,
        "attendance": row,
        "seat": seat,
        "response": response,
        "response_label": (
            STANDBY_LABELS[response] if standby else AttendanceResponse(response).label
        ),
        "is_deputy": standby or (row is not None and row.role == AttendanceRole.DEPUTY),
        "standby": standby,
        "substitute_for": row.substitute_for if row is not None else None,
        "open": open_,
        "form": form,
    }


#: A deputy's answer before being called in: whether they are available.
STANDBY_LABELS = {
    AttendanceResponse.PENDING.value: gettext_lazy("Ikke svart"),
    AttendanceResponse.ATTENDING.value: gettext_lazy("Kan stille"),
    AttendanceResponse.APOLOGIES.value: gettext_lazy("Kan ikke stille"),
}


def attendance_section(meeting: Meeting, user: Any) -> dict[str, Any] | None:
    """The attendance section of the meeting page; None when the user has nothing there."""
    if not getattr(user, "is_authenticated", False):
        return None
    context: dict[str, Any] = {"meeting": meeting, **answer_context(meeting, user)}
    context["can_manage"] = rules.has_perm("meetings.manage", user, meeting)
    if context["can_manage"]:
        context["counts"] = attendance_counts(meeting)
        context["can_view_accommodations"] = rules.has_perm(
            "meetings.view_accommodations", user, meeting
        )
    if not context["can_answer"] and not context["can_manage"]:
        return None
    return context


def minutes_section(meeting: Meeting, user: Any) -> dict[str, Any] | None:
    """What the meeting page shows about the minutes, or None to show nothing."""
    minutes: Minutes | None = getattr(meeting, "minutes", None)
    approved = minutes is not None and minutes.status == MinutesStatus.APPROVED
    manage = user is not None and can_manage(user, meeting)
    draft_for_present = bool(
        minutes is not None
        and not manage
        and minutes.status == MinutesStatus.CIRCULATED
        and can_view_draft(user, minutes)
    )
    if manage and minutes is None and (meeting.is_cancelled or meeting.starts_at > timezone.now()):
        manage = False  # nothing to do before the meeting has begun
    if not (approved or manage or draft_for_present):
        return None
    return {
        "meeting": meeting,
        "minutes": minutes,
        "approved": approved,
        "manage": manage,
        "startable": minutes is None and can_start(meeting),
        "draft_for_present": draft_for_present,
        "comment_count": (
            minutes.comments.count()
            if manage and minutes is not None and minutes.status == MinutesStatus.CIRCULATED
            else 0
        ),
    }
