from typing import Any

from django.core.management.base import BaseCommand

from medvirk.directory.domain.campaigns import send_due_reminders


class Command(BaseCommand):
    help = "Periodic housekeeping (run daily from cron; the demo runs it hourly)."

    def handle(self, *args: Any, **options: Any) -> None:
        reminders = send_due_reminders()
        if options["verbosity"] > 1 or reminders:
            self.stdout.write(f"Campaign reminders queued: {reminders}")
