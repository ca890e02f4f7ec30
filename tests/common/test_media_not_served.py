"""Uploaded files are never served from /media/, in any mode: only the views that
check who may see a document hand it out."""

# ruff: noqa: F811  (meeting_world is a fixture imported from the meetings tests)

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import clear_url_caches, reverse

import medvirk.urls
from medvirk.meetings.domain.documents import add_document
from tests.meetings.agenda_helpers import closed_item, pdf_bytes, upload
from tests.meetings.attendance_helpers import fresh
from tests.meetings.conftest import MeetingWorld, meeting_world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_urls(settings: Any, tmp_path: Any) -> Iterator[None]:
    """The URL configuration as it is built with DEBUG=True (MEDIA_ROOT set first, as
    a debug media route would read it when the URLs are built)."""
    settings.MEDIA_ROOT = tmp_path
    with override_settings(DEBUG=True):
        importlib.reload(medvirk.urls)
        clear_url_caches()
        yield
    importlib.reload(medvirk.urls)
    clear_url_caches()


def test_restricted_document_is_404_under_media_even_in_debug(
    meeting_world: MeetingWorld, tmp_path: Any, debug_urls: None
) -> None:
    w = meeting_world
    item = closed_item(w.meeting, fresh(w.secretariat))
    document = add_document(
        item, by=fresh(w.secretariat), upload=upload("Lønn.pdf", pdf_bytes()), title="Lønn"
    )
    assert (tmp_path / document.file.name).is_file()
    media_path = f"/media/{document.file.name}"

    for persona in ["anonymous", "admin_b", "other_secretariat", "platform_admin", "secretariat"]:
        response = w.client(persona).get(media_path)
        assert (persona, response.status_code) == (persona, 404)
    # The checked view still serves it to those who may see the closed item.
    allowed = w.client("secretariat").get(reverse("meetings:document", args=[document.pk]))
    assert allowed.status_code == 200
    # Read to the end, which closes the file (closing the response by hand would also
    # fire request_finished, which closes the test's PostgreSQL connection).
    assert b"".join(allowed.streaming_content) == pdf_bytes()
    assert Client().get(reverse("meetings:document", args=[document.pk])).status_code == 404
