from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "medvirk.training"
    verbose_name = _("Kurs")
