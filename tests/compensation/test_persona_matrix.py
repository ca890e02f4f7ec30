"""Every compensation page, file and write, asked by every persona: who gets in, and
who is turned away (anonymous to the login page, the rest 403 or 404, never a 500).

A claim is the claimant's, the approvers' (the arena's chair, the service's
secretariat) and the payroll role's; a receipt goes with its claim; the scheme is the
secretariat's; the payroll page and its files are the payroll role's alone."""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone

from medvirk.compensation.domain import claims as domain
from medvirk.compensation.domain.payment import read_payment_details, save_payment_details
from medvirk.compensation.domain.payroll import export_period
from medvirk.compensation.domain.rates import add_rate
from medvirk.compensation.domain.schemes import save_scheme
from medvirk.compensation.enums import Regime
from medvirk.compensation.models import Claim, ClaimLine
from tests.compensation.conftest import PNG, World, meeting_on, present
from tests.meetings.attendance_helpers import fresh

PERSONAS = ("anonymous", "member", "deputy", "chair", "secretariat", "payroll", "outsider")
NIN, ACCOUNT = "01018000055", "86011117947"


def _setup(world: World) -> dict[str, Any]:
    """A draft with a travel line and its receipt, and an exported period."""
    domain.ensure_draft_claims(world.member_person)
    draft = Claim.objects.get(attendance=world.attendance)
    line = domain.add_travel(
        draft,
        by=world.member,
        from_place="Hjem",
        to_place="Sykehuset",
        ticket="120",
        receipt=SimpleUploadedFile("billett.png", PNG, content_type="image/png"),
    )
    earlier = meeting_on(world.arena, world.meeting.starts_at.date() - datetime.timedelta(days=60))
    present(earlier, world.member_person)
    domain.ensure_draft_claims(world.member_person)
    paid = Claim.objects.get(meeting=earlier)
    domain.submit_claim(paid, by=fresh(world.member))
    domain.decide_claim(paid, by=fresh(world.chair))
    Claim.objects.filter(pk=paid.pk).update(decided_at=timezone.now() - datetime.timedelta(days=50))
    today = timezone.localdate()
    export = export_period(
        world.service,
        by=fresh(world.payroll),
        start=today - datetime.timedelta(days=90),
        end=today - datetime.timedelta(days=40),
    )
    later = meeting_on(world.arena, world.meeting.starts_at.date() - datetime.timedelta(days=2))
    present(later, world.member_person)
    domain.ensure_draft_claims(world.member_person)
    sent = domain.submit_claim(Claim.objects.get(meeting=later), by=fresh(world.member))
    return {
        "claim": draft,
        "line": line,
        "receipt": line.receipt,
        "export": export,
        "sent": sent,
        "paid": paid,
    }


def _get_routes(world: World, objs: dict[str, Any]) -> dict[str, str]:
    claim, export = objs["claim"], objs["export"]
    return {
        "mine": "/godtgjoring/",
        "claim": f"/godtgjoring/krav/{claim.pk}/",
        "receipt": f"/godtgjoring/kvittering/{objs['receipt'].pk}/",
        "queue": "/godtgjoring/godkjenning/",
        "payment_details": "/godtgjoring/betalingsopplysninger/",
        "payroll": f"/godtgjoring/lonn/{world.service.pk}/",
        "scheme": f"/godtgjoring/ordning/{world.service.pk}/",
        "export_csv": f"/godtgjoring/lonn/eksport/{export.pk}/csv/",
        "export_xlsx": f"/godtgjoring/lonn/eksport/{export.pk}/xlsx/",
    }


# What each persona gets for each page or file (302: to the login page).
GET_EXPECTED = {
    "mine": {"anonymous": 302, "*": 200},
    "claim": {
        "anonymous": 302,
        "member": 200,
        "chair": 200,
        "secretariat": 200,
        "payroll": 200,
        "*": 404,
    },
    "receipt": {
        "anonymous": 302,
        "member": 200,
        "chair": 200,
        "secretariat": 200,
        "payroll": 200,
        "*": 404,
    },
    "queue": {"anonymous": 302, "chair": 200, "secretariat": 200, "*": 403},
    # The page is for people with a person profile (their own numbers); staff have none.
    "payment_details": {"anonymous": 302, "member": 200, "deputy": 200, "chair": 200, "*": 403},
    "payroll": {"anonymous": 302, "payroll": 200, "*": 403},
    "scheme": {"anonymous": 302, "secretariat": 200, "*": 403},
    "export_csv": {"anonymous": 302, "payroll": 200, "*": 403},
    "export_xlsx": {"anonymous": 302, "payroll": 200, "*": 403},
}


def _client(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    return client


def test_every_page_and_file_by_every_persona(world: World) -> None:
    objs = _setup(world)
    routes = _get_routes(world, objs)
    assert set(routes) == set(GET_EXPECTED)
    found: dict[tuple[str, str], int] = {}
    for persona in PERSONAS:
        client = _client(world, persona)
        for name, url in routes.items():
            response = client.get(url)
            found[(name, persona)] = response.status_code
            if response.streaming:
                # Read to the end: the test client then closes the file (without
                # closing the test's database connection, as response.close() would).
                b"".join(response.streaming_content)
    expected = {
        (name, persona): GET_EXPECTED[name].get(persona, GET_EXPECTED[name].get("*"))
        for name in routes
        for persona in PERSONAS
    }
    wrong = {key: (found[key], want) for key, want in expected.items() if found[key] != want}
    assert not wrong, f"(page, persona): (got, expected) {wrong}"


def test_every_write_by_every_persona_on_the_page(world: World) -> None:
    """The claimant's writes are the claimant's alone; the decision the approvers'; a
    forged line id is refused. Nothing changes for those turned away."""
    objs = _setup(world)
    claim, line = objs["claim"], objs["line"]
    base = f"/godtgjoring/krav/{claim.pk}/"
    writes = {
        "travel": (base + "reise/", {"from_place": "A", "to_place": "B", "km": "20"}),
        "lost": (base + "tapt-inntekt/", {"documented": "0"}),
        "digital": (base + "oppmote/", {"digital": "1"}),
        "remove": (base + f"linjer/{line.pk}/fjern/", {}),
    }
    for persona in PERSONAS:
        if persona == "member":
            continue
        client = _client(world, persona)
        for name, (url, data) in writes.items():
            status = client.post(url, data).status_code
            want = 302 if persona == "anonymous" else (403, 404)
            assert status == want or (isinstance(want, tuple) and status in want), (
                name,
                persona,
                status,
            )
    assert ClaimLine.objects.filter(claim=claim).count() == claim.lines.count()
    assert claim.lines.filter(kind="travel").count() == 1
    # A line of another claim through this claim's address: not found.
    forged = objs["paid"].lines.first()
    assert forged is not None
    response = _client(world, "member").post(base + f"linjer/{forged.pk}/fjern/")
    assert response.status_code == 404
    assert ClaimLine.objects.filter(pk=forged.pk).exists()


def _domain_calls(world: World, objs: dict[str, Any]) -> dict[str, Any]:
    claim, line = objs["claim"], objs["line"]
    today = timezone.localdate()
    return {
        "add_travel": lambda by: domain.add_travel(
            claim, by=by, from_place="A", to_place="B", km="12"
        ),
        "add_lost_earnings": lambda by: domain.add_lost_earnings(claim, by=by, documented=False),
        "set_digital": lambda by: domain.set_digital(claim, by=by, digital=True),
        "remove_line": lambda by: domain.remove_line(line, by=by),
        "submit_claim": lambda by: domain.submit_claim(claim, by=by),
        "start_correction": lambda by: domain.start_correction(objs["paid"], by=by),
        "save_payment_details": lambda by: save_payment_details(
            world.member_person, by=by, nin=NIN, account=ACCOUNT
        ),
        "read_payment_details": lambda by: read_payment_details(
            world.member_person, by=by, purpose="own_page"
        ),
        "read_payment_details_for_payroll": lambda by: read_payment_details(
            world.member_person, by=by, purpose="payroll_export", export_for=world.service
        ),
        "add_allowance": lambda by: domain.add_allowance(claim, by=by, hours="8"),
        "decide_claim": lambda by: domain.decide_claim(
            Claim.objects.get(pk=objs["sent"].pk), by=by
        ),
        "export_period": lambda by: export_period(
            world.service,
            by=by,
            start=today - datetime.timedelta(days=30),
            end=today - datetime.timedelta(days=1),
        ),
        "save_scheme": lambda by: save_scheme(world.service, by=by, regime=Regime.MUNICIPAL),
        "add_rate": lambda by: add_rate(
            world.scheme, by=by, valid_from=datetime.date(2031, 1, 1), hourly_fee=1
        ),
    }


# Who may call each domain function (everyone else: PermissionDenied).
ALLOWED = {
    "add_travel": {"member"},
    "add_lost_earnings": {"member"},
    "set_digital": {"member"},
    "remove_line": {"member"},
    "submit_claim": {"member"},
    "start_correction": {"member"},
    "add_allowance": {"member"},
    "decide_claim": {"chair", "secretariat"},
    "read_payment_details_for_payroll": {"payroll"},
    "save_payment_details": {"member"},
    "read_payment_details": {"member"},
    "export_period": {"payroll"},
    "save_scheme": {"secretariat"},
    "add_rate": {"secretariat"},
}


@pytest.mark.parametrize("function", sorted(ALLOWED))
def test_every_domain_function_by_every_persona(world: World, function: str) -> None:
    objs = _setup(world)
    calls = _domain_calls(world, objs)
    assert set(calls) == set(ALLOWED)
    # Those turned away first (a permitted call may change the state the others see).
    refused = [p for p in PERSONAS if p != "anonymous" and p not in ALLOWED[function]]
    for persona in refused:
        with pytest.raises(PermissionDenied):
            calls[function](fresh(getattr(world, persona)))
    # Each permitted persona in a savepoint rolled back: each meets the same state.
    for persona in sorted(ALLOWED[function]):
        with pytest.raises(_RolledBack), transaction.atomic():
            # Let in, perhaps refused on content (no allowances here): not a 403.
            with contextlib.suppress(ValidationError):
                calls[function](fresh(getattr(world, persona)))
            raise _RolledBack


class _RolledBack(Exception):
    pass
