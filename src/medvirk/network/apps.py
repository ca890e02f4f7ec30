from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "medvirk.network"
    verbose_name = _("Nettverk for representanter")
