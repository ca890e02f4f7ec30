from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetenceCategory(models.TextChoices):
    LIVED_EXPERIENCE = "lived_experience", _("Erfaring")
    SERVICE_AREA = "service_area", _("Tjenesteområde")
    CONDITION_GROUP = "condition_group", _("Diagnosegruppe")


class Gender(models.TextChoices):
    # Gender is asked only where an arena's composition rule (likestillingsloven § 28)
    # needs it. "Not stated" counts towards neither gender in that rule.
    FEMALE = "female", _("Kvinne")
    MALE = "male", _("Mann")
    OTHER = "other", _("Annet / vil ikke oppgi")


class AffiliationKind(models.TextChoices):
    MEMBER = "member", _("Medlem")
    BOARD = "board", _("Styremedlem")
    POOL = "pool", _("I representantpoolen")


class Language(models.TextChoices):
    NB = "nb", _("Norsk bokmål")
    NN = "nn", _("Norsk nynorsk")
    EN = "en", _("Engelsk")


# Languages a representative can take part in, beyond the interface languages.
SPOKEN_LANGUAGES = [
    ("nb", _("Norsk")),
    ("se", _("Nordsamisk")),
    ("sma", _("Sørsamisk")),
    ("smj", _("Lulesamisk")),
    ("nsl", _("Norsk tegnspråk")),
    ("en", _("Engelsk")),
    ("ar", _("Arabisk")),
    ("so", _("Somali")),
    ("pl", _("Polsk")),
    ("uk", _("Ukrainsk")),
    ("ur", _("Urdu")),
    ("ti", _("Tigrinja")),
]
SPOKEN_LANGUAGE_CODES = frozenset(code for code, _label in SPOKEN_LANGUAGES)
