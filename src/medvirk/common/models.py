"""The activity log: who did what to which object, when, in which tenant."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityLogQuerySet(models.QuerySet["ActivityLog"]):
    def for_object(self, obj: models.Model) -> "ActivityLogQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )


class ActivityLog(models.Model):
    """One audit-worthy action, written explicitly by a domain function."""

    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utført av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who acted when there is no account (e.g. "campaign link"), kept even if
    # the account is later deleted.
    actor_label = models.CharField(_("utført av (tekst)"), max_length=200, blank=True)
    action = models.CharField(_("handling"), max_length=100)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("objekt"), max_length=300, blank=True)
    # The tenant the object belongs to; None for platform-wide actions.
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisasjon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity",
    )
    data = models.JSONField(_("detaljer"), default=dict, blank=True)

    objects = ActivityLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("aktivitetslogg")
        verbose_name_plural = _("aktivitetslogg")
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created_at"]),
            models.Index(fields=["organisation", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def actor_display(self) -> str:
        if self.actor_id and self.actor:
            return str(self.actor)
        return self.actor_label or str(_("systemet"))
