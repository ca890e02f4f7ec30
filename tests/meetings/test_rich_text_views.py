"""Agenda item descriptions are rich text (issue 14): cleaned when saved, and shown with
their headings below the page's own on the meeting page, the item page and the PDF."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from medvirk.meetings.domain.agenda import agenda_entries
from medvirk.meetings.domain.agenda_pdf import render_agenda_html
from medvirk.meetings.models import AgendaItem
from tests.meetings.agenda_helpers import item
from tests.meetings.conftest import MeetingWorld

pytestmark = pytest.mark.django_db


def html(response: Any) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_description_is_cleaned_and_headings_shifted(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    client = w.client("secretariat")
    response = client.post(
        reverse("meetings:item_create", args=[w.meeting.pk]),
        {
            "kind": "discussion",
            "title": "Parkering",
            "description": (
                '<h2 style="color:red">Bakgrunn</h2><p onclick="x()">Tekst</p>'
                "<h3>Detaljer</h3><script>alert(1)</script>"
            ),
        },
    )
    assert response.status_code == 302
    created = AgendaItem.objects.get()
    assert created.description == "<h2>Bakgrunn</h2><p>Tekst</p><h3>Detaljer</h3>"

    # On the meeting page the item's heading is an h3: the text starts at h4.
    meeting_page = html(client.get(w.meeting.get_absolute_url()))
    assert "<h4>Bakgrunn</h4><p>Tekst</p><h5>Detaljer</h5>" in meeting_page
    # On the item's own page the title is the h1: the text starts at h2.
    item_page = html(client.get(reverse("meetings:item_detail", args=[created.pk])))
    assert "<h2>Bakgrunn</h2><p>Tekst</p><h3>Detaljer</h3>" in item_page
    pdf_html = render_agenda_html(w.meeting, agenda_entries(w.meeting, w.secretariat))
    assert "<h4>Bakgrunn</h4>" in pdf_html


def test_plain_text_description_keeps_its_line_breaks(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    created = item(w.meeting, w.secretariat, title="Gammel sak")
    # Saved before the editor existed: plain text.
    AgendaItem.objects.filter(pk=created.pk).update(description="Linje en\nlinje <to>")
    page = html(w.client("secretariat").get(reverse("meetings:item_detail", args=[created.pk])))
    assert "<p>Linje en<br>linje &lt;to&gt;</p>" in page
