"""Starting threads, replying, mentions, following and reporting."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from medvirk.common.models import ActivityLog
from medvirk.network.domain import moderation, posts
from medvirk.network.enums import ReportStatus
from medvirk.network.models import Follow, Post, Report, Thread
from medvirk.network.text import as_html
from tests.factories.network import fresh, reply_to, thread_in
from tests.network.conftest import World


@pytest.mark.parametrize("persona", ["outsider", "former", "platform_admin", "sibling_member"])
def test_posting_into_a_space_one_is_not_member_of_is_refused(world: World, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        posts.start_thread(world.org, by=fresh(getattr(world, persona)), title="Hei", text="Hei")
    thread = thread_in(world.org, by=world.member)
    with pytest.raises(PermissionDenied):
        posts.reply(thread, by=fresh(getattr(world, persona)), text="Hei")
    assert Post.objects.count() == 1


def test_start_thread_logs_and_follows(world: World) -> None:
    thread = thread_in(world.org, by=world.affiliated, title="  Første møte  ")
    assert thread.title == "Første møte"
    assert Follow.objects.filter(thread=thread, user=world.affiliated).exists()
    entry = ActivityLog.objects.get(action="network.thread_started")
    assert entry.organisation_id == world.org.pk
    assert "forberede" not in str(entry.data)


def test_start_thread_names_each_missing_field(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        posts.start_thread(world.org, by=fresh(world.member), title=" ", text="\r\n ")
    assert set(caught.value.message_dict) == {"title", "text"}
    with pytest.raises(ValidationError) as caught:
        posts.start_thread(world.org, by=fresh(world.member), title="x" * 151, text="x" * 5001)
    assert set(caught.value.message_dict) == {"title", "text"}


def test_reply_follows_and_moves_the_thread_up(world: World) -> None:
    thread = thread_in(world.org, by=world.member)
    post = reply_to(thread, by=world.admin, text="Linje én\r\nLinje to")
    assert post.text == "Linje én\nLinje to"
    assert Follow.objects.filter(thread=thread, user=world.admin).exists()
    assert Thread.objects.get(pk=thread.pk).last_post_at == post.created_at


def test_locked_thread_refuses_replies(world: World) -> None:
    thread = thread_in(world.org, by=world.member)
    moderation.set_locked(thread, by=fresh(world.admin), locked=True)
    for persona in ("member", "admin"):
        with pytest.raises(PermissionDenied):
            reply_to(thread, by=getattr(world, persona))
    moderation.set_locked(thread, by=fresh(world.admin), locked=False)
    reply_to(thread, by=world.member)
    assert Post.objects.filter(thread=thread).count() == 2


def test_mentions_reach_members_of_the_same_space_only(world: World) -> None:
    thread = thread_in(world.org, by=world.member)
    post = reply_to(
        thread,
        by=world.member,
        text="Spør @tor tilknyttet, eller @Ada Admin. @Otto Utenfor og @Siri Søster vet også.",
    )
    assert {user.pk for user in post.mentions.all()} == {world.affiliated.pk, world.admin.pk}
    html = as_html(post.text, [user.name for user in post.mentions.all()])
    assert '<strong class="mv-mention">@tor tilknyttet</strong>' in html
    assert '<strong class="mv-mention">@Ada Admin</strong>' in html
    assert "@Otto Utenfor" in html
    assert '<strong class="mv-mention">@Otto' not in html


def test_mentions_in_the_umbrella_space_reach_the_member_organisations(world: World) -> None:
    thread = thread_in(
        world.umbrella, by=world.sibling_member, text="Hei @Mona Medlem og @Otto Utenfor"
    )
    post = Post.objects.get(thread=thread)
    assert [user.pk for user in post.mentions.all()] == [world.member.pk]


def test_text_is_escaped(world: World) -> None:
    assert str(as_html("<script>x</script>\nny linje")) == (
        "&lt;script&gt;x&lt;/script&gt;<br>ny linje"
    )


def test_unfollow_and_follow_again(world: World) -> None:
    thread = thread_in(world.org, by=world.member)
    posts.unfollow(thread, by=fresh(world.member))
    assert not Follow.objects.filter(thread=thread).exists()
    posts.follow(thread, by=fresh(world.affiliated))
    assert Follow.objects.filter(thread=thread, user=world.affiliated).exists()
    with pytest.raises(PermissionDenied):
        posts.follow(thread, by=fresh(world.outsider))


def test_report_goes_to_the_queue(world: World) -> None:
    thread = thread_in(world.org, by=world.member)
    post = reply_to(thread, by=world.affiliated)
    with pytest.raises(ValidationError) as caught:
        posts.report(post, by=fresh(world.member), reason="  ")
    assert "reason" in caught.value.message_dict
    report = posts.report(post, by=fresh(world.member), reason="Forteller om en annens sykdom")
    assert report.status == ReportStatus.OPEN
    assert ActivityLog.objects.filter(action="network.post_reported").count() == 1
    with pytest.raises(PermissionDenied):
        posts.report(post, by=fresh(world.outsider), reason="Nei")
    assert Report.objects.count() == 1


def test_one_open_report_per_member_and_post(world: World) -> None:
    thread = thread_in(world.org, by=world.member)
    post = reply_to(thread, by=world.affiliated)
    posts.report(post, by=fresh(world.member), reason="Første gang")
    with pytest.raises(ValidationError) as caught:
        posts.report(post, by=fresh(world.member), reason="Andre gang")
    assert "reason" in caught.value.message_dict
    posts.report(post, by=fresh(world.admin), reason="Fra en annen")
    assert Report.objects.count() == 2
