from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import Role, User
from medvirk.annual import demo as annual_demo
from medvirk.appointments import demo as appointments_demo
from medvirk.arenas import demo as arenas_demo
from medvirk.common.demo import DEMO_LOGINS, DEMO_PASSWORD, PLATFORM_ADMIN, DemoLogin
from medvirk.compensation import demo as compensation_demo
from medvirk.directory import demo as directory_demo
from medvirk.directory.data import load_reference_data
from medvirk.directory.models import Organisation
from medvirk.experiences import demo as experiences_demo
from medvirk.followup import demo as followup_demo
from medvirk.involvement import demo as involvement_demo
from medvirk.meetings import demo as meetings_demo
from medvirk.network import demo as network_demo
from medvirk.onboarding import demo as onboarding_demo
from medvirk.people import demo as people_demo
from medvirk.people.data import load_people_reference_data
from medvirk.planning import demo as planning_demo
from medvirk.surveys import demo as surveys_demo
from medvirk.training import demo as training_demo


def demo_user_name(login: DemoLogin, orgs: dict[str, Organisation]) -> str:
    """The name a demo account goes by on the pages: its role in bokmål (the role's label)
    and its organisation, e.g. «Sekretariat, Bergen kommune»; the member's profile gives
    that account a person's name later (people.demo)."""
    with translation.override(settings.LANGUAGE_CODE):
        if login.role == PLATFORM_ADMIN:
            return str(_("Plattformadministrator"))
        label = str(RoleKind(login.role).label)
    return f"{label}, {orgs[login.org_key].name}" if login.org_key else label


class Command(BaseCommand):
    help = "Load invented demo data (skipped when the demo users are already there)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, seed: int, **options: Any) -> None:
        load_reference_data()
        load_people_reference_data()
        if User.objects.filter(email=DEMO_LOGINS[0].email).exists():
            self.stdout.write("Demo data is already loaded.")
            return
        if Organisation.objects.exists():
            self.stderr.write(
                "The database has organisations but no demo users; not adding demo data."
            )
            return
        with transaction.atomic():
            orgs = directory_demo.load(seed=seed)
            for login in DEMO_LOGINS:
                user = User.objects.create_user(
                    login.email,
                    DEMO_PASSWORD,
                    name=demo_user_name(login, orgs),
                    is_superuser=login.role == PLATFORM_ADMIN,
                    is_staff=login.role == PLATFORM_ADMIN,
                )
                EmailAddress.objects.create(
                    user=user, email=user.email, verified=True, primary=True
                )
                if login.org_key:
                    Role.objects.create(
                        user=user, organisation=orgs[login.org_key], role=login.role
                    )
            # People after the demo users (the member login gets a profile),
            # arenas after the people (they fill the seats).
            people = people_demo.load(orgs)
            arenas_demo.load(orgs, people)
            appointments_demo.load(orgs, people)
            meetings_demo.load(seed=seed)
            followup_demo.load()
            experiences_demo.load()
            surveys_demo.load(seed=seed)
            involvement_demo.load()
            # Compensation before the annual reports: an approved report keeps the year's
            # compensation totals as they were when it was approved.
            compensation_demo.load()
            onboarding_demo.load()
            annual_demo.load()
            planning_demo.load()
            network_demo.load()
            training_demo.load()
        self.stdout.write(
            f"Demo data loaded: {Organisation.objects.count()} organisations, {len(people)} people."
        )
