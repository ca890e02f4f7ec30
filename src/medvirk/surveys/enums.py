"""Choices and status groups for surveys."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publisert")
    CLOSED = "closed", _("Stengt")


# The builder changes only drafts; answers are taken only while published (and between
# the open and close dates); results exist once published.
EDITABLE = (SurveyStatus.DRAFT,)
ANSWERABLE = (SurveyStatus.PUBLISHED,)
WITH_RESULTS = (SurveyStatus.PUBLISHED, SurveyStatus.CLOSED)


class Distribution(models.TextChoices):
    LINK = "link", _("Åpen lenke (alle som har lenken kan svare)")
    PERSONAL = "personal", _("Personlige lenker på e-post (hver lenke kan brukes én gang)")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Ett valg")
    MULTIPLE = "multiple", _("Flere valg")
    SCALE = "scale_1_5", _("Skala 1–5")
    SHORT_TEXT = "short_text", _("Kort tekst")
    LONG_TEXT = "long_text", _("Lang tekst")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)


class Moderation(models.TextChoices):
    """A free-text answer is shown (page, export) only once the owner approved it."""

    PENDING = "pending", _("Venter på moderering")
    APPROVED = "approved", _("Godkjent")
    HIDDEN = "hidden", _("Skjult")


SHOWN_TEXT = (Moderation.APPROVED,)
