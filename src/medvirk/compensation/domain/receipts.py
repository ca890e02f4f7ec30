"""Receipts and documentation: PDF, JPEG or PNG, checked by content with the meetings'
upload check (the same detection and safe names), at most 10 MB."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from medvirk.meetings.domain.documents import (
    detect_case_document_type,
    display_name,
    safe_stem,
)

MAX_RECEIPT_BYTES = 10 * 1024 * 1024
RECEIPT_TYPES = {"pdf", "png", "jpg"}
ACCEPT = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


def check_receipt(upload: UploadedFile) -> tuple[ContentFile[bytes], str, str, int]:
    """(file under a safe name, type, display name, size), or a ValidationError on
    ``receipt``."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"receipt": _("Filen er tom. Velg en fil med innhold.")})
    if size > MAX_RECEIPT_BYTES:
        raise ValidationError(
            {"receipt": _("Filen er for stor. Den kan være høyst %(size)s MB.") % {"size": 10}}
        )
    upload.seek(0)
    data = upload.read(MAX_RECEIPT_BYTES + 1)
    kind = detect_case_document_type(data)
    if kind not in RECEIPT_TYPES:
        raise ValidationError(
            {
                "receipt": _(
                    "Kvitteringen må være PDF, PNG eller JPEG. Innholdet i filen ble ikke "
                    "gjenkjent som noen av disse, uansett hva filen heter."
                )
            }
        )
    original = upload.name or ""
    stored = f"{safe_stem(original)}-{secrets.token_hex(8)}.{kind}"
    return ContentFile(data, name=stored), str(kind), display_name(original, str(kind)), len(data)
