from django.db import models
from django.utils.translation import gettext_lazy as _


class Regime(models.TextChoices):
    HEALTH_TRUST = "health_trust", _("Helseforetak: timesats for møtetid")
    MUNICIPAL = "municipal", _("Kommune: møtegodtgjøring og tapt arbeidsinntekt")
    STATE = "state", _("Statens satser")


class FeeBasis(models.TextChoices):
    PER_MEETING = "per_meeting", _("Per møte")
    PER_YEAR = "per_year", _("Per år")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Sendt")
    RETURNED = "returned", _("Sendt tilbake")
    APPROVED = "approved", _("Godkjent")
    PAID = "paid", _("Utbetalt")


# Status groups (models.ClaimQuerySet): the claimant may change a claim in EDITABLE; an
# approver handles those in PENDING; a claim in FINAL never changes again.
EDITABLE = (ClaimStatus.DRAFT, ClaimStatus.RETURNED)
PENDING = (ClaimStatus.SUBMITTED,)
FINAL = (ClaimStatus.APPROVED, ClaimStatus.PAID)


class LineKind(models.TextChoices):
    FEE = "fee", _("Møtegodtgjøring")
    PREPARATION = "preparation", _("Forberedelse")
    SUPPLEMENT = "supplement", _("Tillegg for leder/nestleder")
    LOST_EARNINGS = "lost_earnings", _("Tapt arbeidsinntekt")
    TRAVEL = "travel", _("Reise")
    ALLOWANCE = "allowance", _("Kostgodtgjøring")


# Lines the claimant adds (with their input); the others follow from attendance and rates.
CLAIMANT_KINDS = (LineKind.LOST_EARNINGS, LineKind.TRAVEL, LineKind.ALLOWANCE)


class LineStatus(models.TextChoices):
    OPEN = "open", _("Ikke behandlet")
    APPROVED = "approved", _("Godkjent")
    REJECTED = "rejected", _("Avvist")


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("Leder")
    DEPUTY_CHAIR = "deputy_chair", _("Nestleder")
    MEMBER = "member", _("Medlem")
    DEPUTY = "deputy", _("Vararepresentant")


class ExportColumn(models.TextChoices):
    """The columns a service may put in its payroll file, in the order it chooses."""

    NIN = "nin", _("Fødselsnummer")
    NAME = "name", _("Navn")
    ACCOUNT = "account", _("Kontonummer")
    PAY_CODE = "pay_code", _("Lønnsart")
    QUANTITY = "quantity", _("Antall")
    RATE = "rate", _("Sats")
    AMOUNT = "amount", _("Beløp")
    MEETING_DATE = "meeting_date", _("Møtedato")
    ARENA = "arena", _("Arena")
    CLAIM = "claim", _("Krav")


DEFAULT_COLUMNS = "nin,name,account,pay_code,quantity,rate,amount,meeting_date,arena,claim"
