"""Moderation by the space's admins: hide a post (and show it again), remove it with a
reason (its text is erased, the reason is logged and shown in its place), lock and
unlock a thread, and dismiss a report. Hiding or removing a post handles its open
reports. A hidden or removed opening post hides its whole thread (``Thread.status``).
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
from medvirk.experiences.pii import REDACTED
from medvirk.network.enums import PostStatus, ReportStatus
from medvirk.network.models import Post, Report, Thread

POST_HIDDEN = register_action(
    "network.post_hidden", gettext_lazy("Skjulte et innlegg i nettverket")
)
POST_SHOWN = register_action(
    "network.post_shown", gettext_lazy("Viste et skjult innlegg i nettverket igjen")
)
POST_REMOVED = register_action(
    "network.post_removed", gettext_lazy("Fjernet et innlegg i nettverket")
)
THREAD_LOCKED = register_action("network.thread_locked", gettext_lazy("Låste en tråd i nettverket"))
THREAD_UNLOCKED = register_action(
    "network.thread_unlocked", gettext_lazy("Åpnet en låst tråd i nettverket")
)
REPORT_DISMISSED = register_action(
    "network.report_dismissed", gettext_lazy("Avviste en melding om et innlegg i nettverket")
)

REASON_MAX = 500


def _check(by: Any, obj: Any) -> None:
    if not rules.has_perm("network.moderate_space", by, obj):
        raise PermissionDenied


def _set_status(post: Post, status: str, *, by: Any, reason: str = "") -> None:
    now = timezone.now()
    fields: dict[str, Any] = {"status": status, "moderated_by": by, "moderated_at": now}
    if status == PostStatus.REMOVED:
        fields.update(text="", removal_reason=reason)
    Post.objects.filter(pk=post.pk).update(**fields)
    for name, value in fields.items():
        setattr(post, name, value)
    if post.is_opening:
        thread_fields: dict[str, Any] = {"status": status}
        if status == PostStatus.REMOVED:
            thread_fields["title"] = REDACTED
        Thread.objects.filter(pk=post.thread_id).update(**thread_fields)
        for name, value in thread_fields.items():
            setattr(post.thread, name, value)
    if status != PostStatus.VISIBLE:
        Report.objects.filter(post=post, status=ReportStatus.OPEN).update(
            status=ReportStatus.HANDLED, handled_by=by, handled_at=now
        )


def hide_post(post: Post, *, by: Any) -> None:
    _check(by, post)
    if post.status != PostStatus.VISIBLE:
        raise ValidationError(_("Innlegget er allerede skjult eller fjernet."))
    with transaction.atomic():
        _set_status(post, PostStatus.HIDDEN, by=by)
        log_activity(
            action=POST_HIDDEN,
            actor=by,
            obj=post.thread,
            organisation=post.thread.organisation,
            data={"post": post.pk},
        )


def show_post(post: Post, *, by: Any) -> None:
    _check(by, post)
    if post.status != PostStatus.HIDDEN:
        raise ValidationError(_("Bare et skjult innlegg kan vises igjen."))
    with transaction.atomic():
        _set_status(post, PostStatus.VISIBLE, by=by)
        log_activity(
            action=POST_SHOWN,
            actor=by,
            obj=post.thread,
            organisation=post.thread.organisation,
            data={"post": post.pk},
        )


def remove_post(post: Post, *, by: Any, reason: str) -> None:
    """Erase the post's text for good and keep the reason (shown in its place and
    logged; the text itself is never logged)."""
    _check(by, post)
    if post.status == PostStatus.REMOVED:
        raise ValidationError(_("Innlegget er allerede fjernet."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv hvorfor innlegget fjernes.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Begrunnelsen kan ha høyst %(max)d tegn.") % {"max": REASON_MAX}}
        )
    with transaction.atomic():
        _set_status(post, PostStatus.REMOVED, by=by, reason=reason)
        post.mentions.clear()
        # The object is the thread by number only: its title may be what was removed.
        log_activity(
            action=POST_REMOVED,
            actor=by,
            organisation=post.thread.organisation,
            data={"thread": post.thread_id, "post": post.pk, "reason": reason},
        )


def set_locked(thread: Thread, *, by: Any, locked: bool) -> None:
    _check(by, thread)
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(is_locked=locked)
        thread.is_locked = locked
        log_activity(
            action=THREAD_LOCKED if locked else THREAD_UNLOCKED,
            actor=by,
            obj=thread,
            organisation=thread.organisation,
        )


def dismiss_report(report: Report, *, by: Any) -> None:
    _check(by, report)
    if report.status != ReportStatus.OPEN:
        raise ValidationError(_("Meldingen er allerede behandlet."))
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.DISMISSED, handled_by=by, handled_at=timezone.now()
        )
        report.status = ReportStatus.DISMISSED
        log_activity(
            action=REPORT_DISMISSED,
            actor=by,
            obj=report.post.thread,
            organisation=report.post.thread.organisation,
            data={"post": report.post_id, "report": report.pk},
        )
