from django.apps import AppConfig


class ScaleConfig(AppConfig):
    name = "medvirk.scale"
    label = "scale"
    verbose_name = "Medvirk: national-scale test data"
