"""The outbox: every mail Medvirk sends is first a row here, written in the same
transaction as the change that causes it, then delivered by the worker."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailStatus(models.TextChoices):
    PENDING = "pending", _("Venter")
    SENDING = "sending", _("Sendes")
    SENT = "sent", _("Sendt")
    FAILED = "failed", _("Feilet")


class OutboxMail(models.Model):
    kind = models.CharField(max_length=100, blank=True)  # template name, or "allauth"
    from_email = models.CharField(max_length=300)
    recipients = models.JSONField(default=list)  # the To: addresses of one message
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10, blank=True)
    subject = models.CharField(max_length=998)
    text = models.TextField()
    html = models.TextField(blank=True)
    # [filename, base64 content, mimetype] per attachment (PDF letters).
    attachments = models.JSONField(default=list, blank=True)
    # What the mail is about, for figures (e.g. "directory.campaignrecipient:12").
    reference = models.CharField(max_length=100, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
        ]
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-poster")

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.recipients)}"
