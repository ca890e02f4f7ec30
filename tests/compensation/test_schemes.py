"""The service's scheme page: regime and payroll layout, the rate history, a new rate from
a date (refused where it would change approved claims), through the domain."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from medvirk.common.models import ActivityLog
from medvirk.compensation.domain import claims as domain
from medvirk.compensation.domain.rates import add_rate
from medvirk.compensation.domain.schemes import save_scheme
from medvirk.compensation.enums import LineKind, Regime
from medvirk.compensation.models import Claim, Rate, StateRate
from tests.compensation.conftest import World
from tests.meetings.attendance_helpers import fresh

RATE_POST = {
    "rate-valid_from": "",
    "rate-hourly_fee": "600",
    "rate-preparation_hours": "1",
    "rate-meeting_fee": "0",
    "rate-fee_basis": "per_meeting",
    "rate-annual_fee": "0",
    "rate-chair_supplement_percent": "50",
    "rate-deputy_chair_supplement_percent": "0",
    "rate-digital_percent": "50",
    "rate-deputy_paid_as_member": "on",
    "rate-deputy_percent": "100",
    "rate-lost_earnings_max_per_day": "0",
    "rate-lost_earnings_fixed_day": "0",
    "rate-lost_earnings_fixed_evening": "0",
    "rate-travel_min_km": "10",
    "rate-km_rate": "4,90",
}


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(world: World, tail: str = "") -> str:
    return f"/godtgjoring/ordning/{world.service.pk}/{tail}"


def approved_claim(world: World) -> Claim:
    domain.ensure_draft_claims(world.member_person)
    claim = Claim.objects.get(attendance=world.attendance)
    domain.submit_claim(claim, by=fresh(world.member))
    return domain.decide_claim(claim, by=fresh(world.chair), rejected={})


# --- domain --------------------------------------------------------------------------------


def test_the_secretariat_changes_the_regime_and_it_is_logged(world: World) -> None:
    scheme = save_scheme(
        world.service,
        by=fresh(world.secretariat),
        regime=Regime.MUNICIPAL,
        columns="name, amount",
        pay_code_fee="200",
    )

    assert (scheme.regime, scheme.columns, scheme.pay_code_fee) == (
        Regime.MUNICIPAL,
        "name,amount",
        "200",
    )
    assert ActivityLog.objects.filter(
        action="compensation.scheme.saved", actor=world.secretariat
    ).exists()


@pytest.mark.parametrize("persona", ["member", "chair", "payroll", "outsider"])
def test_others_may_not_change_the_scheme_or_add_rates(world: World, persona: str) -> None:
    user = fresh(getattr(world, persona))
    with pytest.raises(PermissionDenied):
        save_scheme(world.service, by=user, regime=Regime.STATE)
    with pytest.raises(PermissionDenied):
        add_rate(world.scheme, by=user, valid_from=datetime.date(2030, 1, 1))


def test_unknown_columns_are_refused_on_their_field(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        save_scheme(
            world.service, by=fresh(world.secretariat), regime=Regime.STATE, columns="nin,shoe"
        )
    assert set(error.value.message_dict) == {"columns"}


def test_a_negative_rate_and_a_missing_date_are_refused_by_field(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        add_rate(world.scheme, by=fresh(world.secretariat), valid_from=None, km_rate=Decimal("-1"))
    assert set(error.value.message_dict) == {"valid_from", "km_rate"}
    assert Rate.objects.filter(scheme=world.scheme).count() == 1


def test_a_rate_that_would_change_an_approved_claim_is_refused(world: World) -> None:
    approved_claim(world)
    meeting_day = world.meeting.starts_at.date()

    with pytest.raises(ValidationError) as error:
        add_rate(
            world.scheme,
            by=fresh(world.secretariat),
            valid_from=meeting_day - datetime.timedelta(days=3),
            hourly_fee=Decimal("900"),
        )

    assert "allerede godkjent" in error.value.message_dict["valid_from"][0]
    assert Rate.objects.filter(scheme=world.scheme).count() == 1
    # After the approved meeting it is taken, and logged.
    add_rate(
        world.scheme,
        by=fresh(world.secretariat),
        valid_from=meeting_day + datetime.timedelta(days=1),
        hourly_fee=Decimal("900"),
    )
    assert Rate.objects.filter(scheme=world.scheme).count() == 2
    assert ActivityLog.objects.filter(action="compensation.rate.added").count() == 2


def test_a_rate_in_the_past_recalculates_drafts(world: World) -> None:
    domain.ensure_draft_claims(world.member_person)
    claim = Claim.objects.get(attendance=world.attendance)
    before = claim.lines.get(kind=LineKind.FEE).rate

    add_rate(
        world.scheme,
        by=fresh(world.secretariat),
        valid_from=world.meeting.starts_at.date() - datetime.timedelta(days=1),
        hourly_fee=Decimal("800"),
    )

    assert (before, claim.lines.get(kind=LineKind.FEE).rate) == (Decimal("500"), Decimal("800"))


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat", 200), ("member", 403), ("chair", 403), ("payroll", 403), ("outsider", 403)],
)
def test_scheme_page_by_persona(world: World, persona: str, status: int) -> None:
    assert client_of(getattr(world, persona)).get(url(world)).status_code == status


def test_the_start_page_links_the_secretariat_to_the_scheme(world: World) -> None:
    page = client_of(world.secretariat).get("/konto/min-side/").content.decode()
    assert f'href="{url(world)}"' in page


def _statements(world: World, rows: int) -> int:
    for number in range(rows - 1):
        add_rate(
            world.scheme,
            by=None,
            valid_from=datetime.date(2000 + number, 1, 1),
            hourly_fee=Decimal(100 + number),
        )
    client = client_of(world.secretariat)
    client.get(url(world))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(world))
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == rows + 1
    return len(queries)


def test_scheme_page_statements_are_constant_in_rate_rows(world: World) -> None:
    one = _statements(world, 1)
    assert _statements(world, 4) == one


def test_a_bad_scheme_keeps_what_was_typed_and_names_the_field(world: World) -> None:
    response = client_of(world.secretariat).post(
        url(world), {"scheme-regime": "state", "scheme-columns": "nin,shoe"}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert 'value="nin,shoe"' in page
    assert 'href="#id_scheme-columns"' in page
    assert 'aria-invalid="true"' in page


def test_a_bad_rate_keeps_what_was_typed_and_names_the_field(world: World) -> None:
    data = {**RATE_POST, "rate-valid_from": "2031-01-01", "rate-hourly_fee": "mange"}
    response = client_of(world.secretariat).post(url(world, "satser/"), data)
    page = response.content.decode()
    assert response.status_code == 422
    assert 'value="mange"' in page
    assert 'href="#id_rate-hourly_fee"' in page
    assert Rate.objects.filter(scheme=world.scheme).count() == 1


def test_a_past_rate_over_approved_claims_is_refused_on_the_page(world: World) -> None:
    approved_claim(world)
    day = world.meeting.starts_at.date() - datetime.timedelta(days=2)
    data = {**RATE_POST, "rate-valid_from": day.isoformat()}

    response = client_of(world.secretariat).post(url(world, "satser/"), data)

    assert response.status_code == 422
    assert "allerede godkjent" in response.content.decode()
    assert f'value="{day.isoformat()}"' in response.content.decode()


def test_a_good_rate_is_added_and_listed(world: World) -> None:
    client = client_of(world.secretariat)
    data = {**RATE_POST, "rate-valid_from": "2031-01-01"}

    response = client.post(url(world, "satser/"), data)

    assert response.status_code == 302
    rate = Rate.objects.get(scheme=world.scheme, valid_from=datetime.date(2031, 1, 1))
    assert (rate.hourly_fee, rate.km_rate) == (Decimal("600"), Decimal("4.90"))
    assert "600,00" in client.get(url(world)).content.decode()


def test_rates_for_a_service_without_a_scheme_are_refused_with_a_message(world: World) -> None:
    world.scheme.delete()

    response = client_of(world.secretariat).post(
        url(world, "satser/"), {**RATE_POST, "rate-valid_from": "2031-01-01"}
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert 'role="alert"' in page
    assert "Lagre ordningen før du legger inn satser." in page
    assert not Rate.objects.exists()


def test_a_state_scheme_shows_the_states_rate_table(world: World) -> None:
    client = client_of(world.secretariat)
    assert "Statens satser, nyeste først" not in client.get(url(world)).content.decode()
    assert "Statens satser er ikke lagt inn" not in client.get(url(world)).content.decode()
    world.scheme.regime = Regime.STATE
    world.scheme.save()
    assert "Statens satser er ikke lagt inn ennå" in client.get(url(world)).content.decode()
    StateRate.objects.create(
        valid_from=datetime.date(2026, 1, 1),
        km_rate=Decimal("4.90"),
        allowance_6_12_hours=Decimal("360"),
        allowance_over_12_hours=Decimal("700"),
        allowance_per_night=Decimal("950"),
    )

    page = client.get(url(world)).content.decode()

    assert "Statens satser, nyeste først" in page
    assert "360,00" in page and "700,00" in page and "950,00" in page
