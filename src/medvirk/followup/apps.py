from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "medvirk.followup"
    verbose_name = _("Råd og oppfølging")
