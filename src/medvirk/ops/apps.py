from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: cross-app management commands and the periodic-job runner.

    The top of the layer order: it may import every app; no app imports it.
    """

    name = "medvirk.ops"
    verbose_name = _("Drift")

    def ready(self) -> None:
        # Every app declares its periodic jobs in <app>/periodic.py (see common/periodic.py).
        autodiscover_modules("periodic")
