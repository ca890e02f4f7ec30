from django.apps import AppConfig


class NationalLoginConfig(AppConfig):
    """Login with ID-porten (citizens, representatives) and Ansattporten (staff)."""

    name = "medvirk.nationallogin"
    label = "nationallogin"
    verbose_name = "Nasjonal innlogging"

    def ready(self) -> None:
        from medvirk.nationallogin import signals  # noqa: F401  (connects the receivers)
