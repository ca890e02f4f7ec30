"""Agenda items in the domain: numbering, editing, removing, ordering, permissions."""

from __future__ import annotations

import datetime
import threading
import zoneinfo
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from medvirk.common.models import ActivityLog
from medvirk.meetings.domain.agenda import (
    add_item,
    agenda_entries,
    move_item,
    remove_item,
    update_item,
)
from medvirk.meetings.domain.documents import add_document, remove_document
from medvirk.meetings.domain.publishing import publish_agenda
from medvirk.meetings.enums import ClosedGround, ItemKind
from medvirk.meetings.models import AgendaItem, CaseDocument
from tests.arenas.conftest import make_arena
from tests.meetings.agenda_helpers import (
    CLOSED_TITLE,
    MANAGERS,
    build_agenda,
    closed_item,
    fresh,
    item,
    mark_published,
    pdf_bytes,
    upload,
)
from tests.meetings.conftest import MEETING_PERSONAS, MeetingWorld, make_meeting

pytestmark = pytest.mark.django_db

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=OSLO)


def meeting_at(world: MeetingWorld, starts: datetime.datetime, arena: Any = None) -> Any:
    return make_meeting(
        arena or world.public_arena,
        starts.date(),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )


# --- Numbering -----------------------------------------------------------------------


def test_numbers_continue_across_meetings_in_the_same_year(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    spring = meeting_at(w, at(2027, 3, 10, 10))
    autumn = meeting_at(w, at(2027, 9, 10, 10))
    numbers = [
        item(spring, w.secretariat, "A").case_number,
        item(spring, w.secretariat, "B").case_number,
        item(autumn, w.secretariat, "C").case_number,
        item(spring, w.secretariat, "D").case_number,
    ]
    assert numbers == ["1/2027", "2/2027", "3/2027", "4/2027"]


def test_numbers_restart_in_a_new_year_by_oslo_time(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    item(meeting_at(w, at(2027, 6, 1, 10)), w.secretariat)
    # 31.12.2027 23:30 in Oslo is still 2027; 01.01.2028 00:30 in Oslo is 23:30 UTC
    # on New Year's Eve, but the case belongs to 2028.
    new_years_eve = meeting_at(w, at(2027, 12, 31, 21, 30))
    new_year = meeting_at(w, at(2028, 1, 1, 0, 30))
    assert new_year.starts_at.astimezone(datetime.UTC).year == 2027
    assert item(new_years_eve, w.secretariat).case_number == "2/2027"
    assert item(new_year, w.secretariat).case_number == "1/2028"
    assert item(new_year, w.secretariat).case_number == "2/2028"


def test_two_arenas_number_independently(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    one = item(meeting_at(w, at(2027, 5, 1, 10)), w.secretariat)
    other = item(meeting_at(w, at(2027, 5, 1, 10), w.private_arena), w.secretariat)
    third = make_arena(w.service, name="Eldrerådet")
    again = item(meeting_at(w, at(2027, 5, 2, 10), third), w.secretariat)
    assert [one.case_number, other.case_number, again.case_number] == ["1/2027"] * 3


def test_numbers_never_change_on_edit_move_or_removal(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    a, b, c = (item(w.meeting, w.secretariat, t) for t in "ABC")
    move_item(c, by=w.secretariat, direction="up")
    update_item(b, by=w.secretariat, kind=ItemKind.ELECTION, title="B2")
    remove_item(a, by=w.secretariat)
    rows = list(AgendaItem.objects.filter(meeting=w.meeting).order_by("position"))
    assert [(r.title, r.number, r.position) for r in rows] == [("C", 3, 1), ("B2", 2, 2)]
    assert item(w.meeting, w.secretariat, "D").number == 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_adds_get_distinct_numbers(meeting_world: MeetingWorld) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises writers anyway)")
    w = meeting_world
    count = 4
    barrier = threading.Barrier(count)
    numbers: list[int] = []
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait()
            numbers.append(item(w.meeting, fresh(w.secretariat), f"Samtidig {index}").number)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [1, 2, 3, 4]
    positions = AgendaItem.objects.filter(meeting=w.meeting).values_list("position", flat=True)
    assert sorted(positions) == [1, 2, 3, 4]


# --- Adding and updating -------------------------------------------------------------


def test_add_item_validates_and_logs(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    with pytest.raises(ValidationError) as caught:
        add_item(w.meeting, by=w.secretariat, kind="gossip", title="  ", is_closed=True)
    assert set(caught.value.message_dict) == {"kind", "title", "closed_ground", "closed_note"}
    assert AgendaItem.objects.count() == 0
    created = closed_item(w.meeting, w.secretariat)
    assert (created.is_closed, created.closed_ground) == (True, ClosedGround.OFFL_13)
    entry = ActivityLog.objects.get(action="meetings.item.added")
    assert entry.data == {"meeting": w.meeting.pk, "number": created.case_number, "closed": True}
    assert entry.organisation == w.service


def test_update_item_sanitises_and_logs(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    target = item(w.meeting, w.secretariat, "Gammel tittel")
    updated = update_item(
        target,
        by=w.secretariat,
        kind=ItemKind.STATEMENT,
        title=" Ny tittel ",
        description='<p onclick="x()">Tekst<script>alert(1)</script></p>',
        proposer="Org A",
    )
    assert (updated.title, updated.kind, updated.proposer) == ("Ny tittel", "statement", "Org A")
    assert updated.description == "<p>Tekst</p>"
    assert updated.number == target.number
    entry = ActivityLog.objects.get(action="meetings.item.updated")
    assert entry.data["changes"]["title"] == ["Gammel tittel", "Ny tittel"]
    assert entry.data["changes"]["description"] is True


def test_update_item_closed_needs_ground_and_note(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    target = item(w.meeting, w.secretariat, "Åpen")
    with pytest.raises(ValidationError) as caught:
        update_item(target, by=w.secretariat, kind="information", title="Åpen", is_closed=True)
    assert set(caught.value.message_dict) == {"closed_ground", "closed_note"}
    target.refresh_from_db()
    assert target.is_closed is False
    # Opening a closed item drops its ground and note.
    closed = closed_item(w.meeting, w.secretariat)
    opened = update_item(closed, by=w.secretariat, kind="information", title="Nå åpen")
    assert (opened.is_closed, opened.closed_ground, opened.closed_note) == (False, "", "")


def test_cancelled_meeting_takes_no_new_items(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    target = item(w.meeting, w.secretariat)
    w.meeting.status = "cancelled"
    w.meeting.save()
    with pytest.raises(ValidationError, match="avlyst"):
        item(w.meeting, w.secretariat)
    with pytest.raises(ValidationError, match="avlyst"):
        update_item(target, by=w.secretariat, kind="information", title="X")


# --- Removing and moving -------------------------------------------------------------


def test_remove_item_deletes_documents_and_files(
    meeting_world: MeetingWorld,
    settings: Any,
    tmp_path: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    w = meeting_world
    target = item(w.meeting, w.secretariat)
    add_document(target, by=w.secretariat, upload=upload("a.pdf", pdf_bytes()), title="A")
    assert len(list(tmp_path.rglob("*.pdf"))) == 1
    with django_capture_on_commit_callbacks(execute=True):
        remove_item(target, by=w.secretariat)
    assert AgendaItem.objects.count() == CaseDocument.objects.count() == 0
    assert list(tmp_path.rglob("*.pdf")) == []
    entry = ActivityLog.objects.get(action="meetings.item.removed")
    assert entry.data["number"] == target.case_number


def test_remove_item_refused_after_publishing(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    target = item(w.meeting, w.secretariat)
    mark_published(w.meeting)
    with pytest.raises(ValidationError) as caught:
        remove_item(target, by=w.secretariat)
    assert "Sakskartet er publisert" in caught.value.messages[0]
    assert AgendaItem.objects.filter(pk=target.pk).exists()


def test_move_item_swaps_neighbours_and_refuses_edges(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    a, b, c = (item(w.meeting, w.secretariat, t) for t in "ABC")

    def order() -> list[str]:
        return list(
            AgendaItem.objects.filter(meeting=w.meeting)
            .order_by("position", "number")
            .values_list("title", flat=True)
        )

    move_item(a, by=w.secretariat, direction="down")
    assert order() == ["B", "A", "C"]
    move_item(c, by=w.secretariat, direction="up")
    assert order() == ["B", "C", "A"]
    with pytest.raises(ValidationError, match="først"):
        move_item(b, by=w.secretariat, direction="up")
    with pytest.raises(ValidationError, match="sist"):
        move_item(a, by=w.secretariat, direction="down")
    with pytest.raises(ValidationError):
        move_item(a, by=w.secretariat, direction="sideways")
    assert order() == ["B", "C", "A"]
    assert ActivityLog.objects.filter(action="meetings.item.moved").count() == 2


# --- Reading: agenda_entries ---------------------------------------------------------


def test_agenda_entries_hide_closed_items_from_outsiders(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    agenda = build_agenda(w)
    assert agenda_entries(w.meeting, fresh(None)) == []  # draft: nothing for the public
    mark_published(w.meeting)
    outsider = agenda_entries(w.meeting, fresh(None))
    assert [(e.case_number, e.item is None) for e in outsider] == [
        (agenda.public.case_number, False),
        (agenda.closed.case_number, True),
    ]
    assert outsider[1].closed_ground_label == "Taushetsplikt etter lov (offentleglova § 13)"
    member = agenda_entries(w.meeting, fresh(w.member))
    assert [e.item.title for e in member if e.item] == [agenda.public.title, CLOSED_TITLE]


# --- Persona matrix over every domain function ---------------------------------------


def _domain_calls(w: MeetingWorld) -> dict[str, Callable[[Any], Any]]:
    return {
        "add_item": lambda by: add_item(w.meeting, by=by, kind="information", title="Ny"),
        "update_item": lambda by: update_item(
            AgendaItem.objects.get(title=CLOSED_TITLE), by=by, kind="information", title="Endret"
        ),
        "move_item": lambda by: move_item(
            AgendaItem.objects.get(title=CLOSED_TITLE), by=by, direction="up"
        ),
        "add_document": lambda by: add_document(
            AgendaItem.objects.get(title=CLOSED_TITLE),
            by=by,
            upload=upload("ny.pdf", pdf_bytes()),
            title="Ny",
        ),
        "remove_document": lambda by: remove_document(CaseDocument.objects.first(), by=by),  # type: ignore[arg-type]
        "remove_item": lambda by: remove_item(AgendaItem.objects.get(title=CLOSED_TITLE), by=by),
        "publish_agenda": lambda by: publish_agenda(w.meeting, by=by),
    }


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
@pytest.mark.parametrize(
    "call",
    [
        "add_item",
        "update_item",
        "move_item",
        "add_document",
        "remove_document",
        "remove_item",
        "publish_agenda",
    ],
)
def test_domain_persona_matrix(
    meeting_world: MeetingWorld, persona: str, call: str, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    w = meeting_world
    build_agenda(w)
    before = (
        AgendaItem.objects.count(),
        CaseDocument.objects.count(),
        ActivityLog.objects.count(),
    )
    user = fresh(w.users[persona])
    if persona in MANAGERS:
        _domain_calls(w)[call](user)
        assert ActivityLog.objects.count() == before[2] + 1
    else:
        with pytest.raises(PermissionDenied):
            _domain_calls(w)[call](user)
        after = (
            AgendaItem.objects.count(),
            CaseDocument.objects.count(),
            ActivityLog.objects.count(),
        )
        assert after == before
        w.meeting.refresh_from_db()
        assert w.meeting.agenda_published_at is None
        assert AgendaItem.objects.filter(title=CLOSED_TITLE).exists()


def test_other_service_cannot_touch_items_in_its_own_name(meeting_world: MeetingWorld) -> None:
    """Tenant boundary: the other service's secretariat cannot add to its own meeting
    an item, then act on ours through it -- and a meeting of its own works."""
    w = meeting_world
    own_arena = make_arena(w.other_service, name="Annet råd")
    own = make_meeting(own_arena, timezone.localdate() + datetime.timedelta(days=40))
    mine = item(own, w.other_secretariat, "Egen sak")
    assert mine.case_number.startswith("1/")
    target = item(w.meeting, w.secretariat, "Vår sak")
    with pytest.raises(PermissionDenied):
        update_item(target, by=w.other_secretariat, kind="information", title="Kapret")
    with pytest.raises(PermissionDenied):
        item(own, w.secretariat, "Inn hos de andre")
