"""A service's routine for user involvement, kept as numbered versions.

A service has at most one draft at a time. Saving while only a published version exists
starts a new draft (the next number) from the published text; publishing the draft
makes it the service's published routine and marks the one before as superseded. No
version is ever deleted, so the public can read what the routine said before."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medvirk.directory.models import Organisation
from medvirk.planning.enums import PUBLIC_STATUSES, VersionStatus


class RoutineVersionQuerySet(models.QuerySet["RoutineVersion"]):
    def drafts(self) -> RoutineVersionQuerySet:
        return self.filter(status=VersionStatus.DRAFT)

    def published(self) -> RoutineVersionQuerySet:
        return self.filter(status=VersionStatus.PUBLISHED)

    def public(self) -> RoutineVersionQuerySet:
        """Versions that have been published: the current one and the ones it replaced."""
        return self.filter(status__in=PUBLIC_STATUSES)


class RoutineVersion(models.Model):
    service = models.ForeignKey(
        Organisation,
        verbose_name=_("tjeneste"),
        on_delete=models.CASCADE,
        related_name="routine_versions",
    )
    number = models.PositiveIntegerField(_("versjon"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    when_to_involve = models.TextField(_("Når vi involverer brukerne"), blank=True)
    choosing_arena = models.TextField(_("Hvordan vi velger arena"), blank=True)
    recruiting = models.TextField(_("Rekruttering gjennom brukerorganisasjonene"), blank=True)
    reporting_back = models.TextField(_("Tilbakemelding til brukerne"), blank=True)
    annual_report = models.TextField(_("Dokumentasjon i årsrapporten"), blank=True)
    change_note = models.CharField(_("hva er endret"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sist endret av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publisert av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RoutineVersionQuerySet.as_manager()

    class Meta:
        ordering = ["service", "-number"]
        verbose_name = _("versjon av rutine for brukermedvirkning")
        verbose_name_plural = _("versjoner av rutine for brukermedvirkning")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "number"], name="planning_routine_version_number"
            ),
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(status="draft"),
                name="planning_routine_one_draft",
            ),
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(status="published"),
                name="planning_routine_one_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "planning:routine_version", kwargs={"org_pk": self.service_id, "number": self.number}
        )

    def get_organisation(self) -> Organisation:
        return self.service

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES
