"""Mandates: the optional uploaded document (the mandate's text is rich text, cleaned by
medvirk.common.richtext when the arena is saved)."""

from __future__ import annotations

import io
import secrets
import zipfile
from pathlib import PurePosixPath, PureWindowsPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import slugify
from django.utils.translation import gettext as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def detect_document_type(head: bytes, data: bytes) -> str | None:
    """'pdf', 'docx' or 'odt' from the file's content (magic bytes), never from its name."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and (
                archive.read("mimetype").strip() == CONTENT_TYPES["odt"].encode()
            ):
                return "odt"
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return "docx"
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    return None


def safe_stem(name: str) -> str:
    """The file name without any path or extension, as a harmless slug."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return slugify(stem)[:60].strip("-") or "mandat"


def check_mandate_document(upload: UploadedFile) -> ContentFile[bytes]:
    """Validate an uploaded mandate document; return it under a safe storage name."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"mandate_document": _("Filen er tom.")})
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {"mandate_document": _("Filen er for stor. Den kan være høyst 10 MB.")}
        )
    upload.seek(0)
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {"mandate_document": _("Filen er for stor. Den kan være høyst 10 MB.")}
        )
    kind = detect_document_type(data[:8], data)
    if kind is None:
        raise ValidationError(
            {
                "mandate_document": _(
                    "Filen må være et PDF-, Word- (DOCX) eller OpenDocument-dokument (ODT). "
                    "Innholdet i filen ble ikke gjenkjent som noen av disse."
                )
            }
        )
    name = f"{safe_stem(upload.name or '')}-{secrets.token_hex(4)}.{kind}"
    return ContentFile(data, name=name)
