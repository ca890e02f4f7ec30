"""Every read of the network's pages, the mentions and the digest, starting from the
membership rule in :mod:`medvirk.network.rules`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.network.enums import PostStatus, ReportStatus
from medvirk.network.models import Follow, Post, Report, Thread
from medvirk.network.rules import moderated_space_ids, space_ids_of

THREADS_PER_PAGE = 25
REPORTS_PER_PAGE = 25
# A thread reads 50 posts a page: the busiest thread at national scale holds ~120.
POSTS_PER_PAGE = 50


def spaces_of(user: Any) -> QuerySet[Organisation]:
    """The spaces the user is a member of, with their visible threads counted and the
    latest post's time."""
    visible = Q(network_threads__status=PostStatus.VISIBLE)
    return (
        Organisation.objects.filter(pk__in=space_ids_of(user))
        .annotate(
            thread_count=Count("network_threads", filter=visible),
            last_post_at=Max("network_threads__last_post_at", filter=visible),
        )
        .order_by("name", "pk")
    )


def threads_in(organisation: Organisation, user: Any) -> QuerySet[Thread]:
    """The space's threads, newest activity first: the visible ones, and for moderators
    every thread; each with its visible replies counted and whether the user follows it."""
    threads = Thread.objects.filter(organisation=organisation)
    if organisation.pk not in moderated_space_ids(user):
        threads = threads.visible()
    return (
        threads.select_related("author")
        .annotate(
            reply_count=Count(
                "posts", filter=Q(posts__status=PostStatus.VISIBLE, posts__is_opening=False)
            ),
            followed=Exists(Follow.objects.filter(thread=OuterRef("pk"), user=user)),
        )
        .order_by("-last_post_at", "-pk")
    )


def thread_detail(pk: int) -> Thread | None:
    return Thread.objects.select_related("organisation", "author").filter(pk=pk).first()


def posts_of(thread: Thread, *, moderator: bool) -> QuerySet[Post]:
    """The thread's posts in order, with authors and mentions; for moderators each
    with its open reports counted. Paged by the view (``POSTS_PER_PAGE``)."""
    posts = (
        thread.posts.select_related("author", "moderated_by")
        .prefetch_related(Prefetch("mentions", queryset=get_user_model().objects.only("name")))
        .order_by("created_at", "pk")
    )
    if moderator:
        posts = posts.annotate(
            open_reports=Count("reports", filter=Q(reports__status=ReportStatus.OPEN))
        )
    return posts


def page_of_post(thread: Thread, post_pk: Any) -> int | None:
    """The page of the thread (1-based, ``POSTS_PER_PAGE`` a page) that shows the post,
    or None when the thread holds no such post."""
    try:
        pk = int(post_pk)
    except (TypeError, ValueError):
        return None
    post = thread.posts.filter(pk=pk).values("created_at").first()
    if post is None:
        return None
    before = thread.posts.filter(
        Q(created_at__lt=post["created_at"]) | Q(created_at=post["created_at"], pk__lt=pk)
    ).count()
    return before // POSTS_PER_PAGE + 1


def post_detail(pk: int) -> Post | None:
    return (
        Post.objects.select_related("thread__organisation", "author", "moderated_by")
        .prefetch_related("mentions")
        .filter(pk=pk)
        .first()
    )


def is_following(thread: Thread, user: Any) -> bool:
    return Follow.objects.filter(thread=thread, user=user).exists()


def open_reports(organisation: Organisation) -> QuerySet[Report]:
    return (
        Report.objects.filter(status=ReportStatus.OPEN, post__thread__organisation=organisation)
        .select_related("post__thread", "post__author", "reporter")
        .order_by("created_at", "pk")
    )


def space_organisation_ids(organisation: Organisation) -> list[int]:
    """The organisations whose people are members of ``organisation``'s space: itself,
    and for an umbrella its member organisations."""
    ids = [organisation.pk]
    if organisation.kind == OrganisationKind.UMBRELLA:
        ids += list(organisation.members.order_by().values_list("pk", flat=True))
    return ids


def members_named(organisation: Organisation, names: Iterable[str]) -> list[Any]:
    """The space's members whose name (case-folded) is one of ``names``."""
    wanted = {name.casefold() for name in names if name}
    if not wanted:
        return []
    today = timezone.localdate()
    ids = space_organisation_ids(organisation)
    current = (
        Q(person__affiliations__organisation_id__in=ids)
        & (Q(person__affiliations__since__isnull=True) | Q(person__affiliations__since__lte=today))
        & (Q(person__affiliations__until__isnull=True) | Q(person__affiliations__until__gte=today))
    )
    users = get_user_model().objects.filter(is_active=True).exclude(name="")
    name_match = Q()
    for name in wanted:
        name_match |= Q(name__iexact=name)
    candidates = users.filter(name_match).filter(Q(roles__organisation_id__in=ids) | current)
    return [user for user in candidates.distinct() if user.name.casefold() in wanted]


def digest_posts(user: Any, *, after: datetime.datetime, until: datetime.datetime) -> list[Post]:
    """The visible posts by others written in (after, until] in threads the user follows
    or mentioning the user, in spaces the user is still a member of; oldest first."""
    followed = Follow.objects.filter(user=user).values("thread_id")
    mentioning = Post.mentions.through.objects.filter(user_id=user.pk).values("post_id")
    return list(
        Post.objects.visible()
        .filter(created_at__gt=after, created_at__lte=until)
        .filter(thread__organisation_id__in=space_ids_of(user))
        .filter(Q(thread_id__in=followed) | Q(pk__in=mentioning))
        .exclude(author=user)
        .select_related("thread", "author")
        .prefetch_related("mentions")
        .order_by("thread_id", "created_at", "pk")
    )
