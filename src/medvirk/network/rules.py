"""Who may read, write and moderate in the representatives' network.

Call these with ``rules.has_perm(perm, user, obj)``; the object resolves to the space's
organisation (a thread, a post, a report, or the organisation itself).

**Who is a member of a space** (the one rule, :func:`space_ids_of`):

- a user organisation's space: every user with a role in it (accounts ``Role``, any
  kind) and every user whose person profile has a current affiliation with it
  (people ``Affiliation``: member, board or pool; ``since`` not after today and
  ``until`` not before it);
- an umbrella's space: the same for the umbrella itself, and for every organisation that
  is a member of the umbrella (``Organisation.umbrellas``): the umbrella's network joins
  the representatives of its member organisations;
- services have no space.

**Moderators** are the admins (``RoleKind.ADMIN``) of the space's own organisation; the
admins of an umbrella's member organisations are members there, not moderators.
Platform admins are deliberately neither: the space is members-only and its talk may
touch health (as with experience answers), so no predicate here lets them in.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.rules import (
    organisation_ids_with_roles,
    organisation_kinds,
    organisation_of,
)
from medvirk.network.enums import SPACE_KINDS, PostStatus


def space_ids_of(user: Any) -> set[int]:
    """The organisations whose network space ``user`` is a member of (cached on the
    user object: three queries at most, once per request)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_medvirk_network_spaces", None)
    if cached is not None:
        return set(cached)
    from medvirk.directory.models import Organisation
    from medvirk.people.models import Affiliation

    today = timezone.localdate()
    kinds = dict(organisation_kinds(user))
    own = set(organisation_ids_with_roles(user))
    rows = (
        Affiliation.objects.filter(person__user=user)
        .filter(Q(since__isnull=True) | Q(since__lte=today))
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .order_by()
        .values_list("organisation_id", "organisation__kind")
    )
    for organisation_id, kind in rows:
        own.add(organisation_id)
        kinds[organisation_id] = kind
    spaces = {pk for pk in own if kinds.get(pk) in SPACE_KINDS}
    if own:
        through = Organisation.umbrellas.through
        spaces |= set(
            through.objects.filter(from_organisation_id__in=own)
            .order_by()
            .values_list("to_organisation_id", flat=True)
        )
    user._medvirk_network_spaces = frozenset(spaces)
    return spaces


def moderated_space_ids(user: Any) -> set[int]:
    kinds = organisation_kinds(user)
    return {
        pk
        for pk in organisation_ids_with_roles(user, RoleKind.ADMIN)
        if kinds.get(pk) in SPACE_KINDS
    }


@rules.predicate
def is_space_member(user: Any, obj: Any = None) -> bool:
    organisation = organisation_of(obj)
    return organisation is not None and organisation.pk in space_ids_of(user)


@rules.predicate
def is_space_moderator(user: Any, obj: Any = None) -> bool:
    organisation = organisation_of(obj)
    return organisation is not None and organisation.pk in moderated_space_ids(user)


@rules.predicate
def thread_is_visible(user: Any, thread: Any = None) -> bool:
    return thread is not None and thread.status == PostStatus.VISIBLE


@rules.predicate
def thread_is_locked(user: Any, thread: Any = None) -> bool:
    return thread is not None and bool(thread.is_locked)


@rules.predicate
def post_is_visible(user: Any, post: Any = None) -> bool:
    return (
        post is not None
        and post.status == PostStatus.VISIBLE
        and post.thread.status == PostStatus.VISIBLE
    )


@rules.predicate
def is_post_author(user: Any, post: Any = None) -> bool:
    return post is not None and post.author_id is not None and post.author_id == user.pk


# The space (object: the organisation, or anything in it).
rules.add_perm("network.view_space", is_space_member)
rules.add_perm("network.start_thread", is_space_member)
rules.add_perm("network.moderate_space", is_space_moderator)
# Threads.
rules.add_perm("network.view_thread", is_space_member & (thread_is_visible | is_space_moderator))
rules.add_perm("network.reply", is_space_member & thread_is_visible & ~thread_is_locked)
rules.add_perm("network.follow_thread", is_space_member & thread_is_visible)
# Posts.
rules.add_perm("network.report_post", is_space_member & post_is_visible & ~is_post_author)
