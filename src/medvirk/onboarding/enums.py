from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    MEMBER = "member", _("Nytt medlem")
    SECRETARIAT = "secretariat", _("Nytt sekretariat")


class AutoCheck(models.TextChoices):
    """Items that tick themselves when the Medvirk action they name has happened
    (docs/decisions.md "Onboarding checklists")."""

    NONE = "", _("Krysses av for hånd")
    BASIC_COURSE = "basic_course", _("Grunnkurset er registrert som gjennomført")
    PAYMENT_DETAILS = "payment_details", _("Opplysningene for godtgjøring er registrert")
    MEETING_PLAN = "meeting_plan", _("Arenaen har en møteplan")
