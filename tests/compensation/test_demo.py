"""`make demo` shows compensation: two regimes with a rate history, the member's claims in
every state (one approved with a line rejected, paid ones in an exported period), and a
claim the demo member can open."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.test import Client

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import Role, User
from medvirk.compensation.enums import ClaimStatus, LineStatus, Regime
from medvirk.compensation.models import Claim, PayrollExport, Scheme, StateRate


def test_demo_has_three_regimes_with_rate_history_and_the_state_table(db: Any) -> None:
    call_command("load_demo", verbosity=0)

    schemes = Scheme.objects.prefetch_related("rates")
    assert {scheme.regime for scheme in schemes} == set(Regime.values)
    assert all(len(scheme.rates.all()) >= 2 for scheme in schemes)
    assert all(rate.allowance_6_12_hours > 0 for rate in StateRate.objects.all())


def test_demo_member_has_claims_in_every_state_and_one_to_open(db: Any) -> None:
    call_command("load_demo", verbosity=0)
    member = User.objects.get(email="medlem@medvirk.test")

    claims = Claim.objects.filter(person__user=member)
    assert set(claims.values_list("status", flat=True)) == set(ClaimStatus.values)
    partly = claims.filter(status=ClaimStatus.APPROVED, lines__status=LineStatus.REJECTED)
    assert partly.filter(lines__status=LineStatus.APPROVED).exists()
    export = PayrollExport.objects.get()
    assert export.claims.filter(status=ClaimStatus.PAID).count() == export.claim_count > 0
    assert claims.filter(status=ClaimStatus.APPROVED, payroll_export__isnull=True).exists()

    client = Client()
    client.force_login(member)
    page = client.get("/godtgjoring/").content.decode()
    draft = claims.get(status=ClaimStatus.DRAFT)
    assert draft.get_absolute_url() in page
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_demo_secretariat_approves_and_exports_payroll(db: Any) -> None:
    call_command("load_demo", verbosity=0)
    secretariat = User.objects.get(email="sekretariat@medvirk.test")

    assert Role.objects.filter(user=secretariat, role=RoleKind.PAYROLL).exists()
    assert Claim.objects.filter(
        status=ClaimStatus.SUBMITTED, organisation__roles__user=secretariat
    ).exists()
