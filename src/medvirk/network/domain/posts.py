"""Writing in a space: starting a thread, replying, following and unfollowing a thread,
reporting a post to the moderators.

Starting or replying makes the writer follow the thread. Mentions are the names after
``@`` that belong to members of the same space (``selectors.members_named``); a name
of anyone else stays plain text and tells no one. A mentioned member's digest includes
the post. No post text is written to the activity log.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.directory.models import Organisation
from medvirk.network import selectors
from medvirk.network.enums import ReportStatus
from medvirk.network.models import TEXT_MAX, TITLE_MAX, DigestState, Follow, Post, Report, Thread
from medvirk.network.text import candidate_names

THREAD_STARTED = register_action(
    "network.thread_started", gettext_lazy("Startet en tråd i nettverket")
)
REPLIED = register_action("network.replied", gettext_lazy("Svarte i en tråd i nettverket"))
REPORTED = register_action(
    "network.post_reported", gettext_lazy("Meldte fra om et innlegg i nettverket")
)


def _clean_text(text: str, field: str = "text") -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise ValidationError({field: _("Skriv innlegget.")})
    if len(text) > TEXT_MAX:
        raise ValidationError(
            {field: _("Innlegget kan ha høyst %(max)d tegn.") % {"max": TEXT_MAX}}
        )
    return text


def _ensure_digest(user: Any, now: Any) -> None:
    DigestState.objects.get_or_create(user=user, defaults={"sent_until": now})


def _follow(thread: Thread, user: Any, now: Any) -> None:
    Follow.objects.get_or_create(thread=thread, user=user, defaults={"created_at": now})
    _ensure_digest(user, now)


def _write_post(thread: Thread, *, by: Any, text: str, opening: bool, now: Any) -> Post:
    post = Post.objects.create(
        thread=thread, author=by, text=text, is_opening=opening, created_at=now
    )
    mentioned = [
        user
        for user in selectors.members_named(thread.organisation, candidate_names(text))
        if user.pk != by.pk
    ]
    if mentioned:
        post.mentions.set(mentioned)
        for user in mentioned:
            _ensure_digest(user, now)
    _follow(thread, by, now)
    return post


def start_thread(organisation: Organisation, *, by: Any, title: str, text: str) -> Thread:
    if not rules.has_perm("network.start_thread", by, organisation):
        raise PermissionDenied
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Skriv en tittel.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("Tittelen kan ha høyst %(max)d tegn.") % {"max": TITLE_MAX}
    try:
        text = _clean_text(text)
    except ValidationError as error:
        errors.update({key: value[0] for key, value in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(
            organisation=organisation, title=title, author=by, created_at=now, last_post_at=now
        )
        post = _write_post(thread, by=by, text=text, opening=True, now=now)
        log_activity(
            action=THREAD_STARTED,
            actor=by,
            obj=thread,
            organisation=organisation,
            data={"post": post.pk},
        )
    return thread


def reply(thread: Thread, *, by: Any, text: str) -> Post:
    if not rules.has_perm("network.reply", by, thread):
        raise PermissionDenied
    text = _clean_text(text)
    now = timezone.now()
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        if locked.is_locked:
            raise PermissionDenied
        post = _write_post(thread, by=by, text=text, opening=False, now=now)
        Thread.objects.filter(pk=thread.pk).update(last_post_at=now)
        log_activity(
            action=REPLIED,
            actor=by,
            obj=thread,
            organisation=thread.organisation,
            data={"post": post.pk},
        )
    return post


def follow(thread: Thread, *, by: Any) -> None:
    if not rules.has_perm("network.follow_thread", by, thread):
        raise PermissionDenied
    with transaction.atomic():
        _follow(thread, by, timezone.now())


def unfollow(thread: Thread, *, by: Any) -> None:
    """Anyone may stop following (also after leaving the space)."""
    Follow.objects.filter(thread=thread, user=by).delete()


def report(post: Post, *, by: Any, reason: str) -> Report:
    if not rules.has_perm("network.report_post", by, post):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv hvorfor du melder fra om innlegget.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Begrunnelsen kan ha høyst 1000 tegn.")})
    if Report.objects.filter(post=post, reporter=by, status=ReportStatus.OPEN).exists():
        raise ValidationError(
            {"reason": _("Du har allerede meldt fra om dette innlegget. Moderatorene ser på det.")}
        )
    with transaction.atomic():
        found = Report.objects.create(
            post=post, reporter=by, reason=reason, created_at=timezone.now()
        )
        log_activity(
            action=REPORTED,
            actor=by,
            obj=post.thread,
            organisation=post.thread.organisation,
            data={"post": post.pk, "report": found.pk},
        )
    return found
