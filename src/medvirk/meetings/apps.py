from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "medvirk.meetings"
    verbose_name = _("Møter")

    def ready(self) -> None:
        from medvirk.meetings import dashboard_cache

        dashboard_cache.connect()
