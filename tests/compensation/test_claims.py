"""Claims: drafts from attendance, the claimant's lines, sending, deciding, corrections,
and the refusals (not present, duplicates, bad kilometres, forged ids, after approval)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from medvirk.common.models import ActivityLog
from medvirk.compensation.domain import claims as domain
from medvirk.compensation.enums import ClaimStatus, LineKind, LineStatus, Regime
from medvirk.compensation.models import Claim, StateRate
from medvirk.meetings.enums import AttendanceRole
from medvirk.meetings.models import Attendance
from tests.compensation.conftest import PDF, PNG, World, meeting_on, present
from tests.meetings.attendance_helpers import fresh


def receipt(name: str = "kvittering.png", data: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def draft(world: World) -> Claim:
    domain.ensure_draft_claims(world.member_person)
    return Claim.objects.get(attendance=world.attendance)


def test_a_present_person_gets_one_draft_prefilled_from_attendance(world: World) -> None:
    assert domain.ensure_draft_claims(world.member_person) == 1
    assert domain.ensure_draft_claims(world.member_person) == 0  # never twice

    claim = Claim.objects.get()
    assert (claim.status, claim.minutes, claim.seat) == (ClaimStatus.DRAFT, 120, "member")
    assert [(line.kind, line.amount) for line in claim.lines.all()] == [
        (LineKind.FEE, Decimal("1000.00"))
    ]
    assert claim.total == Decimal("1000.00")


def test_no_claim_for_an_absent_person_or_a_meeting_not_yet_ended(world: World) -> None:
    Attendance.objects.filter(pk=world.attendance.pk).update(present=False)
    later = meeting_on(world.arena, datetime.date.today() + datetime.timedelta(days=3))
    present(later, world.member_person)

    assert domain.ensure_draft_claims(world.member_person) == 0
    absent = Attendance.objects.get(pk=world.attendance.pk)
    with pytest.raises(ValidationError):
        domain.create_claim(absent)


def test_a_duplicate_claim_for_one_attendance_is_refused_by_the_database(world: World) -> None:
    draft(world)

    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(
            person=world.member_person,
            attendance=world.attendance,
            meeting=world.meeting,
            organisation=world.service,
        )


def test_a_called_in_deputy_and_the_chair(world: World) -> None:
    present(world.meeting, world.deputy_person, role=AttendanceRole.DEPUTY)
    chair_seat = world.chair_person.memberships.get()
    present(world.meeting, world.chair_person, membership=chair_seat)

    domain.ensure_draft_claims(world.deputy_person)
    domain.ensure_draft_claims(world.chair_person)

    deputy_claim = Claim.objects.get(person=world.deputy_person)
    chair_claim = Claim.objects.get(person=world.chair_person)
    assert (deputy_claim.called_in_deputy, deputy_claim.total) == (True, Decimal("1000.00"))
    assert chair_claim.total == Decimal("1500.00")  # 50 % chair supplement


def test_digital_attendance_is_paid_at_the_digital_rate(world: World) -> None:
    claim = draft(world)

    domain.set_digital(claim, by=world.member, digital=True)

    claim.refresh_from_db()
    assert claim.total == Decimal("500.00")


def test_travel_with_a_receipt_and_the_lines_recalculated(world: World) -> None:
    claim = draft(world)

    domain.add_travel(claim, by=world.member, from_place="Hjem", to_place="Sykehuset", km="40")
    line = domain.add_travel(
        claim,
        by=world.member,
        from_place="Sykehuset",
        to_place="Hjem",
        ticket="89,50",
        receipt=receipt(),
    )

    claim.refresh_from_db()
    assert claim.total == Decimal("1000.00") + Decimal("140.00") + Decimal("89.50")
    assert line.receipt.file_type == "png"
    assert ActivityLog.objects.filter(action="compensation.claim.changed").count() == 2


@pytest.mark.parametrize(
    ("km", "ticket", "field"),
    [
        ("-5", "", "km"),
        ("3001", "", "km"),
        ("NaN", "", "km"),
        ("1e9", "", "km"),
        ("tjue", "", "km"),
        ("", "", "km"),
        ("10", "50", "ticket"),
        ("", "50", "receipt"),
        ("", "-1", "ticket"),
    ],
)
def test_bad_travel_is_refused_naming_the_field(
    world: World, km: str, ticket: str, field: str
) -> None:
    claim = draft(world)

    with pytest.raises(ValidationError) as error:
        domain.add_travel(
            claim, by=world.member, from_place="A", to_place="B", km=km, ticket=ticket
        )

    assert field in error.value.message_dict


def test_a_receipt_is_checked_by_its_content(world: World) -> None:
    claim = draft(world)

    with pytest.raises(ValidationError) as error:
        domain.add_travel(
            claim,
            by=world.member,
            from_place="A",
            to_place="B",
            ticket="50",
            receipt=SimpleUploadedFile("kvittering.pdf", b"<html>not a pdf</html>"),
        )

    assert "receipt" in error.value.message_dict


def test_lost_earnings_documented_needs_documentation(world: World) -> None:
    claim = draft(world)

    with pytest.raises(ValidationError) as error:
        domain.add_lost_earnings(claim, by=world.member, documented=True, amount="1500")
    assert "receipt" in error.value.message_dict

    domain.add_lost_earnings(
        claim,
        by=world.member,
        documented=True,
        amount="1500",
        receipt=SimpleUploadedFile("bekreftelse.pdf", PDF),
    )
    claim.refresh_from_db()
    assert claim.total == Decimal("1000.00")  # the health trust's rates pay no lost earnings


@pytest.mark.parametrize("who", ["deputy", "chair", "secretariat", "payroll", "outsider"])
def test_only_the_claimant_edits_a_claim(world: World, who: str) -> None:
    claim = draft(world)

    with pytest.raises(PermissionDenied):
        domain.add_travel(
            claim, by=fresh(getattr(world, who)), from_place="A", to_place="B", km="20"
        )


def submitted(world: World) -> Claim:
    claim = draft(world)
    domain.add_travel(claim, by=world.member, from_place="Hjem", to_place="Sykehuset", km="40")
    return domain.submit_claim(claim, by=world.member)


def test_the_chair_approves_one_line_and_rejects_another_and_the_claimant_is_told(
    world: World,
) -> None:
    claim = submitted(world)
    _fee, travel = claim.lines.order_by("position")

    decided = domain.decide_claim(
        claim, by=fresh(world.chair), rejected={travel.pk: "Reisen er kortere enn oppgitt."}
    )

    assert decided.status == ClaimStatus.APPROVED
    assert decided.total == Decimal("1000.00")
    travel.refresh_from_db()
    assert (travel.status, travel.reject_reason) == (
        LineStatus.REJECTED,
        "Reisen er kortere enn oppgitt.",
    )
    assert ActivityLog.objects.filter(action="compensation.claim.approved").count() == 1
    (message,) = mail.outbox
    assert message.to == ["mona@example.org"]
    assert "Reisen er kortere enn oppgitt." in message.body


def test_no_double_approval_and_no_change_after_approval(world: World) -> None:
    claim = submitted(world)
    domain.decide_claim(claim, by=fresh(world.secretariat))

    with pytest.raises(PermissionDenied):
        domain.decide_claim(claim, by=fresh(world.chair))
    with pytest.raises(PermissionDenied):
        domain.add_travel(claim, by=fresh(world.member), from_place="A", to_place="B", km="20")
    with pytest.raises(PermissionDenied):
        domain.submit_claim(claim, by=fresh(world.member))


@pytest.mark.parametrize("who", ["member", "deputy", "payroll", "outsider"])
def test_only_the_chair_or_the_secretariat_decides(world: World, who: str) -> None:
    claim = submitted(world)

    with pytest.raises(PermissionDenied):
        domain.decide_claim(claim, by=fresh(getattr(world, who)))


def test_a_rejection_needs_a_reason_and_a_forged_line_is_refused(world: World) -> None:
    claim = submitted(world)
    fee = claim.lines.first()
    assert fee is not None

    with pytest.raises(ValidationError):
        domain.decide_claim(claim, by=fresh(world.chair), rejected={fee.pk: "  "})
    with pytest.raises(PermissionDenied):
        domain.decide_claim(claim, by=fresh(world.chair), rejected={999999: "x"})


def test_send_back_and_send_again(world: World) -> None:
    claim = submitted(world)

    domain.decide_claim(claim, by=fresh(world.chair), send_back="Legg ved kvittering.")

    claim.refresh_from_db()
    assert (claim.status, claim.return_reason) == (ClaimStatus.RETURNED, "Legg ved kvittering.")
    assert "Legg ved kvittering." in mail.outbox[0].body
    domain.submit_claim(claim, by=fresh(world.member))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_a_correction_is_a_new_claim_with_only_what_was_missing(world: World) -> None:
    claim = submitted(world)
    domain.decide_claim(claim, by=fresh(world.chair))

    correction = domain.start_correction(claim, by=fresh(world.member))

    assert correction.corrects_id == claim.pk
    assert list(correction.lines.all()) == []
    domain.add_travel(correction, by=fresh(world.member), from_place="A", to_place="B", km="20")
    correction.refresh_from_db()
    assert correction.total == Decimal("70.00")
    with pytest.raises(ValidationError):
        domain.start_correction(claim, by=fresh(world.member))


def test_a_rate_change_applies_to_meetings_on_or_after_its_date(world: World) -> None:
    from medvirk.compensation.domain.rates import add_rate

    change = world.meeting.starts_at.date() + datetime.timedelta(days=1)
    add_rate(world.scheme, by=None, valid_from=change, hourly_fee=Decimal("600"))
    later = meeting_on(world.arena, change)
    present(later, world.member_person)

    domain.ensure_draft_claims(world.member_person)

    before, after = Claim.objects.order_by("meeting__starts_at")
    assert (before.total, after.total) == (Decimal("1000.00"), Decimal("1200.00"))


def state_world(world: World) -> None:
    """The service follows the state's rates, with a state rate table in force."""
    StateRate.objects.create(
        valid_from=datetime.date(2020, 1, 1),
        km_rate=Decimal("4.90"),
        allowance_6_12_hours=Decimal("360"),
        allowance_over_12_hours=Decimal("700"),
        allowance_per_night=Decimal("950"),
    )
    world.scheme.regime = Regime.STATE
    world.scheme.save()


def test_a_meal_allowance_at_the_state_rate_is_added_and_logged(world: World) -> None:
    state_world(world)
    claim = draft(world)

    line = domain.add_allowance(claim, by=world.member, hours="13,5")

    line.refresh_from_db()
    assert (line.kind, line.hours, line.amount, line.rule) == (
        LineKind.ALLOWANCE,
        Decimal("13.5"),
        Decimal("700.00"),
        "allowance_over_12",
    )
    assert ActivityLog.objects.filter(
        action="compensation.claim.changed", data__change="allowance_added"
    ).exists()
    night = domain.add_allowance(claim, by=world.member, nights="2")
    night.refresh_from_db()
    assert night.amount == Decimal("1900.00")


def test_a_service_not_on_state_rates_pays_no_meal_allowance(world: World) -> None:
    claim = draft(world)

    with pytest.raises(ValidationError) as error:
        domain.add_allowance(claim, by=world.member, hours="8")

    assert "statens satser" in error.value.messages[0]
    assert not claim.lines.filter(kind=LineKind.ALLOWANCE).exists()


@pytest.mark.parametrize(
    ("hours", "nights", "field"),
    [
        ("", "", "hours"),
        ("25", "", "hours"),
        ("-1", "", "hours"),
        ("åtte", "", "hours"),
        ("", "1,5", "nights"),
        ("", "15", "nights"),
    ],
)
def test_bad_allowance_input_is_refused_naming_the_field(
    world: World, hours: str, nights: str, field: str
) -> None:
    state_world(world)
    claim = draft(world)

    with pytest.raises(ValidationError) as error:
        domain.add_allowance(claim, by=world.member, hours=hours, nights=nights)

    assert field in error.value.message_dict


def test_only_the_claimant_adds_an_allowance(world: World) -> None:
    state_world(world)
    claim = draft(world)

    for who in (world.secretariat, world.chair, world.outsider):
        with pytest.raises(PermissionDenied):
            domain.add_allowance(claim, by=who, hours="8")
