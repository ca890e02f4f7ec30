"""Experience gathering (C7): calls for experiences, the answers, themes, and the trail
from a theme to a case proposal.

- An :class:`ExperienceCall` (innspillsrunde) is run by an organisation (a user
  organisation, an umbrella, or a service for its own experience forum).
- An :class:`Experience` is one answer. Its original text is read only by the call's
  moderators; what may be shared is the moderator's redacted copy (``shared_*``).
  After the retention period the free text and the contact are purged; the coarse
  facts (kommune, service, roughly when) stay so that theme counts survive.
- A :class:`Theme` groups approved answers (or, for an umbrella, its members' shared
  themes). Others see a theme only as its summary and counts, and only when it holds
  at least ``min_size`` answers.
- A :class:`ThemeCase` ties a theme to the case proposal made from it; contributors who
  consented are told as the case moves (agenda, advice, answer).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medvirk.arenas.models import Arena
from medvirk.directory.models import Organisation, Region
from medvirk.experiences.enums import SHAREABLE, Audience, ExperienceStatus, RoughWhen
from medvirk.meetings.models import CaseProposal


class ExperienceCallQuerySet(models.QuerySet["ExperienceCall"]):
    def published(self) -> ExperienceCallQuerySet:
        return self.filter(published_at__isnull=False)

    def open_on(self, day: datetime.date) -> ExperienceCallQuerySet:
        """Published calls taking answers on ``day`` (both ends inclusive)."""
        return self.published().filter(opens_on__lte=day, closes_on__gte=day)


class ExperienceCall(models.Model):
    """A call for experiences (innspillsrunde) with its own short public address."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasjon"),
        on_delete=models.CASCADE,
        related_name="experience_calls",
    )
    code = models.CharField(_("kort adresse"), max_length=12, unique=True)
    title = models.CharField(_("tema for innspillsrunden"), max_length=200)
    description = models.TextField(_("beskrivelse"), max_length=10000)
    easy_read = models.TextField(_("lettlest versjon"), max_length=5000, blank=True)
    target_group = models.CharField(_("målgruppe"), max_length=200, blank=True)
    service_areas = models.CharField(_("tjenesteområder"), max_length=300, blank=True)
    arenas = models.ManyToManyField(
        Arena, verbose_name=_("arenaer innspillene kan brukes i"), blank=True, related_name="+"
    )
    opens_on = models.DateField(_("åpner"))
    closes_on = models.DateField(_("stenger"))
    audience = models.CharField(
        _("hvem kan svare"), max_length=10, choices=Audience.choices, default=Audience.LINK
    )
    allow_anonymous = models.BooleanField(_("svar kan være anonyme"), default=True)
    min_theme_size = models.PositiveSmallIntegerField(
        _("minste antall svar før et tema vises"), default=5
    )
    retention_months = models.PositiveSmallIntegerField(
        _("måneder svarene oppbevares etter at runden stenger"), default=12
    )
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    answers_purged_at = models.DateTimeField(_("svar slettet"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExperienceCallQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("innspillsrunde")
        verbose_name_plural = _("innspillsrunder")
        indexes = [
            models.Index(fields=["organisation", "-opens_on"]),
            models.Index(fields=["audience", "closes_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("experiences:call_detail", kwargs={"pk": self.pk})

    def get_public_url(self) -> str:
        return reverse("experiences:answer", kwargs={"code": self.code})

    def get_organisation(self) -> Organisation:
        return self.organisation

    def is_open_on(self, day: datetime.date) -> bool:
        return bool(self.published_at) and self.opens_on <= day <= self.closes_on

    @property
    def purge_due_on(self) -> datetime.date:
        """The day the raw answers are deleted (retention counted from the close date)."""
        months = self.closes_on.month - 1 + self.retention_months
        year = self.closes_on.year + months // 12
        month = months % 12 + 1
        day = min(self.closes_on.day, 28)
        return datetime.date(year, month, day)


class ExperienceQuerySet(models.QuerySet["Experience"]):
    def shareable(self) -> ExperienceQuerySet:
        return self.filter(status__in=SHAREABLE)

    def pending(self) -> ExperienceQuerySet:
        return self.filter(status=ExperienceStatus.PENDING)


# Pending answers first (they wait for the moderator), then the rest: the moderation list's
# order, and the expression of an index (Experience.Meta), so the same object both ways.
PENDING_FIRST = models.Case(
    models.When(status=ExperienceStatus.PENDING, then=models.Value(0)),
    default=models.Value(1),
    output_field=models.IntegerField(),
)


class Experience(models.Model):
    """One answer to a call. No IP address is stored, and no account for an anonymous
    answer. The original text (``what_happened``, ``impact``, ``would_have_helped``) is
    for the call's moderators only; everything shared is the redacted ``shared_*``."""

    call = models.ForeignKey(ExperienceCall, on_delete=models.CASCADE, related_name="experiences")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExperienceStatus.choices,
        default=ExperienceStatus.PENDING,
    )
    what_happened = models.TextField(_("hva skjedde"), max_length=5000)
    service = models.CharField(_("hvilken tjeneste"), max_length=200, blank=True)
    kommune = models.ForeignKey(
        Region,
        verbose_name=_("kommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    when = models.CharField(_("omtrent når"), max_length=12, choices=RoughWhen.choices, blank=True)
    impact = models.TextField(_("hva det betydde"), max_length=3000, blank=True)
    would_have_helped = models.TextField(_("hva ville hjulpet"), max_length=3000, blank=True)
    # The moderator's redacted copy: the only text that leaves the moderators.
    shared_what_happened = models.TextField(_("hva skjedde (til deling)"), blank=True)
    shared_impact = models.TextField(_("hva det betydde (til deling)"), blank=True)
    shared_would_have_helped = models.TextField(_("hva ville hjulpet (til deling)"), blank=True)
    contact_name = models.CharField(_("navn"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    contact_consent = models.BooleanField(_("samtykker til å bli kontaktet"), default=False)
    # sha256 of the personal withdrawal link's token (only when a contact was left).
    withdraw_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    language = models.CharField(_("språk"), max_length=10, blank=True)
    # Set only for a logged-in, non-anonymous answer, or the representative who recorded
    # an (anonymised) individual case.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_representative = models.BooleanField(
        _("enkeltsak registrert av representant"), default=False
    )
    submitted_at = models.DateTimeField(_("mottatt"), default=timezone.now)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(_("moderert"), null=True, blank=True)
    reject_reason = models.TextField(_("begrunnelse for avvisning"), max_length=2000, blank=True)
    purged_at = models.DateTimeField(_("tekst slettet"), null=True, blank=True)

    objects = ExperienceQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("erfaring")
        verbose_name_plural = _("erfaringer")
        indexes = [
            # A status's answers newest first (the moderation list filtered by status), and
            # the status counts (an index-only scan).
            models.Index(fields=["call", "status", "-submitted_at", "-id"]),
            # The moderation list: pending first, then newest (selectors._PENDING_FIRST),
            # read in order a page at a time instead of sorting a national call's 50,000.
            models.Index(
                models.F("call"),
                PENDING_FIRST,
                models.F("submitted_at").desc(),
                models.F("id").desc(),
                name="experience_moderation_idx",
                # An index-only scan walks the ids to a page deep in the list.
                include=["status"],
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    def get_organisation(self) -> Organisation:
        return self.call.organisation


class ThemeQuerySet(models.QuerySet["Theme"]):
    def shared(self) -> ThemeQuerySet:
        return self.filter(is_shared=True)


class Theme(models.Model):
    """Answers (or, for an umbrella, its members' shared themes) grouped by what they
    have in common, with the moderator's summary."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasjon"),
        on_delete=models.CASCADE,
        related_name="themes",
    )
    call = models.ForeignKey(
        ExperienceCall,
        verbose_name=_("innspillsrunde"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="themes",
    )
    title = models.CharField(_("tittel"), max_length=200)
    summary = models.TextField(_("sammendrag"), max_length=10000, blank=True)
    experiences = models.ManyToManyField(Experience, blank=True, related_name="themes")
    # An umbrella's theme combines shared themes of its member organisations.
    sources = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="combined_into"
    )
    # Shared: the summary and counts are offered to the umbrellas above the organisation
    # and to the secretariats of ``offered_to`` (never the answers themselves).
    is_shared = models.BooleanField(_("delt"), default=False)
    offered_to = models.ManyToManyField(
        Arena, verbose_name=_("tilbudt arenaene"), blank=True, related_name="+"
    )
    min_size = models.PositiveSmallIntegerField(_("minste antall svar"), default=5)
    # Kept by the domain functions (and after the raw answers are purged).
    answer_count = models.PositiveIntegerField(_("antall svar"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")
        indexes = [models.Index(fields=["organisation", "is_shared"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("experiences:theme_detail", kwargs={"pk": self.pk})

    def get_organisation(self) -> Organisation:
        return self.organisation

    @property
    def is_large_enough(self) -> bool:
        """Whether the theme may be shown outside its moderators at all."""
        return self.answer_count >= self.min_size


class ThemeCase(models.Model):
    """A case proposal made from a theme; the contributors' trail is told from here."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="cases")
    proposal = models.OneToOneField(
        CaseProposal, on_delete=models.CASCADE, related_name="theme_case"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When the contributors were told of each step (claimed by the periodic job).
    agenda_notified_at = models.DateTimeField(null=True, blank=True)
    advice_notified_at = models.DateTimeField(null=True, blank=True)
    answer_notified_at = models.DateTimeField(null=True, blank=True)
    decision_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("sak fra tema")
        verbose_name_plural = _("saker fra temaer")

    def __str__(self) -> str:
        return f"{self.theme} → {self.proposal}"

    def get_organisation(self) -> Organisation:
        return self.theme.organisation
