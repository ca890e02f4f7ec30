"""`make demo` shows checklists in progress: some items ticked, some open, and the demo
member's own list reachable from their page."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from medvirk.onboarding.models import Checklist, ChecklistItem


def test_demo_has_checklists_in_progress(db: Any) -> None:
    call_command("load_demo", verbosity=0)
    assert Checklist.objects.exists()
    items = ChecklistItem.objects.all()
    assert items.filter(done_at__isnull=False).exists()
    assert items.filter(done_at__isnull=True).exists()
    client = Client()
    from medvirk.accounts.models import User

    member = User.objects.get(email="medlem@medvirk.test")
    client.force_login(member)
    assert client.get(reverse("onboarding:mine")).status_code == 200
