"""The demo holds two published annual reports (bokmål and nynorsk) and one draft."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from medvirk.annual.enums import ReportStatus
from medvirk.annual.models import AnnualReport


def test_demo_annual_reports(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    published = list(AnnualReport.objects.public().order_by("pk"))
    assert [r.language for r in published] == ["nb", "nn"]
    assert all(r.version == 1 and r.highlights.exists() for r in published)
    draft = AnnualReport.objects.get(status=ReportStatus.DRAFT)
    assert draft.service is not None
    figures = published[0].versions.get().content["figures"]
    assert figures["meetings"]["held"] == 11
    assert figures["attendance"]["people"]
    client = Client()
    for report in published:
        assert client.get(report.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("annual:comparison")).status_code == 200
