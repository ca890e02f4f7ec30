"""The representatives' network at national scale (C11): the big organisation's space
with a few hundred threads (one busy thread with over a hundred replies, mentions of the
representative persona, open reports, one locked thread and one hidden reply) and a few
threads in the first national umbrella's space.

The authors are the personas who are members there: the representative (affiliated with
the big organisation) and the organisation's admin (its moderator); in the umbrella also
the umbrella's admin. The representative follows the threads they wrote in and has a
digest state, as the domain would leave it.
"""

from __future__ import annotations

import datetime
from typing import Any

from medvirk.network.enums import PostStatus, ReportStatus
from medvirk.network.models import DigestState, Follow, Post, Report, Thread
from medvirk.scale.gen_plan import Ctx

TITLES = (
    "Hvordan forbereder dere dere til det første møtet?",
    "Erfaringer med digitale møter",
    "Når sakspapirene kommer for sent",
    "Tips til å skrive innspill til høringer",
    "Godtgjøring for reisetid",
    "Å være alene om brukerstemmen i et utvalg",
)
TEXTS = (
    "Jeg er ny i vervet og lurer på hvordan dere går fram.",
    "Vi har hatt god nytte av et formøte i organisasjonen før hvert møte.",
    "Spør gjerne sekretariatet om å få papirene tidligere.",
    "Det hjelper å skrive ned to eller tre hovedpoeng på forhånd.",
    "Takk, dette var nyttig!",
)


def generate_network(ctx: Ctx, *, scale: float) -> dict[str, Any]:
    """Write the rows; returns the ids the benchmark's routes need."""
    w = ctx.w
    big = ctx.big_org
    assert big is not None
    thread_t = w.table(
        Thread,
        (
            "id",
            "organisation_id",
            "title",
            "author_id",
            "status",
            "is_locked",
            "created_at",
            "last_post_at",
        ),
    )
    post_t = w.table(
        Post,
        (
            "id",
            "thread_id",
            "author_id",
            "is_opening",
            "text",
            "status",
            "moderated_by_id",
            "moderated_at",
            "removal_reason",
            "created_at",
        ),
    )
    mention_t = w.table(Post.mentions.through, ("id", "post_id", "user_id"))
    follow_t = w.table(Follow, ("id", "thread_id", "user_id", "created_at"))
    report_t = w.table(
        Report,
        (
            "id",
            "post_id",
            "reporter_id",
            "reason",
            "status",
            "created_at",
            "handled_by_id",
            "handled_at",
        ),
    )
    digest_t = w.table(DigestState, ("id", "user_id", "sent_until", "claimed_at"))

    rep = int(str(ctx.personas["representative"]["user_id"]))
    admin = int(str(ctx.personas["org_admin"]["user_id"]))
    umbrella_admin = int(str(ctx.personas["umbrella_admin"]["user_id"]))
    umbrella_id = int(str(ctx.personas["umbrella_admin"]["organisation_id"]))
    rng = ctx.rng
    start = ctx.now - datetime.timedelta(days=365)
    ids: dict[str, Any] = {}

    def thread(org_id: int, authors: tuple[int, ...], number: int, replies: int) -> int:
        thread_id = thread_t.take_id()
        created = start + datetime.timedelta(hours=number * 7 + 1)
        at = created
        followed: set[int] = set()
        for index in range(replies + 1):
            author = authors[(number + index) % len(authors)]
            at = created + datetime.timedelta(minutes=37 * index)
            post_id = post_t.take_id()
            text = TEXTS[int(rng.random() * len(TEXTS))]
            mention = author != rep and index % 5 == 3
            if mention:
                text = f"@Benk Representant, {text}"
            hidden = index == 4
            w.add(
                post_t,
                (
                    post_id,
                    thread_id,
                    author,
                    index == 0,
                    text,
                    PostStatus.HIDDEN if hidden else PostStatus.VISIBLE,
                    admin if hidden else None,
                    at if hidden else None,
                    "",
                    at,
                ),
            )
            if mention:
                w.add(mention_t, (mention_t.take_id(), post_id, rep))
            if index % 7 == 2:
                w.add(
                    report_t,
                    (
                        report_t.take_id(),
                        post_id,
                        rep,
                        "Bør en moderator se på dette?",
                        ReportStatus.OPEN,
                        at,
                        None,
                        None,
                    ),
                )
                ids.setdefault("reported_post", post_id)
            if author == admin and not hidden and index > 0:
                ids.setdefault("admin_post", post_id)
            if author not in followed:
                followed.add(author)
                w.add(follow_t, (follow_t.take_id(), thread_id, author, at))
        w.add(
            thread_t,
            (
                thread_id,
                org_id,
                TITLES[number % len(TITLES)],
                authors[number % len(authors)],
                PostStatus.VISIBLE,
                number == 1,
                created,
                at,
            ),
        )
        return thread_id

    count = max(3, round(300 * scale))
    busy = thread(big.id, (rep, admin), 0, max(5, round(120 * min(scale, 1.0))))
    for number in range(1, count):
        thread(big.id, (rep, admin), number, int(rng.random() * 12))
    for number in range(max(2, round(30 * scale))):
        thread(umbrella_id, (umbrella_admin, rep, admin), number, int(rng.random() * 8))
    w.add(digest_t, (digest_t.take_id(), rep, ctx.now, None))
    w.flush()
    ids.update({"space": big.id, "umbrella": umbrella_id, "busy_thread": busy})
    return ids
