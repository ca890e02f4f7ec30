"""Who may do what in the network, persona × state (docs: medvirk.network.rules)."""

from __future__ import annotations

import pytest
import rules

from medvirk.network.domain import moderation
from medvirk.network.models import Post, Thread
from tests.factories.network import fresh, reply_to, thread_in
from tests.network.conftest import World

MEMBERS_OF_ORG = {"admin", "member", "affiliated"}
NOT_MEMBERS_OF_ORG = {"umbrella_admin", "sibling_member", "outsider", "former", "platform_admin"}
ALL = sorted(MEMBERS_OF_ORG | NOT_MEMBERS_OF_ORG)


@pytest.mark.parametrize("persona", ALL)
def test_organisation_space_is_for_its_members_only(world: World, persona: str) -> None:
    user = fresh(getattr(world, persona))
    expected = persona in MEMBERS_OF_ORG
    assert rules.has_perm("network.view_space", user, world.org) is expected
    assert rules.has_perm("network.start_thread", user, world.org) is expected
    assert rules.has_perm("network.moderate_space", user, world.org) is (persona == "admin")


@pytest.mark.parametrize("persona", ALL)
def test_umbrella_space_joins_the_member_organisations(world: World, persona: str) -> None:
    user = fresh(getattr(world, persona))
    expected = persona in {"admin", "member", "affiliated", "umbrella_admin", "sibling_member"}
    assert rules.has_perm("network.view_space", user, world.umbrella) is expected
    # Only the umbrella's own admins moderate it.
    assert rules.has_perm("network.moderate_space", user, world.umbrella) is (
        persona == "umbrella_admin"
    )


def test_anonymous_is_no_member(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not rules.has_perm("network.view_space", AnonymousUser(), world.org)


@pytest.mark.parametrize(
    ("state", "member_view", "member_reply", "admin_view", "admin_reply"),
    [
        ("open", True, True, True, True),
        ("locked", True, False, True, False),
        ("hidden", False, False, True, False),
    ],
)
def test_thread_by_state(
    world: World,
    state: str,
    member_view: bool,
    member_reply: bool,
    admin_view: bool,
    admin_reply: bool,
) -> None:
    thread = thread_in(world.org, by=world.member)
    if state == "locked":
        moderation.set_locked(thread, by=fresh(world.admin), locked=True)
    if state == "hidden":
        moderation.hide_post(
            Post.objects.get(thread=thread, is_opening=True), by=fresh(world.admin)
        )
    thread = Thread.objects.get(pk=thread.pk)
    member, admin = fresh(world.affiliated), fresh(world.admin)
    assert rules.has_perm("network.view_thread", member, thread) is member_view
    assert rules.has_perm("network.reply", member, thread) is member_reply
    assert rules.has_perm("network.view_thread", admin, thread) is admin_view
    assert rules.has_perm("network.reply", admin, thread) is admin_reply
    outsider = fresh(world.outsider)
    assert not rules.has_perm("network.view_thread", outsider, thread)
    assert not rules.has_perm("network.reply", outsider, thread)


def test_report_any_visible_post_but_ones_own(world: World) -> None:
    thread = thread_in(world.org, by=world.member)
    post = reply_to(thread, by=world.affiliated)
    assert rules.has_perm("network.report_post", fresh(world.member), post)
    assert not rules.has_perm("network.report_post", fresh(world.affiliated), post)
    assert not rules.has_perm("network.report_post", fresh(world.outsider), post)
    moderation.hide_post(post, by=fresh(world.admin))
    assert not rules.has_perm(
        "network.report_post", fresh(world.member), Post.objects.get(pk=post.pk)
    )
