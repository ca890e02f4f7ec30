"""Agenda items: adding, numbering (7/2027 per arena per year), editing, ordering.

Only the owning service's secretariat and admins manage an agenda. Platform admins
do not (docs/decisions.md, "Meetings: who sees what"), so permissions are checked
with ``rules.has_perm`` -- Django's ``user.has_perm`` lets every superuser through.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.arenas.models import Arena
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.richtext import clean_rich_text
from medvirk.meetings import visibility
from medvirk.meetings.domain.proposals import reopen_after_item_removed
from medvirk.meetings.enums import ClosedGround, ItemKind
from medvirk.meetings.models import AgendaItem, CaseDocument, CaseProposal, Meeting

if TYPE_CHECKING:
    from medvirk.accounts.models import User

ITEM_ADDED = register_action("meetings.item.added", gettext_lazy("La til sak på sakskartet"))
ITEM_UPDATED = register_action("meetings.item.updated", gettext_lazy("Endret sak på sakskartet"))
ITEM_REMOVED = register_action("meetings.item.removed", gettext_lazy("Fjernet sak fra sakskartet"))
ITEM_MOVED = register_action("meetings.item.moved", gettext_lazy("Flyttet sak på sakskartet"))

ITEM_FIELDS = (
    "kind",
    "title",
    "description",
    "is_closed",
    "closed_ground",
    "closed_note",
    "proposer",
)


def can_manage(user: Any, obj: Any) -> bool:
    """The owner's secretariat/admins; never a platform admin by superuser status alone."""
    return bool(getattr(user, "is_authenticated", False)) and rules.has_perm(
        "meetings.manage", user, obj
    )


def check_manage(by: Any, obj: Any) -> None:
    if by is None or not can_manage(by, obj):
        raise PermissionDenied


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
        "description": clean_rich_text(description or ""),
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
    check_manage(by, meeting)
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


def _lock_item(item: AgendaItem) -> AgendaItem:
    return (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "arena__owner")
        .get(pk=item.pk)
    )


@transaction.atomic
def update_item(
    item: AgendaItem,
    *,
    by: User,
    kind: str,
    title: str,
    description: str = "",
    is_closed: bool = False,
    closed_ground: str = "",
    closed_note: str = "",
    proposer: str = "",
) -> AgendaItem:
    """Change an item's text, kind, openness or proposer. Its number never changes."""
    check_manage(by, item)
    locked = _lock_item(item)
    if locked.meeting.is_cancelled:
        raise ValidationError(_("Møtet er avlyst. Sakene kan ikke endres."))
    values = clean_item_fields(
        kind=kind,
        title=title,
        description=description,
        is_closed=is_closed,
        closed_ground=closed_ground,
        closed_note=closed_note,
        proposer=proposer,
    )
    changes = {
        name: [getattr(locked, name), value]
        for name, value in values.items()
        if getattr(locked, name) != value
    }
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*ITEM_FIELDS, "updated_at"])
    log_activity(
        action=ITEM_UPDATED,
        actor=by,
        obj=locked,
        organisation=locked.arena.owner,
        # The description can be long; note only that it changed.
        data={
            "number": locked.case_number,
            "changes": {k: (v if k != "description" else True) for k, v in changes.items()},
        },
    )
    return locked


@transaction.atomic
def remove_item(item: AgendaItem, *, by: User) -> None:
    """Delete an item from a draft agenda, with its documents.

    A published item stays: people have been sent its number and papers. It can be
    changed (for example re-titled «Utgår») but not removed.
    """
    check_manage(by, item)
    locked = _lock_item(item)
    meeting = Meeting.objects.select_for_update().get(pk=locked.meeting_id)
    if meeting.is_published:
        raise ValidationError(
            _(
                "Sakskartet er publisert, så saken kan ikke slettes. Endre saken i stedet, "
                "for eksempel med tittelen «Saken utgår»."
            )
        )
    names = [document.file.name for document in locked.documents.all() if document.file]
    number = locked.case_number
    title = locked.title
    log_activity(
        action=ITEM_REMOVED,
        actor=by,
        obj=locked,
        organisation=locked.arena.owner,
        data={"meeting": meeting.pk, "number": number, "title": title},
    )
    proposal = locked.proposal
    locked.delete()
    _normalise_positions(meeting)
    if proposal is not None:
        reopen_after_item_removed(proposal, by=by)
    if names:
        transaction.on_commit(partial(_delete_files, names))


def _delete_files(names: list[str | None]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)


def _normalise_positions(meeting: Meeting) -> list[AgendaItem]:
    items = list(
        AgendaItem.objects.select_for_update()
        .filter(meeting=meeting)
        .order_by("position", "number")
        .only("pk", "position", "number")
    )
    for index, row in enumerate(items, start=1):
        if row.position != index:
            row.position = index
            row.save(update_fields=["position"])
    return items


@transaction.atomic
def move_item(item: AgendaItem, *, by: User, direction: Literal["up", "down"] | str) -> AgendaItem:
    """Swap the item with the one before (``up``) or after (``down``) it on the agenda."""
    check_manage(by, item)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Velg om saken skal flyttes opp eller ned.")})
    locked = _lock_item(item)
    items = _normalise_positions(locked.meeting)
    index = next(i for i, row in enumerate(items) if row.pk == locked.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0:
        raise ValidationError(_("Saken står allerede først på sakskartet."))
    if other >= len(items):
        raise ValidationError(_("Saken står allerede sist på sakskartet."))
    mine, theirs = items[index], items[other]
    mine.position, theirs.position = theirs.position, mine.position
    mine.save(update_fields=["position"])
    theirs.save(update_fields=["position"])
    locked.position = mine.position
    log_activity(
        action=ITEM_MOVED,
        actor=by,
        obj=locked,
        organisation=locked.arena.owner,
        data={"number": locked.case_number, "direction": direction, "position": mine.position},
    )
    return locked


# --- Reading the agenda ---------------------------------------------------------------


@dataclass(frozen=True)
class AgendaEntry:
    """One line of the agenda as a given user may see it.

    ``item`` is None for a closed item the user may not see: only its case number and
    legal ground are known then (the rest is never even loaded).
    """

    case_number: str
    position: int
    number: int
    item: AgendaItem | None = None
    closed_ground_label: str = ""

    @property
    def is_placeholder(self) -> bool:
        return self.item is None


def agenda_entries(meeting: Meeting, user: Any) -> list[AgendaEntry]:
    """The meeting's agenda for ``user``, in order, with documents prefetched.

    Draft agendas are shown only to those who run the arena; closed items in full
    only to those ``visibility.can_see_closed`` lets in, everyone else gets a
    placeholder with the number and legal ground. A constant number of queries.
    """
    if not meeting.is_published and not visibility.can_see_draft_agenda(user, meeting.arena):
        return []
    items = (
        visibility.visible_items(user)
        .filter(meeting=meeting)
        .prefetch_related(
            Prefetch("documents", queryset=CaseDocument.objects.order_by("created_at", "pk"))
        )
    )
    entries = [
        AgendaEntry(
            case_number=item.case_number,
            position=item.position,
            number=item.number,
            item=item,
            closed_ground_label=str(item.get_closed_ground_display()) if item.is_closed else "",
        )
        for item in items
    ]
    if not visibility.can_see_closed(user, meeting.arena):
        seen = {entry.item.pk for entry in entries if entry.item is not None}
        closed = (
            AgendaItem.objects.filter(meeting=meeting, is_closed=True)
            .exclude(pk__in=seen)
            .values_list("pk", "number", "year", "position", "closed_ground")
        )
        for _pk, number, year, position, ground in closed:
            entries.append(
                AgendaEntry(
                    case_number=f"{number}/{year}",
                    position=position,
                    number=number,
                    closed_ground_label=str(ClosedGround(ground).label) if ground else "",
                )
            )
    entries.sort(key=lambda entry: (entry.position, entry.number))
    return entries
