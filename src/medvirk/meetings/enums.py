from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    CANCELLED = "cancelled", _("Avlyst")


class ItemKind(models.TextChoices):
    INFORMATION = "information", _("Orientering")
    DISCUSSION = "discussion", _("Drøfting")
    STATEMENT = "statement", _("Uttalelse/råd")
    ELECTION = "election", _("Valg")


class ClosedGround(models.TextChoices):
    """Legal grounds for keeping an agenda item closed to the public."""

    KL_11_5_2A = (
        "kl_11_5_2a",
        _("En arbeidstakers tjenstlige forhold (kommuneloven § 11-5 andre ledd bokstav a)"),
    )
    KL_11_5_2B = (
        "kl_11_5_2b",
        _("Opplysninger som er underlagt taushetsplikt (kommuneloven § 11-5 andre ledd bokstav b)"),
    )
    KL_11_5_3 = (
        "kl_11_5_3",
        _("Personvern eller andre tungtveiende interesser (kommuneloven § 11-5 tredje ledd)"),
    )
    OFFL_13 = "offl_13", _("Taushetsplikt etter lov (offentleglova § 13)")
    OFFL_14 = "offl_14", _("Dokument utarbeidet for egen saksforberedelse (offentleglova § 14)")
    OFFL_23 = "offl_23", _("Forhandlingsposisjon (offentleglova § 23)")
    OTHER = "other", _("Annet lovgrunnlag (beskrevet i merknaden)")


class ProposerKind(models.TextChoices):
    MEMBER = "member", _("Medlem")
    ORGANISATION = "organisation", _("Organisasjon")
    PUBLIC = "public", _("Innbygger")
    SECRETARIAT = "secretariat", _("Sekretariatet")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Sendt inn")
    ACCEPTED = "accepted", _("Satt på sakskartet")
    POSTPONED = "postponed", _("Utsatt")
    DECLINED = "declined", _("Avvist")
    WITHDRAWN = "withdrawn", _("Trukket")


# Status groups, defined once: queries use ``CaseProposal.objects.open()`` / ``.handled()``.
# Open: not yet handled for good, still waiting on the secretariat.
OPEN_PROPOSAL_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.POSTPONED)
HANDLED_PROPOSAL_STATUSES = (
    ProposalStatus.ACCEPTED,
    ProposalStatus.DECLINED,
    ProposalStatus.WITHDRAWN,
)


class AttendanceRole(models.TextChoices):
    MEMBER = "member", _("Medlem")
    DEPUTY = "deputy", _("Vararepresentant")


class AttendanceResponse(models.TextChoices):
    PENDING = "pending", _("Ikke svart")
    ATTENDING = "attending", _("Kommer")
    APOLOGIES = "apologies", _("Meldt forfall")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    CIRCULATED = "circulated", _("Sendt på høring")
    APPROVED = "approved", _("Godkjent")
