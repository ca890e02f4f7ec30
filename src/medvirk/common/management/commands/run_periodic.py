from typing import Any

from django.core.management.base import BaseCommand

from medvirk.appointments.domain.requests import close_due_requests
from medvirk.arenas.domain.terms import send_term_reminders
from medvirk.directory.domain.campaigns import send_due_reminders
from medvirk.followup.domain.advice_reminders import send_advice_reminders
from medvirk.followup.domain.reports import request_reports


class Command(BaseCommand):
    help = "Periodic housekeeping (run daily from cron; the demo runs it hourly)."

    def handle(self, *args: Any, **options: Any) -> None:
        reminders = send_due_reminders()
        if options["verbosity"] > 1 or reminders:
            self.stdout.write(f"Campaign reminders queued: {reminders}")
        term_reminders = send_term_reminders()
        if options["verbosity"] > 1 or term_reminders:
            self.stdout.write(f"Term reminders queued: {term_reminders}")
        closed = close_due_requests()
        if options["verbosity"] > 1 or closed:
            self.stdout.write(f"Appointment requests closed at deadline: {closed}")
        advice_reminders = send_advice_reminders()
        if options["verbosity"] > 1 or advice_reminders:
            self.stdout.write(f"Advice reminders queued: {advice_reminders}")
        reports = request_reports()
        if options["verbosity"] > 1 or reports:
            self.stdout.write(f"Report-back requests sent: {reports}")
