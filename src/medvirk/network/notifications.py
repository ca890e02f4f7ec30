"""The network's mail, queued through the outbox (``notifications.domain.outbox``):
the daily digest, one mail to one reader in their language (their person profile's
preferred language, else the site's), templates under ``mail/network/digest/``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.utils.text import Truncator

from medvirk.network.models import Post
from medvirk.notifications.domain.outbox import queue_mail

DIGEST = "network/digest"
EXCERPT_CHARS = 200


def language_of(user: Any) -> str:
    person = getattr(user, "person", None)
    return getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE


def send_digest(user: Any, posts: Sequence[Post]) -> int:
    site = settings.SITE_URL.rstrip("/")
    threads: list[dict[str, Any]] = []
    for post in posts:
        if not threads or threads[-1]["pk"] != post.thread_id:
            threads.append(
                {
                    "pk": post.thread_id,
                    "title": post.thread.title,
                    "url": site + post.thread.get_absolute_url(),
                    "posts": [],
                }
            )
        threads[-1]["posts"].append(
            {
                "author": post.author.name if post.author else "",
                "created_at": post.created_at,
                "excerpt": Truncator(post.text).chars(EXCERPT_CHARS),
                "mentions_you": any(user.pk == other.pk for other in post.mentions.all()),
            }
        )
    return queue_mail(
        DIGEST,
        to=[user.email],
        language=language_of(user),
        context={"name": user.name, "threads": threads, "count": len(posts)},
        reference=f"network.digest:{user.pk}",
    )
