"""The public agenda on the meeting page is cached for anonymous visitors (issue 6): keyed
by what it is made of, so every change shows at once, and closed items never leak."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from medvirk.arenas.domain.arenas import update_arena
from medvirk.meetings.domain.agenda import move_item, update_item
from medvirk.meetings.domain.documents import add_document, remove_document
from medvirk.meetings.domain.publishing import publish_agenda
from medvirk.meetings.enums import ClosedGround, ItemKind
from medvirk.meetings.models import Meeting
from tests.meetings.agenda_helpers import (
    CLOSED_DESCRIPTION,
    CLOSED_DOC_TITLE,
    CLOSED_TITLE,
    PUBLIC_DOC_TITLE,
    PUBLIC_TITLE,
    build_agenda,
    item,
    mark_published,
    pdf_bytes,
    upload,
)
from tests.meetings.conftest import MeetingWorld

pytestmark = pytest.mark.django_db


def url(meeting: Meeting) -> str:
    return f"/moter/{meeting.pk}/"


def agenda(client: Client, meeting: Meeting) -> str:
    response = client.get(url(meeting))
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('id="sakskart"') : html.index("</section>", html.index('id="sakskart"'))]


def titles(section: str) -> list[str]:
    return re.findall(r"Sak \d+/\d+: ([^<]+)</a>", section)


def test_public_agenda_is_served_from_the_cache(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    for i in range(30):
        item(w.meeting, w.secretariat, f"Sak nummer {i:02d}")
    mark_published(w.meeting)
    client = Client()
    with CaptureQueriesContext(connection) as first:
        assert "Sak nummer 29" in agenda(client, w.meeting)
    with CaptureQueriesContext(connection) as again:
        assert "Sak nummer 29" in agenda(client, w.meeting)
    # The meeting only: the agenda's version is in the cache (no fingerprint statement).
    assert len(again.captured_queries) == 1 < len(first.captured_queries)


def test_closed_items_never_reach_anonymous_visitors_through_the_cache(
    meeting_world: MeetingWorld,
) -> None:
    w = meeting_world
    build_agenda(w)
    mark_published(w.meeting)
    member, secretariat, anonymous = w.client("member"), w.client("secretariat"), Client()
    for _round in range(2):
        # Those who may see the closed item first, then an anonymous visitor, and back.
        assert CLOSED_TITLE in agenda(member, w.meeting)
        assert CLOSED_DOC_TITLE in agenda(secretariat, w.meeting)
        public = agenda(anonymous, w.meeting)
        assert PUBLIC_TITLE in public and PUBLIC_DOC_TITLE in public
        assert "Lukket sak" in public
        for secret in (CLOSED_TITLE, CLOSED_DESCRIPTION, CLOSED_DOC_TITLE):
            assert secret not in public
        assert "Rediger sak" not in public and "Legg til sak" not in public


def test_item_changes_show_at_once(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    by = w.secretariat
    first = item(w.meeting, by, "Første sak")
    second = item(w.meeting, by, "Andre sak")
    mark_published(w.meeting)
    client = Client()
    assert titles(agenda(client, w.meeting)) == ["Første sak", "Andre sak"]
    move_item(second, by=by, direction="up")
    assert titles(agenda(client, w.meeting)) == ["Andre sak", "Første sak"]
    update_item(first, by=by, kind=ItemKind.INFORMATION, title="Første sak, endret")
    assert "Første sak, endret" in titles(agenda(client, w.meeting))
    document = add_document(
        first, by=by, upload=upload("vedlegg.pdf", pdf_bytes()), title="Vedlegg"
    )
    assert "Vedlegg" in agenda(client, w.meeting)
    remove_document(document, by=by)
    assert "Vedlegg" not in agenda(client, w.meeting)
    item(w.meeting, by, "Tredje sak")
    assert titles(agenda(client, w.meeting))[-1] == "Tredje sak"


def test_closing_an_item_hides_it_at_once(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    sensitive = item(w.meeting, w.secretariat, "Sak som blir lukket")
    mark_published(w.meeting)
    client = Client()
    assert "Sak som blir lukket" in agenda(client, w.meeting)
    update_item(
        sensitive,
        by=w.secretariat,
        kind=ItemKind.DISCUSSION,
        title="Sak som blir lukket",
        is_closed=True,
        closed_ground=ClosedGround.OFFL_13,
        closed_note="Opplysninger om en ansatt.",
    )
    section = agenda(client, w.meeting)
    assert "Sak som blir lukket" not in section and "Lukket sak" in section


def test_publishing_shows_the_agenda_at_once(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    item(w.meeting, w.secretariat, "Sak før publisering")
    client = Client()
    assert "Sak før publisering" not in agenda(client, w.meeting)
    publish_agenda(w.meeting, by=w.secretariat, late_reason="Sent i år.")
    assert "Sak før publisering" in agenda(client, w.meeting)


def test_arena_made_private_is_404_for_anonymous_at_once(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    item(w.meeting, w.secretariat, "Offentlig sak")
    mark_published(w.meeting)
    assert "Offentlig sak" in agenda(Client(), w.meeting)
    update_arena(w.public_arena, by=w.secretariat, is_public=False)
    assert Client().get(url(w.meeting)).status_code == 404
    assert "Offentlig sak" in agenda(w.client("member"), w.meeting)


# --- Signed-in readers (issue 13): one copy per kind of reader, the CSRF token never stored


def csrf_tokens(section: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', section)


def test_signed_in_agenda_is_cached_without_its_csrf_token(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    for i in range(3):
        item(w.meeting, w.secretariat, f"Sak nummer {i:02d}")
    client = w.client("secretariat")
    first = agenda(client, w.meeting)
    with CaptureQueriesContext(connection) as again:
        second = agenda(client, w.meeting)
    other = agenda(w.client("secretariat"), w.meeting)
    # The move buttons carry this response's token, not a stored one nor a placeholder.
    assert "placeholder" not in second
    assert len(csrf_tokens(second)) == 4 and len(set(csrf_tokens(second))) == 1
    assert csrf_tokens(other)[0] != csrf_tokens(second)[0]
    assert re.sub(r'value="[^"]{64}"', "", first) == re.sub(r'value="[^"]{64}"', "", second)
    assert not any("agendaitem" in query["sql"] for query in again.captured_queries)
    # A token from the cached page is accepted by the move action.
    moved = client.post(
        re.findall(r'action="([^"]+)"', second)[0],
        {"direction": "up", "csrfmiddlewaretoken": csrf_tokens(second)[0]},
    )
    assert moved.status_code == 302


def test_signed_in_agenda_statements_are_constant(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    counts = []
    for total in (1, 12):
        while len(titles(agenda(w.client("secretariat"), w.meeting))) < total:
            item(w.meeting, w.secretariat, "Sak")
        client = w.client("secretariat")
        with CaptureQueriesContext(connection) as captured:
            agenda(client, w.meeting)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_each_kind_of_reader_gets_its_own_cached_agenda(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    build_agenda(w)
    mark_published(w.meeting)
    for _round in range(2):
        managed = agenda(w.client("secretariat"), w.meeting)
        assert CLOSED_DOC_TITLE in managed and "Rediger sak" in managed
        member = agenda(w.client("member"), w.meeting)
        assert CLOSED_TITLE in member and "Rediger sak" not in member
        outsider = agenda(w.client("admin_b"), w.meeting)
        assert PUBLIC_TITLE in outsider and "Rediger sak" not in outsider
        for secret in (CLOSED_TITLE, CLOSED_DESCRIPTION, CLOSED_DOC_TITLE):
            assert secret not in outsider
        assert not csrf_tokens(member) and not csrf_tokens(outsider)


def test_signed_in_agenda_changes_show_at_once(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    by = w.secretariat
    first = item(w.meeting, by, "Første sak")
    second = item(w.meeting, by, "Andre sak")
    client = w.client("secretariat")
    assert titles(agenda(client, w.meeting)) == ["Første sak", "Andre sak"]
    assert "Publisert " not in agenda(client, w.meeting)
    move_item(second, by=by, direction="up")
    assert titles(agenda(client, w.meeting)) == ["Andre sak", "Første sak"]
    document = add_document(
        first, by=by, upload=upload("vedlegg.pdf", pdf_bytes()), title="Vedlegg"
    )
    assert "Vedlegg" in agenda(client, w.meeting)
    remove_document(document, by=by)
    assert "Vedlegg" not in agenda(client, w.meeting)
    publish_agenda(w.meeting, by=by, late_reason="Sent i år.")
    assert "Publisert " in agenda(client, w.meeting)
    assert "Publisert " in agenda(w.client("member"), w.meeting)
