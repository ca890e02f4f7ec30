"""Approved minutes as a tagged, accessible PDF (PDF/UA-1), with the same visibility as
the page: the reader's ``VersionView`` decides whether closed items are in it."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from medvirk.appointments.domain.letters import render_pdf
from medvirk.meetings.domain.minutes import VersionView
from medvirk.meetings.models import Meeting

PDF_TEMPLATE = "meetings/pdf/minutes.html"


def render_minutes_html(meeting: Meeting, view: VersionView) -> str:
    """The minutes as a complete HTML document (language and title set) for the PDF."""
    return render_to_string(
        PDF_TEMPLATE,
        {
            "meeting": meeting,
            "arena": meeting.arena,
            "view": view,
            "language": translation.get_language() or "nb",
        },
    )


def minutes_pdf(meeting: Meeting, view: VersionView) -> bytes:
    return render_pdf(render_minutes_html(meeting, view))


def minutes_pdf_filename(meeting: Meeting, view: VersionView) -> str:
    day = timezone.localtime(meeting.starts_at).date()
    name = slugify(meeting.arena.name)[:60] or "arena"
    return f"protokoll-{name}-{day:%Y-%m-%d}-v{view.version.number}.pdf"
