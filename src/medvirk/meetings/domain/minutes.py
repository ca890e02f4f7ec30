"""Minutes (protokoll): drafted per agenda item, circulated to those present with a
comment deadline, approved, and revised as new versions.

Every approval freezes the whole text in a ``MinutesVersion`` (a JSON snapshot):
what the public and the members read is always a version, never the live draft.
A change after approval is a revision with a required note; old versions are kept
unchanged.

Permissions are checked with ``rules.has_perm`` (platform admins do not pass):
the minutes hold the text of closed items, and running a council's meetings is
the owning service's own work (see ``meetings/rules.py``).
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.dates import format_date
from medvirk.common.richtext import clean_rich_text
from medvirk.meetings.enums import AttendanceResponse, ClosedGround, ItemKind, MinutesStatus
from medvirk.meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    Minutes,
    MinutesComment,
    MinutesEntry,
    MinutesVersion,
)
from medvirk.meetings.notifications import send_minutes_approved, send_minutes_circulated
from medvirk.meetings.rules import was_present
from medvirk.meetings.selectors import seat_holders_with_email
from medvirk.people.models import Person

if TYPE_CHECKING:
    from medvirk.accounts.models import User

STARTED = register_action("meetings.minutes.started", gettext_lazy("Startet protokollen"))
SAVED = register_action("meetings.minutes.saved", gettext_lazy("Lagret utkast til protokoll"))
CIRCULATED = register_action(
    "meetings.minutes.circulated", gettext_lazy("Sendte protokollen på høring")
)
COMMENTED = register_action(
    "meetings.minutes.commented", gettext_lazy("Ga merknad til protokollen")
)
APPROVED = register_action("meetings.minutes.approved", gettext_lazy("Godkjente protokollen"))
REVISED = register_action(
    "meetings.minutes.revised", gettext_lazy("Godkjente en ny versjon av protokollen")
)

MAX_TEXT_LENGTH = 20000
EDITABLE = (MinutesStatus.DRAFT, MinutesStatus.CIRCULATED)


# --- Permissions (no superuser bypass) -----------------------------------------------


def can_manage(user: Any, obj: Any) -> bool:
    return bool(rules.has_perm("meetings.manage", user, obj))


def can_view_draft(user: Any, minutes: Minutes) -> bool:
    return bool(rules.has_perm("meetings.view_draft_minutes", user, minutes))


def can_comment(user: Any, minutes: Minutes) -> bool:
    """May comment now: present, circulated, and the deadline not passed."""
    return bool(
        rules.has_perm("meetings.comment_minutes", user, minutes) and not deadline_passed(minutes)
    )


def deadline_passed(minutes: Minutes) -> bool:
    deadline = minutes.comment_deadline
    return deadline is not None and timezone.localdate() > deadline


def can_start(meeting: Meeting) -> bool:
    """The meeting has begun, its agenda is published, and it is not cancelled."""
    return not meeting.is_cancelled and meeting.is_published and meeting.starts_at <= timezone.now()


# --- Helpers ------------------------------------------------------------------------


def _lock(minutes: Minutes) -> Minutes:
    return (
        Minutes.objects.select_for_update(of=("self",))
        .select_related("meeting__arena__owner")
        .get(pk=minutes.pk)
    )


def _sync_entries(minutes: Minutes) -> None:
    """One entry per agenda item, also for items added after the minutes were started."""
    missing = AgendaItem.objects.filter(meeting_id=minutes.meeting_id, minutes_entry__isnull=True)
    MinutesEntry.objects.bulk_create([MinutesEntry(minutes=minutes, item=item) for item in missing])


def _meeting_label(meeting: Meeting) -> str:
    day = format_date(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT")
    return f"{meeting.arena.name} {day}"


def _clean_texts(minutes: Minutes, texts: Mapping[int, str]) -> dict[int, str]:
    item_ids = set(
        AgendaItem.objects.filter(meeting_id=minutes.meeting_id).values_list("pk", flat=True)
    )
    unknown = [pk for pk in texts if int(pk) not in item_ids]
    if unknown:
        raise ValidationError(_("Saken finnes ikke på sakskartet til dette møtet."))
    cleaned: dict[int, str] = {}
    errors: dict[str, str] = {}
    for pk, text in texts.items():
        if len(text or "") > MAX_TEXT_LENGTH:
            errors[f"item_{pk}"] = _("Teksten kan være på høyst %(count)s tegn.") % {
                "count": MAX_TEXT_LENGTH
            }
        cleaned[int(pk)] = clean_rich_text(text or "")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _write_entries(minutes: Minutes, texts: dict[int, str]) -> list[int]:
    """Save the texts; return the ids of the items whose text changed."""
    _sync_entries(minutes)
    changed: list[int] = []
    entries = MinutesEntry.objects.filter(minutes=minutes, item_id__in=list(texts))
    for entry in entries:
        if entry.text != texts[entry.item_id]:
            entry.text = texts[entry.item_id]
            changed.append(entry.item_id)
            entry.save(update_fields=["text"])
    return sorted(changed)


def snapshot(minutes: Minutes) -> dict[str, Any]:
    """The whole text of the minutes as it stands, for a ``MinutesVersion``."""
    entries = MinutesEntry.objects.filter(minutes=minutes).select_related("item")
    attendances = (
        Attendance.objects.filter(meeting_id=minutes.meeting_id)
        .select_related("person")
        .order_by("person__name", "pk")
    )
    return {
        "entries": [
            {
                "item_id": entry.item_id,
                "case_number": entry.item.case_number,
                "title": entry.item.title,
                "kind": entry.item.kind,
                "is_closed": entry.item.is_closed,
                "closed_ground": entry.item.closed_ground,
                "text": entry.text,
            }
            for entry in entries
        ],
        "present": [a.person.name for a in attendances if a.present is True],
        "apologies": [
            a.person.name
            for a in attendances
            if a.present is not True and a.response == AttendanceResponse.APOLOGIES
        ],
    }


def _new_version(minutes: Minutes, *, by: User, change_note: str = "") -> MinutesVersion:
    now = timezone.now()
    number = minutes.version + 1
    version = MinutesVersion.objects.create(
        minutes=minutes,
        number=number,
        content=snapshot(minutes),
        change_note=change_note,
        approved_at=now,
        approved_by=by,
    )
    minutes.status = MinutesStatus.APPROVED
    minutes.version = number
    minutes.approved_at = now
    minutes.approved_by = by
    minutes.save(update_fields=["status", "version", "approved_at", "approved_by", "updated_at"])
    return version


def _plain(text: str) -> str:
    """Sanitised rich text as plain text for a mail."""
    text = re.sub(r"</(p|li|h2|h3|h4)>|<br\s*/?>", "\n", text)
    lines = (html.unescape(line).strip() for line in strip_tags(text).splitlines())
    return "\n".join(line for line in lines if line)


def minutes_link(meeting: Meeting) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("meetings:minutes", kwargs={"pk": meeting.pk})


def _unique_people(people: Iterable[Person]) -> list[Person]:
    seen: set[int] = set()
    result = []
    for person in people:
        if person.pk not in seen and person.email:
            seen.add(person.pk)
            result.append(person)
    return result


# --- Domain functions ------------------------------------------------------------------


@transaction.atomic
def start_minutes(meeting: Meeting, *, by: User) -> Minutes:
    """Create the minutes with one empty entry per agenda item. Calling it again
    returns the same minutes (and adds entries for items added since)."""
    if not can_manage(by, meeting):
        raise PermissionDenied
    locked = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("arena__owner")
        .get(pk=meeting.pk)
    )
    if locked.is_cancelled:
        raise ValidationError(_("Møtet er avlyst. Det skal ikke skrives protokoll."))
    if not locked.is_published:
        raise ValidationError(
            _("Sakskartet er ikke publisert. Publiser sakskartet før protokollen startes.")
        )
    if locked.starts_at > timezone.now():
        raise ValidationError(
            _("Møtet har ikke begynt ennå. Protokollen kan startes når møtet er i gang.")
        )
    minutes, created = Minutes.objects.get_or_create(meeting=locked)
    _sync_entries(minutes)
    if created:
        log_activity(
            action=STARTED,
            actor=by,
            obj=minutes,
            organisation=locked.arena.owner,
            data={"meeting": locked.pk},
        )
    return minutes


@transaction.atomic
def save_entries(minutes: Minutes, *, by: User, texts: Mapping[int, str]) -> Minutes:
    """Save the draft texts (sanitised). Refused once the minutes are approved."""
    if not can_manage(by, minutes):
        raise PermissionDenied
    locked = _lock(minutes)
    if locked.status not in EDITABLE:
        raise ValidationError(
            _("Protokollen er godkjent. Endringer må gjøres som en ny versjon med begrunnelse.")
        )
    changed = _write_entries(locked, _clean_texts(locked, texts))
    locked.save(update_fields=["updated_at"])
    log_activity(
        action=SAVED,
        actor=by,
        obj=locked,
        organisation=locked.meeting.arena.owner,
        data={"meeting": locked.meeting_id, "items": changed},
    )
    return locked


@transaction.atomic
def circulate_minutes(minutes: Minutes, *, by: User, comment_deadline: datetime.date | None) -> int:
    """Send the draft to everyone recorded present; return how many were mailed."""
    if not can_manage(by, minutes):
        raise PermissionDenied
    locked = _lock(minutes)
    if locked.status not in EDITABLE:
        raise ValidationError(_("Protokollen er allerede godkjent og kan ikke sendes på høring."))
    if comment_deadline is None:
        raise ValidationError({"comment_deadline": _("Velg en frist for merknader.")})
    if comment_deadline < timezone.localdate():
        raise ValidationError(
            {"comment_deadline": _("Fristen for merknader kan ikke være før i dag.")}
        )
    present = list(
        Attendance.objects.filter(meeting_id=locked.meeting_id, present=True)
        .select_related("person")
        .order_by("person__name")
    )
    if not present:
        raise ValidationError(
            _(
                "Ingen er registrert som til stede på møtet. Registrer oppmøtet før "
                "protokollen sendes på høring."
            )
        )
    _sync_entries(locked)
    locked.status = MinutesStatus.CIRCULATED
    locked.comment_deadline = comment_deadline
    locked.circulated_at = timezone.now()
    locked.save(update_fields=["status", "comment_deadline", "circulated_at", "updated_at"])
    recipients = _unique_people(a.person for a in present)
    meeting = locked.meeting
    for person in recipients:
        send_minutes_circulated(
            person,
            {
                "arena_name": meeting.arena.name,
                "meeting_title": meeting.title,
                "meeting_date": timezone.localtime(meeting.starts_at),
                "deadline": comment_deadline,
                "link": minutes_link(meeting),
                "has_account": person.user_id is not None,
            },
        )
    log_activity(
        action=CIRCULATED,
        actor=by,
        obj=locked,
        organisation=meeting.arena.owner,
        data={
            "meeting": meeting.pk,
            "deadline": comment_deadline.isoformat(),
            "recipients": len(recipients),
        },
    )
    return len(recipients)


@transaction.atomic
def comment_on_minutes(minutes: Minutes, *, by: User, text: str) -> MinutesComment:
    """A comment on the circulated draft from someone recorded present."""
    locked = _lock(minutes)
    if not rules.has_perm("meetings.comment_minutes", by, locked):
        if locked.status != MinutesStatus.CIRCULATED and was_present.test(by, locked):
            if locked.status == MinutesStatus.DRAFT:
                raise ValidationError(
                    _("Protokollen er ikke sendt på høring ennå. Merknader kan ikke sendes.")
                )
            raise ValidationError(_("Protokollen er godkjent. Merknader kan ikke lenger sendes."))
        raise PermissionDenied
    if deadline_passed(locked):
        assert locked.comment_deadline is not None
        raise ValidationError(
            _("Fristen for merknader gikk ut %(date)s.")
            % {"date": format_date(locked.comment_deadline, "SHORT_DATE_FORMAT")}
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Skriv merknaden din.")})
    if len(text) > 4000:
        raise ValidationError({"text": _("Merknaden kan være på høyst 4000 tegn.")})
    attendance = (
        Attendance.objects.filter(meeting_id=locked.meeting_id, person__user=by, present=True)
        .select_related("person")
        .first()
    )
    author_name = attendance.person.name if attendance else by.email
    comment = MinutesComment.objects.create(
        minutes=locked, author=by, author_name=author_name, text=text
    )
    log_activity(
        action=COMMENTED,
        actor=by,
        obj=locked,
        organisation=locked.meeting.arena.owner,
        data={"meeting": locked.meeting_id, "comment": comment.pk},
    )
    return comment


def _check_complete(minutes: Minutes) -> None:
    missing = [
        entry.item.case_number
        for entry in MinutesEntry.objects.filter(minutes=minutes).select_related("item")
        if not strip_tags(entry.text).strip()
    ]
    if missing:
        raise ValidationError(
            _(
                "Skriv vedtak eller uttalelse for alle sakene før protokollen godkjennes. Mangler: %(cases)s."
            )
            % {"cases": ", ".join(missing)}
        )


@transaction.atomic
def approve_minutes(minutes: Minutes, *, by: User) -> MinutesVersion:
    """Approve the draft as version 1 and tell the arena's members."""
    if not can_manage(by, minutes):
        raise PermissionDenied
    locked = _lock(minutes)
    if locked.status not in EDITABLE:
        raise ValidationError(
            _(
                "Protokollen er allerede godkjent. Endringer må gjøres som en ny versjon med begrunnelse."
            )
        )
    _sync_entries(locked)
    _check_complete(locked)
    version = _new_version(locked, by=by)
    meeting = locked.meeting
    _mail_members(meeting, version)
    log_activity(
        action=APPROVED,
        actor=by,
        obj=locked,
        organisation=meeting.arena.owner,
        data={"meeting": meeting.pk, "version": version.number},
    )
    return version


def _mail_members(meeting: Meeting, version: MinutesVersion) -> None:
    """Every current member and deputy of the arena. They are inside the arena, so the
    mail may list closed items too."""
    people = seat_holders_with_email(meeting, on=timezone.localdate())
    entries = [{**entry, "plain": _plain(entry["text"])} for entry in version.content["entries"]]
    for person in people:
        send_minutes_approved(
            person,
            {
                "arena_name": meeting.arena.name,
                "meeting_title": meeting.title,
                "meeting_date": timezone.localtime(meeting.starts_at),
                "version": version.number,
                "entries": entries,
                "link": minutes_link(meeting),
            },
        )


@transaction.atomic
def revise_minutes(
    minutes: Minutes, *, by: User, texts: Mapping[int, str], change_note: str
) -> MinutesVersion:
    """Change approved minutes: save the texts and approve the next version at once."""
    if not can_manage(by, minutes):
        raise PermissionDenied
    locked = _lock(minutes)
    if locked.status != MinutesStatus.APPROVED:
        raise ValidationError(
            _(
                "Protokollen er ikke godkjent ennå. Endre utkastet i stedet for å lage en ny versjon."
            )
        )
    change_note = (change_note or "").strip()
    if not change_note:
        raise ValidationError(
            {
                "change_note": _(
                    "Skriv hva som er endret, og hvorfor. Begrunnelsen vises med protokollen."
                )
            }
        )
    if len(change_note) > 4000:
        raise ValidationError({"change_note": _("Begrunnelsen kan være på høyst 4000 tegn.")})
    changed = _write_entries(locked, _clean_texts(locked, texts))
    _check_complete(locked)
    version = _new_version(locked, by=by, change_note=change_note)
    log_activity(
        action=REVISED,
        actor=by,
        obj=locked,
        organisation=locked.meeting.arena.owner,
        data={"meeting": locked.meeting_id, "version": version.number, "items": changed},
    )
    return version


# --- Reading a version ----------------------------------------------------------------


@dataclass(frozen=True)
class VersionEntry:
    item_id: int
    case_number: str
    title: str
    kind: str
    kind_label: str
    is_closed: bool
    closed_ground_label: str
    text: str


@dataclass(frozen=True)
class VersionView:
    version: MinutesVersion
    entries: list[VersionEntry]
    closed_count: int  # entries left out for this reader
    present: list[str]
    apologies: list[str]


def read_version(version: MinutesVersion, *, include_closed: bool) -> VersionView:
    """The version as a reader sees it: closed items left out unless ``include_closed``."""
    entries: list[VersionEntry] = []
    closed_count = 0
    for raw in version.content.get("entries", []):
        if raw.get("is_closed") and not include_closed:
            closed_count += 1
            continue
        kind = raw.get("kind", "")
        ground = raw.get("closed_ground", "")
        entries.append(
            VersionEntry(
                item_id=raw["item_id"],
                case_number=raw["case_number"],
                title=raw["title"],
                kind=kind,
                kind_label=str(ItemKind(kind).label) if kind in ItemKind.values else kind,
                is_closed=bool(raw.get("is_closed")),
                closed_ground_label=(
                    str(ClosedGround(ground).label) if ground in ClosedGround.values else ""
                ),
                text=raw.get("text", ""),
            )
        )
    return VersionView(
        version=version,
        entries=entries,
        closed_count=closed_count,
        present=list(version.content.get("present", [])),
        apologies=list(version.content.get("apologies", [])),
    )
