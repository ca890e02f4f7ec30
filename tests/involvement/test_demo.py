"""The demo holds the demo service's involvement log: hand-made entries and entries
collected from every source the other loaders made."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from medvirk.involvement.enums import Source
from medvirk.involvement.models import InvolvementEntry


def test_demo_log(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    assert InvolvementEntry.objects.hand_made().count() == 4
    kinds = {entry.source_kind for entry in InvolvementEntry.objects.automatic()}
    assert {Source.MEETING, Source.ADVICE, Source.SURVEY} <= kinds
    service = InvolvementEntry.objects.hand_made().first().service  # type: ignore[union-attr]
    response = Client().get(reverse("involvement:log", args=[service.pk]))
    assert response.status_code == 200
    assert "Dialogkonferanse om hverdagsrehabilitering" in response.content.decode()
