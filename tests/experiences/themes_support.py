"""The world of the theme tests: the meeting world (service S with a public and a private
arena where organisation A is represented) plus a call run by A, tied to both arenas,
with approved answers grouped into a theme; an umbrella above A and one not above it.

Import the fixture into a test module: ``from tests.experiences.themes_support import
meeting_world, theme_world_fixture  # noqa: F401``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.directory.models import Organisation, Region
from medvirk.experiences.domain.themes import recount
from medvirk.experiences.models import Experience, ExperienceCall, Theme
from tests.factories import KommuneFactory, RoleFactory, UmbrellaFactory, UserFactory
from tests.factories.experiences import (
    ApprovedExperienceFactory,
    ExperienceCallFactory,
    ExperienceFactory,
    ThemeFactory,
)
from tests.meetings.conftest import MeetingWorld, meeting_world  # noqa: F401

# The original text of every answer: it must never reach a page.
ORIGINAL = "Kari Nordmann (54) på Ullevål fikk ikke drosje"
SHARED = "Drosjen kom ikke, og personen rakk ikke timen."

# Every persona the theme tests check.
THEME_PERSONAS = [
    "anonymous",
    "moderator",  # admin of organisation A, which runs the call
    "admin_b",  # admin of an unrelated organisation
    "umbrella_admin",  # admin of the umbrella A is a member of
    "other_umbrella_admin",  # admin of an umbrella A is not in
    "secretariat",  # secretariat of S, which owns the arenas the theme is offered to
    "other_secretariat",  # secretariat of another service
    "representative",  # sits in S's arenas for A
    "platform_admin",
]


@dataclass
class ThemeWorld:
    m: MeetingWorld
    organisation: Organisation
    umbrella: Organisation
    other_umbrella: Organisation
    call: ExperienceCall
    kommuner: list[Region]
    theme: Theme
    in_theme: list[Experience]  # approved, in the theme
    outside: list[Experience]  # approved, not in the theme
    pending: Experience
    users: dict[str, User | None] = field(default_factory=dict)

    def client(self, persona: str) -> Client:
        client = Client()
        user = self.users[persona]
        if user is not None:
            client.force_login(user)
        return client

    def user(self, persona: str) -> Any:
        from django.contrib.auth.models import AnonymousUser

        return self.users[persona] or AnonymousUser()


def answer(call: ExperienceCall, kommune: Region | None = None, **fields: Any) -> Experience:
    values: dict[str, Any] = {
        "call": call,
        "kommune": kommune,
        "what_happened": ORIGINAL,
        "impact": ORIGINAL + " og mistet jobben",
        "would_have_helped": ORIGINAL + " trengte SMS",
        "shared_what_happened": SHARED,
        "shared_would_have_helped": "Melding om forsinkelse.",
    }
    values.update(fields)
    return ApprovedExperienceFactory(**values)


def share(theme: Theme, *arenas: Any) -> None:
    Theme.objects.filter(pk=theme.pk).update(is_shared=True)
    theme.is_shared = True
    theme.offered_to.set(arenas)


def make_theme(world: ThemeWorld, size: int, *, title: str = "Reiser som ikke kommer") -> Theme:
    """A theme of the call with ``size`` new approved answers."""
    theme = ThemeFactory(call=world.call, title=title, min_size=world.call.min_theme_size)
    answers = [
        answer(world.call, world.kommuner[n % 2], service="Pasientreiser") for n in range(size)
    ]
    theme.experiences.add(*answers)
    recount(theme)
    return theme


@pytest.fixture(name="theme_world")
def theme_world_fixture(meeting_world: MeetingWorld) -> ThemeWorld:  # noqa: F811
    w = meeting_world
    org_a = w.org_a.organisation
    umbrella = UmbrellaFactory(name="Paraplyen")
    other_umbrella = UmbrellaFactory(name="Den andre paraplyen")
    org_a.umbrellas.add(umbrella)
    umbrella_admin = UserFactory(email="paraply@example.org")
    RoleFactory(user=umbrella_admin, organisation=umbrella, role=RoleKind.ADMIN)
    other_umbrella_admin = UserFactory(email="annen-paraply@example.org")
    RoleFactory(user=other_umbrella_admin, organisation=other_umbrella, role=RoleKind.ADMIN)

    call = ExperienceCallFactory(
        organisation=org_a, title="Reisen til behandling", min_theme_size=3
    )
    call.arenas.set([w.public_arena, w.private_arena])
    kommuner = [KommuneFactory(name="Bodø"), KommuneFactory(name="Tromsø")]
    in_theme = [
        answer(
            call,
            kommuner[0],
            service="Pasientreiser",
            contact_name="Siri Samtykke",
            contact_email="siri@example.org",
            contact_consent=True,
            language="nb",
        ),
        answer(
            call,
            kommuner[1],
            service="Pasientreiser",
            contact_name="Nils Nynorsk",
            contact_email="nils@example.org",
            contact_consent=True,
            language="nn",
            shared_would_have_helped="Ein eigen kontaktperson.",
        ),
        answer(
            call,
            kommuner[0],
            service="Fastlege",
            contact_name="Ingen Samtykke",
            contact_email="nei@example.org",
            contact_consent=False,
        ),
        answer(
            call,
            None,
            service="",
            contact_name="Slettet Svar",
            contact_email="slettet@example.org",
            contact_consent=True,
            purged_at=timezone.now() - datetime.timedelta(days=1),
        ),
    ]
    outside = [answer(call, kommuner[1], service="Legevakt") for _ in range(2)]
    pending = ExperienceFactory(call=call, what_happened=ORIGINAL)
    theme = ThemeFactory(
        call=call,
        title="Drosjer som ikke kommer",
        summary="Mange forteller om drosjer som ikke kommer til avtalt tid.",
        min_size=3,
    )
    theme.experiences.add(*in_theme)
    recount(theme)
    world = ThemeWorld(
        m=w,
        organisation=org_a,
        umbrella=umbrella,
        other_umbrella=other_umbrella,
        call=call,
        kommuner=kommuner,
        theme=theme,
        in_theme=in_theme,
        outside=outside,
        pending=pending,
    )
    world.users = {
        "anonymous": None,
        "moderator": w.org_a.admin,
        "admin_b": w.org_b.admin,
        "umbrella_admin": umbrella_admin,
        "other_umbrella_admin": other_umbrella_admin,
        "secretariat": w.secretariat,
        "other_secretariat": w.other_secretariat,
        "representative": w.member,
        "platform_admin": w.platform_admin,
    }
    return world
