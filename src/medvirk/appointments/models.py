"""Request (bestilling) → nomination → recommendation (innstilling) → decision (oppnevning)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medvirk.appointments.enums import (
    LIVE_REQUEST_STATUSES,
    OPEN_NOMINATION_STATUSES,
    UNDECIDED_REQUEST_STATUSES,
    NominationLevel,
    NominationStatus,
    RequestStatus,
)
from medvirk.arenas.enums import MemberRole
from medvirk.arenas.models import Arena, Membership
from medvirk.directory.models import Organisation
from medvirk.people.models import CompetenceArea, Person


class AppointmentRequestQuerySet(models.QuerySet["AppointmentRequest"]):
    def live(self) -> AppointmentRequestQuerySet:
        """Requests that take nominations or wait for the decision."""
        return self.filter(status__in=LIVE_REQUEST_STATUSES)


class NominationQuerySet(models.QuerySet["Nomination"]):
    def open(self) -> NominationQuerySet:
        """Nominations still waiting for the candidate, the organisation or the secretariat."""
        return self.filter(status__in=OPEN_NOMINATION_STATUSES)

    def on_live_requests(self) -> NominationQuerySet:
        return self.filter(request__status__in=LIVE_REQUEST_STATUSES)

    def on_undecided_requests(self) -> NominationQuerySet:
        """Nominations on requests not yet decided or cancelled (drafts included)."""
        return self.filter(request__status__in=UNDECIDED_REQUEST_STATUSES)


class AppointmentRequest(models.Model):
    """The secretariat's request to organisations to propose candidates for an arena."""

    arena = models.ForeignKey(Arena, on_delete=models.PROTECT, related_name="requests")
    title = models.CharField(_("tittel"), max_length=200)
    member_seats = models.PositiveSmallIntegerField(
        _("medlemsplasser"), validators=[MaxValueValidator(50)]
    )
    deputy_seats = models.PositiveSmallIntegerField(
        _("varaplasser"), default=0, validators=[MaxValueValidator(50)]
    )
    term_starts_on = models.DateField(_("perioden starter"))
    term_ends_on = models.DateField(_("perioden slutter"))
    requirements = models.TextField(_("krav og ønsker"), blank=True, max_length=4000)
    wanted_competence = models.ManyToManyField(
        CompetenceArea, verbose_name=_("ønsket kompetanse"), blank=True, related_name="+"
    )
    deadline = models.DateField(_("frist for forslag"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)

    objects = AppointmentRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("forespørsel om kandidater")
        verbose_name_plural = _("forespørsler om kandidater")
        indexes = [models.Index(fields=["arena", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("appointments:request_detail", kwargs={"pk": self.pk})

    def get_organisation(self) -> Organisation:
        return self.arena.owner


class Invitation(models.Model):
    """An organisation (an umbrella or a user organisation) invited to propose candidates."""

    request = models.ForeignKey(
        AppointmentRequest, on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="appointment_invitations"
    )
    notified_at = models.DateTimeField(_("varslet"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["request", "organisation"], name="invitation_unique")
        ]
        indexes = [models.Index(fields=["organisation", "request"])]

    def __str__(self) -> str:
        return f"{self.request} – {self.organisation}"

    def get_organisation(self) -> Organisation:
        return self.request.arena.owner


class Nomination(models.Model):
    """An organisation proposes a person. The candidate consents through a link; the
    organisation confirms that the candidate has its trust."""

    request = models.ForeignKey(
        AppointmentRequest, on_delete=models.CASCADE, related_name="nominations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("foreslått av"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="nominations")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=NominationStatus.choices,
        default=NominationStatus.AWAITING_CONSENT,
        db_index=True,
    )
    # The criteria the organisation answers for.
    representativeness = models.TextField(
        _("hvem kandidaten representerer"), blank=True, max_length=2000
    )
    motivation = models.TextField(_("motivasjon"), blank=True, max_length=2000)
    level = models.CharField(
        _("nasjonalt eller lokalt"), max_length=10, choices=NominationLevel.choices, blank=True
    )
    capacity_note = models.TextField(_("kapasitet"), blank=True, max_length=1000)
    competence_note = models.TextField(_("kompetanse"), blank=True, max_length=2000)
    consent_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    consent_expires_at = models.DateTimeField(null=True, blank=True)
    consented_at = models.DateTimeField(_("samtykket"), null=True, blank=True)
    trust_confirmed_at = models.DateTimeField(_("tillit bekreftet"), null=True, blank=True)
    trust_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["request", "person__name"]
        verbose_name = _("forslag")
        verbose_name_plural = _("forslag")
        constraints = [
            models.UniqueConstraint(fields=["request", "person"], name="nomination_unique_person")
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["request", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.organisation})"

    def get_organisation(self) -> Organisation:
        return self.organisation


class Recommendation(models.Model):
    """An umbrella's ranked, justified list (innstilling) for a request."""

    request = models.ForeignKey(
        AppointmentRequest, on_delete=models.CASCADE, related_name="recommendations"
    )
    umbrella = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("begrunnelse for innstillingen"), blank=True, max_length=4000)
    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("innstilling")
        verbose_name_plural = _("innstillinger")
        constraints = [
            models.UniqueConstraint(fields=["request", "umbrella"], name="recommendation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.umbrella} – {self.request}"

    def get_organisation(self) -> Organisation:
        return self.umbrella


class RecommendationEntry(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="entries"
    )
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rangering"), validators=[MinValueValidator(1)])
    justification = models.TextField(_("begrunnelse"), max_length=2000)

    class Meta:
        ordering = ["recommendation", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "rank"], name="entry_unique_rank"),
            models.UniqueConstraint(
                fields=["recommendation", "nomination"], name="entry_unique_nomination"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.nomination}"


class Decision(models.Model):
    """The secretariat's appointment (oppnevning) for a request. At most one per request."""

    request = models.OneToOneField(
        AppointmentRequest, on_delete=models.PROTECT, related_name="decision"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("vedtatt"), auto_now_add=True)
    dispensation_reason = models.TextField(_("begrunnelse for dispensasjon"), blank=True)
    findings = models.JSONField(_("regelsjekk"), default=list, blank=True)

    class Meta:
        verbose_name = _("oppnevning")
        verbose_name_plural = _("oppnevninger")

    def __str__(self) -> str:
        return str(self.request)

    def get_organisation(self) -> Organisation:
        return self.request.arena.owner


class AppointedSeat(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="seats")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("rolle"), max_length=15, choices=MemberRole.choices)
    deputy_rank = models.PositiveSmallIntegerField(_("varanummer"), null=True, blank=True)
    membership = models.OneToOneField(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="appointment"
    )

    class Meta:
        ordering = ["decision", "role", "deputy_rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "nomination"], name="seat_unique_nomination"
            )
        ]

    def __str__(self) -> str:
        return f"{self.nomination.person} – {self.get_role_display()}"
