"""Minutes, pages: the published minutes (HTML and PDF) and versions with closed items
kept inside the arena, the draft and comments, the secretariat's forms with bad input,
the meeting page's section, the persona matrix and query counts."""

from __future__ import annotations

import datetime
import subprocess
from typing import Any

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medvirk.meetings.domain.minutes import (
    circulate_minutes,
    revise_minutes,
    save_entries,
    start_minutes,
)
from medvirk.meetings.enums import MinutesStatus
from medvirk.meetings.models import Minutes, MinutesComment, MinutesEntry
from tests.meetings.conftest import MEETING_PERSONAS, MeetingWorld
from tests.meetings.minutes_helpers import (
    CLOSED_TEXT,
    CLOSED_TITLE,
    OPEN_TITLE,
    Past,
    approved,
    past_meeting,
    texts_for,
    user_of,
)

pytestmark = pytest.mark.django_db

CLOSED_WORD = "Hemmelighetsveien"  # only in the closed item's text
OUTSIDERS = ["anonymous", "admin_a", "admin_b", "other_secretariat", "platform_admin"]
INSIDERS = ["member", "deputy", "secretariat"]


def url(name: str, meeting_pk: int, **kwargs: Any) -> str:
    return reverse(f"meetings:{name}", kwargs={"pk": meeting_pk, **kwargs})


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def circulated(w: MeetingWorld, past: Past, days: int = 7) -> Minutes:
    minutes = start_minutes(past.meeting, by=w.secretariat)
    save_entries(minutes, by=w.secretariat, texts=texts_for(past))
    circulate_minutes(
        minutes,
        by=w.secretariat,
        comment_deadline=timezone.localdate() + datetime.timedelta(days=days),
    )
    minutes.refresh_from_db()
    return minutes


def is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


# --- Published minutes: who sees what ------------------------------------------------


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_approved_minutes_page_persona_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    past, _ = approved(w)
    response = w.client(persona).get(url("minutes", past.meeting.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert OPEN_TITLE in html
    assert "Rådet anbefaler lavere kantstein" in html
    assert "Mona Medlem, Vera Vara" in html  # present
    assert "Sigurd Sekundær" in html  # apologies
    if persona in INSIDERS:
        assert CLOSED_TITLE in html and CLOSED_WORD in html
        assert "Lukket sak" in html
        assert "lukket for offentligheten" not in html
    else:
        assert CLOSED_TITLE not in html and CLOSED_WORD not in html
        assert "1 sak er lukket for offentligheten" in html
    assert ("Lag ny versjon" in html) == (persona == "secretariat")


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_private_arena_minutes_only_inside(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    past, _ = approved(w, arena=w.private_arena)
    client = w.client(persona)
    page = client.get(url("minutes", past.meeting.pk))
    pdf = client.get(url("minutes_pdf", past.meeting.pk))
    version = client.get(url("minutes_version", past.meeting.pk, number=1))
    # Mona sits in the private arena; the secretariat owns it; a platform admin sees
    # every arena, but not closed items.
    if persona in {"member", "secretariat", "platform_admin"}:
        assert (page.status_code, pdf.status_code, version.status_code) == (200, 200, 200)
        assert (CLOSED_WORD in page.content.decode()) == (persona != "platform_admin")
    else:
        assert (page.status_code, pdf.status_code, version.status_code) == (404, 404, 404)


def test_pdf_leaves_closed_items_out_for_the_public(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past, _ = approved(w)
    public = w.client("anonymous").get(url("minutes_pdf", past.meeting.pk))
    assert public.status_code == 200
    assert public["Content-Type"] == "application/pdf"
    assert public["Content-Disposition"].startswith('inline; filename="protokoll-brukerutvalget-')
    text = pdf_text(public.content)
    assert "Protokoll fra Brukerutvalget" in text
    assert OPEN_TITLE in text
    assert "Rådet anbefaler lavere kantstein" in text
    assert "1 sak er lukket for offentligheten" in text
    assert CLOSED_WORD not in text and "Klage fra en bruker" not in text

    member = pdf_text(w.client("member").get(url("minutes_pdf", past.meeting.pk)).content)
    assert CLOSED_WORD in member and "Klage fra en bruker" in member
    # The renderings are cached per kind of reader: the member's never reaches the public.
    again = pdf_text(w.client("anonymous").get(url("minutes_pdf", past.meeting.pk)).content)
    assert CLOSED_WORD not in again and "Klage fra en bruker" not in again


def test_pdf_is_tagged_with_language_and_title(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past, _ = approved(w)
    pdf = w.client("anonymous").get(url("minutes_pdf", past.meeting.pk)).content
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    output = info.stdout.decode()
    assert "Tagged:          yes" in output
    assert "Title:           Protokoll fra Brukerutvalget" in output


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_pdf_and_versions_404_before_approval(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    past = past_meeting(w)
    circulated(w, past)
    client = w.client(persona)
    assert client.get(url("minutes_pdf", past.meeting.pk)).status_code == 404
    assert client.get(url("minutes_version", past.meeting.pk, number=1)).status_code == 404


def test_no_minutes_is_404(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past = past_meeting(w)
    for persona in ["anonymous", "secretariat"]:
        assert w.client(persona).get(url("minutes", past.meeting.pk)).status_code == 404


def test_revision_lists_v1_which_stays_readable(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past, minutes = approved(w)
    revise_minutes(
        minutes,
        by=w.secretariat,
        texts={past.open_item.pk: "<p>Rådet anbefaler kantstein på 18 cm.</p>"},
        change_note="Riktig høyde etter merknad.",
    )
    client = w.client("anonymous")
    latest = client.get(url("minutes", past.meeting.pk)).content.decode()
    assert "kantstein på 18 cm" in latest
    assert "Versjon 2, godkjent" in latest
    assert "Hva er endret, og hvorfor:" in latest and "Riktig høyde etter merknad." in latest
    assert "Tidligere versjoner" in latest
    assert url("minutes_version", past.meeting.pk, number=1) in latest
    old = client.get(url("minutes_version", past.meeting.pk, number=1)).content.decode()
    assert "Rådet anbefaler lavere kantstein" in old
    assert "kantstein på 18 cm" not in old
    assert "Dette er en eldre versjon av protokollen" in old
    assert CLOSED_WORD not in old
    assert client.get(url("minutes_version", past.meeting.pk, number=3)).status_code == 404
    # The PDF is the latest version.
    assert "kantstein på 18 cm" in pdf_text(client.get(url("minutes_pdf", past.meeting.pk)).content)


# --- The draft -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_circulated_draft_persona_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    past = past_meeting(w)
    minutes = circulated(w, past)
    MinutesComment.objects.create(
        minutes=minutes, author=w.deputy, author_name="Vera Vara", text="Skriv 18 cm."
    )
    response = w.client(persona).get(url("minutes", past.meeting.pk))
    if persona == "anonymous":
        assert is_login_redirect(response)
        return
    if persona not in {"member", "deputy", "secretariat"}:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "Utkast til protokoll fra Brukerutvalget" in html
    assert CLOSED_WORD in html and "Skriv 18 cm." in html
    deadline = minutes.comment_deadline
    assert deadline is not None
    assert f"Merknadsfrist {deadline:%d.%m.%Y}" in html
    assert ('name="text"' in html) == (persona in {"member", "deputy"})
    assert ("Godkjenn protokollen" in html) == (persona == "secretariat")


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_uncirculated_draft_only_for_the_secretariat(
    meeting_world: MeetingWorld, persona: str
) -> None:
    w = meeting_world
    past = past_meeting(w)
    start_minutes(past.meeting, by=w.secretariat)
    response = w.client(persona).get(url("minutes", past.meeting.pk))
    if persona == "secretariat":
        assert response.status_code == 200
        assert "Ikke skrevet ennå." in response.content.decode()
    elif persona == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == 404


def test_comment_form_gone_after_the_deadline(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past = past_meeting(w)
    minutes = circulated(w, past)
    Minutes.objects.filter(pk=minutes.pk).update(
        comment_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    client = w.client("member")
    html = client.get(url("minutes", past.meeting.pk)).content.decode()
    assert 'name="text"' not in html
    assert "Fristen for merknader gikk ut" in html
    response = client.post(url("minutes_comment", past.meeting.pk), {"text": "For sent"})
    assert response.status_code == 422
    assert "Fristen for merknader gikk ut" in response.content.decode()
    assert not MinutesComment.objects.exists()


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_comment_view_persona_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    past = past_meeting(w)
    circulated(w, past)
    response = w.client(persona).post(
        url("minutes_comment", past.meeting.pk), {"text": "Min merknad"}
    )
    if persona in {"member", "deputy"}:
        assert response.status_code == 302
        assert response["Location"] == url("minutes", past.meeting.pk)
        assert list(MinutesComment.objects.values_list("text", flat=True)) == ["Min merknad"]
        return
    if persona == "anonymous":
        assert is_login_redirect(response)
    elif persona == "secretariat":
        assert response.status_code == 403  # sees the draft, but was not present
    else:
        assert response.status_code == 404
    assert not MinutesComment.objects.exists()


def test_comment_bad_input(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past = past_meeting(w)
    circulated(w, past)
    client = w.client("member")
    response = client.post(url("minutes_comment", past.meeting.pk), {"text": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert "mv-error-summary" in html and "Skriv merknaden din." in html
    long = "x" * 4001
    response = client.post(url("minutes_comment", past.meeting.pk), {"text": long})
    assert response.status_code == 422
    assert long in response.content.decode()  # what the user typed is kept
    assert not MinutesComment.objects.exists()


def test_comment_before_circulation_is_404(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past = past_meeting(w)
    start_minutes(past.meeting, by=w.secretariat)
    response = w.client("member").post(url("minutes_comment", past.meeting.pk), {"text": "x"})
    assert response.status_code == 404
    assert not MinutesComment.objects.exists()


# --- The secretariat's pages ---------------------------------------------------------


def _expected_manage(persona: str, response: Any, private: bool = False) -> None:
    if persona == "anonymous":
        assert is_login_redirect(response)
    elif persona == "secretariat":
        assert response.status_code in {200, 302}
    elif private and persona != "platform_admin" and persona != "member":
        assert response.status_code == 404
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_manage_pages_persona_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    past = past_meeting(w)
    client = w.client(persona)
    start = client.post(url("minutes_start", past.meeting.pk))
    _expected_manage(persona, start)
    if persona != "secretariat":
        assert not Minutes.objects.exists()
        start_minutes(past.meeting, by=w.secretariat)
    else:
        assert start["Location"] == url("minutes_edit", past.meeting.pk)
    for name in ["minutes_edit", "minutes_circulate", "minutes_approve"]:
        response = client.get(url(name, past.meeting.pk))
        _expected_manage(persona, response)
        if persona == "secretariat":
            assert response.status_code == 200
    edit = client.post(
        url("minutes_edit", past.meeting.pk), {f"item_{past.open_item.pk}": "<p>Endret</p>"}
    )
    _expected_manage(persona, edit)
    text = MinutesEntry.objects.get(item=past.open_item).text
    assert text == ("<p>Endret</p>" if persona == "secretariat" else "")
    circulate = client.post(
        url("minutes_circulate", past.meeting.pk),
        {"comment_deadline": timezone.localdate().isoformat()},
    )
    _expected_manage(persona, circulate)
    save_entries(Minutes.objects.get(), by=w.secretariat, texts=texts_for(past))
    approve = client.post(url("minutes_approve", past.meeting.pk))
    _expected_manage(persona, approve)
    status = Minutes.objects.get().status
    assert status == (MinutesStatus.APPROVED if persona == "secretariat" else MinutesStatus.DRAFT)


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_manage_pages_in_a_private_arena(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    past = past_meeting(w, arena=w.private_arena)
    start_minutes(past.meeting, by=w.secretariat)
    client = w.client(persona)
    for name in ["minutes_edit", "minutes_circulate", "minutes_approve"]:
        _expected_manage(persona, client.get(url(name, past.meeting.pk)), private=True)
    _expected_manage(persona, client.post(url("minutes_start", past.meeting.pk)), private=True)


def test_edit_page_labels_and_saves(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past = past_meeting(w)
    client = w.client("secretariat")
    client.post(url("minutes_start", past.meeting.pk))
    page = client.get(url("minutes_edit", past.meeting.pk)).content.decode()
    assert f"Sak {past.open_item.case_number} {OPEN_TITLE}" in page
    assert f'for="id_item_{past.closed_item.pk}"' in page
    assert "Lukket sak. Teksten vises bare for rådet og sekretariatet." in page
    assert "Hva er endret, og hvorfor" not in page
    data = {f"item_{pk}": text for pk, text in texts_for(past).items()}
    data[f"item_{past.open_item.pk}"] += "<img src=x onerror=alert(1)>"
    response = client.post(url("minutes_edit", past.meeting.pk), data)
    assert response.status_code == 302
    assert MinutesEntry.objects.get(item=past.closed_item).text == CLOSED_TEXT
    assert "onerror" not in MinutesEntry.objects.get(item=past.open_item).text


def test_edit_bad_input_keeps_values(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past = past_meeting(w)
    start_minutes(past.meeting, by=w.secretariat)
    long = "a" * 20001
    response = w.client("secretariat").post(
        url("minutes_edit", past.meeting.pk),
        {f"item_{past.open_item.pk}": long, f"item_{past.closed_item.pk}": "Beholdt tekst"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "mv-error-summary" in html
    assert "Beholdt tekst" in html and long in html
    assert MinutesEntry.objects.get(item=past.closed_item).text == ""


def test_revision_form_requires_a_note(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past, minutes = approved(w)
    client = w.client("secretariat")
    page = client.get(url("minutes_edit", past.meeting.pk)).content.decode()
    assert "Ny versjon av protokollen" in page
    assert "Hva er endret, og hvorfor" in page
    data = {f"item_{pk}": text for pk, text in texts_for(past).items()}
    data[f"item_{past.open_item.pk}"] = "<p>Ny tekst som skal beholdes</p>"
    response = client.post(url("minutes_edit", past.meeting.pk), {**data, "change_note": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Skriv hva som er endret, og hvorfor." in html
    assert "Ny tekst som skal beholdes" in html
    assert minutes.versions.count() == 1
    response = client.post(
        url("minutes_edit", past.meeting.pk), {**data, "change_note": "Rettet skrivefeil."}
    )
    assert response.status_code == 302
    assert minutes.versions.count() == 2
    assert minutes.versions.get(number=2).change_note == "Rettet skrivefeil."


def test_circulate_bad_input(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past = past_meeting(w)
    start_minutes(past.meeting, by=w.secretariat)
    client = w.client("secretariat")
    page = client.get(url("minutes_circulate", past.meeting.pk)).content.decode()
    assert "Mona Medlem" in page and "Vera Vara" in page
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    for value, message in [
        (yesterday, "Fristen for merknader kan ikke være før i dag."),
        ("", "Velg en frist for merknader."),
        ("31.02.2030", "Skriv datoen som dd.mm.åååå."),
    ]:
        response = client.post(
            url("minutes_circulate", past.meeting.pk), {"comment_deadline": value}
        )
        assert response.status_code == 422
        html = response.content.decode()
        assert "mv-error-summary" in html and message in html
        assert f'value="{value}"' in html or not value
    assert Minutes.objects.get().status == MinutesStatus.DRAFT


def test_circulate_without_attendance_says_what_to_do(
    meeting_world: MeetingWorld, mailoutbox: Any
) -> None:
    w = meeting_world
    past = past_meeting(w, attendance=False)
    start_minutes(past.meeting, by=w.secretariat)
    response = w.client("secretariat").post(
        url("minutes_circulate", past.meeting.pk),
        {"comment_deadline": timezone.localdate().isoformat()},
    )
    assert response.status_code == 422
    assert "Registrer oppmøtet før protokollen sendes på høring." in response.content.decode()
    assert mailoutbox == []


def test_circulate_view_mails_and_redirects(meeting_world: MeetingWorld, mailoutbox: Any) -> None:
    w = meeting_world
    past = past_meeting(w)
    start_minutes(past.meeting, by=w.secretariat)
    deadline = timezone.localdate() + datetime.timedelta(days=3)
    response = w.client("secretariat").post(
        url("minutes_circulate", past.meeting.pk), {"comment_deadline": deadline.isoformat()}
    )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == ["medlem@example.org", "vara@example.org"]
    assert all(f"innen {deadline:%d.%m.%Y}" in m.body for m in mailoutbox)


def test_approve_page_lists_comments_and_missing_texts(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past = past_meeting(w)
    minutes = circulated(w, past)
    MinutesEntry.objects.filter(item=past.closed_item).update(text="")
    MinutesComment.objects.create(
        minutes=minutes, author=w.member, author_name="Mona Medlem", text="Skriv 18 cm."
    )
    client = w.client("secretariat")
    page = client.get(url("minutes_approve", past.meeting.pk)).content.decode()
    assert "1 merknad mottatt" in page and "Skriv 18 cm." in page and "Mona Medlem" in page
    assert "Fristen for merknader er ikke ute" in page
    assert f"Sak {past.closed_item.case_number} {CLOSED_TITLE}" in page
    response = client.post(url("minutes_approve", past.meeting.pk))
    assert response.status_code == 422
    assert "mv-error-summary" in response.content.decode()
    assert "Skriv vedtak eller uttalelse for alle sakene" in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED


def test_start_refused_shows_message(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past = past_meeting(w)
    past.meeting.agenda_published_at = None
    past.meeting.save()
    response = w.client("secretariat").post(url("minutes_start", past.meeting.pk), follow=True)
    assert "Publiser sakskartet før protokollen startes." in response.content.decode()
    assert not Minutes.objects.exists()


# --- The meeting page's section ------------------------------------------------------


def render_section(w: MeetingWorld, persona: str, meeting: Any) -> str:
    request = RequestFactory().get("/")
    request.user = user_of(w, persona)
    template = Template("{% load attendance_tags %}{% minutes_section meeting %}")
    return template.render(Context({"request": request, "meeting": meeting}))


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_section_before_start(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    past = past_meeting(w)
    html = render_section(w, persona, past.meeting)
    if persona == "secretariat":
        assert "Start protokoll" in html
        assert url("minutes_start", past.meeting.pk) in html
    else:
        assert html == ""
    # A meeting still ahead shows nothing, not even to the secretariat.
    assert render_section(w, persona, w.meeting) == ""


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_section_while_circulated(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    past = past_meeting(w)
    minutes = circulated(w, past)
    html = render_section(w, persona, past.meeting)
    deadline = minutes.comment_deadline
    assert deadline is not None
    if persona == "secretariat":
        assert f"sendt på høring, merknadsfrist {deadline:%d.%m.%Y}. 0 merknader." in html
        assert url("minutes_approve", past.meeting.pk) in html
    elif persona in {"member", "deputy"}:
        assert f"Utkast til protokoll: merknadsfrist {deadline:%d.%m.%Y}" in html
        assert url("minutes", past.meeting.pk) in html
    else:
        assert html == ""


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_section_after_approval(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    past, _ = approved(w)
    html = render_section(w, persona, past.meeting)
    assert "Les protokollen" in html
    assert url("minutes_pdf", past.meeting.pk) in html
    assert f"Versjon 1, godkjent {timezone.localdate():%d.%m.%Y}" in html
    assert ("Lag ny versjon" in html) == (persona == "secretariat")


def test_section_draft_for_the_secretariat(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past = past_meeting(w)
    start_minutes(past.meeting, by=w.secretariat)
    html = render_section(w, "secretariat", past.meeting)
    assert "Status: utkast." in html
    for name in ["minutes_edit", "minutes_circulate", "minutes_approve"]:
        assert url(name, past.meeting.pk) in html
    assert render_section(w, "member", past.meeting) == ""


def test_meeting_page_shows_the_section(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    past, _ = approved(w)
    html = w.client("anonymous").get(past.meeting.get_absolute_url()).content.decode()
    assert url("minutes", past.meeting.pk) in html and "Versjon 1, godkjent" in html


# --- Query counts --------------------------------------------------------------------


def count_queries(client: Client, path: str) -> int:
    client.get(path)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("persona", ["anonymous", "member", "secretariat"])
def test_approved_page_constant_queries(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    one, _ = approved(w, days_ago=3)  # 2 items
    many, minutes = approved(w, days_ago=5, extra_items=28)  # 30 items
    revise_minutes(minutes, by=w.secretariat, texts=texts_for(many), change_note="Ny versjon.")
    client = w.client(persona)
    assert count_queries(client, url("minutes", one.meeting.pk)) == count_queries(
        client, url("minutes", many.meeting.pk)
    )
    html = client.get(url("minutes", many.meeting.pk)).content.decode()
    assert "Orientering 27" in html


@pytest.mark.parametrize("persona", ["member", "secretariat"])
def test_draft_pages_constant_queries(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    one = past_meeting(w, days_ago=3)
    many = past_meeting(w, days_ago=5, extra_items=28)
    for past in (one, many):
        minutes = circulated(w, past)
        MinutesComment.objects.create(
            minutes=minutes, author=w.member, author_name="Mona Medlem", text="Merknad"
        )
    client = w.client(persona)
    names = ["minutes"] + (
        ["minutes_edit", "minutes_approve", "minutes_circulate"] if persona == "secretariat" else []
    )
    for name in names:
        assert count_queries(client, url(name, one.meeting.pk)) == count_queries(
            client, url(name, many.meeting.pk)
        ), name
