"""Invented data for the scale-out setup (docs/scale-out.md): organisations, a campaign, time travel.

The scale-out test (tests/scaleout/) and people trying the stack out drive a running
stack through this command, from outside, as cron and an administrator would:

    manage.py scaleout_fixture populate --organisations 30
    manage.py scaleout_fixture campaign            # invitations are queued to the task backend
    manage.py scaleout_fixture age --days 15       # pretend the links went out 15 days ago
    manage.py run_periodic                         # sends the reminders that are now due
    manage.py scaleout_fixture status              # JSON: recipients by state, log entries

It writes invented data and moves campaign dates, so it refuses to run unless the
database's name contains ``scaleout``. Organisations and the campaign are created
through the domain functions, as the platform administrator ``drift@scaleout.test``;
only ``age`` writes directly (a time machine has no domain function).
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, F

from medvirk.accounts.models import User
from medvirk.common.models import ActivityLog
from medvirk.directory.domain import campaigns
from medvirk.directory.domain.organisations import create_organisation
from medvirk.directory.enums import CampaignStatus, Level, OrganisationKind
from medvirk.directory.models import Campaign, CampaignRecipient, Organisation

ADMIN_EMAIL = "drift@scaleout.test"
DEFAULT_DOMAIN = "scaleout.test"


def contact_email(number: int, domain: str = DEFAULT_DOMAIN) -> str:
    """The primary contact's address of the ``number``-th invented organisation (1-based)."""
    return f"org-{number:04d}@{domain}"


class Command(BaseCommand):
    help = "Invented data for the scale-out setup: populate, campaign, age, status."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        populate = actions.add_parser("populate", help="a platform admin and N organisations")
        populate.add_argument("--organisations", type=int, default=30)
        populate.add_argument("--domain", default=DEFAULT_DOMAIN)
        campaign = actions.add_parser("campaign", help="start a confirmation campaign")
        campaign.add_argument("--name", default="Bekreftelse av katalogen (skalering)")
        age = actions.add_parser("age", help="move the running campaigns' sending dates back")
        age.add_argument("--days", type=int, required=True)
        actions.add_parser("status", help="recipients by state and log entries, as JSON")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        name = str(settings.DATABASES["default"]["NAME"])
        if "scaleout" not in name:
            raise CommandError(
                f"Refusing to run on the database {name!r}: scaleout_fixture writes invented "
                "data and moves dates, so the database's name must contain 'scaleout'."
            )
        result = getattr(self, f"do_{action}")(**options)
        self.stdout.write(json.dumps(result, sort_keys=True))

    def do_populate(self, *, organisations: int, domain: str, **options: Any) -> dict[str, Any]:
        admin = User.objects.filter(email=ADMIN_EMAIL).first()
        if admin is None:
            admin = User.objects.create_superuser(ADMIN_EMAIL, None, name="Drift (skalering)")
        existing = Organisation.objects.count()
        for number in range(existing + 1, organisations + 1):
            create_organisation(
                by=admin,
                data={
                    "name": f"Skaleringsforeningen nr. {number}",
                    "kind": OrganisationKind.USER_ORG,
                    "service_kind": "",
                    "org_number": "",
                    "level": Level.NATIONAL,
                    "parent": None,
                    "website": "",
                    "description": "En oppdiktet organisasjon for skaleringstesten.",
                    "is_public": True,
                },
                contacts=[
                    {
                        "name": f"Kontakt {number}",
                        "email": contact_email(number, domain),
                        "is_primary": True,
                        "is_public": False,
                    }
                ],
            )
        return {"organisations": Organisation.objects.count()}

    def do_campaign(self, *, name: str, **options: Any) -> dict[str, Any]:
        admin = User.objects.get(email=ADMIN_EMAIL)
        campaign = campaigns.start_campaign(by=admin, name=name)
        return {"campaign": campaign.pk, "recipients": campaign.recipients.count()}

    def do_age(self, *, days: int, **options: Any) -> dict[str, Any]:
        moved = CampaignRecipient.objects.filter(
            campaign__status=CampaignStatus.RUNNING, sent_at__isnull=False
        ).update(sent_at=F("sent_at") - timedelta(days=days))
        return {"moved": moved}

    def do_status(self, **options: Any) -> dict[str, Any]:
        recipients = CampaignRecipient.objects.all()
        logged = {
            row["action"]: row["n"]
            for row in ActivityLog.objects.filter(action__startswith="directory.campaign.")
            .values("action")
            .annotate(n=Count("pk"))
            .order_by()
        }
        states = {
            row["state"]: row["n"]
            for row in recipients.values("state").annotate(n=Count("pk")).order_by()
        }
        return {
            "campaigns": Campaign.objects.count(),
            "recipients": recipients.count(),
            "states": states,
            "sent": recipients.filter(sent_at__isnull=False).count(),
            "reminded": recipients.filter(reminded_at__isnull=False).count(),
            "failures": sorted(
                set(recipients.exclude(failure="").values_list("failure", flat=True))
            ),
            "logged": logged,
        }
