"""Payment details encrypted at rest and read only by the person and the payroll export;
the payroll export read back from CSV and XLSX, never twice, periods closed."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from medvirk.common.models import ActivityLog
from medvirk.compensation.domain import claims as domain
from medvirk.compensation.domain.payment import read_payment_details, save_payment_details
from medvirk.compensation.domain.payroll import export_period
from medvirk.compensation.enums import ClaimStatus
from medvirk.compensation.models import Claim, PaymentDetails
from tests.compensation.conftest import World
from tests.meetings.attendance_helpers import fresh

NIN = "15108695088"
ACCOUNT = "86011117947"


def test_payment_details_are_encrypted_at_rest_and_shown_masked(world: World) -> None:
    save_payment_details(world.member_person, by=world.member, nin=NIN, account="8601.11.17947")

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM compensation_paymentdetails")
        dump = repr(cursor.fetchall())
    assert NIN not in dump and ACCOUNT not in dump
    details = PaymentDetails.objects.get()
    assert details.nin_hint.endswith("88") and NIN not in details.nin_hint
    assert details.account_hint.endswith("17947") and ACCOUNT not in details.account_hint


@pytest.mark.parametrize(
    ("nin", "account", "field"),
    [
        ("15108695089", ACCOUNT, "nin"),
        ("1510869508", ACCOUNT, "nin"),
        ("1510869508x", ACCOUNT, "nin"),
        (NIN, "86011117948", "account"),
        (NIN, "8601111794", "account"),
    ],
)
def test_invalid_identity_or_account_numbers_are_refused(
    world: World, nin: str, account: str, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        save_payment_details(world.member_person, by=world.member, nin=nin, account=account)

    assert field in error.value.message_dict
    assert not PaymentDetails.objects.exists()


@pytest.mark.parametrize("who", ["chair", "secretariat", "payroll", "outsider", "deputy"])
def test_only_the_person_reads_their_own_details(world: World, who: str) -> None:
    save_payment_details(world.member_person, by=world.member, nin=NIN, account=ACCOUNT)

    with pytest.raises(PermissionDenied):
        read_payment_details(world.member_person, by=fresh(getattr(world, who)), purpose="x")
    with pytest.raises(PermissionDenied):
        save_payment_details(
            world.member_person, by=fresh(getattr(world, who)), nin=NIN, account=ACCOUNT
        )


def test_every_read_is_logged(world: World) -> None:
    save_payment_details(world.member_person, by=world.member, nin=NIN, account=ACCOUNT)

    clear = read_payment_details(world.member_person, by=world.member, purpose="own_page")

    assert clear is not None and (clear.nin, clear.account) == (NIN, ACCOUNT)
    assert ActivityLog.objects.filter(action="compensation.payment_details.read").count() == 1


def test_the_numbers_are_on_no_other_page(world: World) -> None:
    save_payment_details(world.member_person, by=world.member, nin=NIN, account=ACCOUNT)
    claim = approved(world)
    pages = {
        "member": [
            "/godtgjoring/",
            claim.get_absolute_url(),
            "/godtgjoring/betalingsopplysninger/",
            "/konto/",
        ],
        "chair": ["/godtgjoring/godkjenning/", claim.get_absolute_url()],
        "payroll": [f"/godtgjoring/lonn/{world.service.pk}/", claim.get_absolute_url()],
    }
    for who, urls in pages.items():
        client = Client()
        client.force_login(getattr(world, who))
        for url in urls:
            body = client.get(url).content.decode()
            assert NIN not in body and ACCOUNT not in body, (who, url)


def approved(world: World) -> Claim:
    domain.ensure_draft_claims(world.member_person)
    claim = Claim.objects.get(attendance=world.attendance)
    domain.add_travel(claim, by=world.member, from_place="Hjem", to_place="Sykehuset", km="40")
    domain.submit_claim(claim, by=world.member)
    return domain.decide_claim(claim, by=fresh(world.chair))


def test_payroll_exports_csv_and_xlsx_read_back_and_marks_paid(world: World) -> None:
    save_payment_details(world.member_person, by=world.member, nin=NIN, account=ACCOUNT)
    claim = approved(world)
    today = timezone.localdate()
    client = Client()
    client.force_login(world.payroll)

    response = client.post(
        f"/godtgjoring/lonn/{world.service.pk}/",
        {
            "period_start": (today - datetime.timedelta(days=30)).isoformat(),
            "period_end": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )

    # Approved today: not in a period that ends yesterday.
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    Claim.objects.filter(pk=claim.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=40)
    )
    export = export_period(
        world.service,
        by=fresh(world.payroll),
        start=today - datetime.timedelta(days=60),
        end=today - datetime.timedelta(days=31),
    )
    claim.refresh_from_db()
    assert (claim.status, claim.payroll_export_id, export.claim_count) == (
        ClaimStatus.PAID,
        export.pk,
        1,
    )

    text = client.get(f"/godtgjoring/lonn/eksport/{export.pk}/csv/").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Fødselsnummer", "Navn", "Kontonummer"]
    assert [row[:4] for row in rows[1:]] == [
        [NIN, "Mona Medlem", ACCOUNT, "110"],
        [NIN, "Mona Medlem", ACCOUNT, "720"],
    ]
    assert [row[6] for row in rows[1:]] == ["1000.00", "140.00"]

    workbook = load_workbook(
        io.BytesIO(client.get(f"/godtgjoring/lonn/eksport/{export.pk}/xlsx/").content)
    )
    values = list(workbook.active.iter_rows(values_only=True))
    assert values[1][0] == NIN and Decimal(str(values[1][6])) == Decimal("1000.00")
    assert ActivityLog.objects.filter(action="compensation.payment_details.read").count() == 2

    # Never twice; a closed period cannot change.
    with pytest.raises(ValidationError):
        export_period(
            world.service,
            by=fresh(world.payroll),
            start=today - datetime.timedelta(days=45),
            end=today - datetime.timedelta(days=35),
        )
    page = client.get(f"/godtgjoring/lonn/{world.service.pk}/").content.decode()
    assert "Mona Medlem" in page  # the yearly totals
    assert "1\xa0140,00" in page or "1 140,00" in page


@pytest.mark.parametrize("who", ["member", "chair", "secretariat", "outsider"])
def test_only_the_payroll_role_exports(world: World, who: str) -> None:
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        export_period(
            world.service,
            by=fresh(getattr(world, who)),
            start=today - datetime.timedelta(days=9),
            end=today - datetime.timedelta(days=1),
        )
    client = Client()
    client.force_login(getattr(world, who))
    assert client.get(f"/godtgjoring/lonn/{world.service.pk}/").status_code == 403


def test_a_period_must_end_before_today(world: World) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        export_period(
            world.service,
            by=fresh(world.payroll),
            start=today - datetime.timedelta(days=9),
            end=today,
        )
    assert "period_end" in error.value.message_dict
