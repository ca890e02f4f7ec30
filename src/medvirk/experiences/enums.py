"""Choices and status groups for experience calls, answers and themes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Who may answer a call."""

    # Listed on the public calls page; anyone may answer, without an account.
    EVERYONE = "everyone", _("Alle (vises i oversikten over innspillsrunder)")
    # Not listed; anyone who has the link (poster, QR code, a meeting) may answer.
    LINK = "link", _("Alle som har lenken")
    # Only logged-in users with a role in the organisation that runs the call.
    MEMBERS = "members", _("Organisasjonens medlemmer (innlogget)")


class ExperienceStatus(models.TextChoices):
    PENDING = "pending", _("Venter på moderering")
    APPROVED = "approved", _("Godkjent")
    REJECTED = "rejected", _("Avvist")


class RoughWhen(models.TextChoices):
    """Roughly when it happened: deliberately coarse, so it does not identify anyone."""

    LAST_MONTH = "last_month", _("Den siste måneden")
    LAST_YEAR = "last_year", _("Det siste året")
    ONE_TO_FIVE = "one_to_five", _("For 1–5 år siden")
    OLDER = "older", _("For mer enn 5 år siden")
    ONGOING = "ongoing", _("Det pågår fortsatt")


# Answers a moderator has let through: only these are grouped into themes and counted.
SHAREABLE = (ExperienceStatus.APPROVED,)
