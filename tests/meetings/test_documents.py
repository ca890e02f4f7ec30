"""Case documents: the type comes from the content, names are made safe, limits hold."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from medvirk.common.models import ActivityLog
from medvirk.meetings.domain import documents
from medvirk.meetings.domain.documents import (
    add_document,
    detect_case_document_type,
    display_name,
    remove_document,
    safe_stem,
)
from medvirk.meetings.models import CaseDocument
from tests.meetings.agenda_helpers import (
    docx_bytes,
    image_bytes,
    item,
    odt_bytes,
    pdf_bytes,
    upload,
    xlsx_bytes,
)
from tests.meetings.conftest import MeetingWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media: Any) -> list[Any]:
    return [p for p in media.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("name", "make", "kind", "content_type"),
    [
        ("Saksframlegg.pdf", pdf_bytes, "pdf", "application/pdf"),
        (
            "notat.docx",
            docx_bytes,
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("notat.odt", odt_bytes, "odt", "application/vnd.oasis.opendocument.text"),
        (
            "budsjett.xlsx",
            xlsx_bytes,
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("kart.png", lambda: image_bytes("PNG"), "png", "image/png"),
        ("bilde.jpeg", lambda: image_bytes("JPEG"), "jpg", "image/jpeg"),
        # The content decides, not the name or the browser's content type.
        ("notat.txt", pdf_bytes, "pdf", "application/pdf"),
        ("regneark.pdf", xlsx_bytes, "xlsx", None),
    ],
)
def test_accepted_types_are_read_from_the_content(
    meeting_world: MeetingWorld, media: Any, name: str, make: Any, kind: str, content_type: Any
) -> None:
    w = meeting_world
    target = item(w.meeting, w.secretariat)
    content = make()
    document = add_document(
        target, by=w.secretariat, upload=upload(name, content, "text/plain"), title="Vedlegg"
    )
    assert document.file_type == kind
    if content_type:
        assert document.content_type == content_type
    assert document.size == len(content)
    assert document.file.name.startswith("meetings/documents/")
    assert document.file.name.endswith("." + kind)
    assert document.original_name.endswith("." + kind)
    assert document.uploaded_by == w.secretariat
    with document.file.open("rb") as stored:
        assert stored.read() == content
    entry = ActivityLog.objects.get(action="meetings.document.added")
    assert entry.data["type"] == kind


EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 300
NOT_RECOGNISED = "Innholdet i filen ble ikke gjenkjent"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.pdf", EXE, NOT_RECOGNISED),
        ("tekst.pdf", b"Dette er bare tekst, ikke PDF.", NOT_RECOGNISED),
        ("side.pdf", b"<html><script>alert(1)</script></html>", NOT_RECOGNISED),
        ("arkiv.docx", b"PK\x03\x04" + b"\x00" * 80, NOT_RECOGNISED),
        ("bilde.png", b"GIF89a" + b"\x00" * 40, NOT_RECOGNISED),
        ("tom.pdf", b"", "Filen er tom"),
    ],
)
def test_refused_uploads(
    meeting_world: MeetingWorld, media: Any, name: str, content: bytes, message: str
) -> None:
    w = meeting_world
    target = item(w.meeting, w.secretariat)
    with pytest.raises(ValidationError) as caught:
        add_document(target, by=w.secretariat, upload=upload(name, content), title="X")
    assert message in caught.value.message_dict["file"][0]
    assert CaseDocument.objects.count() == 0
    assert stored_files(media) == []
    assert not ActivityLog.objects.filter(action="meetings.document.added").exists()


def test_a_zip_that_is_no_office_file_is_refused(meeting_world: MeetingWorld, media: Any) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.exe", EXE)
    w = meeting_world
    with pytest.raises(ValidationError):
        add_document(
            item(w.meeting, w.secretariat),
            by=w.secretariat,
            upload=upload("trygg.xlsx", buffer.getvalue()),
        )


def test_oversize_refused_with_a_patched_limit(
    meeting_world: MeetingWorld, media: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    w = meeting_world
    target = item(w.meeting, w.secretariat)
    big = b"%PDF-1.7\n" + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        add_document(target, by=w.secretariat, upload=upload("stor.pdf", big))
    assert caught.value.message_dict["file"] == ["Filen er for stor. Den kan være høyst 1 MB."]
    # Exactly at the limit is fine.
    exact = big[: 1024 * 1024]
    assert add_document(target, by=w.secretariat, upload=upload("ok.pdf", exact)).size == len(exact)


def test_oversize_refused_at_the_real_limit(meeting_world: MeetingWorld, media: Any) -> None:
    assert documents.MAX_DOCUMENT_BYTES == 20 * 1024 * 1024
    w = meeting_world
    big = b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        add_document(item(w.meeting, w.secretariat), by=w.secretariat, upload=upload("s.pdf", big))
    assert "høyst 20 MB" in caught.value.message_dict["file"][0]
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("name", "stem", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd", "passwd.pdf"),
        ("C:\\x\\y.pdf", "y", "y.pdf"),
        ("..\\..\\windows\\system32\\cmd.pdf", "cmd", "cmd.pdf"),
        ("/absolute/path/Årsmelding 2027.PDF", "arsmelding-2027", "Årsmelding 2027.pdf"),
        ('Møte: "agenda" |*?<>.pdf', "mote-agenda", "Møte agenda.pdf"),
        ("møte<script>alert(1)</script>.pdf", "script", "script.pdf"),  # "/" is a path part
        ('"; rm -rf / ".pdf', "dokument", "dokument.pdf"),
        ("tab\tnewline\nname.pdf", "tab-newline-name", "tab newline name.pdf"),
        ("...pdf", "dokument", "dokument.pdf"),
        ("\x00\x1f\x7f.pdf", "dokument", "dokument.pdf"),
        ("exe.pdf.exe", "exepdf", "exe.pdf.pdf"),
        ("a" * 300 + ".pdf", "a" * 60, "a" * 190 + ".pdf"),
    ],
)
def test_names_are_made_safe(
    meeting_world: MeetingWorld, media: Any, name: str, stem: str, shown: str
) -> None:
    w = meeting_world
    document = add_document(
        item(w.meeting, w.secretariat), by=w.secretariat, upload=upload(name, pdf_bytes())
    )
    stored = document.file.name
    base = stored.rsplit("/", 1)[-1]
    assert stored.startswith("meetings/documents/")
    assert base.startswith(stem + "-")
    assert base.endswith(".pdf")
    assert ".." not in stored and "\\" not in stored
    assert len(base) <= len(stem) + len("-12345678.pdf")
    assert document.original_name == shown
    # Every file landed inside MEDIA_ROOT/meetings/documents/<year>/.
    (path,) = stored_files(media)
    assert path.parent.parent.name == "documents"
    # The title falls back to the cleaned name.
    assert document.title == shown.rsplit(".", 1)[0]


def test_safe_helpers() -> None:
    assert safe_stem("") == "dokument"
    assert safe_stem("Ærlig talt.docx") == "aerlig-talt"
    assert display_name("", "pdf") == "dokument.pdf"
    assert detect_case_document_type(b"") is None
    assert detect_case_document_type(b"%PDF-1.4 ...") == "pdf"


def test_two_uploads_with_the_same_name_get_different_files(
    meeting_world: MeetingWorld, media: Any
) -> None:
    w = meeting_world
    target = item(w.meeting, w.secretariat)
    one = add_document(target, by=w.secretariat, upload=upload("a.pdf", pdf_bytes()))
    two = add_document(target, by=w.secretariat, upload=upload("a.pdf", pdf_bytes()))
    assert one.file.name != two.file.name
    assert one.original_name == two.original_name == "a.pdf"


def test_title_too_long_refused(meeting_world: MeetingWorld, media: Any) -> None:
    w = meeting_world
    with pytest.raises(ValidationError) as caught:
        add_document(
            item(w.meeting, w.secretariat),
            by=w.secretariat,
            upload=upload("a.pdf", pdf_bytes()),
            title="x" * 201,
        )
    assert set(caught.value.message_dict) == {"title"}
    assert stored_files(media) == []


def test_remove_document_deletes_file_and_logs(
    meeting_world: MeetingWorld, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    w = meeting_world
    document = add_document(
        item(w.meeting, w.secretariat), by=w.secretariat, upload=upload("a.pdf", pdf_bytes())
    )
    with django_capture_on_commit_callbacks(execute=True):
        remove_document(document, by=w.secretariat)
    assert CaseDocument.objects.count() == 0
    assert stored_files(media) == []
    entry = ActivityLog.objects.get(action="meetings.document.removed")
    assert entry.data["name"] == "a.pdf"
