"""Case documents: checked from their content, stored under a safe name, served by a view
that checks the item's visibility (never straight from MEDIA_URL)."""

from __future__ import annotations

import io
import re
import secrets
import unicodedata
import zipfile
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.arenas.domain.documents import CONTENT_TYPES as MANDATE_CONTENT_TYPES
from medvirk.arenas.domain.documents import detect_document_type
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.meetings.domain.agenda import check_manage
from medvirk.meetings.models import AgendaItem, CaseDocument

if TYPE_CHECKING:
    from medvirk.accounts.models import User

DOCUMENT_ADDED = register_action("meetings.document.added", gettext_lazy("La til saksdokument"))
DOCUMENT_REMOVED = register_action(
    "meetings.document.removed", gettext_lazy("Fjernet saksdokument")
)

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

CONTENT_TYPES: dict[str, str] = {
    **MANDATE_CONTENT_TYPES,
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
}

# Shown to people choosing a file, and in the error message.
TYPE_LABELS: dict[str, str] = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "odt": "OpenDocument (ODT)",
    "xlsx": "Excel (XLSX)",
    "png": "PNG",
    "jpg": "JPEG",
}

# For the file chooser's ``accept`` attribute: only a hint, the content decides.
ACCEPT = ",".join(
    [
        ".pdf",
        ".docx",
        ".odt",
        ".xlsx",
        ".png",
        ".jpg",
        ".jpeg",
        *sorted(set(CONTENT_TYPES.values())),
    ]
)

_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})
_UNSAFE_DISPLAY = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def detect_case_document_type(data: bytes) -> str | None:
    """'pdf', 'docx', 'odt', 'xlsx', 'png' or 'jpg' from the content, never from the name."""
    head = data[:16]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    kind = detect_document_type(head, data)
    if kind is not None:
        return kind
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    if "xl/workbook.xml" in names and "[Content_Types].xml" in names:
        return "xlsx"
    return None


def _base_name(name: str) -> str:
    """The last part of a name that may hold POSIX or Windows path parts."""
    return PureWindowsPath(PurePosixPath(name or "").name).name


def safe_stem(name: str) -> str:
    """The file name without path or extension, as a short ASCII slug."""
    base = _base_name(name)
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return slugify(stem.translate(_TRANSLITERATE))[:60].strip("-") or "dokument"


def display_name(name: str, extension: str) -> str:
    """A readable name to show: no path parts or control characters, at most 200 characters,
    ending in the detected extension."""
    base = unicodedata.normalize("NFC", _base_name(name))
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = " ".join(_UNSAFE_DISPLAY.sub(" ", stem).split()).strip(" .")
    return f"{stem[:190] or _('dokument')}.{extension}"


def _error(message: str) -> ValidationError:
    return ValidationError({"file": message})


def check_case_document(upload: UploadedFile) -> tuple[ContentFile[bytes], str, str, int]:
    """Validate an upload; return (file under a safe name, type, display name, size)."""
    limit = MAX_DOCUMENT_BYTES
    megabytes = limit // (1024 * 1024)
    too_big = _("Filen er for stor. Den kan være høyst %(size)s MB.") % {"size": megabytes}
    size = upload.size or 0
    if size == 0:
        raise _error(_("Filen er tom. Velg en fil med innhold."))
    if size > limit:
        raise _error(too_big)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _error(too_big)
    if not data:
        raise _error(_("Filen er tom. Velg en fil med innhold."))
    kind = detect_case_document_type(data)
    if kind is None:
        raise _error(
            _(
                "Filen må være PDF, Word (DOCX), OpenDocument (ODT), Excel (XLSX), PNG eller "
                "JPEG. Innholdet i filen ble ikke gjenkjent som noen av disse, uansett hva "
                "filen heter."
            )
        )
    original = upload.name or ""
    stored = f"{safe_stem(original)}-{secrets.token_hex(4)}.{kind}"
    return ContentFile(data, name=stored), kind, display_name(original, kind), len(data)


@transaction.atomic
def add_document(
    item: AgendaItem, *, by: User, upload: UploadedFile, title: str = ""
) -> CaseDocument:
    """Attach a case document to an item. The type is read from the content."""
    check_manage(by, item)
    locked = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "arena__owner")
        .get(pk=item.pk)
    )
    if locked.meeting.is_cancelled:
        raise ValidationError(_("Møtet er avlyst. Dokumenter kan ikke legges til."))
    title = " ".join((title or "").split())
    if len(title) > 200:
        raise ValidationError({"title": _("Tittelen kan være høyst 200 tegn.")})
    content, kind, original_name, size = check_case_document(upload)
    document = CaseDocument(
        item=locked,
        title=title or original_name.rsplit(".", 1)[0],
        original_name=original_name,
        file_type=kind,
        content_type=CONTENT_TYPES[kind],
        size=size,
        uploaded_by=by,
    )
    # Everything is checked before the file is written; a file left behind by a
    # rolled-back row is never served (downloads go through the row and the view).
    document.file.save(content.name or "dokument", content, save=False)
    document.save()
    log_activity(
        action=DOCUMENT_ADDED,
        actor=by,
        obj=document,
        organisation=locked.arena.owner,
        data={
            "item": locked.pk,
            "number": locked.case_number,
            "type": kind,
            "size": size,
            "name": original_name,
        },
    )
    return document


@transaction.atomic
def remove_document(document: CaseDocument, *, by: User) -> None:
    """Delete a case document and its file."""
    check_manage(by, document.item)
    locked = (
        CaseDocument.objects.select_for_update(of=("self",))
        .select_related("item__arena__owner")
        .get(pk=document.pk)
    )
    item = locked.item
    log_activity(
        action=DOCUMENT_REMOVED,
        actor=by,
        obj=locked,
        organisation=item.arena.owner,
        data={"item": item.pk, "number": item.case_number, "name": locked.original_name},
    )
    stored = locked.file
    locked.delete()
    if stored:
        transaction.on_commit(lambda: stored.storage.delete(stored.name or ""))
