from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "medvirk.notifications"
    label = "notifications"
    verbose_name = "Varsler"
    default_auto_field = "django.db.models.BigAutoField"
