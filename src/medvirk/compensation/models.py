"""Compensation (C9): a service's regime and dated rates, claims per attended meeting,
their lines and receipts, payment details (encrypted) and payroll exports.

- A :class:`Scheme` is a service's choice of regime and payroll layout; its
  :class:`Rate` rows are each valid from a date (the row in force on a meeting's day
  applies; history is kept). :class:`StateRate` is the state's per-kilometre rate, kept
  by the platform admin at /drift/.
- A :class:`Claim` is one person's claim for one meeting they attended (one original
  per attendance; a correction refers to an approved claim). Its :class:`ClaimLine` rows
  are computed by ``calculation.py`` while it is a draft and frozen when it is sent.
- :class:`PaymentDetails` holds the national identity number and bank account number
  encrypted (``crypto.py``); only masked hints are stored in clear.
- A :class:`PayrollExport` is a closed period: the approved claims it paid.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medvirk.compensation.enums import (
    DEFAULT_COLUMNS,
    EDITABLE,
    FINAL,
    PENDING,
    ClaimStatus,
    FeeBasis,
    LineKind,
    LineStatus,
    Regime,
)
from medvirk.directory.models import Organisation
from medvirk.meetings.models import Attendance, Meeting
from medvirk.people.models import Person


class Scheme(models.Model):
    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("tjeneste"),
        on_delete=models.CASCADE,
        related_name="compensation_scheme",
    )
    regime = models.CharField(_("ordning"), max_length=20, choices=Regime.choices)
    columns = models.CharField(
        _("kolonner i lønnsfilen"),
        max_length=300,
        default=DEFAULT_COLUMNS,
        help_text=_("Kolonnenes rekkefølge, skilt med komma."),
    )
    pay_code_fee = models.CharField(_("lønnsart for møtegodtgjøring"), max_length=20, blank=True)
    pay_code_preparation = models.CharField(
        _("lønnsart for forberedelse"), max_length=20, blank=True
    )
    pay_code_supplement = models.CharField(_("lønnsart for tillegg"), max_length=20, blank=True)
    pay_code_lost_earnings = models.CharField(
        _("lønnsart for tapt arbeidsinntekt"), max_length=20, blank=True
    )
    pay_code_travel = models.CharField(_("lønnsart for reise"), max_length=20, blank=True)
    pay_code_allowance = models.CharField(
        _("lønnsart for kostgodtgjøring"), max_length=20, blank=True
    )

    class Meta:
        verbose_name = _("godtgjøringsordning")
        verbose_name_plural = _("godtgjøringsordninger")

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_regime_display()}"

    def get_organisation(self) -> Organisation:
        return self.organisation

    def pay_code(self, kind: str) -> str:
        return str(getattr(self, f"pay_code_{kind}", ""))


class Rate(models.Model):
    """A scheme's rates from ``valid_from`` until the next row's date."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="rates")
    valid_from = models.DateField(_("gjelder fra"))
    hourly_fee = models.DecimalField(
        _("timesats"), default=Decimal(0), max_digits=10, decimal_places=2
    )
    preparation_hours = models.DecimalField(
        _("forberedelsestimer per møte"), max_digits=4, decimal_places=1, default=Decimal(0)
    )
    meeting_fee = models.DecimalField(
        _("møtegodtgjøring"), default=Decimal(0), max_digits=10, decimal_places=2
    )
    fee_basis = models.CharField(
        _("godtgjøring"), max_length=12, choices=FeeBasis.choices, default=FeeBasis.PER_MEETING
    )
    annual_fee = models.DecimalField(
        _("årlig godtgjøring"), default=Decimal(0), max_digits=10, decimal_places=2
    )
    chair_supplement_percent = models.DecimalField(
        _("ledertillegg (prosent)"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    deputy_chair_supplement_percent = models.DecimalField(
        _("nestledertillegg (prosent)"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    digital_percent = models.DecimalField(
        _("digitalt oppmøte (prosent av godtgjøringen)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(100),
    )
    deputy_paid_as_member = models.BooleanField(_("innkalt vara får som medlem"), default=True)
    deputy_percent = models.DecimalField(
        _("innkalt vara (prosent av godtgjøringen)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(100),
    )
    lost_earnings_max_per_day = models.DecimalField(
        _("tapt arbeidsinntekt, høyst per dag"), default=Decimal(0), max_digits=10, decimal_places=2
    )
    lost_earnings_fixed_day = models.DecimalField(
        _("tapt arbeidsinntekt uten dokumentasjon, dag"),
        default=Decimal(0),
        max_digits=10,
        decimal_places=2,
    )
    lost_earnings_fixed_evening = models.DecimalField(
        _("tapt arbeidsinntekt uten dokumentasjon, kveld"),
        default=Decimal(0),
        max_digits=10,
        decimal_places=2,
    )
    travel_min_km = models.DecimalField(
        _("reise dekkes over (km)"), max_digits=6, decimal_places=1, default=Decimal(0)
    )
    km_rate = models.DecimalField(
        _("kilometersats"), max_digits=6, decimal_places=2, default=Decimal(0)
    )

    class Meta:
        ordering = ["scheme", "-valid_from"]
        verbose_name = _("sats")
        verbose_name_plural = _("satser")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "valid_from"], name="rate_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.scheme.organisation} – {self.valid_from.isoformat()}"

    def get_organisation(self) -> Organisation:
        return self.scheme.organisation


class StateRate(models.Model):
    """The state's travel rates (Statens personalhåndbok), kept by the platform admin:
    the rate per kilometre and the allowances for meals (kostgodtgjøring) on a journey
    without an overnight stay (6 to 12 hours, over 12 hours) and per night away."""

    valid_from = models.DateField(_("gjelder fra"), unique=True)
    km_rate = models.DecimalField(_("kilometersats"), max_digits=6, decimal_places=2)
    allowance_6_12_hours = models.DecimalField(
        _("kostgodtgjøring, reise 6–12 timer"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(0),
    )
    allowance_over_12_hours = models.DecimalField(
        _("kostgodtgjøring, reise over 12 timer"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(0),
    )
    allowance_per_night = models.DecimalField(
        _("kostgodtgjøring per døgn med overnatting"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(0),
    )

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("statens sats")
        verbose_name_plural = _("statens satser")

    def __str__(self) -> str:
        return f"{self.valid_from.isoformat()}: {self.km_rate}"


class PayrollExport(models.Model):
    """A closed payroll period: the approved claims it paid (never exported again)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="payroll_exports"
    )
    period_start = models.DateField(_("fra"))
    period_end = models.DateField(_("til"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    claim_count = models.PositiveIntegerField(default=0)
    total = models.DecimalField(default=Decimal(0), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["organisation", "-period_end", "-pk"]
        verbose_name = _("lønnseksport")
        verbose_name_plural = _("lønnseksporter")

    def __str__(self) -> str:
        return f"{self.organisation} {self.period_start.isoformat()}–{self.period_end.isoformat()}"

    def get_organisation(self) -> Organisation:
        return self.organisation


class ClaimQuerySet(models.QuerySet["Claim"]):
    def editable(self) -> ClaimQuerySet:
        return self.filter(status__in=EDITABLE)

    def pending(self) -> ClaimQuerySet:
        return self.filter(status__in=PENDING)

    def final(self) -> ClaimQuerySet:
        return self.filter(status__in=FINAL)


class Claim(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="claims")
    attendance = models.ForeignKey(Attendance, on_delete=models.PROTECT, related_name="claims")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="claims")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="compensation_claims"
    )
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("retter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT
    )
    digital = models.BooleanField(_("deltok digitalt"), default=False)
    seat = models.CharField(_("rolle"), max_length=15, blank=True)
    called_in_deputy = models.BooleanField(default=False)
    minutes = models.PositiveIntegerField(_("møtetid (minutter)"), default=0)
    total = models.DecimalField(default=Decimal(0), max_digits=12, decimal_places=2)
    return_reason = models.TextField(_("begrunnelse"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payroll_export = models.ForeignKey(
        PayrollExport, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting__starts_at", "-pk"]
        verbose_name = _("krav om godtgjøring")
        verbose_name_plural = _("krav om godtgjøring")
        constraints = [
            # One original claim per attendance; corrections refer to it (one each).
            models.UniqueConstraint(
                fields=["attendance"],
                condition=models.Q(corrects__isnull=True),
                name="claim_once_per_attendance",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["person", "status"]),
        ]

    def __str__(self) -> str:
        return str(_("Krav %(number)s") % {"number": self.pk})

    def get_absolute_url(self) -> str:
        return reverse("compensation:claim", kwargs={"pk": self.pk})

    def get_organisation(self) -> Organisation:
        return self.organisation

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class ClaimLine(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("type"), max_length=15, choices=LineKind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    # The claimant's input (travel and lost earnings only).
    from_place = models.CharField(_("fra"), max_length=200, blank=True)
    to_place = models.CharField(_("til"), max_length=200, blank=True)
    km = models.DecimalField(_("kilometer"), max_digits=6, decimal_places=1, null=True, blank=True)
    # Allowances (state rates): the journey's length in hours, or the nights away.
    hours = models.DecimalField(
        _("reisens varighet (timer)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    nights = models.PositiveSmallIntegerField(_("overnattinger"), null=True, blank=True)
    ticket = models.DecimalField(
        _("billettbeløp"), null=True, blank=True, max_digits=10, decimal_places=2
    )
    documented = models.BooleanField(_("dokumentert"), default=False)
    evening = models.BooleanField(_("kveld"), default=False)
    claimed = models.DecimalField(
        _("tapt beløp"), null=True, blank=True, max_digits=10, decimal_places=2
    )
    # What it pays, and why (calculation.Line).
    quantity = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal(0))
    rate = models.DecimalField(default=Decimal(0), max_digits=10, decimal_places=2)
    amount = models.DecimalField(default=Decimal(0), max_digits=10, decimal_places=2)
    rule = models.CharField(max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=LineStatus.choices, default=LineStatus.OPEN
    )
    reject_reason = models.CharField(_("begrunnelse"), max_length=500, blank=True)

    class Meta:
        ordering = ["claim", "position", "pk"]
        verbose_name = _("kravlinje")
        verbose_name_plural = _("kravlinjer")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"

    def get_organisation(self) -> Organisation:
        return self.claim.organisation


class Receipt(models.Model):
    """A receipt or documentation for one line; served only through a checked view."""

    line = models.OneToOneField(ClaimLine, on_delete=models.CASCADE, related_name="receipt")
    file = models.FileField(upload_to="compensation/%Y/")
    original_name = models.CharField(max_length=200)
    file_type = models.CharField(max_length=10)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("kvittering")
        verbose_name_plural = _("kvitteringer")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("compensation:receipt", kwargs={"pk": self.pk})

    def get_organisation(self) -> Organisation:
        return self.line.claim.organisation


class PaymentDetails(models.Model):
    """A person's national identity number and bank account, encrypted at rest
    (crypto.py). Only the masked hints are in clear; reading the numbers goes through
    domain/payment.py, which logs every read."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="payment_details")
    nin_encrypted = models.BinaryField()
    account_encrypted = models.BinaryField()
    nin_hint = models.CharField(max_length=20)
    account_hint = models.CharField(max_length=20)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("betalingsopplysninger")
        verbose_name_plural = _("betalingsopplysninger")

    def __str__(self) -> str:
        return str(_("Betalingsopplysninger"))
