from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "medvirk.api"
    verbose_name = "API"
