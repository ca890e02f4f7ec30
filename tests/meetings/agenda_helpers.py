"""Helpers shared by the agenda, document, publishing and dashboard tests."""

from __future__ import annotations

import datetime
import functools
import io
import subprocess
import zipfile
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from medvirk.accounts.models import User
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.domain.documents import add_document
from medvirk.meetings.enums import ClosedGround, ItemKind
from medvirk.meetings.models import AgendaItem, CaseDocument, Meeting
from tests.meetings.conftest import MeetingWorld

PUBLIC_TITLE = "Ny busstrasé forbi sykehjemmet"
CLOSED_TITLE = "Personalsak Hemmelighetsfull"
CLOSED_DESCRIPTION = "Konfidensielle opplysninger om en ansatt"
CLOSED_DOC_TITLE = "Fortrolig saksframlegg"
PUBLIC_DOC_TITLE = "Kart over traseen"
CLOSED_NOTE = "Opplysninger om en navngitt ansatt."

# Who manages the world's arenas, and who may see closed items in the public arena.
MANAGERS = {"secretariat"}
CLOSED_VIEWERS = {"member", "deputy", "secretariat"}


def fresh(user: User | None) -> Any:
    """The user re-read, so role and membership caches do not carry over."""
    if user is None:
        return AnonymousUser()
    return User.objects.get(pk=user.pk)


@functools.cache
def pdf_bytes() -> bytes:
    """A real PDF, made by WeasyPrint."""
    import weasyprint

    html = "<html lang='nb'><head><title>Test</title></head><body><p>Saksframlegg</p></body>"
    return weasyprint.HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"/>',
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document><w:body><w:p/></w:body></w:document>",
        }
    )


def xlsx_bytes() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"/>',
            "_rels/.rels": "<Relationships/>",
            "xl/workbook.xml": "<workbook><sheets><sheet name='Ark1'/></sheets></workbook>",
            "xl/worksheets/sheet1.xml": "<worksheet/>",
        }
    )


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def image_bytes(fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


def item(meeting: Meeting, by: User, title: str = "Sak", **fields: Any) -> AgendaItem:
    return add_item(
        meeting, by=by, kind=fields.pop("kind", ItemKind.INFORMATION), title=title, **fields
    )


def closed_item(meeting: Meeting, by: User, title: str = CLOSED_TITLE) -> AgendaItem:
    return item(
        meeting,
        by,
        title,
        kind=ItemKind.DISCUSSION,
        description=f"<p>{CLOSED_DESCRIPTION}</p>",
        is_closed=True,
        closed_ground=ClosedGround.OFFL_13,
        closed_note=CLOSED_NOTE,
        proposer="Personalavdelingen",
    )


@dataclass
class Agenda:
    meeting: Meeting
    public: AgendaItem
    closed: AgendaItem
    public_doc: CaseDocument
    closed_doc: CaseDocument


def build_agenda(world: MeetingWorld, meeting: Meeting | None = None) -> Agenda:
    """A public item and a closed item, each with a document, on the world's meeting."""
    meeting = meeting or world.meeting
    by = world.secretariat
    public = item(
        meeting,
        by,
        PUBLIC_TITLE,
        kind=ItemKind.STATEMENT,
        description="<p>Bussen skal gå <strong>forbi</strong> sykehjemmet.</p>",
        proposer="Organisasjon A",
    )
    closed = closed_item(meeting, by)
    public_doc = add_document(
        public, by=by, upload=upload("kart.pdf", pdf_bytes()), title=PUBLIC_DOC_TITLE
    )
    closed_doc = add_document(
        closed, by=by, upload=upload("fortrolig.pdf", pdf_bytes()), title=CLOSED_DOC_TITLE
    )
    return Agenda(meeting, public, closed, public_doc, closed_doc)


def mark_published(meeting: Meeting) -> None:
    """Publish without mail (for tests about what is shown, not about publishing)."""
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["agenda_published_at"])


def meeting_in(days: int, world: MeetingWorld) -> Meeting:
    from tests.meetings.conftest import make_meeting

    return make_meeting(world.public_arena, timezone.localdate() + datetime.timedelta(days=days))


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode("utf-8").split())
