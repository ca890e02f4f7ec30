"""Choices of the involvement log. Level and degree are the arenas' own
(``arenas.enums.Level`` and ``Influence``), so a meeting's entry takes its arena's."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    COUNCIL_MEETING = "council_meeting", _("Rådsmøte eller utvalgsmøte")
    EXPERIENCE_CALL = "experience_call", _("Innspillsrunde")
    SURVEY = "survey", _("Spørreundersøkelse")
    PROJECT_GROUP = "project_group", _("Prosjektgruppe")
    REFERENCE_GROUP = "reference_group", _("Referansegruppe")
    DIALOGUE_CONFERENCE = "dialogue_conference", _("Dialogkonferanse")
    ANALYSIS = "analysis", _("Analysearbeid")
    HIRING = "hiring", _("Ansettelse med erfaringskompetanse")
    TRAINING = "training", _("Opplæring")
    OTHER = "other", _("Annet")


class Source(models.TextChoices):
    """What an automatic entry was collected from: the prefix of its source key
    (``meeting:123``). A hand-made entry has no source."""

    MEETING = "meeting", _("Møte holdt")
    ADVICE = "advice", _("Råd gitt")
    CALL = "call", _("Innspillsrunde")
    SURVEY = "survey", _("Spørreundersøkelse")
    APPOINTMENT = "appointment", _("Oppnevning")
    TRAINING = "training", _("Opplæring")
