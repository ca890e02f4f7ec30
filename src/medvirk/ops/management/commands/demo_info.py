from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from medvirk.common.demo import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo URL and one login per role."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("")
        self.stdout.write(f"Medvirk demo: {settings.SITE_URL}/")
        self.stdout.write(f"Every demo login uses the password: {DEMO_PASSWORD}")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.email:<28} {login.description}")
        self.stdout.write(
            "Mail is sent to SMTP on 127.0.0.1:1025; set MEDVIRK_EMAIL_DELIVERY_BACKEND="
        )
        self.stdout.write("django.core.mail.backends.console.EmailBackend to print it instead.")
        self.stdout.write("")
