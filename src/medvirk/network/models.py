"""The representatives' network: one members-only space per user organisation and per
umbrella (the space *is* the organisation; no model of its own), threads and posts in
it, who follows which thread, reports to the moderators, and each reader's digest
state. Membership is a rule, not a table (``medvirk.network.membership``)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medvirk.directory.models import Organisation
from medvirk.network.enums import PostStatus, ReportStatus

TEXT_MAX = 5000
TITLE_MAX = 150


class ThreadQuerySet(models.QuerySet["Thread"]):
    def visible(self) -> ThreadQuerySet:
        """Threads whose opening post is visible (a hidden or removed opening post hides
        the whole thread from everyone but the moderators)."""
        return self.filter(status=PostStatus.VISIBLE)


class Thread(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasjon"),
        on_delete=models.CASCADE,
        related_name="network_threads",
    )
    title = models.CharField(_("tittel"), max_length=TITLE_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("startet av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The opening post's status, kept in step by the moderation domain.
    status = models.CharField(
        _("status"), max_length=10, choices=PostStatus.choices, default=PostStatus.VISIBLE
    )
    is_locked = models.BooleanField(_("låst"), default=False)
    created_at = models.DateTimeField(_("startet"))
    last_post_at = models.DateTimeField(_("siste innlegg"))

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-last_post_at", "-pk"]
        verbose_name = _("tråd")
        verbose_name_plural = _("tråder")
        indexes = [models.Index(fields=["organisation", "status", "-last_post_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:thread", args=[self.pk])

    def get_organisation(self) -> Organisation:
        return self.organisation


class PostQuerySet(models.QuerySet["Post"]):
    def visible(self) -> PostQuerySet:
        return self.filter(status=PostStatus.VISIBLE, thread__status=PostStatus.VISIBLE)


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_opening = models.BooleanField(default=False)
    text = models.TextField(_("innlegg"), validators=[MaxLengthValidator(TEXT_MAX)])
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="network_mentions"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PostStatus.choices, default=PostStatus.VISIBLE
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.CharField(_("begrunnelse"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("skrevet"))

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("innlegg")
        verbose_name_plural = _("innlegg")
        indexes = [
            models.Index(fields=["thread", "created_at"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.thread} #{self.pk}"

    def get_absolute_url(self) -> str:
        # The thread page finds the post's page (``?innlegg=``) and sends the reader there.
        return f"{self.thread.get_absolute_url()}?innlegg={self.pk}#innlegg-{self.pk}"

    def get_organisation(self) -> Organisation:
        return self.thread.organisation

    @property
    def is_visible(self) -> bool:
        return self.status == PostStatus.VISIBLE


class Follow(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_follows"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="network_follow_unique")
        ]
        indexes = [models.Index(fields=["user", "thread"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.thread}"

    def get_organisation(self) -> Organisation:
        return self.thread.organisation


class Report(models.Model):
    """A member's report of a post to the space's moderators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("hvorfor"), validators=[MaxLengthValidator(1000)])
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField()
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("melding om innlegg")
        verbose_name_plural = _("meldinger om innlegg")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.post} ({self.get_status_display()})"

    def get_organisation(self) -> Organisation:
        return self.post.thread.organisation


class DigestState(models.Model):
    """One reader's digest: the posts up to ``sent_until`` have been covered; the
    periodic job claims the row by stamping ``claimed_at`` (once a day)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_digest"
    )
    sent_until = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["claimed_at"])]

    def __str__(self) -> str:
        return str(self.user)
