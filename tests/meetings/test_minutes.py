"""Minutes, domain: start, draft, circulate, comment, approve, revise; versions; mails;
the persona matrix over every domain function."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from medvirk.common.models import ActivityLog
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.domain.minutes import (
    approve_minutes,
    circulate_minutes,
    comment_on_minutes,
    read_version,
    revise_minutes,
    save_entries,
    start_minutes,
)
from medvirk.meetings.enums import ItemKind, MeetingStatus, MinutesStatus
from medvirk.meetings.models import Attendance, Minutes, MinutesComment, MinutesEntry
from tests.clock import freeze_time
from tests.meetings.conftest import MEETING_PERSONAS, MeetingWorld, local_dt
from tests.meetings.minutes_helpers import (
    CLOSED_TEXT,
    CLOSED_TITLE,
    OPEN_TEXT,
    OPEN_TITLE,
    Past,
    approved,
    past_meeting,
    texts_for,
    user_of,
)

pytestmark = pytest.mark.django_db

APPROVED_MESSAGE = "Protokollen er godkjent. Endringer må gjøres som en ny versjon med begrunnelse."


def messages_of(error: ValidationError) -> list[str]:
    return list(error.messages)


@pytest.fixture
def past(meeting_world: MeetingWorld) -> Past:
    return past_meeting(meeting_world)


def test_whole_cycle(meeting_world: MeetingWorld, past: Past, mailoutbox: Any) -> None:
    w = meeting_world
    minutes = start_minutes(past.meeting, by=w.secretariat)
    assert minutes.status == MinutesStatus.DRAFT
    assert sorted(minutes.entries.values_list("item_id", flat=True)) == sorted(
        [past.open_item.pk, past.closed_item.pk]
    )

    save_entries(
        minutes,
        by=w.secretariat,
        texts={
            past.open_item.pk: OPEN_TEXT + '<script>alert("x")</script>',
            past.closed_item.pk: CLOSED_TEXT,
        },
    )
    entry = MinutesEntry.objects.get(item=past.open_item)
    assert entry.text == OPEN_TEXT  # sanitised: the script is gone

    deadline = timezone.localdate() + datetime.timedelta(days=7)
    assert circulate_minutes(minutes, by=w.secretariat, comment_deadline=deadline) == 2
    minutes.refresh_from_db()
    assert (minutes.status, minutes.comment_deadline) == (MinutesStatus.CIRCULATED, deadline)
    assert sorted(m.to[0] for m in mailoutbox) == ["medlem@example.org", "vara@example.org"]

    comment = comment_on_minutes(minutes, by=w.member, text="  Jeg sa «lavere», ikke «lav».  ")
    assert (comment.author_name, comment.text) == ("Mona Medlem", "Jeg sa «lavere», ikke «lav».")

    mailoutbox.clear()
    version = approve_minutes(minutes, by=w.secretariat)
    minutes.refresh_from_db()
    assert (minutes.status, minutes.version, version.number) == (MinutesStatus.APPROVED, 1, 1)
    assert minutes.approved_by == w.secretariat
    content = version.content
    assert [e["title"] for e in content["entries"]] == [OPEN_TITLE, CLOSED_TITLE]
    assert content["entries"][1] == {
        "item_id": past.closed_item.pk,
        "case_number": past.closed_item.case_number,
        "title": CLOSED_TITLE,
        "kind": ItemKind.DISCUSSION,
        "is_closed": True,
        "closed_ground": "offl_13",
        "text": CLOSED_TEXT,
    }
    assert content["present"] == ["Mona Medlem", "Vera Vara"]
    assert content["apologies"] == ["Sigurd Sekundær"]
    # Every current member and deputy with an address hears of it.
    assert sorted(m.to[0] for m in mailoutbox) == [
        "medlem@example.org",
        "sigurd@example.org",
        "vara@example.org",
        "viggo@example.org",
    ]

    actions = list(
        ActivityLog.objects.filter(action__startswith="meetings.minutes.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "meetings.minutes.started",
        "meetings.minutes.saved",
        "meetings.minutes.circulated",
        "meetings.minutes.commented",
        "meetings.minutes.approved",
    ]


def test_circulation_mail_has_link_and_deadline(
    meeting_world: MeetingWorld, past: Past, mailoutbox: Any
) -> None:
    w = meeting_world
    minutes = start_minutes(past.meeting, by=w.secretariat)
    deadline = timezone.localdate() + datetime.timedelta(days=5)
    circulate_minutes(minutes, by=w.secretariat, comment_deadline=deadline)
    mail = next(m for m in mailoutbox if m.to == ["medlem@example.org"])
    day = past.meeting.local_date.strftime("%d.%m.%Y")
    assert mail.subject == (
        f"Utkast til protokoll fra Brukerutvalget {day} – merknadsfrist {deadline:%d.%m.%Y}"
    )
    assert "Hei Mona Medlem," in mail.body
    assert f"gi eventuelle merknader innen {deadline:%d.%m.%Y}" in mail.body
    assert f"{settings.SITE_URL.rstrip('/')}/moter/{past.meeting.pk}/protokoll/" in mail.body
    # Only a link: no text of any item, least of all the closed one.
    assert CLOSED_TITLE not in mail.body


def test_approval_mail_lists_every_item_for_members(
    meeting_world: MeetingWorld, mailoutbox: Any
) -> None:
    past, _ = approved(meeting_world)
    mail = next(m for m in mailoutbox if m.to == ["viggo@example.org"])
    day = past.meeting.local_date.strftime("%d.%m.%Y")
    assert mail.subject == f"Protokollen fra Brukerutvalget {day} er godkjent"
    assert "er godkjent (versjon 1)" in mail.body
    assert f"Sak {past.open_item.case_number} {OPEN_TITLE}" in mail.body
    assert "Rådet anbefaler lavere kantstein ved alle holdeplasser." in mail.body
    assert f"Sak {past.closed_item.case_number} {CLOSED_TITLE} (lukket sak" in mail.body
    assert "<p>" not in mail.body
    assert f"/moter/{past.meeting.pk}/protokoll/" in mail.body


@pytest.mark.parametrize(
    "change",
    [
        {"agenda_published_at": None},
        {"status": MeetingStatus.CANCELLED},
        {"starts_at": timezone.now() + datetime.timedelta(hours=1)},
    ],
    ids=["agenda-not-published", "cancelled", "not-started"],
)
def test_start_refused_until_the_meeting_has_begun(
    meeting_world: MeetingWorld, past: Past, change: dict[str, Any]
) -> None:
    meeting = past.meeting
    for key, value in change.items():
        setattr(meeting, key, value)
    if "starts_at" in change:
        meeting.ends_at = change["starts_at"] + datetime.timedelta(hours=2)
    meeting.save()
    with pytest.raises(ValidationError):
        start_minutes(meeting, by=meeting_world.secretariat)
    assert not Minutes.objects.exists()


def test_start_allowed_once_the_meeting_is_under_way(meeting_world: MeetingWorld) -> None:
    past = past_meeting(meeting_world, days_ago=0)
    meeting = past.meeting
    meeting.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    meeting.ends_at = timezone.now() + datetime.timedelta(hours=2)
    meeting.save()
    assert start_minutes(meeting, by=meeting_world.secretariat).status == MinutesStatus.DRAFT


def test_start_is_idempotent_and_later_items_get_entries(
    meeting_world: MeetingWorld, past: Past
) -> None:
    w = meeting_world
    first = start_minutes(past.meeting, by=w.secretariat)
    late = add_item(past.meeting, by=w.secretariat, kind=ItemKind.INFORMATION, title="Eventuelt")
    # save_entries takes the new item at once...
    save_entries(first, by=w.secretariat, texts={late.pk: "<p>Ingen saker.</p>"})
    assert MinutesEntry.objects.get(item=late).text == "<p>Ingen saker.</p>"
    # ...and starting again returns the same minutes.
    again = start_minutes(past.meeting, by=w.secretariat)
    assert again.pk == first.pk
    assert MinutesEntry.objects.filter(minutes=first).count() == 3
    assert ActivityLog.objects.filter(action="meetings.minutes.started").count() == 1


def test_save_entries_refuses_items_of_another_meeting(
    meeting_world: MeetingWorld, past: Past
) -> None:
    w = meeting_world
    other = past_meeting(w, days_ago=10, attendance=False)
    minutes = start_minutes(past.meeting, by=w.secretariat)
    with pytest.raises(ValidationError) as error:
        save_entries(minutes, by=w.secretariat, texts={other.open_item.pk: "x"})
    assert messages_of(error.value) == ["Saken finnes ikke på sakskartet til dette møtet."]
    assert not MinutesEntry.objects.filter(item=other.open_item).exists()


def test_save_entries_refused_after_approval(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past, minutes = approved(w)
    with pytest.raises(ValidationError) as error:
        save_entries(minutes, by=w.secretariat, texts={past.open_item.pk: "<p>Nytt</p>"})
    assert messages_of(error.value) == [APPROVED_MESSAGE]
    assert MinutesEntry.objects.get(item=past.open_item).text == OPEN_TEXT
    assert minutes.versions.get().content["entries"][0]["text"] == OPEN_TEXT


def test_revision_requires_a_note(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past, minutes = approved(w)
    for note in ["", "   "]:
        with pytest.raises(ValidationError) as error:
            revise_minutes(
                minutes,
                by=w.secretariat,
                texts={past.open_item.pk: "<p>Nytt</p>"},
                change_note=note,
            )
        assert "change_note" in error.value.error_dict
    assert minutes.versions.count() == 1
    assert MinutesEntry.objects.get(item=past.open_item).text == OPEN_TEXT


def test_revision_creates_v2_and_keeps_v1(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past, minutes = approved(w)
    v1 = minutes.versions.get(number=1)
    v1_content = dict(v1.content)
    v2 = revise_minutes(
        minutes,
        by=w.secretariat,
        texts={past.open_item.pk: "<p>Rådet anbefaler kantstein på 18 cm.</p>"},
        change_note="Riktig høyde på kantstein etter merknad fra Mona Medlem.",
    )
    minutes.refresh_from_db()
    assert (v2.number, minutes.version, minutes.status) == (2, 2, MinutesStatus.APPROVED)
    assert v2.change_note == "Riktig høyde på kantstein etter merknad fra Mona Medlem."
    assert v2.content["entries"][0]["text"] == "<p>Rådet anbefaler kantstein på 18 cm.</p>"
    assert v2.content["entries"][1]["text"] == CLOSED_TEXT
    v1.refresh_from_db()
    assert v1.content == v1_content
    assert v1.content["entries"][0]["text"] == OPEN_TEXT
    log = ActivityLog.objects.get(action="meetings.minutes.revised")
    assert log.data["version"] == 2


def test_revision_refused_before_approval(meeting_world: MeetingWorld, past: Past) -> None:
    w = meeting_world
    minutes = start_minutes(past.meeting, by=w.secretariat)
    with pytest.raises(ValidationError):
        revise_minutes(minutes, by=w.secretariat, texts={}, change_note="Endring")
    assert not minutes.versions.exists()


def test_approve_from_draft_and_refuses_missing_texts(
    meeting_world: MeetingWorld, past: Past
) -> None:
    w = meeting_world
    minutes = start_minutes(past.meeting, by=w.secretariat)
    save_entries(minutes, by=w.secretariat, texts={past.open_item.pk: OPEN_TEXT})
    with pytest.raises(ValidationError) as error:
        approve_minutes(minutes, by=w.secretariat)
    assert past.closed_item.case_number in messages_of(error.value)[0]
    save_entries(minutes, by=w.secretariat, texts=texts_for(past))
    assert approve_minutes(minutes, by=w.secretariat).number == 1
    with pytest.raises(ValidationError):
        approve_minutes(minutes, by=w.secretariat)
    assert minutes.versions.count() == 1


def test_circulation_refused_when_nobody_is_recorded_present(
    meeting_world: MeetingWorld, mailoutbox: Any
) -> None:
    w = meeting_world
    past = past_meeting(w, attendance=False)
    minutes = start_minutes(past.meeting, by=w.secretariat)
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    with pytest.raises(ValidationError) as error:
        circulate_minutes(minutes, by=w.secretariat, comment_deadline=deadline)
    assert "Registrer oppmøtet" in messages_of(error.value)[0]
    # Answers alone are not enough: someone must be recorded as present.
    Attendance.objects.create(
        meeting=past.meeting, person=w.member_person, role="member", response="attending"
    )
    with pytest.raises(ValidationError):
        circulate_minutes(minutes, by=w.secretariat, comment_deadline=deadline)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.DRAFT
    assert mailoutbox == []


def test_circulation_deadline_today_or_later(meeting_world: MeetingWorld, past: Past) -> None:
    w = meeting_world
    minutes = start_minutes(past.meeting, by=w.secretariat)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        circulate_minutes(minutes, by=w.secretariat, comment_deadline=yesterday)
    assert error.value.error_dict["comment_deadline"][0].messages == [
        "Fristen for merknader kan ikke være før i dag."
    ]
    circulate_minutes(minutes, by=w.secretariat, comment_deadline=timezone.localdate())
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED


def test_circulation_refused_after_approval(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    _, minutes = approved(w)
    with pytest.raises(ValidationError):
        circulate_minutes(minutes, by=w.secretariat, comment_deadline=timezone.localdate())


def circulated(w: MeetingWorld, past: Past, deadline: datetime.date | None = None) -> Minutes:
    minutes = start_minutes(past.meeting, by=w.secretariat)
    save_entries(minutes, by=w.secretariat, texts=texts_for(past))
    circulate_minutes(
        minutes,
        by=w.secretariat,
        comment_deadline=deadline or timezone.localdate() + datetime.timedelta(days=7),
    )
    minutes.refresh_from_db()
    return minutes


def test_comment_only_by_people_present(meeting_world: MeetingWorld, past: Past) -> None:
    w = meeting_world
    minutes = circulated(w, past)
    comment_on_minutes(minutes, by=w.deputy, text="Vara var der.")
    # The secretariat runs the meeting but was not recorded present.
    for persona in ["secretariat", "admin_a", "admin_b", "other_secretariat", "platform_admin"]:
        with pytest.raises(PermissionDenied):
            comment_on_minutes(minutes, by=user_of(w, persona), text="Merknad")
    # Absent (apologies) or present=None does not count either.
    Attendance.objects.filter(meeting=past.meeting, person=w.member_person).update(present=None)
    with pytest.raises(PermissionDenied):
        comment_on_minutes(minutes, by=w.member, text="Merknad")
    assert list(MinutesComment.objects.values_list("author_name", flat=True)) == ["Vera Vara"]


def test_comment_not_before_circulation(meeting_world: MeetingWorld, past: Past) -> None:
    w = meeting_world
    minutes = start_minutes(past.meeting, by=w.secretariat)
    with pytest.raises(ValidationError) as error:
        comment_on_minutes(minutes, by=w.member, text="For tidlig")
    assert "ikke sendt på høring" in messages_of(error.value)[0]
    assert not MinutesComment.objects.exists()


def test_comment_not_after_approval(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    _, minutes = approved(w)
    with pytest.raises(ValidationError):
        comment_on_minutes(minutes, by=w.member, text="For sent")
    assert not MinutesComment.objects.exists()


def test_comment_deadline_is_the_local_date_inclusive(
    meeting_world: MeetingWorld, past: Past
) -> None:
    w = meeting_world
    deadline = timezone.localdate() + datetime.timedelta(days=2)
    minutes = circulated(w, past, deadline)
    # 23:30 in Oslo on the deadline is 21:30 or 22:30 UTC: still the deadline day.
    with freeze_time(local_dt(deadline, 23, 30)):
        comment_on_minutes(minutes, by=w.member, text="Sent på kvelden, men i tide.")
    after = local_dt(deadline + datetime.timedelta(days=1), 0, 15)
    with freeze_time(after), pytest.raises(ValidationError) as error:
        comment_on_minutes(minutes, by=w.member, text="Etter fristen.")
    assert messages_of(error.value) == [f"Fristen for merknader gikk ut {deadline:%d.%m.%Y}."]
    assert MinutesComment.objects.count() == 1


def test_comment_text_required(meeting_world: MeetingWorld, past: Past) -> None:
    w = meeting_world
    minutes = circulated(w, past)
    with pytest.raises(ValidationError) as error:
        comment_on_minutes(minutes, by=w.member, text="   ")
    assert error.value.error_dict["text"][0].messages == ["Skriv merknaden din."]


def test_read_version_leaves_out_closed_items(meeting_world: MeetingWorld) -> None:
    _, minutes = approved(meeting_world)
    version = minutes.versions.get()
    public = read_version(version, include_closed=False)
    assert [e.title for e in public.entries] == [OPEN_TITLE]
    assert public.closed_count == 1
    full = read_version(version, include_closed=True)
    assert [e.title for e in full.entries] == [OPEN_TITLE, CLOSED_TITLE]
    assert full.entries[1].closed_ground_label.startswith("Taushetsplikt etter lov")
    assert full.entries[0].kind_label == "Uttalelse/råd"


# --- Persona matrix over every domain function --------------------------------------

MANAGERS = {"secretariat"}


def _run(name: str, w: MeetingWorld, user: Any) -> Callable[[], object]:
    """The domain function ``name`` on minutes in the state it needs, as ``user``."""
    if name == "start":
        past = past_meeting(w)
        return lambda: start_minutes(past.meeting, by=user)
    if name in {"save", "circulate", "approve"}:
        past = past_meeting(w)
        minutes = start_minutes(past.meeting, by=w.secretariat)
        save_entries(minutes, by=w.secretariat, texts=texts_for(past))
        if name == "save":
            return lambda: save_entries(minutes, by=user, texts={past.open_item.pk: "<p>x</p>"})
        if name == "circulate":
            return lambda: circulate_minutes(
                minutes, by=user, comment_deadline=timezone.localdate()
            )
        return lambda: approve_minutes(minutes, by=user)
    if name == "comment":
        minutes = circulated(w, past_meeting(w))
        return lambda: comment_on_minutes(minutes, by=user, text="Merknad")
    past, minutes = approved(w)
    return lambda: revise_minutes(
        minutes, by=user, texts={past.open_item.pk: "<p>y</p>"}, change_note="Retting"
    )


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
@pytest.mark.parametrize("name", ["start", "save", "circulate", "approve", "comment", "revise"])
def test_domain_persona_matrix(meeting_world: MeetingWorld, persona: str, name: str) -> None:
    w = meeting_world
    run = _run(name, w, user_of(w, persona))
    # Comments: those recorded present (Mona and Vera); everything else: the owner's
    # secretariat. Platform admins are deliberately not let in (closed items).
    allowed = persona in ({"member", "deputy"} if name == "comment" else MANAGERS)
    if allowed:
        run()
    else:
        with pytest.raises(PermissionDenied):
            run()


def test_other_service_cannot_touch_minutes_in_a_private_arena(
    meeting_world: MeetingWorld,
) -> None:
    w = meeting_world
    past = past_meeting(w, arena=w.private_arena)
    with pytest.raises(PermissionDenied):
        start_minutes(past.meeting, by=w.other_secretariat)
    minutes = start_minutes(past.meeting, by=w.secretariat)
    with pytest.raises(PermissionDenied):
        save_entries(minutes, by=w.other_secretariat, texts={past.open_item.pk: "x"})
    assert MinutesEntry.objects.get(item=past.open_item).text == ""
