"""The agenda on the meeting page, the item page and the PDF run a constant number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.meetings.domain.documents import add_document
from medvirk.meetings.models import Meeting
from tests.meetings.agenda_helpers import (
    closed_item,
    fresh,
    item,
    mark_published,
    pdf_bytes,
    upload,
)
from tests.meetings.conftest import MeetingWorld

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def add_items(world: MeetingWorld, count: int) -> None:
    for i in range(count):
        if i % 3 == 2:
            made = closed_item(world.meeting, world.secretariat, f"Lukket {i}")
        else:
            made = item(world.meeting, world.secretariat, f"Sak nummer {i}")
        add_document(made, by=world.secretariat, upload=upload(f"d{i}.pdf", pdf_bytes()))


def page_queries(world: MeetingWorld, persona: str, url: str) -> int:
    client = world.client(persona)
    client.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def tag_queries(meeting: Meeting, user: Any) -> tuple[int, str]:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load agenda_tags %}{% agenda_section meeting %}")
    meeting = Meeting.objects.select_related("arena__owner").get(pk=meeting.pk)
    with CaptureQueriesContext(connection) as context:
        html = template.render(Context({"meeting": meeting, "request": request}))
    return len(context.captured_queries), html


@pytest.mark.parametrize("persona", ["anonymous", "member", "admin_a", "secretariat"])
@pytest.mark.parametrize("published", [True, False])
def test_meeting_page_agenda_constant_queries(
    meeting_world: MeetingWorld, persona: str, published: bool
) -> None:
    w = meeting_world
    if published:
        mark_published(w.meeting)
    url = w.meeting.get_absolute_url()
    add_items(w, 1)
    one = page_queries(w, persona, url)
    tag_one, _ = tag_queries(w.meeting, fresh(w.users[persona]))
    add_items(w, 29)
    assert page_queries(w, persona, url) == one
    tag_many, html = tag_queries(w.meeting, fresh(w.users[persona]))
    assert tag_many == tag_one
    if published or persona == "secretariat":
        assert "Sak nummer 28" in html
    if persona in ("anonymous", "admin_a") and published:
        assert "Lukket 29" not in html and "Lukket sak – " in html


@pytest.mark.parametrize("persona", ["anonymous", "member"])
def test_agenda_pdf_constant_queries(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    mark_published(w.meeting)
    url = reverse("meetings:agenda_pdf", args=[w.meeting.pk])
    add_items(w, 1)
    one = page_queries(w, persona, url)
    add_items(w, 29)
    assert page_queries(w, persona, url) == one


def test_item_page_constant_queries(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    mark_published(w.meeting)
    target = item(w.meeting, w.secretariat, "Mange dokumenter")
    url = reverse("meetings:item_detail", args=[target.pk])
    add_document(target, by=w.secretariat, upload=upload("a.pdf", pdf_bytes()))
    one = page_queries(w, "member", url)
    for i in range(20):
        add_document(target, by=w.secretariat, upload=upload(f"{i}.pdf", pdf_bytes()))
    assert page_queries(w, "member", url) == one
