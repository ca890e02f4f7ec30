"""The daily digest: to each reader, the new visible posts in the threads they follow
and the posts that mention them, in their language. A hidden or removed post never
reaches a digest (``Post.objects.visible()`` at the moment the digest is made), nor does
a post in a space the reader has left.

The periodic job ``network.digest`` claims a reader's :class:`DigestState` by stamping
``claimed_at`` (one UPDATE); the row is due again a day later.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.network import notifications, selectors
from medvirk.network.models import DigestState

DIGEST_INTERVAL = datetime.timedelta(days=1)

DIGEST_SENT = register_action(
    "network.digest_sent", gettext_lazy("Fikk sammendrag fra nettverket på e-post")
)


def due(now: datetime.datetime) -> QuerySet[DigestState]:
    return DigestState.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lte=now - DIGEST_INTERVAL)
    ).order_by("pk")


def send_digest(state: DigestState, now: datetime.datetime) -> int:
    """Mail the reader what is new since ``state.sent_until``; the number of posts (0:
    no mail). Moves ``sent_until`` to ``now`` either way."""
    user = state.user
    posts = selectors.digest_posts(user, after=state.sent_until, until=now)
    DigestState.objects.filter(pk=state.pk).update(sent_until=now)
    if not posts or not user.is_active:
        return 0
    notifications.send_digest(user, posts)
    log_activity(action=DIGEST_SENT, actor=user, data={"posts": len(posts)})
    return len(posts)
