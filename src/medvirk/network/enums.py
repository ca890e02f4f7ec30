from django.db import models
from django.utils.translation import gettext_lazy as _


class PostStatus(models.TextChoices):
    VISIBLE = "visible", _("Synlig")
    HIDDEN = "hidden", _("Skjult")
    REMOVED = "removed", _("Fjernet")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Venter")
    HANDLED = "handled", _("Behandlet")
    DISMISSED = "dismissed", _("Avvist")


# The organisations that have a network space (services have none: their secretariats
# work in the arenas, not in representatives' own networks).
SPACE_KINDS = ("user_org", "umbrella")
