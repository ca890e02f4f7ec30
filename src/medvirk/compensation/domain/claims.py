"""Claims: a draft per attendance recorded as present, the claimant's lines (travel,
lost earnings, with receipts), sending, the approver's decision, and corrections.

Drafts are made lazily (:func:`ensure_draft_claims`), when the person opens "Mine krav":
no periodic job is needed, and a person without a login never gets one. While a claim is
a draft (or sent back) its lines are recalculated on every change (calculation.py);
sending freezes them. An approved claim never changes: a correction is a new claim that
refers to it and holds only what is added (travel or lost earnings forgotten), so nothing
is paid twice.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.compensation import calculation, notifications
from medvirk.compensation.domain.receipts import check_receipt
from medvirk.compensation.domain.schemes import rates_for
from medvirk.compensation.enums import (
    CLAIMANT_KINDS,
    ClaimStatus,
    LineKind,
    LineStatus,
    Regime,
    SeatRole,
)
from medvirk.compensation.models import Claim, ClaimLine, Receipt, Scheme
from medvirk.meetings.enums import AttendanceRole
from medvirk.meetings.models import Attendance

if TYPE_CHECKING:
    from medvirk.accounts.models import User
    from medvirk.people.models import Person

CLAIM_CREATED = register_action("compensation.claim.created", gettext_lazy("Opprettet krav"))
CLAIM_CHANGED = register_action("compensation.claim.changed", gettext_lazy("Endret krav"))
CLAIM_SUBMITTED = register_action("compensation.claim.submitted", gettext_lazy("Sendte krav"))
CLAIM_APPROVED = register_action("compensation.claim.approved", gettext_lazy("Godkjente krav"))
CLAIM_RETURNED = register_action("compensation.claim.returned", gettext_lazy("Sendte krav tilbake"))
CLAIM_CORRECTED = register_action(
    "compensation.claim.corrected", gettext_lazy("Opprettet retting av krav")
)

MAX_KM = Decimal(3000)
MAX_AMOUNT = Decimal(100000)
MAX_JOURNEY_HOURS = Decimal(24)  # longer than a day: it had a night away
MAX_NIGHTS = 14
LOST_KINDS = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.PAID)


def _seat(attendance: Attendance) -> str:
    if attendance.membership_id is not None and attendance.membership is not None:
        return str(attendance.membership.role)
    return SeatRole.DEPUTY if attendance.role == AttendanceRole.DEPUTY else SeatRole.MEMBER


def _minutes(attendance: Attendance) -> int:
    meeting = attendance.meeting
    return max(int((meeting.ends_at - meeting.starts_at).total_seconds() // 60), 0)


def claimable_attendances(person: Person, *, now: datetime.datetime | None = None) -> Any:
    """The person's attendances recorded as present, at meetings that have ended in a
    service with a scheme, without a claim yet."""
    now = now or timezone.now()
    return (
        Attendance.objects.filter(
            person=person,
            present=True,
            meeting__ends_at__lte=now,
            meeting__arena__owner__compensation_scheme__isnull=False,
        )
        .filter(~Exists(Claim.objects.filter(attendance=OuterRef("pk"), corrects__isnull=True)))
        .select_related("meeting__arena__owner__compensation_scheme", "membership")
        .order_by("meeting__starts_at")
    )


def ensure_draft_claims(person: Person, *, now: datetime.datetime | None = None) -> int:
    """A draft claim for every attendance that has none (the number made)."""
    made = 0
    for attendance in claimable_attendances(person, now=now):
        try:
            with transaction.atomic():
                create_claim(attendance)
        except IntegrityError:  # made meanwhile by another request
            continue
        made += 1
    return made


@transaction.atomic
def create_claim(attendance: Attendance) -> Claim:
    """The draft claim for one attendance, its fee lines prefilled from attendance."""
    if not attendance.present:
        raise ValidationError(_("Du kan bare kreve godtgjøring for møter du var til stede på."))
    meeting = attendance.meeting
    claim = Claim.objects.create(
        person=attendance.person,
        attendance=attendance,
        meeting=meeting,
        organisation=meeting.arena.owner,
        seat=_seat(attendance),
        called_in_deputy=attendance.role == AttendanceRole.DEPUTY,
        minutes=_minutes(attendance),
    )
    recalculate(claim)
    log_activity(action=CLAIM_CREATED, actor=None, obj=claim, organisation=claim.organisation)
    return claim


def _scheme(claim: Claim) -> Scheme | None:
    return Scheme.objects.filter(organisation_id=claim.organisation_id).first()


def _lost_paid_same_day(claim: Claim) -> Decimal:
    day = timezone.localdate(claim.meeting.starts_at)
    total = (
        ClaimLine.objects.filter(
            claim__person_id=claim.person_id,
            claim__meeting__starts_at__date=day,
            claim__status__in=LOST_KINDS,
            kind=LineKind.LOST_EARNINGS,
        )
        .exclude(claim=claim)
        .exclude(status=LineStatus.REJECTED)
        .aggregate(total=Sum("amount"))["total"]
    )
    return total or Decimal(0)


def recalculate(claim: Claim) -> None:
    """Recompute every line from the rates on the meeting's day (drafts only)."""
    scheme = _scheme(claim)
    day = timezone.localdate(claim.meeting.starts_at)
    rates = rates_for(scheme, day) if scheme is not None else None
    claimant_lines = list(claim.lines.filter(kind__in=CLAIMANT_KINDS).order_by("position", "pk"))
    claim.lines.exclude(kind__in=CLAIMANT_KINDS).delete()
    if rates is None:
        claim.total = Decimal(0)
        claim.save(update_fields=["total"])
        return
    presence = calculation.Presence(
        present=True,
        minutes=claim.minutes,
        digital=claim.digital,
        seat=claim.seat,
        called_in_deputy=claim.called_in_deputy,
    )
    position = 0
    total = Decimal(0)
    if claim.corrects_id is None:  # a correction adds only the claimant's lines
        for line in calculation.fee_lines(rates, presence):
            ClaimLine.objects.create(
                claim=claim,
                kind=line.kind,
                position=position,
                quantity=line.quantity,
                rate=line.rate,
                amount=line.amount,
                rule=line.rule,
            )
            position += 1
            total += line.amount
    paid = _lost_paid_same_day(claim)
    for stored in claimant_lines:
        if stored.kind == LineKind.TRAVEL:
            line = calculation.travel_line(
                rates, calculation.Trip(km=stored.km, ticket=stored.ticket)
            )
        elif stored.kind == LineKind.ALLOWANCE:
            line = calculation.allowance_line(
                rates,
                calculation.Allowance(hours=stored.hours or Decimal(0), nights=stored.nights or 0),
            )
        else:
            line = calculation.lost_earnings_line(
                rates,
                calculation.LostEarnings(
                    documented=stored.documented,
                    amount=stored.claimed or Decimal(0),
                    evening=stored.evening,
                ),
                paid_same_day=paid,
            )
            paid += line.amount
        stored.position = 100 + position
        stored.quantity, stored.rate, stored.amount, stored.rule = (
            line.quantity,
            line.rate,
            line.amount,
            line.rule,
        )
        stored.save(update_fields=["position", "quantity", "rate", "amount", "rule"])
        position += 1
        total += line.amount
    claim.total = calculation.money(total)
    claim.save(update_fields=["total"])


def _locked_editable(claim: Claim, by: User) -> Claim:
    locked = Claim.objects.select_for_update().select_related("meeting").get(pk=claim.pk)
    if not rules.has_perm("compensation.edit_claim", by, locked):
        raise PermissionDenied
    return locked


def _decimal(value: Any, field: str, *, maximum: Decimal, message: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise ValidationError({field: message}) from None
    if not number.is_finite() or number < 0 or number > maximum:
        raise ValidationError({field: message})
    return number


def _attach(line: ClaimLine, receipt: UploadedFile | None) -> None:
    if receipt is None:
        return
    content, kind, name, size = check_receipt(receipt)
    Receipt.objects.create(line=line, file=content, original_name=name, file_type=kind, size=size)


def _changed(claim: Claim, by: User, what: str) -> None:
    recalculate(claim)
    log_activity(
        action=CLAIM_CHANGED,
        actor=by,
        obj=claim,
        organisation=claim.organisation,
        data={"change": what},
    )


@transaction.atomic
def add_travel(
    claim: Claim,
    *,
    by: User,
    from_place: str,
    to_place: str,
    km: Any = None,
    ticket: Any = None,
    receipt: UploadedFile | None = None,
) -> ClaimLine:
    claim = _locked_editable(claim, by)
    errors: dict[str, str] = {}
    if not from_place.strip():
        errors["from_place"] = _("Skriv hvor du reiste fra.")
    if not to_place.strip():
        errors["to_place"] = _("Skriv hvor du reiste til.")
    km_value = ticket_value = None
    try:
        km_value = _decimal(
            km, "km", maximum=MAX_KM, message=_("Skriv antall kilometer, fra 0 til 3000.")
        )
    except ValidationError as error:
        errors.update({key: value[0] for key, value in error.message_dict.items()})
    try:
        ticket_value = _decimal(
            ticket,
            "ticket",
            maximum=MAX_AMOUNT,
            message=_("Skriv billettbeløpet i kroner, fra 0 til 100 000."),
        )
    except ValidationError as error:
        errors.update({key: value[0] for key, value in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    if km_value is None and ticket_value is None:
        errors["km"] = _("Skriv kilometer eller et billettbeløp.")
    elif km_value is not None and ticket_value is not None:
        errors["ticket"] = _("Skriv enten kilometer eller billettbeløp, ikke begge.")
    elif ticket_value is not None and receipt is None:
        errors["receipt"] = _("Legg ved kvitteringen for billetten.")
    if errors:
        raise ValidationError(errors)
    line = ClaimLine.objects.create(
        claim=claim,
        kind=LineKind.TRAVEL,
        from_place=from_place.strip()[:200],
        to_place=to_place.strip()[:200],
        km=km_value,
        ticket=ticket_value,
        position=100,
    )
    _attach(line, receipt)
    _changed(claim, by, "travel_added")
    return line


@transaction.atomic
def add_lost_earnings(
    claim: Claim,
    *,
    by: User,
    documented: bool,
    amount: Any = None,
    evening: bool = False,
    receipt: UploadedFile | None = None,
) -> ClaimLine:
    claim = _locked_editable(claim, by)
    value = _decimal(
        amount,
        "amount",
        maximum=MAX_AMOUNT,
        message=_("Skriv beløpet i kroner, fra 0 til 100 000."),
    )
    if documented and value is None:
        raise ValidationError({"amount": _("Skriv hvor mye du tapte.")})
    if documented and receipt is None:
        raise ValidationError(
            {"receipt": _("Legg ved dokumentasjon, for eksempel en bekreftelse fra arbeidsgiver.")}
        )
    line = ClaimLine.objects.create(
        claim=claim,
        kind=LineKind.LOST_EARNINGS,
        documented=documented,
        claimed=value if documented else None,
        evening=evening and not documented,
        position=100,
    )
    _attach(line, receipt)
    _changed(claim, by, "lost_earnings_added")
    return line


def pays_allowances(claim: Claim) -> bool:
    """Only a service on the state's rates pays meal allowances."""
    scheme = _scheme(claim)
    return scheme is not None and scheme.regime == Regime.STATE


@transaction.atomic
def add_allowance(claim: Claim, *, by: User, hours: Any = None, nights: Any = None) -> ClaimLine:
    """A meal allowance for the journey to the meeting: its length in hours, or the
    nights away (then paid per night)."""
    claim = _locked_editable(claim, by)
    if not pays_allowances(claim):
        raise ValidationError(
            _("Tjenesten betaler ikke kostgodtgjøring. Den gis bare etter statens satser.")
        )
    errors: dict[str, str] = {}
    hours_value = nights_value = None
    try:
        hours_value = _decimal(
            hours,
            "hours",
            maximum=MAX_JOURNEY_HOURS,
            message=_("Skriv reisens varighet i timer, fra 0 til 24."),
        )
    except ValidationError as error:
        errors.update({key: value[0] for key, value in error.message_dict.items()})
    try:
        nights_decimal = _decimal(
            nights,
            "nights",
            maximum=Decimal(MAX_NIGHTS),
            message=_("Skriv antall overnattinger som et helt tall fra 0 til 14."),
        )
        if nights_decimal is not None and nights_decimal != nights_decimal.to_integral_value():
            raise ValidationError(
                {"nights": _("Skriv antall overnattinger som et helt tall fra 0 til 14.")}
            )
        nights_value = int(nights_decimal) if nights_decimal is not None else None
    except ValidationError as error:
        errors.update({key: value[0] for key, value in error.message_dict.items()})
    if not errors and not hours_value and not nights_value:
        errors["hours"] = _("Skriv hvor lenge reisen varte, eller antall overnattinger.")
    if errors:
        raise ValidationError(errors)
    line = ClaimLine.objects.create(
        claim=claim,
        kind=LineKind.ALLOWANCE,
        hours=hours_value,
        nights=nights_value or None,
        position=100,
    )
    _changed(claim, by, "allowance_added")
    return line


@transaction.atomic
def remove_line(line: ClaimLine, *, by: User) -> None:
    claim = _locked_editable(line.claim, by)
    if line.claim_id != claim.pk or line.kind not in CLAIMANT_KINDS:
        raise PermissionDenied
    line.delete()
    _changed(claim, by, "line_removed")


@transaction.atomic
def set_digital(claim: Claim, *, by: User, digital: bool) -> None:
    claim = _locked_editable(claim, by)
    claim.digital = digital
    claim.save(update_fields=["digital"])
    _changed(claim, by, "digital" if digital else "in_person")


@transaction.atomic
def submit_claim(claim: Claim, *, by: User) -> Claim:
    claim = _locked_editable(claim, by)
    recalculate(claim)
    if not claim.lines.exists():
        raise ValidationError(_("Kravet har ingen linjer å betale."))
    claim.status = ClaimStatus.SUBMITTED
    claim.submitted_at = timezone.now()
    claim.return_reason = ""
    claim.save(update_fields=["status", "submitted_at", "return_reason"])
    claim.lines.update(status=LineStatus.OPEN, reject_reason="")
    log_activity(action=CLAIM_SUBMITTED, actor=by, obj=claim, organisation=claim.organisation)
    return claim


@transaction.atomic
def decide_claim(
    claim: Claim,
    *,
    by: User,
    rejected: dict[int, str] | None = None,
    send_back: str | None = None,
) -> Claim:
    """Approve the claim, rejecting the lines in ``rejected`` (line id -> reason), or
    send it back with a reason. Only once: a decided claim is no longer pending."""
    locked = (
        Claim.objects.select_for_update()
        .select_related("meeting", "organisation", "person")
        .get(pk=claim.pk)
    )
    if not rules.has_perm("compensation.decide_claim", by, locked):
        raise PermissionDenied
    now = timezone.now()
    if send_back is not None:
        if not send_back.strip():
            raise ValidationError({"reason": _("Skriv hvorfor kravet sendes tilbake.")})
        locked.status = ClaimStatus.RETURNED
        locked.return_reason = send_back.strip()[:2000]
        locked.decided_at, locked.decided_by = now, by
        locked.save(update_fields=["status", "return_reason", "decided_at", "decided_by"])
        log_activity(action=CLAIM_RETURNED, actor=by, obj=locked, organisation=locked.organisation)
        notifications.send_claim_decided(locked)
        return locked
    rejected = rejected or {}
    lines = {line.pk: line for line in locked.lines.all()}
    errors = {}
    for line_id, reason in rejected.items():
        if line_id not in lines:
            raise PermissionDenied
        if not reason.strip():
            errors[f"reason_{line_id}"] = _("Skriv hvorfor linjen avvises.")
    if errors:
        raise ValidationError(errors)
    total = Decimal(0)
    for line_id, line in lines.items():
        if line_id in rejected:
            line.status, line.reject_reason = LineStatus.REJECTED, rejected[line_id].strip()[:500]
        else:
            line.status, line.reject_reason = LineStatus.APPROVED, ""
            total += line.amount
    ClaimLine.objects.bulk_update(lines.values(), ["status", "reject_reason"])
    locked.status = ClaimStatus.APPROVED
    locked.total = calculation.money(total)
    locked.decided_at, locked.decided_by = now, by
    locked.save(update_fields=["status", "total", "decided_at", "decided_by"])
    log_activity(
        action=CLAIM_APPROVED,
        actor=by,
        obj=locked,
        organisation=locked.organisation,
        data={"rejected_lines": sorted(rejected), "total": str(locked.total)},
    )
    notifications.send_claim_decided(locked)
    return locked


@transaction.atomic
def start_correction(claim: Claim, *, by: User) -> Claim:
    """A new draft referring to an approved (or paid) claim; one correction each."""
    locked = Claim.objects.select_for_update().select_related("meeting").get(pk=claim.pk)
    if not rules.has_perm("compensation.correct_claim", by, locked):
        raise PermissionDenied
    if Claim.objects.filter(corrects=locked).exists():
        raise ValidationError(_("Dette kravet er allerede rettet."))
    correction = Claim.objects.create(
        person_id=locked.person_id,
        attendance_id=locked.attendance_id,
        meeting_id=locked.meeting_id,
        organisation_id=locked.organisation_id,
        corrects=locked,
        seat=locked.seat,
        called_in_deputy=locked.called_in_deputy,
        minutes=locked.minutes,
        digital=locked.digital,
    )
    recalculate(correction)
    log_activity(
        action=CLAIM_CORRECTED,
        actor=by,
        obj=correction,
        organisation=locked.organisation,
        data={"corrects": locked.pk},
    )
    return correction
