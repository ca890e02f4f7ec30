"""`make demo` shows the network: an active thread with replies in the demo
organisation's space, one reply mentioning the member, one hidden after a report."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.test import Client

from medvirk.accounts.models import User
from medvirk.network.enums import PostStatus, ReportStatus
from medvirk.network.models import Post, Thread


def test_demo_has_an_active_thread_with_replies_and_a_moderated_post(db: Any) -> None:
    call_command("load_demo", verbosity=0)
    member = User.objects.get(email="medlem@medvirk.test")
    thread = Thread.objects.order_by("-last_post_at").first()
    assert thread is not None
    replies = Post.objects.filter(thread=thread, is_opening=False)
    assert replies.filter(status=PostStatus.VISIBLE).count() >= 3
    assert replies.filter(mentions=member).exists()
    hidden = replies.get(status=PostStatus.HIDDEN)
    assert hidden.reports.get().status == ReportStatus.HANDLED

    client = Client()
    client.force_login(member)
    spaces = client.get("/nettverk/").content.decode()
    assert thread.organisation.name in spaces
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Skjult av en moderator." in page and "diagnosen" not in page
