"""Appointment letters (oppnevningsbrev): an HTML letter and the same letter as a tagged PDF."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import translation

if TYPE_CHECKING:
    from medvirk.appointments.models import AppointedSeat

LETTER_TEMPLATE = "appointments/letters/appointment.html"


@dataclass(frozen=True)
class Letter:
    html: str
    pdf: bytes
    filename: str


def letter_context(seat: AppointedSeat) -> dict[str, object]:
    decision = seat.decision
    request = decision.request
    return {
        "seat": seat,
        "person": seat.nomination.person,
        "organisation": seat.nomination.organisation,
        "arena": request.arena,
        "owner": request.arena.owner,
        "request": request,
        "decision": decision,
    }


def render_letter_html(seat: AppointedSeat) -> str:
    """The letter as a complete HTML document (language and title set)."""
    return render_to_string(
        LETTER_TEMPLATE,
        {**letter_context(seat), "language": translation.get_language() or "nb"},
    )


def render_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1) with the document language and title from the HTML."""
    import weasyprint  # imported late: it loads Pango, which only letters need

    return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]


def render_letter(seat: AppointedSeat) -> Letter:
    html = render_letter_html(seat)
    return Letter(
        html=html,
        pdf=render_pdf(html),
        filename=f"oppnevningsbrev-{seat.decision.request_id}-{seat.nomination.person_id}.pdf",
    )
