from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompensationConfig(AppConfig):
    name = "medvirk.compensation"
    verbose_name = _("Godtgjøring")

    def ready(self) -> None:
        from medvirk.compensation import checks, rules  # noqa: F401  (registers them)
