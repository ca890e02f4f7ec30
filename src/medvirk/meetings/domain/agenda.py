"""Agenda items: adding, numbering (7/2027 per arena per year), editing, ordering."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.arenas.domain.documents import sanitise_mandate
from medvirk.arenas.models import Arena
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.meetings.enums import ClosedGround, ItemKind
from medvirk.meetings.models import AgendaItem, CaseProposal, Meeting

if TYPE_CHECKING:
    from medvirk.accounts.models import User

ITEM_ADDED = register_action("meetings.item.added", gettext_lazy("La til sak på sakskartet"))


def clean_item_fields(
    *,
    kind: str,
    title: str,
    description: str,
    is_closed: bool,
    closed_ground: str,
    closed_note: str,
    proposer: str,
) -> dict[str, object]:
    """Validate and normalise the fields of an agenda item (shared by add and update)."""
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Skriv en tittel på saken.")
    if kind not in ItemKind.values:
        errors["kind"] = _("Velg hva slags sak dette er.")
    closed_ground = (closed_ground or "").strip() if is_closed else ""
    closed_note = (closed_note or "").strip() if is_closed else ""
    if is_closed:
        if closed_ground not in ClosedGround.values:
            errors["closed_ground"] = _("En lukket sak må ha en hjemmel. Velg hjemmel fra listen.")
        if not closed_note:
            errors["closed_note"] = _(
                "Forklar kort hvorfor saken er lukket. Merknaden vises bare for rådet."
            )
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "title": title,
        "description": sanitise_mandate(description or ""),
        "is_closed": bool(is_closed),
        "closed_ground": closed_ground,
        "closed_note": closed_note,
        "proposer": (proposer or "").strip(),
    }


def next_number(arena: Arena, year: int) -> int:
    """The next free case number for the arena and year. Call with the arena row locked."""
    current = AgendaItem.objects.filter(arena=arena, year=year).aggregate(Max("number"))
    return int(current["number__max"] or 0) + 1


@transaction.atomic
def add_item(
    meeting: Meeting,
    *,
    by: User,
    kind: str,
    title: str,
    description: str = "",
    is_closed: bool = False,
    closed_ground: str = "",
    closed_note: str = "",
    proposer: str = "",
    proposal: CaseProposal | None = None,
) -> AgendaItem:
    """Put a new case on the meeting's agenda with the next number for the arena and year.

    The arena row is locked while the number is chosen, so two secretaries adding
    cases at the same moment get 7/2027 and 8/2027, never the same number.
    """
    if not by.has_perm("meetings.manage", meeting):
        raise PermissionDenied
    if meeting.is_cancelled:
        raise ValidationError(_("Møtet er avlyst. Saker kan ikke legges til."))
    values = clean_item_fields(
        kind=kind,
        title=title,
        description=description,
        is_closed=is_closed,
        closed_ground=closed_ground,
        closed_note=closed_note,
        proposer=proposer,
    )
    arena = Arena.objects.select_for_update().get(pk=meeting.arena_id)
    year = timezone.localtime(meeting.starts_at).year
    position = (
        AgendaItem.objects.filter(meeting=meeting).aggregate(Max("position"))["position__max"] or 0
    ) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        arena=arena,
        year=year,
        number=next_number(arena, year),
        position=position,
        proposal=proposal,
        **values,
    )
    log_activity(
        action=ITEM_ADDED,
        actor=by,
        obj=item,
        organisation=arena.owner,
        data={"meeting": meeting.pk, "number": item.case_number, "closed": item.is_closed},
    )
    return item
