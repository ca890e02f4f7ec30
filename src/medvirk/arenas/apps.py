from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArenasConfig(AppConfig):
    name = "medvirk.arenas"
    verbose_name = _("Arenaer")
