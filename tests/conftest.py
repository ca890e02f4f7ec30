"""Shared fixtures: named personas, real SMTP on loopback, background tasks."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.directory.models import Organisation
from tests.clock import TEST_NOW, freeze_time
from tests.factories import (
    ContactFactory,
    OrganisationFactory,
    RoleFactory,
    ServiceFactory,
    UserFactory,
)

# The clock (tests/clock.py): the test day from collection on, so that module-level dates
# (TODAY = ...) are the test day's too, and again from the start of each test.
_session_clock = freeze_time(TEST_NOW, tick=True)


def pytest_configure(config: pytest.Config) -> None:
    _session_clock.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    _session_clock.stop()


@pytest.fixture(autouse=True)
def _frozen_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test starts at TEST_NOW; `real_clock` tests run on the real day."""
    if request.node.get_closest_marker("real_clock"):
        _session_clock.stop()
        try:
            yield
        finally:
            _session_clock.start()
        return
    with freeze_time(TEST_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    """Tasks run at once in tests; `db_tasks` switches to the real database queue."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "mail"],
        }
    }


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Every test starts with an empty cache: ids are reused after a rollback, so a cached
    figure or fragment from an earlier test could otherwise look like this test's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts in bokmål: a request in nynorsk or English leaves its language
    active in the thread (LocaleMiddleware activates, nothing deactivates), and a domain
    function's message in the next test on that worker would come out in it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """PBKDF2 at full strength costs ~0.5 s per user; tests need no such protection."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def db_tasks(settings: Any, transactional_db: Any) -> Any:
    """The production task backend (django-tasks-db); run queued work with `run_worker`.

    The worker closes database connections as the real process does, so these
    tests run outside the per-test transaction (`transactional_db`).
    """
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}
    }
    return run_worker


def run_worker() -> None:
    """Run every queued task once, as the worker process would."""
    call_command(
        "db_worker", batch=True, queue_name="*", interval=0, startup_delay=False, verbosity=0
    )


# --- Personas ---------------------------------------------------------------------


@dataclass
class Tenant:
    """Organisation A (a user organisation) and everything hanging off it."""

    organisation: Organisation
    admin: User
    member: User


@pytest.fixture
def org_a(db: Any) -> Tenant:
    org = OrganisationFactory(name="Organisasjon A")
    ContactFactory(
        organisation=org,
        name="Offentlig Kontakt A",
        is_public=True,
        is_primary=True,
        email="offentlig-a@example.org",
    )
    ContactFactory(
        organisation=org,
        name="Hemmelig Kontakt A",
        is_public=False,
        email="hemmelig-a@example.org",
        phone="99887766",
    )
    admin = UserFactory(email="admin-a@example.org")
    member = UserFactory(email="member-a@example.org")
    RoleFactory(user=admin, organisation=org, role=RoleKind.ADMIN)
    RoleFactory(user=member, organisation=org, role=RoleKind.MEMBER)
    return Tenant(org, admin, member)


@pytest.fixture
def org_b(db: Any) -> Tenant:
    org = OrganisationFactory(name="Organisasjon B")
    ContactFactory(
        organisation=org, name="Hemmelig Kontakt B", is_public=False, email="hemmelig-b@example.org"
    )
    admin = UserFactory(email="admin-b@example.org")
    member = UserFactory(email="member-b@example.org")
    RoleFactory(user=admin, organisation=org, role=RoleKind.ADMIN)
    RoleFactory(user=member, organisation=org, role=RoleKind.MEMBER)
    return Tenant(org, admin, member)


@pytest.fixture
def secretariat(db: Any) -> User:
    """Secretariat of a service; MFA is marked as set up so pages are reachable."""
    user = UserFactory(email="sekretariat@example.org")
    RoleFactory(user=user, organisation=ServiceFactory(), role=RoleKind.SECRETARIAT)
    enable_totp(user)
    return user


@pytest.fixture
def platform_admin(db: Any) -> User:
    user = UserFactory(email="plattform@example.org", is_superuser=True, is_staff=True)
    enable_totp(user)
    return user


def enable_totp(user: User) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())


PERSONAS = ["anonymous", "member_a", "admin_a", "admin_b", "secretariat", "platform_admin"]


@pytest.fixture
def persona_client(org_a: Tenant, org_b: Tenant, secretariat: User, platform_admin: User):
    """persona_client("admin_a") -> a logged-in test client for that persona."""
    users = {
        "anonymous": None,
        "member_a": org_a.member,
        "admin_a": org_a.admin,
        "admin_b": org_b.admin,
        "secretariat": secretariat,
        "platform_admin": platform_admin,
    }

    def make(name: str) -> Client:
        client = Client()
        if users[name] is not None:
            client.force_login(users[name])
        return client

    return make


# --- Real SMTP on loopback ------------------------------------------------------------


@dataclass
class Mailbox:
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]

    @staticmethod
    def text(message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("plain",))
        return part.get_content() if part else ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Mailbox]:
    """A real SMTP server (aiosmtpd) on loopback; Medvirk's mail path is pointed at it."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "medvirk.notifications.domain.outbox.OutboxBackend"
    settings.MEDVIRK_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield mailbox
    finally:
        controller.stop()


# Skip reasons that start with this are printed in a red banner at the end of the run
# (here, in the root conftest, because under xdist only it loads in the main process):
# the scale-out test must not go missing silently where PostgreSQL answers.
LOUD_SKIP = "SCALE-OUT NOT TESTED"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    reasons = set()
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = getattr(report, "longrepr", None)
        if isinstance(longrepr, tuple) and LOUD_SKIP in str(longrepr[2]):
            reasons.add(str(longrepr[2]).removeprefix("Skipped: "))
    for reason in sorted(reasons):
        terminalreporter.write_sep("!", reason, red=True, bold=True)
