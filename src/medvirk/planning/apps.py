from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "medvirk.planning"
    verbose_name = _("Planlegging av medvirkning")
