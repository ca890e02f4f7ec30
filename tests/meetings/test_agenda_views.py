"""Agenda pages: the persona matrix, bad input, downloads, the PDF and closed items."""

from __future__ import annotations

import re
import subprocess
import zoneinfo
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from medvirk.common.models import ActivityLog
from medvirk.meetings.domain import documents
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.domain.agenda_pdf import render_agenda_html
from medvirk.meetings.models import AgendaItem, CaseDocument
from tests.meetings.agenda_helpers import (
    CLOSED_DESCRIPTION,
    CLOSED_DOC_TITLE,
    CLOSED_NOTE,
    CLOSED_TITLE,
    CLOSED_VIEWERS,
    MANAGERS,
    PUBLIC_DOC_TITLE,
    PUBLIC_TITLE,
    Agenda,
    build_agenda,
    item,
    mark_published,
    meeting_in,
    pdf_bytes,
    pdf_text,
    xlsx_bytes,
)
from tests.meetings.conftest import MEETING_PERSONAS, MeetingWorld

pytestmark = pytest.mark.django_db

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
PLACEHOLDER = "Lukket sak – Taushetsplikt etter lov (offentleglova § 13)"
# Who can see the private arena (and so its meetings) at all.
PRIVATE_VIEWERS = {"member", "secretariat", "platform_admin"}


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def agenda(meeting_world: MeetingWorld) -> Agenda:
    return build_agenda(meeting_world)


def is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("account_login"))


def text(response: Any) -> str:
    return response.content.decode()


# --- URLs ----------------------------------------------------------------------------


def test_url_names_and_paths() -> None:
    assert reverse("meetings:item_create", args=[3]) == "/moter/3/saker/ny/"
    assert reverse("meetings:item_detail", args=[3]) == "/moter/saker/3/"
    assert reverse("meetings:item_edit", args=[3]) == "/moter/saker/3/rediger/"
    assert reverse("meetings:item_delete", args=[3]) == "/moter/saker/3/slett/"
    assert reverse("meetings:item_move", args=[3]) == "/moter/saker/3/flytt/"
    assert reverse("meetings:document_upload", args=[3]) == "/moter/saker/3/dokumenter/ny/"
    assert reverse("meetings:document", args=[3]) == "/moter/dokumenter/3/"
    assert reverse("meetings:document_delete", args=[3]) == "/moter/dokumenter/3/slett/"
    assert reverse("meetings:publish", args=[3]) == "/moter/3/publiser/"
    assert reverse("meetings:agenda_pdf", args=[3]) == "/moter/3/sakskart.pdf"
    assert reverse("meetings:dashboard") == "/moter/sekretariat/"


# --- Persona matrix: reading ---------------------------------------------------------


def expected_read(persona: str, *, closed: bool, published: bool) -> int:
    if not published:
        return 200 if persona in MANAGERS else 404
    if closed:
        return 200 if persona in CLOSED_VIEWERS else 404
    return 200


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
@pytest.mark.parametrize("published", [True, False])
def test_item_page_and_download_matrix(
    meeting_world: MeetingWorld, agenda: Agenda, persona: str, published: bool
) -> None:
    if published:
        mark_published(agenda.meeting)
    client = meeting_world.client(persona)
    for target, document, closed in (
        (agenda.public, agenda.public_doc, False),
        (agenda.closed, agenda.closed_doc, True),
    ):
        wanted = expected_read(persona, closed=closed, published=published)
        page = client.get(reverse("meetings:item_detail", args=[target.pk]))
        download = client.get(reverse("meetings:document", args=[document.pk]))
        assert (persona, closed, page.status_code) == (persona, closed, wanted)
        assert (persona, closed, download.status_code) == (persona, closed, wanted)
        if wanted == 200:
            assert target.title in text(page)
            assert b"".join(download.streaming_content) == pdf_bytes()
        else:
            assert target.title not in text(page)
            assert document.title not in text(page)


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_private_arena_items_hidden_from_outsiders(
    meeting_world: MeetingWorld, persona: str
) -> None:
    w = meeting_world
    public = item(w.private_meeting, w.secretariat, "Åpen sak i lukket gruppe")
    mark_published(w.private_meeting)
    client = w.client(persona)
    page = client.get(reverse("meetings:item_detail", args=[public.pk]))
    pdf = client.get(reverse("meetings:agenda_pdf", args=[w.private_meeting.pk]))
    wanted = 200 if persona in PRIVATE_VIEWERS else 404
    assert (page.status_code, pdf.status_code) == (wanted, wanted)


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_agenda_pdf_matrix_and_closed_text(
    meeting_world: MeetingWorld, agenda: Agenda, persona: str
) -> None:
    client = meeting_world.client(persona)
    url = reverse("meetings:agenda_pdf", args=[agenda.meeting.pk])
    draft = client.get(url)
    assert draft.status_code == (200 if persona in MANAGERS else 404)
    mark_published(agenda.meeting)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    content = pdf_text(response.content)
    assert PUBLIC_TITLE in content
    assert PUBLIC_DOC_TITLE in content
    if persona in CLOSED_VIEWERS:
        assert CLOSED_TITLE in content
        assert CLOSED_DOC_TITLE in content
        assert CLOSED_NOTE in content
    else:
        for secret in (CLOSED_TITLE, CLOSED_DOC_TITLE, CLOSED_NOTE, CLOSED_DESCRIPTION):
            assert secret not in content
        assert f"Sak {agenda.closed.case_number}: {PLACEHOLDER}" in content


def test_agenda_pdf_is_tagged_with_language_and_title(
    meeting_world: MeetingWorld, agenda: Agenda
) -> None:
    mark_published(agenda.meeting)
    response = meeting_world.client("anonymous").get(
        reverse("meetings:agenda_pdf", args=[agenda.meeting.pk])
    )
    info = subprocess.run(
        ["pdfinfo", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    day = agenda.meeting.starts_at.astimezone(OSLO).strftime("%d.%m.%Y")
    assert f"Title:           Sakskart for Brukerutvalget {day}" in info
    assert "Tagged:          yes" in info
    html = render_agenda_html(agenda.meeting, [])
    assert '<html lang="nb">' in html
    assert f"<title>Sakskart for Brukerutvalget {day}</title>" in html
    assert response["Content-Disposition"].startswith('inline; filename="sakskart-brukerutvalget-')


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_meeting_page_shows_closed_items_only_to_insiders(
    meeting_world: MeetingWorld, agenda: Agenda, persona: str
) -> None:
    mark_published(agenda.meeting)
    response = meeting_world.client(persona).get(agenda.meeting.get_absolute_url())
    assert response.status_code == 200
    html = text(response)
    assert PUBLIC_TITLE in html and PUBLIC_DOC_TITLE in html
    assert reverse("meetings:agenda_pdf", args=[agenda.meeting.pk]) in html
    if persona in CLOSED_VIEWERS:
        assert CLOSED_TITLE in html and CLOSED_DOC_TITLE in html and CLOSED_NOTE in html
        assert "Lukket sak" in html
    else:
        for secret in (
            CLOSED_TITLE,
            CLOSED_DOC_TITLE,
            CLOSED_NOTE,
            CLOSED_DESCRIPTION,
            "Personalavdelingen",
            reverse("meetings:document", args=[agenda.closed_doc.pk]),
            reverse("meetings:item_detail", args=[agenda.closed.pk]),
        ):
            assert secret not in html
        assert f"Sak {agenda.closed.case_number}: {PLACEHOLDER}" in html


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_meeting_page_draft_agenda(
    meeting_world: MeetingWorld, agenda: Agenda, persona: str
) -> None:
    response = meeting_world.client(persona).get(agenda.meeting.get_absolute_url())
    html = text(response)
    if persona in MANAGERS:
        assert PUBLIC_TITLE in html and CLOSED_TITLE in html
        assert reverse("meetings:publish", args=[agenda.meeting.pk]) in html
        assert reverse("meetings:item_create", args=[agenda.meeting.pk]) in html
        assert reverse("meetings:item_delete", args=[agenda.public.pk]) in html
        assert reverse("meetings:item_move", args=[agenda.public.pk]) in html
        assert reverse("meetings:document_upload", args=[agenda.closed.pk]) in html
    else:
        assert "Sakskartet er ikke publisert ennå." in html
        assert agenda.meeting.agenda_deadline.strftime("%d.%m.%Y") in html
        assert PUBLIC_TITLE not in html and CLOSED_TITLE not in html
        assert reverse("meetings:item_create", args=[agenda.meeting.pk]) not in html


def test_empty_draft_tells_the_secretariat_what_to_do(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    html = text(w.client("secretariat").get(w.meeting.get_absolute_url()))
    assert "Sakskartet har ingen saker ennå." in html
    assert reverse("meetings:publish", args=[w.meeting.pk]) not in html


def test_item_page_links_the_proposal_to_those_who_may_see_it(
    meeting_world: MeetingWorld,
) -> None:
    from medvirk.meetings.models import CaseProposal

    w = meeting_world
    proposal = CaseProposal.objects.create(
        arena=w.public_arena,
        title="Benker ved inngangen",
        problem_why="Folk må stå.",
        proposed_solution="Sett ut benker.",
        proposer_kind="member",
        submitted_by=w.member,
        proposer_name="Mona Medlem",
        proposer_email="medlem@example.org",
        status="accepted",
    )
    target = add_item(
        w.meeting, by=w.secretariat, kind="discussion", title="Benker", proposal=proposal
    )
    mark_published(w.meeting)
    link = reverse("meetings:proposal_detail", args=[proposal.pk])
    url = reverse("meetings:item_detail", args=[target.pk])
    assert link in text(w.client("member").get(url))
    assert link in text(w.client("secretariat").get(url))
    assert link not in text(w.client("anonymous").get(url))


# --- Persona matrix: changing --------------------------------------------------------


def expected_change(persona: str, *, can_see: bool) -> int | str:
    """Manage views: managers in; anonymous to the login; 403 for those who can see the
    object, 404 for those who may not know it exists."""
    if persona in MANAGERS:
        return "ok"
    if persona == "anonymous":
        return "login"
    return 403 if can_see else 404


def outcome(response: Any) -> int | str:
    if is_login_redirect(response):
        return "login"
    if response.status_code in (200, 302):
        return "ok"
    return int(response.status_code)


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_manage_views_get_matrix(meeting_world: MeetingWorld, agenda: Agenda, persona: str) -> None:
    mark_published(agenda.meeting)
    client = meeting_world.client(persona)
    meeting = agenda.meeting
    for name, pk in (("item_create", meeting.pk), ("publish", meeting.pk)):
        response = client.get(reverse(f"meetings:{name}", args=[pk]))
        assert (name, outcome(response)) == (name, expected_change(persona, can_see=True))
    for target, closed in ((agenda.public, False), (agenda.closed, True)):
        can_see = not closed or persona in CLOSED_VIEWERS
        for name in ("item_edit", "item_delete", "document_upload"):
            response = client.get(reverse(f"meetings:{name}", args=[target.pk]))
            assert (name, closed, outcome(response)) == (
                name,
                closed,
                expected_change(persona, can_see=can_see),
            )
    for document, closed in ((agenda.public_doc, False), (agenda.closed_doc, True)):
        can_see = not closed or persona in CLOSED_VIEWERS
        response = client.get(reverse("meetings:document_delete", args=[document.pk]))
        assert (closed, outcome(response)) == (
            closed,
            expected_change(persona, can_see=can_see),
        )


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_manage_views_on_a_private_meeting(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    target = item(w.private_meeting, w.secretariat)
    client = w.client(persona)
    create = client.get(reverse("meetings:item_create", args=[w.private_meeting.pk]))
    edit = client.get(reverse("meetings:item_edit", args=[target.pk]))
    if persona in MANAGERS:
        assert (create.status_code, edit.status_code) == (200, 200)
    elif persona == "anonymous":
        assert is_login_redirect(create) and is_login_redirect(edit)
    else:
        # The draft item is unknown to everyone but the managers; the meeting itself is
        # known to those who may see the private arena.
        assert edit.status_code == 404
        assert create.status_code == (403 if persona in PRIVATE_VIEWERS else 404)


def _posts(w: MeetingWorld, agenda: Agenda) -> dict[str, tuple[str, dict[str, Any]]]:
    return {
        "item_create": (
            reverse("meetings:item_create", args=[agenda.meeting.pk]),
            {"kind": "information", "title": "Ny sak fra skjema"},
        ),
        "item_edit": (
            reverse("meetings:item_edit", args=[agenda.public.pk]),
            {"kind": "election", "title": "Endret tittel"},
        ),
        "item_move": (
            reverse("meetings:item_move", args=[agenda.closed.pk]),
            {"direction": "up"},
        ),
        "document_upload": (
            reverse("meetings:document_upload", args=[agenda.public.pk]),
            {"title": "Nytt vedlegg", "file": SimpleUploadedFile("ny.pdf", pdf_bytes())},
        ),
        "document_delete": (reverse("meetings:document_delete", args=[agenda.public_doc.pk]), {}),
        "item_delete": (reverse("meetings:item_delete", args=[agenda.public.pk]), {}),
        "publish": (reverse("meetings:publish", args=[agenda.meeting.pk]), {}),
    }


def snapshot(agenda: Agenda) -> tuple[Any, ...]:
    return (
        list(AgendaItem.objects.order_by("pk").values_list("title", "kind", "position", "number")),
        CaseDocument.objects.count(),
        ActivityLog.objects.count(),
        type(agenda.meeting).objects.get(pk=agenda.meeting.pk).agenda_published_at,
    )


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
@pytest.mark.parametrize(
    "action",
    [
        "item_create",
        "item_edit",
        "item_move",
        "document_upload",
        "document_delete",
        "item_delete",
        "publish",
    ],
)
def test_manage_views_post_matrix(
    meeting_world: MeetingWorld, agenda: Agenda, persona: str, action: str
) -> None:
    w = meeting_world
    url, data = _posts(w, agenda)[action]
    before = snapshot(agenda)
    response = w.client(persona).post(url, data)
    if persona in MANAGERS:
        assert response.status_code == 302, text(response).split("<main", 1)[-1][:3000]
        assert ActivityLog.objects.count() == before[2] + 1
    else:
        # The meeting is known (public arena); the draft's items and documents are not.
        known = action in ("item_create", "publish")
        wanted = "login" if persona == "anonymous" else (403 if known else 404)
        assert outcome(response) == wanted
        assert snapshot(agenda) == before


def test_move_via_the_view(meeting_world: MeetingWorld, agenda: Agenda) -> None:
    client = meeting_world.client("secretariat")
    response = client.post(
        reverse("meetings:item_move", args=[agenda.closed.pk]), {"direction": "up"}
    )
    assert response.url == agenda.meeting.get_absolute_url() + f"#sak-{agenda.closed.pk}"
    titles = list(AgendaItem.objects.order_by("position").values_list("title", flat=True))
    assert titles == [CLOSED_TITLE, PUBLIC_TITLE]
    # Already first: an error message, nothing moves.
    response = client.post(
        reverse("meetings:item_move", args=[agenda.closed.pk]), {"direction": "up"}, follow=True
    )
    assert "Saken står allerede først på sakskartet." in text(response)
    assert client.get(reverse("meetings:item_move", args=[agenda.closed.pk])).status_code == 405


# --- Forms: bad input re-renders with 422, the message and what was typed ------------


def test_item_create_bad_input(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    url = reverse("meetings:item_create", args=[w.meeting.pk])
    client = w.client("secretariat")
    page = client.get(url)
    assert page.status_code == 200
    assert 'type="radio"' in text(page) and 'name="closed_ground"' in text(page)
    response = client.post(url, {"kind": "information", "title": "", "proposer": "Forening X"})
    assert response.status_code == 422
    html = text(response)
    assert "Skjemaet har feil som må rettes" in html
    assert "Skriv en tittel på saken." in html
    assert 'value="Forening X"' in html
    response = client.post(
        url,
        {
            "kind": "discussion",
            "title": "Lukket uten hjemmel",
            "description": "<p>Beskrivelse her</p>",
            "is_closed": "on",
            "closed_note": "",
        },
    )
    assert response.status_code == 422
    html = text(response)
    assert "En lukket sak må ha en hjemmel. Velg hjemmel fra listen." in html
    assert "Forklar kort hvorfor saken er lukket." in html
    assert 'value="Lukket uten hjemmel"' in html
    assert "&lt;p&gt;Beskrivelse her&lt;/p&gt;" in html
    assert 'name="is_closed" class="ds-input" aria-describedby' in html or "checked" in html
    assert AgendaItem.objects.count() == 0
    response = client.post(url, {"kind": "", "title": "Uten type"})
    assert response.status_code == 422 and "Velg hva slags sak dette er." in text(response)


def test_item_create_and_edit_succeed(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    client = w.client("secretariat")
    response = client.post(
        reverse("meetings:item_create", args=[w.meeting.pk]),
        {
            "kind": "statement",
            "title": "Høring om parkering",
            "description": "<p>Tekst <script>x</script></p>",
            "is_closed": "on",
            "closed_ground": "offl_23",
            "closed_note": "Forhandlinger pågår.",
            "proposer": "Sekretariatet",
        },
    )
    assert response.status_code == 302
    assert response.url == w.meeting.get_absolute_url() + "#sakskart"
    created = AgendaItem.objects.get()
    assert (created.is_closed, created.closed_ground, created.description) == (
        True,
        "offl_23",
        "<p>Tekst </p>",
    )
    edit_url = reverse("meetings:item_edit", args=[created.pk])
    page = text(client.get(edit_url))
    assert 'value="Høring om parkering"' in page and "Forhandlinger pågår." in page
    response = client.post(edit_url, {"kind": "statement", "title": "", "is_closed": "on"})
    assert response.status_code == 422
    response = client.post(edit_url, {"kind": "information", "title": "Åpen nå"})
    assert response.status_code == 302
    created.refresh_from_db()
    assert (created.title, created.is_closed, created.number) == ("Åpen nå", False, 1)


def test_item_delete_refused_after_publishing(meeting_world: MeetingWorld, agenda: Agenda) -> None:
    client = meeting_world.client("secretariat")
    url = reverse("meetings:item_delete", args=[agenda.public.pk])
    assert "Slett sak" in text(client.get(url))
    mark_published(agenda.meeting)
    page = client.get(url)
    assert "kan ikke slettes" in text(page)
    assert 'type="submit"' not in text(page).split("<main", 1)[1]
    response = client.post(url)
    assert response.status_code == 422
    assert "Sakskartet er publisert, så saken kan ikke slettes." in text(response)
    assert AgendaItem.objects.filter(pk=agenda.public.pk).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.pdf", b"MZ\x90\x00" + b"\x00" * 400, "Innholdet i filen ble ikke gjenkjent"),
        ("tom.pdf", b"", "Filen er tom."),
        (
            "stor.pdf",
            b"%PDF-1.7\n" + b"0" * (1024 * 1024),
            "Filen er for stor. Den kan være høyst 1 MB.",
        ),
    ],
)
def test_document_upload_bad_input(
    meeting_world: MeetingWorld,
    agenda: Agenda,
    monkeypatch: Any,
    name: str,
    content: bytes,
    message: str,
) -> None:
    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    url = reverse("meetings:document_upload", args=[agenda.public.pk])
    client = meeting_world.client("secretariat")
    response = client.post(
        url, {"title": "Mitt vedlegg", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 422
    html = text(response)
    assert "Skjemaet har feil som må rettes" in html
    assert message in html
    assert 'value="Mitt vedlegg"' in html
    assert CaseDocument.objects.count() == 2


def test_document_upload_form_and_success(meeting_world: MeetingWorld, agenda: Agenda) -> None:
    url = reverse("meetings:document_upload", args=[agenda.public.pk])
    client = meeting_world.client("secretariat")
    page = text(client.get(url))
    assert 'accept=".pdf,.docx,.odt,.xlsx,.png,.jpg,.jpeg,' in page
    assert "høyst 20 MB" in page
    missing = client.post(url, {"title": "Uten fil"})
    assert missing.status_code == 422 and "Velg en fil." in text(missing)
    response = client.post(
        url, {"title": "", "file": SimpleUploadedFile("../../Budsjett 2027.pdf", xlsx_bytes())}
    )
    assert response.status_code == 302
    document = CaseDocument.objects.latest("pk")
    assert (document.title, document.original_name, document.file_type) == (
        "Budsjett 2027",
        "Budsjett 2027.xlsx",
        "xlsx",
    )


def test_document_download_headers(meeting_world: MeetingWorld, agenda: Agenda) -> None:
    mark_published(agenda.meeting)
    response = meeting_world.client("anonymous").get(
        reverse("meetings:document", args=[agenda.public_doc.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    stored = agenda.public_doc.file.name.rsplit("/", 1)[-1]
    assert re.fullmatch(r"kart-[0-9a-f]{8}\.pdf", stored)
    assert response["Content-Disposition"] == f'attachment; filename="{stored}"'
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_publish_page_and_bad_input(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    late = meeting_in(5, w)
    item(late, w.secretariat, PUBLIC_TITLE)
    url = reverse("meetings:publish", args=[late.pk])
    client = w.client("secretariat")
    page = text(client.get(url))
    assert PUBLIC_TITLE in page
    assert "4 medlemmer og vararepresentanter får hele sakskartet" in page
    assert "1 organisasjon som er representert" in page
    assert 'name="late_reason"' in page
    response = client.post(url, {"late_reason": ""})
    assert response.status_code == 422
    assert "Skriv hvorfor sakskartet publiseres etter fristen." in text(response)
    late.refresh_from_db()
    assert late.agenda_published_at is None
    response = client.post(url, {"late_reason": "Sykdom i sekretariatet."})
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.agenda_late_reason == "Sykdom i sekretariatet."
    html = text(w.client("anonymous").get(late.get_absolute_url()))
    assert "Sykdom i sekretariatet." in html
    # Published: the page says so and offers no second publishing.
    again = text(client.get(url))
    assert "Sakskartet ble publisert" in again and 'name="late_reason"' not in again
    assert client.post(url, {}).status_code == 422


def test_publish_page_on_time_has_no_reason_field(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    url = reverse("meetings:publish", args=[w.meeting.pk])
    page = text(w.client("secretariat").get(url))
    assert 'name="late_reason"' not in page
    assert "Legg til minst én sak før du publiserer." in page
    response = w.client("secretariat").post(url, {})
    assert response.status_code == 422
    assert "Sakskartet har ingen saker." in text(response)


def test_agenda_pdf_shared_by_readers_never_crosses_the_closed_line(
    meeting_world: MeetingWorld, agenda: Agenda
) -> None:
    """One rendering per kind of reader is cached (meetings/caching.py: PDF): every
    persona in turn, outsiders and insiders interleaved, gets the PDF of their own kind,
    and a change to an item renders it anew."""
    mark_published(agenda.meeting)
    url = reverse("meetings:agenda_pdf", args=[agenda.meeting.pk])
    for persona in [*MEETING_PERSONAS, *reversed(MEETING_PERSONAS)]:
        content = pdf_text(meeting_world.client(persona).get(url).content)
        assert (persona, CLOSED_TITLE in content) == (persona, persona in CLOSED_VIEWERS)
        assert PUBLIC_TITLE in content
    agenda.public.title = "Ny tittel etter endring"
    agenda.public.save()
    content = pdf_text(meeting_world.client(MEETING_PERSONAS[0]).get(url).content)
    assert "Ny tittel etter endring" in content
