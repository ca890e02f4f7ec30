"""Meetings of an arena: the plan, the agenda (numbered items with documents),
case proposals, attendance and minutes.

Every object resolves to the arena's owner (a service provider) through
``get_organisation``; permissions live in ``rules.py`` and visibility of closed
items in ``visibility.py``.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from medvirk.arenas.models import Arena, Membership
from medvirk.common.dates import format_date
from medvirk.directory.models import Organisation
from medvirk.meetings.enums import (
    HANDLED_PROPOSAL_STATUSES,
    OPEN_PROPOSAL_STATUSES,
    AttendanceResponse,
    AttendanceRole,
    ClosedGround,
    ItemKind,
    MeetingStatus,
    MinutesStatus,
    ProposalStatus,
    ProposerKind,
)
from medvirk.people.models import Person


class Meeting(models.Model):
    """One meeting in an arena's plan. Times are stored in UTC and shown in Europe/Oslo."""

    # No index of its own: the (arena, starts_at) index below serves every lookup by arena.
    arena = models.ForeignKey(
        Arena, on_delete=models.CASCADE, related_name="meetings", db_index=False
    )
    title = models.CharField(
        _("tittel"), max_length=200, blank=True, help_text=_("Valgfri, for eksempel «Årsmøte».")
    )
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    digital_link = models.URLField(_("lenke til digitalt møte"), blank=True)
    step_free_access = models.BooleanField(_("trinnfri adkomst"), default=False)
    hearing_loop = models.BooleanField(_("teleslynge"), default=False)
    accessible_toilet = models.BooleanField(_("tilgjengelig toalett"), default=False)
    accessibility_note = models.TextField(
        _("mer om tilgjengelighet"),
        blank=True,
        max_length=2000,
        help_text=_("For eksempel parkering, ledelinjer, tolk eller allergier."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    cancelled_reason = models.TextField(_("årsak til avlysning"), blank=True, max_length=2000)
    # iCalendar: the UID never changes; SEQUENCE goes up on every change a
    # calendar client must pick up (time, place, cancellation).
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    agenda_published_at = models.DateTimeField(_("sakskart publisert"), null=True, blank=True)
    agenda_late_reason = models.TextField(
        _("årsak til sen publisering"), blank=True, max_length=2000
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        indexes = [
            models.Index(fields=["arena", "starts_at"]),
            # Upcoming meetings by status and time; on PostgreSQL the arena rides along, so
            # that counting the public ones (the list's pages) reads the index alone.
            models.Index(
                fields=["status", "starts_at"], include=["arena"], name="meetings_status_time"
            ),
            # The API's list of meetings, a page at a time by (starts_at, id).
            models.Index(fields=["starts_at", "id"], name="meetings_meeting_by_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        day = format_date(self.starts_at, "SHORT_DATE_FORMAT")
        return f"{self.title or self.arena.name} {day}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    def get_organisation(self) -> Organisation:
        return self.arena.owner

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def is_published(self) -> bool:
        return self.agenda_published_at is not None

    @property
    def state_label(self) -> str:
        """The meeting's state as people read it, the same on every page ("Mine møter",
        the meeting page): cancelled, agenda published, or planned."""
        if self.is_cancelled:
            return str(MeetingStatus.CANCELLED.label)
        if self.is_published:
            return gettext("Sakskart publisert")
        return str(MeetingStatus.PLANNED.label)

    @property
    def local_date(self) -> datetime.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def proposal_deadline(self) -> datetime.date:
        """Last day (Europe/Oslo) to send case proposals for this meeting."""
        return self.local_date - datetime.timedelta(days=self.arena.proposal_deadline_days)

    @property
    def agenda_deadline(self) -> datetime.date:
        """Last day (Europe/Oslo) to publish the agenda without giving a reason."""
        return self.local_date - datetime.timedelta(days=self.arena.agenda_deadline_days)


class CaseProposalQuerySet(models.QuerySet["CaseProposal"]):
    def open(self) -> CaseProposalQuerySet:
        """Not yet handled for good: still waiting on the secretariat."""
        return self.filter(status__in=OPEN_PROPOSAL_STATUSES)

    def handled(self) -> CaseProposalQuerySet:
        return self.filter(status__in=HANDLED_PROPOSAL_STATUSES)


class CaseProposal(models.Model):
    """A proposed case (saksforslag) for an arena, structured as problem + solution."""

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(_("tittel"), max_length=200)
    problem_why = models.TextField(_("hvorfor er dette et problem?"), max_length=4000)
    problem_where = models.TextField(_("hvor oppstår problemet?"), max_length=4000, blank=True)
    problem_when = models.TextField(_("når oppstår problemet?"), max_length=4000, blank=True)
    proposed_solution = models.TextField(_("forslag til løsning"), max_length=4000)
    proposer_kind = models.CharField(
        _("forslagsstiller"), max_length=12, choices=ProposerKind.choices
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_proposals",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("på vegne av organisasjon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_proposals",
    )
    proposer_name = models.CharField(_("navn"), max_length=200)
    proposer_email = models.EmailField(_("e-post"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
    )
    wanted_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("ønsket møte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wanted_proposals",
    )
    after_deadline = models.BooleanField(_("sendt etter fristen"), default=False)
    decline_reason = models.TextField(_("begrunnelse"), blank=True, max_length=4000)
    handled_note = models.TextField(_("merknad fra sekretariatet"), blank=True, max_length=4000)
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "pk"]
        verbose_name = _("saksforslag")
        verbose_name_plural = _("saksforslag")
        indexes = [
            models.Index(fields=["arena", "status", "submitted_at"]),
            models.Index(fields=["submitted_by", "submitted_at"]),
            models.Index(fields=["organisation", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:proposal_detail", kwargs={"pk": self.pk})

    def get_organisation(self) -> Organisation:
        return self.arena.owner

    @property
    def is_open(self) -> bool:
        """Not yet handled for good: still waiting on the secretariat."""
        return self.status in OPEN_PROPOSAL_STATUSES


def format_case_number(number: int, year: int) -> str:
    """A case number as people write it: 7/2027."""
    return f"{number}/{year}"


class AgendaItem(models.Model):
    """A case (sak) on a meeting's agenda, numbered per arena per year: 7/2027."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="agenda_items")
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveIntegerField(_("saksnummer"))
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    kind = models.CharField(_("type sak"), max_length=12, choices=ItemKind.choices)
    title = models.CharField(_("tittel"), max_length=300)
    description = models.TextField(
        _("beskrivelse"),
        blank=True,
        help_text=_("Formatert tekst. Lenker og enkel formatering er tillatt."),
    )
    is_closed = models.BooleanField(_("lukket sak"), default=False)
    closed_ground = models.CharField(
        _("hjemmel for lukking"), max_length=12, choices=ClosedGround.choices, blank=True
    )
    closed_note = models.TextField(_("merknad om lukking"), blank=True, max_length=2000)
    proposer = models.CharField(
        _("forslagsstiller"),
        max_length=200,
        blank=True,
        help_text=_("Hvem som har meldt inn saken, for eksempel «Sekretariatet»."),
    )
    proposal = models.ForeignKey(
        CaseProposal,
        verbose_name=_("saksforslag"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "position", "number"]
        verbose_name = _("sak")
        verbose_name_plural = _("saker")
        indexes = [
            models.Index(fields=["meeting", "position"]),
            models.Index(fields=["is_closed", "kind"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["arena", "year", "number"], name="agenda_item_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(is_closed=False) | ~Q(closed_ground=""),
                name="closed_item_has_ground",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:item_detail", kwargs={"pk": self.pk})

    def get_organisation(self) -> Organisation:
        return self.arena.owner

    @property
    def case_number(self) -> str:
        return format_case_number(self.number, self.year)


class CaseDocument(models.Model):
    """A case document. Served only through a view that checks the item's visibility."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("tittel"), max_length=200)
    file = models.FileField(_("fil"), upload_to="meetings/documents/%Y/")
    original_name = models.CharField(_("filnavn"), max_length=200)
    file_type = models.CharField(_("filtype"), max_length=10)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(_("størrelse (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "created_at", "pk"]
        verbose_name = _("saksdokument")
        verbose_name_plural = _("saksdokumenter")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:document", kwargs={"pk": self.pk})

    def get_organisation(self) -> Organisation:
        return self.item.arena.owner


class Attendance(models.Model):
    """A person's answer for one meeting (attending / apologies) and whether they came."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendances"
    )
    role = models.CharField(_("rolle"), max_length=10, choices=AttendanceRole.choices)
    response = models.CharField(
        _("svar"),
        max_length=10,
        choices=AttendanceResponse.choices,
        default=AttendanceResponse.PENDING,
    )
    response_note = models.CharField(_("merknad"), max_length=500, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    substitute_for = models.ForeignKey(
        "self",
        verbose_name=_("møter for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="substitutes",
    )
    invited_at = models.DateTimeField(_("innkalt"), null=True, blank=True)
    present = models.BooleanField(_("møtte"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "role", "person__name"]
        verbose_name = _("oppmøte")
        verbose_name_plural = _("oppmøte")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")
        ]
        indexes = [models.Index(fields=["person", "meeting"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"

    def get_organisation(self) -> Organisation:
        return self.meeting.arena.owner


class Minutes(models.Model):
    """The minutes (protokoll) of a meeting: drafted, circulated, approved, revised."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(
        _("status"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    comment_deadline = models.DateField(_("frist for merknader"), null=True, blank=True)
    circulated_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(_("versjon"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("protokoll")
        verbose_name_plural = _("protokoller")
        indexes = [models.Index(fields=["status", "approved_at"])]

    def __str__(self) -> str:
        return str(_("Protokoll fra %(meeting)s") % {"meeting": self.meeting})

    def get_absolute_url(self) -> str:
        return reverse("meetings:minutes", kwargs={"pk": self.meeting_id})

    def get_organisation(self) -> Organisation:
        return self.meeting.arena.owner


class MinutesEntry(models.Model):
    """The decision or statement recorded for one agenda item (sanitised rich text)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="entries")
    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minutes_entry")
    text = models.TextField(_("vedtak eller uttalelse"), blank=True)

    class Meta:
        ordering = ["item__position", "item__number"]
        verbose_name = _("protokolltilførsel")
        verbose_name_plural = _("protokolltilførsler")

    def __str__(self) -> str:
        return str(self.item)

    def get_organisation(self) -> Organisation:
        return self.item.arena.owner


class MinutesComment(models.Model):
    """A comment on circulated draft minutes from someone who was present."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    text = models.TextField(_("merknad"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("merknad til protokoll")
        verbose_name_plural = _("merknader til protokoll")

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:40]}"

    def get_organisation(self) -> Organisation:
        return self.minutes.meeting.arena.owner


class MinutesVersion(models.Model):
    """A frozen, approved version of the minutes. Never changed; a revision adds a new one.

    ``content`` holds the whole text as approved:
    ``{"entries": [{"item_id", "case_number", "title", "kind", "is_closed", "text"}],
    "present": [names], "apologies": [names]}``.
    """

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versjon"))
    content = models.JSONField()
    change_note = models.TextField(_("hva er endret, og hvorfor"), blank=True, max_length=4000)
    approved_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["minutes", "-number"]
        verbose_name = _("protokollversjon")
        verbose_name_plural = _("protokollversjoner")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="minutes_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.minutes} v{self.number}"

    def get_organisation(self) -> Organisation:
        return self.minutes.meeting.arena.owner


class CalendarFeed(models.Model):
    """A private calendar feed for one user: the URL holds a token stored only as a hash.

    Revoking sets ``revoked_at``; a new feed gets a new token.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnement")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
