"""Demo accounts, one per role. Used by ``load_demo`` and printed by ``demo_info``."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "medvirk-demo-2026"  # noqa: S105 - a published demo password, demo data only
PLATFORM_ADMIN = "platform_admin"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str  # a RoleKind value, or PLATFORM_ADMIN
    org_key: str  # key into the dict directory.demo.load() returns
    description: str  # in English, for the terminal (demo_info) and the README


DEMO_LOGINS = [
    DemoLogin(
        "plattform@medvirk.test", PLATFORM_ADMIN, "", "Platform admin (needs TOTP on first login)"
    ),
    DemoLogin(
        "sekretariat@medvirk.test",
        "secretariat",
        "service",
        "Secretariat and payroll, Bergen kommune (needs TOTP on first login)",
    ),
    DemoLogin("leder@medvirk.test", "decision_maker", "service", "Decision-maker, Bergen kommune"),
    DemoLogin(
        "orgadmin@medvirk.test",
        "admin",
        "user_org",
        "Organisation admin, Landsforbundet for bevegelseshemmede",
    ),
    DemoLogin("paraply@medvirk.test", "admin", "umbrella", "Organisation admin, the umbrella SFFO"),
    DemoLogin(
        "medlem@medvirk.test", "member", "user_org", "Member, Landsforbundet for bevegelseshemmede"
    ),
]


# Invented people in the demo data are named from these lists.
FIRST_NAMES = [
    "Kari",
    "Ola",
    "Ingrid",
    "Per",
    "Aisha",
    "Mohammed",
    "Siri",
    "Lars",
    "Mari",
    "Jonas",
    "Astrid",
    "Erik",
    "Fatima",
    "Nils",
    "Hanne",
    "Tor",
    "Liv",
    "Ahmed",
    "Sunniva",
    "Bjørn",
    "Randi",
    "Geir",
    "Elin",
    "Arne",
    "Marit",
    "Sindre",
    "Tone",
    "Håkon",
    "Ragnhild",
    "Even",
]
LAST_NAMES = [
    "Nordmann",
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Berg",
    "Haugen",
    "Bakken",
    "Ali",
    "Nilsen",
    "Solberg",
    "Dahl",
    "Lie",
    "Moen",
    "Strand",
    "Eriksen",
]
