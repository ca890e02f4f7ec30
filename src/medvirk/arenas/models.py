from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medvirk.arenas.enums import ArenaKind, EndReason, Influence, Level, MemberRole
from medvirk.directory.models import Organisation
from medvirk.people.models import CompetenceArea, Person


class Arena(models.Model):
    """A council or other participation arena, owned by a service provider (the tenant)."""

    owner = models.ForeignKey(
        Organisation, verbose_name=_("eier"), on_delete=models.PROTECT, related_name="arenas"
    )
    kind = models.CharField(
        _("type arena"), max_length=20, choices=ArenaKind.choices, db_index=True
    )
    name = models.CharField(_("navn"), max_length=200)
    level = models.CharField(_("nivå"), max_length=12, choices=Level.choices)
    influence = models.CharField(_("grad av innflytelse"), max_length=20, choices=Influence.choices)
    mandate = models.TextField(
        _("mandat"),
        blank=True,
        help_text=_("Formatert tekst. Lenker og enkel formatering er tillatt."),
    )
    mandate_document = models.FileField(
        _("mandatdokument"), upload_to="arenas/mandates/", blank=True
    )
    is_public = models.BooleanField(_("offentlig arena"), default=True, db_index=True)
    term_years = models.PositiveSmallIntegerField(
        _("periode (år)"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    # Composition rules.
    members_count = models.PositiveSmallIntegerField(
        _("antall medlemmer"), default=7, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    deputies_count = models.PositiveSmallIntegerField(
        _("antall vararepresentanter"), default=3, validators=[MaxValueValidator(50)]
    )
    gender_balance = models.BooleanField(
        _("krav om kjønnsbalanse for medlemmer"),
        default=True,
        help_text=_("Likestillings- og diskrimineringsloven § 28."),
    )
    gender_balance_deputies = models.BooleanField(
        _("krav om kjønnsbalanse også for vararepresentanter"), default=False
    )
    elderly_majority = models.BooleanField(
        _("flertall av medlemmene skal være 60 år eller eldre"), default=False
    )
    max_age_at_appointment = models.PositiveSmallIntegerField(
        _("høyeste alder ved oppnevning"), null=True, blank=True
    )
    required_competence = models.ManyToManyField(
        CompetenceArea,
        verbose_name=_("kompetanse som må være dekket"),
        blank=True,
        related_name="required_by_arenas",
    )
    proposal_deadline_days = models.PositiveSmallIntegerField(
        _("frist for saksforslag (dager før møtet)"),
        default=21,
        validators=[MaxValueValidator(120)],
    )
    agenda_deadline_days = models.PositiveSmallIntegerField(
        _("frist for sakskart (dager før møtet)"), default=14, validators=[MaxValueValidator(120)]
    )
    advice_response_weeks = models.PositiveSmallIntegerField(
        _("svarfrist for råd (uker)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("Hvor lenge tjenesten har på seg til å svare på et råd fra arenaen."),
    )
    public_proposals = models.BooleanField(
        _("innbyggere kan sende saksforslag"),
        default=False,
        help_text=_(
            "Alle, også uten konto, kan foreslå saker. Sekretariatet behandler forslagene."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["owner__name", "name", "pk"]
        verbose_name = _("arena")
        verbose_name_plural = _("arenaer")
        indexes = [
            models.Index(fields=["is_public", "kind", "name"]),
            models.Index(fields=["owner", "is_public"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("arenas:detail", kwargs={"pk": self.pk})

    def get_organisation(self) -> Organisation:
        return self.owner


class ReservedSeat(models.Model):
    """Seats reserved for an organisation (e.g. 4 for an umbrella) or a category
    (e.g. 1 for next of kin, as a competence area)."""

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="reserved_seats")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasjon"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    competence_area = models.ForeignKey(
        CompetenceArea,
        verbose_name=_("kategori"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    seats = models.PositiveSmallIntegerField(
        _("antall plasser"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )

    class Meta:
        verbose_name = _("reservert plass")
        verbose_name_plural = _("reserverte plasser")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, competence_area__isnull=True)
                | Q(organisation__isnull=True, competence_area__isnull=False),
                name="reserved_seat_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.seats} × {self.organisation or self.competence_area}"

    def get_organisation(self) -> Organisation:
        return self.arena.owner


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: object = None) -> MembershipQuerySet:
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(starts_on__lte=day, ended_on__isnull=True).filter(Q(ends_on__gte=day))


class Membership(models.Model):
    """A person's seat in an arena for a term. Never deleted: the history is kept."""

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="memberships")
    # Indexed by (person, ends_on) below, which also serves the foreign key.
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", db_index=False
    )
    role = models.CharField(_("rolle"), max_length=15, choices=MemberRole.choices)
    deputy_rank = models.PositiveSmallIntegerField(_("varanummer"), null=True, blank=True)
    represents = models.ForeignKey(
        Organisation,
        verbose_name=_("representerer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="representatives",
    )
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"))
    ended_on = models.DateField(_("avsluttet"), null=True, blank=True)
    end_reason = models.CharField(_("årsak"), max_length=12, choices=EndReason.choices, blank=True)
    reminded_90_at = models.DateTimeField(_("påminnelse 90 dager sendt"), null=True, blank=True)
    reminded_30_at = models.DateTimeField(_("påminnelse 30 dager sendt"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["arena", "role", "deputy_rank", "person__name"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        indexes = [
            models.Index(fields=["arena", "ends_on"]),
            models.Index(fields=["person", "ends_on"]),
            # Everyone's current seats (candidate matching counts them for every person in
            # the pools): read from the index alone, never from ten years of rows.
            models.Index(
                fields=["ends_on", "starts_on", "person"],
                condition=models.Q(ended_on__isnull=True),
                name="membership_open_idx",
            ),
            # The open seats of a few people (matching a local request's pool): by person,
            # from the index alone.
            models.Index(
                fields=["person", "ends_on", "starts_on"],
                condition=models.Q(ended_on__isnull=True),
                name="membership_person_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.arena} ({self.get_role_display()})"

    def get_organisation(self) -> Organisation:
        return self.arena.owner
