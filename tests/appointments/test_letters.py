from __future__ import annotations

import subprocess
from typing import Any

import pytest

from medvirk.appointments.domain.decisions import decide
from medvirk.appointments.domain.letters import render_letter
from medvirk.arenas.enums import MemberRole
from tests.appointments.decision_helpers import make_scenario


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def pdf_info(pdf: bytes) -> str:
    result = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode()


@pytest.fixture
def seat(secretariat: Any, org_a: Any) -> Any:
    s = make_scenario(secretariat, org_a.organisation)
    decision = decide(
        s.request,
        by=secretariat,
        choices=[
            (s.kari, MemberRole.MEMBER, None),
            (s.ola, MemberRole.MEMBER, None),
            (s.per, MemberRole.DEPUTY, 1),
        ],
    )
    return decision.seats.select_related("nomination__person").get(nomination=s.kari)


def test_letter_pdf_names_person_arena_and_term(seat: Any) -> None:
    letter = render_letter(seat)

    text = pdf_text(letter.pdf)
    assert "Kari Nordmann" in text
    assert "Oppnevning til Brukerutvalget" in text
    assert "01.01.2027–31.12.2028" in text
    assert (
        letter.filename
        == f"oppnevningsbrev-{seat.decision.request_id}-{seat.nomination.person_id}.pdf"
    )


def test_letter_pdf_is_tagged_with_title(seat: Any) -> None:
    info = pdf_info(render_letter(seat).pdf)

    assert "Title:           Oppnevning av Kari Nordmann til Brukerutvalget" in info
    assert "Tagged:          yes" in info


def test_letter_html_has_language_and_title(seat: Any) -> None:
    html = render_letter(seat).html

    assert '<html lang="nb">' in html
    assert "<title>Oppnevning av Kari Nordmann til Brukerutvalget</title>" in html
