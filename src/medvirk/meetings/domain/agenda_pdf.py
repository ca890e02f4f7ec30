"""The agenda as a tagged, accessible PDF (PDF/UA-1), with the same visibility as the page."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from medvirk.appointments.domain.letters import render_pdf
from medvirk.meetings.domain.agenda import AgendaEntry, agenda_entries
from medvirk.meetings.models import Meeting

PDF_TEMPLATE = "meetings/pdf/agenda.html"


def render_agenda_html(meeting: Meeting, entries: list[AgendaEntry]) -> str:
    """The agenda as a complete HTML document (language and title set) for the PDF."""
    return render_to_string(
        PDF_TEMPLATE,
        {
            "meeting": meeting,
            "arena": meeting.arena,
            "owner": meeting.arena.owner,
            "entries": entries,
            "starts_at": timezone.localtime(meeting.starts_at),
            "ends_at": timezone.localtime(meeting.ends_at),
            "is_draft": not meeting.is_published,
            "language": translation.get_language() or "nb",
        },
    )


def agenda_pdf(meeting: Meeting, user: Any) -> bytes:
    """The PDF of the agenda as ``user`` may see it (placeholders for hidden closed items)."""
    return render_pdf(render_agenda_html(meeting, agenda_entries(meeting, user)))


def agenda_pdf_filename(meeting: Meeting) -> str:
    day = timezone.localtime(meeting.starts_at).date()
    return f"sakskart-{slugify(meeting.arena.name)[:60] or 'arena'}-{day:%Y-%m-%d}.pdf"
