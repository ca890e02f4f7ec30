"""What the follow-up section of the meeting page shows a user.

Read by the meeting page's template tag (templatetags/followup_tags.py); kept out of the
views so that the tag imports no view.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from medvirk.accounts.rules import admin_organisation_ids
from medvirk.arenas.rules import member_arena_ids
from medvirk.directory.models import Organisation
from medvirk.followup.domain.inputs import input_organisations, meeting_open_for_input
from medvirk.followup.models import OrganisationInput, Report
from medvirk.followup.visibility import visible_inputs
from medvirk.meetings.models import Meeting


def followup_section(meeting: Meeting, user: Any) -> dict[str, Any] | None:
    """What the follow-up section of the meeting page shows this user, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    now = timezone.now()
    is_seat_holder = meeting.arena_id in member_arena_ids(user)
    inputs: list[OrganisationInput] = list(
        visible_inputs(user)
        .filter(meeting=meeting, person__user=user)
        .select_related("item", "organisation")
        .order_by("item__position", "item__number", "created_at", "pk")
    )
    report = None
    ended = meeting.ends_at < now
    if ended:
        report = (
            Report.objects.filter(meeting=meeting, person__user=user)
            .select_related("organisation")
            .first()
        )
    input_orgs: list[Organisation] = []
    if admin_organisation_ids(user) and meeting_open_for_input(meeting, now):
        input_orgs = list(input_organisations(meeting, user))
    show_inputs = bool(inputs) or (is_seat_holder and not ended and not meeting.is_cancelled)
    if not (show_inputs or report or input_orgs):
        return None
    groups: list[dict[str, Any]] = []
    for org_input in inputs:
        if not groups or groups[-1]["item"].pk != org_input.item_id:
            groups.append({"item": org_input.item, "inputs": []})
        groups[-1]["inputs"].append(org_input)
    return {
        "meeting": meeting,
        "show_inputs": show_inputs,
        "input_groups": groups,
        "report": report,
        "input_orgs": input_orgs,
    }
