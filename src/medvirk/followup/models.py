"""Advice (uttalelse/råd) to a decision-maker and its answers; report-back from
representatives to their organisations, and the organisations' input before meetings.

Everything resolves to an organisation through ``get_organisation``: advice to the
arena's owner (the service), reports and input to the user organisation.
Permissions live in ``rules.py``, what each user may see in ``visibility.py``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medvirk.arenas.models import Arena, Membership
from medvirk.directory.enums import ImportMode, ImportStatus
from medvirk.directory.models import Organisation
from medvirk.followup.enums import (
    ANSWERED,
    AddresseeKind,
    AdviceStatus,
    DecisionOutcome,
    ReportStatus,
)
from medvirk.meetings.models import AgendaItem, CaseProposal, Meeting
from medvirk.people.models import Person


class AdviceQuerySet(models.QuerySet["Advice"]):
    def answered(self) -> AdviceQuerySet:
        """Advice with an answer (an outcome, or implemented); see ``enums.ANSWERED``."""
        return self.filter(status__in=ANSWERED)

    def unanswered(self) -> AdviceQuerySet:
        return self.exclude(status__in=ANSWERED)


class Advice(models.Model):
    """A council's statement or advice to a named decision-maker, with a due date."""

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="advice")
    item = models.OneToOneField(
        AgendaItem,
        verbose_name=_("sak"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advice",
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="advice"
    )
    proposal = models.ForeignKey(
        CaseProposal,
        verbose_name=_("saksforslag"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advice",
    )
    title = models.CharField(_("tittel"), max_length=300)
    text = models.TextField(_("uttalelsen"))
    addressee_kind = models.CharField(_("mottaker"), max_length=15, choices=AddresseeKind.choices)
    addressee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beslutningstaker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advice_to_answer",
    )
    addressee_name = models.CharField(_("mottakerens navn"), max_length=200)
    addressee_email = models.EmailField(_("mottakerens e-post"), blank=True)
    given_on = models.DateField(_("gitt"))
    due_on = models.DateField(_("svarfrist"))
    status = models.CharField(
        _("status"), max_length=15, choices=AdviceStatus.choices, default=AdviceStatus.SENT
    )
    first_answer_on = models.DateField(_("første svar"), null=True, blank=True)
    # The service's own case number in its case system (saksnummer/arkivreferanse) and
    # the body that finally decides the case; both optional (docs/decisions.md).
    service_case_number = models.CharField(
        _("tjenestens saksnummer"), max_length=50, blank=True, db_index=True
    )
    deciding_body = models.CharField(_("organet som vedtar saken"), max_length=200, blank=True)
    # Public when the item is public and the arena is public; fixed when created.
    is_public = models.BooleanField(_("offentlig"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Reminders: each is claimed by setting its time in one UPDATE, so it goes out once.
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_after_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdviceQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("råd")
        verbose_name_plural = _("råd")
        indexes = [
            models.Index(fields=["arena", "is_public", "given_on"]),
            models.Index(fields=["status", "due_on"]),
            # The secretariat's list: a page's ids sorted from the index alone (issue 13).
            models.Index(
                fields=["arena", "status", "due_on", "id"], name="followup_advice_secretariat"
            ),
            models.Index(fields=["addressee_user", "status"]),
            # The API's list of all public advice, newest first.
            models.Index(
                fields=["-given_on", "-id"],
                condition=models.Q(is_public=True),
                name="followup_advice_public_newest",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:advice_detail", kwargs={"pk": self.pk})

    def get_organisation(self) -> Organisation:
        return self.arena.owner

    @property
    def is_answered(self) -> bool:
        return self.status in ANSWERED

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Past the due date (Europe/Oslo) without an answer."""
        return not self.is_answered and (today or timezone.localdate()) > self.due_on

    @property
    def days_to_answer(self) -> int | None:
        if self.first_answer_on is None:
            return None
        return (self.first_answer_on - self.given_on).days


class AdviceResponse(models.Model):
    """One step in the service's answer: a status, a text, optionally a document or link."""

    advice = models.ForeignKey(Advice, on_delete=models.CASCADE, related_name="responses")
    status = models.CharField(_("status"), max_length=15, choices=AdviceStatus.choices)
    text = models.TextField(_("svar"), max_length=8000)
    document = models.FileField(_("dokument"), upload_to="followup/responses/%Y/", blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    link = models.URLField(_("lenke"), blank=True)
    responded_on = models.DateField(_("dato"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["advice", "responded_on", "created_at", "pk"]
        # "New answers in my seats" (followup:due_now): the answers of a few thousand
        # advice since a date, each looked up in the index without reading the answer.
        indexes = [models.Index(fields=["advice", "responded_on"])]
        verbose_name = _("svar på råd")
        verbose_name_plural = _("svar på råd")

    def __str__(self) -> str:
        return f"{self.advice} – {self.get_status_display()}"

    def get_organisation(self) -> Organisation:
        return self.advice.arena.owner


class FinalDecision(models.Model):
    """The decision of the body that finally decided the case the advice was about (the
    kommunestyre, a board ...): the last step of the advice's timeline. One per advice;
    recorded by hand or imported from the service's case system (``DecisionImport``)."""

    advice = models.OneToOneField(Advice, on_delete=models.CASCADE, related_name="final_decision")
    decided_on = models.DateField(_("vedtaksdato"))
    outcome = models.CharField(_("utfall"), max_length=10, choices=DecisionOutcome.choices)
    summary = models.TextField(_("kort om vedtaket"), max_length=4000, blank=True)
    link = models.URLField(_("lenke til vedtaket"), blank=True)
    document = models.FileField(_("dokument"), upload_to="followup/decisions/%Y/", blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=200, blank=True)
    imported = models.BooleanField(default=False)  # last written by a CSV import
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("endelig vedtak")
        verbose_name_plural = _("endelige vedtak")
        indexes = [models.Index(fields=["outcome"])]

    def __str__(self) -> str:
        return f"{self.advice} – {self.get_outcome_display()}"

    def get_organisation(self) -> Organisation:
        return self.advice.arena.owner


class DecisionImport(models.Model):
    """A CSV file of final decisions for one service, checked (dry run) and then applied
    by the task worker (``domain/decision_imports.py``); the same modes and statuses as
    the directory's ``ImportJob``. The file is emptied once applied; the reports stay."""

    token = models.CharField(max_length=32, unique=True)
    service = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(_("filnavn"), max_length=200)
    language = models.CharField(max_length=10, blank=True)
    raw = models.BinaryField(default=bytes)
    mode = models.CharField(max_length=5, choices=ImportMode.choices, default=ImportMode.CHECK)
    status = models.CharField(
        max_length=7, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    error = models.TextField(blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)  # the check's report
    result = models.JSONField(default=dict, blank=True)  # the real run's report
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import av vedtak")
        verbose_name_plural = _("importer av vedtak")

    def __str__(self) -> str:
        return self.filename

    def get_organisation(self) -> Organisation:
        return self.service

    @property
    def is_active(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)


class Report(models.Model):
    """A representative's report back to the organisation that nominated them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reports")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reports")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="representative_reports"
    )
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.REQUESTED
    )
    discussed = models.TextField(_("hva ble drøftet?"), blank=True, max_length=6000)
    contributed = models.TextField(_("hva bidro du med?"), blank=True, max_length=6000)
    follow_up = models.TextField(
        _("hva bør organisasjonen følge opp?"), blank=True, max_length=6000
    )
    items = models.ManyToManyField(
        AgendaItem, verbose_name=_("saker rapporten gjelder"), blank=True, related_name="+"
    )
    # Set when the report touches a closed item (or the writer marks it): then only the
    # organisation's admins and the writer see it.
    is_confidential = models.BooleanField(_("fortrolig"), default=False)
    requested_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("tilbakemelding til organisasjonen")
        verbose_name_plural = _("tilbakemeldinger til organisasjonen")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="report_once_per_meeting")
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "submitted_at"]),
            models.Index(fields=["person", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"

    def get_absolute_url(self) -> str:
        return reverse("followup:report_detail", kwargs={"pk": self.pk})

    def get_organisation(self) -> Organisation:
        return self.organisation


class OrganisationInput(models.Model):
    """An organisation's input to its representative on an agenda item, before the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="inputs")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="inputs")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="meeting_inputs"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("representant"),
        on_delete=models.CASCADE,
        related_name="inputs_received",
    )
    text = models.TextField(_("innspill"), max_length=6000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item__position", "created_at", "pk"]
        verbose_name = _("innspill fra organisasjonen")
        verbose_name_plural = _("innspill fra organisasjonen")
        indexes = [
            models.Index(fields=["meeting", "person"]),
            models.Index(fields=["organisation", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.person}: {self.item}"

    def get_organisation(self) -> Organisation:
        return self.organisation
