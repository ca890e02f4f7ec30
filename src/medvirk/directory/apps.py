from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "medvirk.directory"
    verbose_name = _("Organisasjonskatalog")
