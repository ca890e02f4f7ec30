"""Choices for the arena chooser and the states of a routine's versions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    ADVISE = "advise", _("Få råd i saker før de avgjøres")
    DEVELOP = "develop", _("Utvikle eller endre en tjeneste sammen med brukerne")
    EXPERIENCES = "experiences", _("Samle brukernes erfaringer med tjenesten")
    DIALOGUE = "dialogue", _("Få innspill fra mange på en gang")


class TargetGroup(models.TextChoices):
    ELDERLY = "elderly", _("Eldre")
    DISABILITY = "disability", _("Personer med funksjonsnedsettelse")
    YOUTH = "youth", _("Ungdom")
    PATIENTS = "patients", _("Pasienter og pårørende")
    SERVICE_USERS = "service_users", _("Brukere av en bestemt tjeneste")
    EVERYONE = "everyone", _("Alle innbyggere")


class Duration(models.TextChoices):
    ONE_OFF = "one_off", _("Én gang (et møte eller en samling)")
    LIMITED = "limited", _("En avgrenset periode (noen måneder til et par år)")
    STANDING = "standing", _("Fast og varig")


class Resources(models.TextChoices):
    NONE = "none", _("Ingen satt av ennå")
    SOME = "some", _("Noe tid og penger til møter og godtgjøring")
    DEDICATED = "dedicated", _("Et fast sekretariat og eget budsjett")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publisert")
    SUPERSEDED = "superseded", _("Erstattet av en nyere versjon")


# Versions that have been public: the current one and the ones it replaced.
PUBLIC_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)
