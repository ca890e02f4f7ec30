"""Annual reports (årsmelding, issue 16): one per arena or per service and calendar year.

A report is written by the secretariat of the service that owns it (``owner``: the
arena's owner, or the service itself), sent to the members for comments, approved and
published. Every approval freezes the figures and the texts in an
:class:`AnnualReportVersion` (like meetings' ``MinutesVersion``): what members and the
public read after approval is always a version, never the live draft.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medvirk.annual.enums import (
    APPROVED_STATUSES,
    EDITABLE_STATUSES,
    ReportLanguage,
    ReportStatus,
)
from medvirk.arenas.models import Arena
from medvirk.directory.models import Organisation
from medvirk.meetings.models import AgendaItem


class AnnualReportQuerySet(models.QuerySet["AnnualReport"]):
    def editable(self) -> AnnualReportQuerySet:
        return self.filter(status__in=EDITABLE_STATUSES)

    def approved(self) -> AnnualReportQuerySet:
        return self.filter(status__in=APPROVED_STATUSES)

    def public(self) -> AnnualReportQuerySet:
        """Published, and not of a private arena (THE rule, also in ``rules.py``)."""
        return self.filter(status=ReportStatus.PUBLISHED).filter(
            Q(arena__isnull=True) | Q(arena__is_public=True)
        )


class AnnualReport(models.Model):
    """The annual report of an arena, or of a service (all its public arenas), for a year."""

    arena = models.ForeignKey(
        Arena,
        verbose_name=_("arena"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="annual_reports",
    )
    service = models.ForeignKey(
        Organisation,
        verbose_name=_("tjeneste"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="annual_reports",
    )
    # The service that writes the report: the arena's owner, or ``service`` itself.
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"))
    language = models.CharField(
        _("målform"), max_length=2, choices=ReportLanguage.choices, default=ReportLanguage.NB
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    preface = models.TextField(_("forord"), blank=True)
    comment_deadline = models.DateField(_("frist for merknader"), null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(_("versjon"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("årsmelding")
        verbose_name_plural = _("årsmeldinger")
        constraints = [
            models.CheckConstraint(
                condition=(Q(arena__isnull=False, service__isnull=True))
                | (Q(arena__isnull=True, service__isnull=False)),
                name="annualreport_arena_xor_service",
            ),
            models.UniqueConstraint(
                fields=["arena", "year"],
                condition=Q(arena__isnull=False),
                name="annualreport_unique_arena_year",
            ),
            models.UniqueConstraint(
                fields=["service", "year"],
                condition=Q(service__isnull=False),
                name="annualreport_unique_service_year",
            ),
        ]
        indexes = [models.Index(fields=["owner", "year"]), models.Index(fields=["status", "year"])]

    def __str__(self) -> str:
        return f"{self.subject_name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("annual:report", args=[self.pk])

    def get_organisation(self) -> Organisation:
        return self.owner

    @property
    def subject_name(self) -> str:
        """The arena's name, or the service's."""
        subject = self.arena if self.arena_id else self.service
        return subject.name if subject is not None else ""

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_approved(self) -> bool:
        return self.status in APPROVED_STATUSES

    @property
    def is_private(self) -> bool:
        """Of a private arena: never public, whatever its status."""
        return self.arena_id is not None and self.arena is not None and not self.arena.is_public


class Highlight(models.Model):
    """A case of the year the council wants to highlight, with a short note."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="highlights")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(_("kort omtale"), blank=True, max_length=2000)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name = _("utvalgt sak")
        verbose_name_plural = _("utvalgte saker")
        constraints = [
            models.UniqueConstraint(fields=["report", "item"], name="annual_highlight_once")
        ]

    def __str__(self) -> str:
        return str(self.item)

    def get_organisation(self) -> Organisation:
        return self.report.owner


class AnnualReportComment(models.Model):
    """A member's comment on the report sent for comments."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    text = models.TextField(_("merknad"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "created_at", "pk"]
        verbose_name = _("merknad til årsmelding")
        verbose_name_plural = _("merknader til årsmelding")

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:40]}"

    def get_organisation(self) -> Organisation:
        return self.report.owner


class AnnualReportVersion(models.Model):
    """An approved version: the figures and texts frozen as JSON (``domain.reports.snapshot``)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versjon"))
    content = models.JSONField()
    change_note = models.TextField(_("hva er endret, og hvorfor"), blank=True, max_length=4000)
    approved_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The tagged PDF of this version, built once in the background on the first request
    # (``domain/pdf.py``): WeasyPrint takes seconds for a year's tables and charts.
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("versjon av årsmelding")
        verbose_name_plural = _("versjoner av årsmelding")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="annual_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    def get_organisation(self) -> Organisation:
        return self.report.owner
