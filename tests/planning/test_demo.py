"""The demo holds the demo service's published routine, in its second version."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from medvirk.planning.enums import VersionStatus
from medvirk.planning.models import RoutineVersion


def test_demo_routine(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    statuses = list(RoutineVersion.objects.values_list("number", "status"))
    assert statuses == [(2, VersionStatus.PUBLISHED), (1, VersionStatus.SUPERSEDED)]
    service = RoutineVersion.objects.first().service  # type: ignore[union-attr]
    response = Client().get(reverse("planning:routine", args=[service.pk]))
    assert response.status_code == 200
    assert "seks uker" in response.content.decode()
