from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "medvirk.common"
    verbose_name = _("Felles")

    def ready(self) -> None:
        from medvirk.common import cache_registry
        from medvirk.common.bounds import install_form_bounds

        # Every form's dates and numbers within bounds, before any form is imported.
        install_form_bounds()

        # Every app's caching module declares its namespaces and connects their signals.
        cache_registry.autodiscover()
