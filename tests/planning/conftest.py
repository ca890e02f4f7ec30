"""The planning world: a kommune whose secretariat and admin keep the routine, another
service's secretariat, a user organisation's member, a platform admin and the public."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.directory.models import Organisation
from tests.conftest import Tenant, enable_totp
from tests.factories import RoleFactory, ServiceFactory, UserFactory

PERSONAS = [
    "anonymous",
    "member_a",
    "other_secretariat",
    "platform_admin",
    "service_admin",
    "secretariat",
]
KEEPERS = {"secretariat", "service_admin"}


@dataclass
class PlanningWorld:
    service: Organisation
    other_service: Organisation
    users: dict[str, User | None]

    def client(self, persona: str) -> Client:
        client = Client()
        user = self.users[persona]
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture
def planning_world(org_a: Tenant, secretariat: User, platform_admin: User) -> PlanningWorld:
    service = secretariat.roles.get().organisation
    other_service = ServiceFactory(name="Annen kommune")
    other_secretariat = UserFactory(email="sekretariat-annen@example.org")
    RoleFactory(user=other_secretariat, organisation=other_service, role=RoleKind.SECRETARIAT)
    enable_totp(other_secretariat)
    service_admin = UserFactory(email="admin-tjeneste@example.org")
    RoleFactory(user=service_admin, organisation=service, role=RoleKind.ADMIN)
    enable_totp(service_admin)
    return PlanningWorld(
        service=service,
        other_service=other_service,
        users={
            "anonymous": None,
            "member_a": org_a.member,
            "other_secretariat": other_secretariat,
            "platform_admin": platform_admin,
            "service_admin": service_admin,
            "secretariat": secretariat,
        },
    )
