from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    ON_COMMENT = "on_comment", _("Til merknader")
    APPROVED = "approved", _("Godkjent")
    PUBLISHED = "published", _("Publisert")


class ReportLanguage(models.TextChoices):
    NB = "nb", _("Bokmål")
    NN = "nn", _("Nynorsk")
    EN = "en", _("Engelsk")


# Status groups, defined once: ``AnnualReport.objects.editable()`` / ``.approved()``.
# Before approval the texts and highlights are edited in place; after it, a change is a
# new version with a change note.
EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.ON_COMMENT)
APPROVED_STATUSES = (ReportStatus.APPROVED, ReportStatus.PUBLISHED)
# What an arena's members may read (the secretariat reads every status).
MEMBER_STATUSES = (ReportStatus.ON_COMMENT, ReportStatus.APPROVED, ReportStatus.PUBLISHED)
