"""Moderation by the organisation's admins: hide, show, remove with a reason, lock,
dismiss a report."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from medvirk.common.models import ActivityLog
from medvirk.network.domain import moderation, posts
from medvirk.network.enums import PostStatus, ReportStatus
from medvirk.network.models import Post, Report, Thread
from tests.factories.network import fresh, reply_to, thread_in
from tests.network.conftest import World


@pytest.mark.parametrize(
    "persona", ["member", "affiliated", "umbrella_admin", "outsider", "platform_admin"]
)
def test_only_the_organisations_admins_moderate(world: World, persona: str) -> None:
    thread = thread_in(world.org, by=world.member)
    post = reply_to(thread, by=world.affiliated)
    user = fresh(getattr(world, persona))
    with pytest.raises(PermissionDenied):
        moderation.hide_post(post, by=user)
    with pytest.raises(PermissionDenied):
        moderation.remove_post(post, by=user, reason="Nei")
    with pytest.raises(PermissionDenied):
        moderation.set_locked(thread, by=user, locked=True)
    assert Post.objects.get(pk=post.pk).status == PostStatus.VISIBLE


def test_hide_and_show_again(world: World) -> None:
    thread = thread_in(world.org, by=world.member)
    post = reply_to(thread, by=world.affiliated)
    posts.report(post, by=fresh(world.member), reason="Navn på en pasient")
    moderation.hide_post(post, by=fresh(world.admin))
    stored = Post.objects.get(pk=post.pk)
    assert stored.status == PostStatus.HIDDEN
    assert stored.text  # kept, for the moderators
    assert Report.objects.get().status == ReportStatus.HANDLED
    with pytest.raises(ValidationError):
        moderation.hide_post(stored, by=fresh(world.admin))
    moderation.show_post(stored, by=fresh(world.admin))
    assert Post.objects.get(pk=post.pk).status == PostStatus.VISIBLE
    actions = list(ActivityLog.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["network.post_hidden", "network.post_shown"]


def test_removal_needs_a_reason_erases_the_text_and_logs_the_reason(world: World) -> None:
    thread = thread_in(world.org, by=world.member)
    post = reply_to(thread, by=world.affiliated, text="Naboen min Kari har kreft.")
    with pytest.raises(ValidationError) as caught:
        moderation.remove_post(post, by=fresh(world.admin), reason=" ")
    assert "reason" in caught.value.message_dict
    moderation.remove_post(post, by=fresh(world.admin), reason="Helseopplysninger om andre")
    stored = Post.objects.get(pk=post.pk)
    assert (stored.status, stored.text, stored.removal_reason) == (
        PostStatus.REMOVED,
        "",
        "Helseopplysninger om andre",
    )
    entry = ActivityLog.objects.get(action="network.post_removed")
    assert entry.data["reason"] == "Helseopplysninger om andre"
    assert entry.data["post"] == post.pk
    assert "kreft" not in str(entry.data) + entry.object_repr


def test_removing_the_opening_post_hides_the_thread_and_its_title(world: World) -> None:
    thread = thread_in(world.org, by=world.member, title="Om Kari sin diagnose")
    opening = Post.objects.get(thread=thread, is_opening=True)
    moderation.remove_post(opening, by=fresh(world.admin), reason="Personopplysninger")
    stored = Thread.objects.get(pk=thread.pk)
    assert stored.status == PostStatus.REMOVED
    assert "Kari" not in stored.title


def test_dismiss_report(world: World) -> None:
    thread = thread_in(world.org, by=world.member)
    post = reply_to(thread, by=world.affiliated)
    report = posts.report(post, by=fresh(world.member), reason="Usikker")
    with pytest.raises(PermissionDenied):
        moderation.dismiss_report(report, by=fresh(world.member))
    moderation.dismiss_report(report, by=fresh(world.admin))
    assert Report.objects.get().status == ReportStatus.DISMISSED
    assert Post.objects.get(pk=post.pk).status == PostStatus.VISIBLE
