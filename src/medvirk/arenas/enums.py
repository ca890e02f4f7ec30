from django.db import models
from django.utils.translation import gettext_lazy as _


class ArenaKind(models.TextChoices):
    ELDRERAD = "eldrerad", _("Eldreråd")
    FUNKSJONSHEMMEDE = "funksjonshemmede", _("Råd for personer med funksjonsnedsettelse")
    UNGDOMSRAD = "ungdomsrad", _("Ungdomsråd")
    BRUKERUTVALG = "brukerutvalg", _("Brukerutvalg")
    ERFARINGSFORUM = "erfaringsforum", _("Erfaringsforum")
    REFERANSEGRUPPE = "referansegruppe", _("Referansegruppe")
    PROSJEKTGRUPPE = "prosjektgruppe", _("Prosjektgruppe")
    BRUKERPANEL = "brukerpanel", _("Brukerpanel")
    DIALOGKONFERANSE = "dialogkonferanse", _("Dialogkonferanse")


class Level(models.TextChoices):
    INDIVIDUAL = "individual", _("Individnivå")
    SERVICE = "service", _("Tjenestenivå")
    SYSTEM = "system", _("Systemnivå")


class Influence(models.TextChoices):
    USER_PERSPECTIVE = "user_perspective", _("Brukerperspektiv")
    INFORMANT = "informant", _("Informant")
    DIALOGUE = "dialogue", _("Dialog")
    USER_CONTROL = "user_control", _("Brukerstyring")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Leder")
    DEPUTY_CHAIR = "deputy_chair", _("Nestleder")
    MEMBER = "member", _("Medlem")
    DEPUTY = "deputy", _("Vararepresentant")


class EndReason(models.TextChoices):
    TERM_ENDED = "term_ended", _("Perioden gikk ut")
    RESIGNED = "resigned", _("Trakk seg")
    REPLACED = "replaced", _("Erstattet")
    REMOVED = "removed", _("Fjernet av sekretariatet")
    PROMOTED = "promoted", _("Rykket opp som medlem")
