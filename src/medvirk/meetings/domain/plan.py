"""The meeting plan: creating, changing, cancelling and generating meetings.

Times are wall-clock Europe/Oslo. A meeting at 10:00 on the Sunday the clocks
change is at 10:00 local time; it is stored in UTC like every other datetime.

Two local times need a rule:

- a time that does not exist (02:30 on the last Sunday of March, when the clocks
  jump from 02:00 to 03:00) is refused with a clear message;
- a time that happens twice (02:30 on the last Sunday of October) is the *first*
  occurrence, still on summer time (CEST, UTC+2). That is what ``zoneinfo`` gives
  with ``fold=0``, and what people mean when they plan a meeting for "02:30".
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.arenas.models import Arena
from medvirk.common import bounds
from medvirk.common.activity import diff, log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.dates import format_date
from medvirk.common.holidays import holiday_name
from medvirk.meetings.enums import MeetingStatus
from medvirk.meetings.models import Meeting
from medvirk.meetings.notifications import send_meeting_cancelled, send_meeting_changed
from medvirk.meetings.selectors import seat_holders_with_email

if TYPE_CHECKING:
    from medvirk.accounts.models import User
    from medvirk.people.models import Person

OSLO = ZoneInfo("Europe/Oslo")
UTC = datetime.UTC

MEETING_CREATED = register_action("meetings.meeting.created", gettext_lazy("La til møte"))
MEETING_UPDATED = register_action("meetings.meeting.updated", gettext_lazy("Endret møte"))
MEETING_CANCELLED = register_action("meetings.meeting.cancelled", gettext_lazy("Avlyste møte"))
PLAN_GENERATED = register_action("meetings.plan.generated", gettext_lazy("Lagde møteplan"))

# What a calendar shows: a change here bumps SEQUENCE and, once the agenda is
# published, is mailed to the members.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "place", "address", "digital_link")
DETAIL_FIELDS = (
    "step_free_access",
    "hearing_loop",
    "accessible_toilet",
    "accessibility_note",
)
EDITABLE_FIELDS = CALENDAR_FIELDS + DETAIL_FIELDS
_FIELD_LABELS = {
    "title": gettext_lazy("tittel"),
    "starts_at": gettext_lazy("starttid"),
    "ends_at": gettext_lazy("sluttid"),
    "place": gettext_lazy("sted"),
    "address": gettext_lazy("adresse"),
    "digital_link": gettext_lazy("lenke til digitalt møte"),
}
TEXT_FIELDS = ("title", "place", "address", "digital_link", "accessibility_note")

RULE_WEEKLY = "weekly_n"
RULE_MONTHLY = "monthly_weekday"
RULE_MONTHLY_LAST = "monthly_last_weekday"
RULES = (RULE_WEEKLY, RULE_MONTHLY, RULE_MONTHLY_LAST)
MAX_GENERATED = 24
MAX_INTERVAL_WEEKS = 12
MIN_DURATION, MAX_DURATION = 15, 12 * 60


# --- Local time -----------------------------------------------------------------


def local_datetime(
    day: datetime.date, time: datetime.time, *, field: str = "start_time"
) -> datetime.datetime:
    """``day`` at wall-clock ``time`` in Europe/Oslo, as an aware datetime.

    Refuses a time that does not exist that day (the spring-forward gap); an
    ambiguous time (the fall-back hour) is the first occurrence.
    """
    naive = datetime.datetime.combine(day, time.replace(tzinfo=None, fold=0))
    value = naive.replace(tzinfo=OSLO)
    check_local_exists(value, field=field)
    return value


def check_local_exists(value: datetime.datetime, *, field: str = "starts_at") -> None:
    """Raise if ``value`` names a wall-clock time in Europe/Oslo that never happens."""
    if getattr(value.tzinfo, "key", None) != "Europe/Oslo":
        return
    round_trip = value.astimezone(UTC).astimezone(OSLO)
    if round_trip.replace(tzinfo=None) != value.replace(tzinfo=None, fold=0):
        raise ValidationError(
            {
                field: _(
                    "Klokkeslettet %(time)s finnes ikke %(date)s, fordi klokken stilles fram "
                    "fra 02:00 til 03:00 den natten. Velg et annet tidspunkt."
                )
                % {
                    # The wall-clock time as typed: it has no place on the time line.
                    "time": format_date(value.replace(tzinfo=None), "TIME_FORMAT"),
                    "date": format_date(value.replace(tzinfo=None), "SHORT_DATE_FORMAT"),
                }
            }
        )


def _aware(value: Any, field: str, errors: dict[str, str]) -> datetime.datetime | None:
    if not isinstance(value, datetime.datetime):
        errors[field] = _("Oppgi dato og klokkeslett.")
        return None
    if timezone.is_naive(value):
        value = value.replace(tzinfo=OSLO)
    try:
        check_local_exists(value, field=field)
    except ValidationError as error:
        errors[field] = error.message_dict[field][0]
        return None
    return value


# --- Validation -------------------------------------------------------------------

# A meeting is planned at most ten years ahead (common/bounds.py; the forms say it first).
_not_too_far_ahead = bounds.at_most_years_ahead(bounds.MEETING_YEARS_AHEAD)


def _clean(values: dict[str, Any], *, require_future: bool) -> dict[str, Any]:
    """Validate and normalise meeting fields; the dict is keyed like the model."""
    errors: dict[str, str] = {}
    starts_at = _aware(values.get("starts_at"), "starts_at", errors)
    ends_at = _aware(values.get("ends_at"), "ends_at", errors)
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("Møtet må slutte etter at det har startet.")
    if starts_at and require_future and starts_at <= timezone.now():
        errors["starts_at"] = _("Møtet må ligge fram i tid.")
    if starts_at and "starts_at" not in errors:
        try:
            _not_too_far_ahead(starts_at)
        except ValidationError as error:
            errors["starts_at"] = error.messages[0]
    cleaned = dict(values)
    cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
    for name in TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    for name in ("step_free_access", "hearing_loop", "accessible_toilet"):
        if name in cleaned:
            cleaned[name] = bool(cleaned[name])
    if errors:
        raise ValidationError(errors)
    return cleaned


def _full_clean(meeting: Meeting) -> None:
    """Field lengths and the URL, checked by the model's own validators."""
    try:
        meeting.full_clean(exclude=["arena"], validate_constraints=False)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error


# --- Mail to the members -----------------------------------------------------------


def _mail_members(
    meeting: Meeting, send: Callable[[Person, dict[str, Any]], bool], extra: dict[str, Any]
) -> int:
    context = {
        "meeting": meeting,
        "arena_name": meeting.arena.name,
        "owner_name": meeting.arena.owner.name,
        "starts_at": timezone.localtime(meeting.starts_at, OSLO),
        "ends_at": timezone.localtime(meeting.ends_at, OSLO),
        "link": settings.SITE_URL.rstrip("/") + meeting.get_absolute_url(),
        **extra,
    }
    return sum(send(person, context) for person in seat_holders_with_email(meeting))


# --- Create, update, cancel --------------------------------------------------------


def _log_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(UTC).isoformat()
    return value


@transaction.atomic
def create_meeting(
    arena: Arena,
    *,
    by: User,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    title: str = "",
    place: str = "",
    address: str = "",
    digital_link: str = "",
    step_free_access: bool = False,
    hearing_loop: bool = False,
    accessible_toilet: bool = False,
    accessibility_note: str = "",
) -> Meeting:
    """Put a new meeting in the arena's plan."""
    if not rules.has_perm("meetings.manage", by, arena):
        raise PermissionDenied
    values = _clean(
        {
            "title": title,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "place": place,
            "address": address,
            "digital_link": digital_link,
            "step_free_access": step_free_access,
            "hearing_loop": hearing_loop,
            "accessible_toilet": accessible_toilet,
            "accessibility_note": accessibility_note,
        },
        require_future=True,
    )
    meeting = Meeting(arena=arena, **values)
    _full_clean(meeting)
    meeting.save()
    log_activity(
        action=MEETING_CREATED,
        actor=by,
        obj=meeting,
        organisation=arena.owner,
        data={"arena": arena.pk, "starts_at": _log_value(meeting.starts_at)},
    )
    return meeting


@transaction.atomic
def update_meeting(meeting: Meeting, *, by: User, **fields: Any) -> Meeting:
    """Change a meeting. A change a calendar shows raises SEQUENCE by one and, when the
    agenda is already out, is mailed to the members."""
    if not rules.has_perm("meetings.manage", by, meeting):
        raise PermissionDenied
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"update_meeting() got unexpected fields: {sorted(unknown)}")
    locked = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("arena__owner")
        .get(pk=meeting.pk)
    )
    if locked.is_cancelled:
        raise ValidationError(_("Møtet er avlyst og kan ikke endres."))
    before = {name: getattr(locked, name) for name in EDITABLE_FIELDS}
    values = _clean({**before, **fields}, require_future=False)
    if values["starts_at"] != before["starts_at"] and values["starts_at"] <= timezone.now():
        raise ValidationError(
            {"starts_at": _("Et møte kan ikke flyttes til et tidspunkt som har vært.")}
        )
    for name in EDITABLE_FIELDS:
        setattr(locked, name, values[name])
    changed = diff(
        {k: _log_value(v) for k, v in before.items()},
        {k: _log_value(values[k]) for k in EDITABLE_FIELDS},
    )
    if not changed:
        return locked
    calendar_changed = [name for name in CALENDAR_FIELDS if name in changed]
    if calendar_changed:
        locked.sequence += 1
    _full_clean(locked)
    locked.save()
    mailed = 0
    if calendar_changed and locked.is_published:
        labels = [_FIELD_LABELS[name] for name in calendar_changed]  # lazy: the mail's language
        mailed = _mail_members(locked, send_meeting_changed, {"changed": labels})
    log_activity(
        action=MEETING_UPDATED,
        actor=by,
        obj=locked,
        organisation=locked.arena.owner,
        data={"changed": changed, "sequence": locked.sequence, "mailed": mailed},
    )
    _copy(locked, meeting)
    return locked


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, by: User, reason: str) -> Meeting:
    """Cancel a meeting that has not yet happened; the members are told why."""
    if not rules.has_perm("meetings.manage", by, meeting):
        raise PermissionDenied
    locked = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("arena__owner")
        .get(pk=meeting.pk)
    )
    reason = (reason or "").strip()
    if locked.is_cancelled:
        raise ValidationError(_("Møtet er allerede avlyst."))
    if locked.starts_at <= timezone.now():
        raise ValidationError(_("Et møte som har vært, kan ikke avlyses."))
    if not reason:
        raise ValidationError(
            {"reason": _("Skriv hvorfor møtet avlyses. Årsaken vises på møtesiden.")}
        )
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Årsaken kan være høyst 2000 tegn.")})
    locked.status = MeetingStatus.CANCELLED
    locked.cancelled_reason = reason
    locked.sequence += 1
    locked.save(update_fields=["status", "cancelled_reason", "sequence", "updated_at"])
    mailed = _mail_members(locked, send_meeting_cancelled, {"reason": reason})
    log_activity(
        action=MEETING_CANCELLED,
        actor=by,
        obj=locked,
        organisation=locked.arena.owner,
        data={"reason": reason, "sequence": locked.sequence, "mailed": mailed},
    )
    _copy(locked, meeting)
    return locked


def _copy(source: Meeting, target: Meeting) -> None:
    """Let the caller's object reflect what was saved."""
    if source is target:
        return
    for name in (*EDITABLE_FIELDS, "status", "cancelled_reason", "sequence", "updated_at"):
        setattr(target, name, getattr(source, name))


# --- Recurring generation -------------------------------------------------------------


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date:
    """The ``nth`` (1-based) ``weekday`` of the month; past the last one, the last one."""
    days = [
        week[weekday]
        for week in calendar.Calendar().monthdatescalendar(year, month)
        if week[weekday].month == month
    ]
    return days[min(nth, len(days)) - 1]


def _last_weekday(year: int, month: int, weekday: int) -> datetime.date:
    return _nth_weekday(year, month, weekday, 5)


def plan_dates(
    first_day: datetime.date,
    *,
    rule: str,
    interval_weeks: int = 1,
    count: int | None = None,
    until: datetime.date | None = None,
    limit: int = MAX_GENERATED,
) -> list[datetime.date]:
    """The dates of a recurring plan, starting with ``first_day``. Pure.

    - ``weekly_n``: every ``interval_weeks`` weeks.
    - ``monthly_weekday``: the same weekday of the month as ``first_day`` (2nd
      Tuesday ...). A 5th weekday falls back to the last one in months without one.
    - ``monthly_last_weekday``: the last such weekday of every month.

    Stops after ``count`` dates, or at ``until`` (inclusive). At most ``limit + 1``
    dates are returned, so a caller can tell "too many" from "exactly the limit".
    """
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}")
    if (count is None) == (until is None):
        raise ValueError("give exactly one of count and until")
    wanted = count if count is not None else limit + 1
    dates: list[datetime.date] = []
    weekday = first_day.weekday()
    nth = (first_day.day - 1) // 7 + 1
    step = 0
    while len(dates) < min(wanted, limit + 1):
        if rule == RULE_WEEKLY:
            day = first_day + datetime.timedelta(weeks=interval_weeks * step)
        else:
            month_index = first_day.month - 1 + step
            year, month = first_day.year + month_index // 12, month_index % 12 + 1
            if step == 0 and rule == RULE_MONTHLY:
                day = first_day
            elif rule == RULE_MONTHLY_LAST:
                day = _last_weekday(year, month, weekday)
            else:
                day = _nth_weekday(year, month, weekday, nth)
        if until is not None and day > until:
            break
        if day >= first_day:
            dates.append(day)
        step += 1
    return dates


def planned_times(
    *,
    first_day: datetime.date,
    rule: str,
    interval_weeks: int = 1,
    count: int | None = None,
    until: datetime.date | None = None,
    start_time: datetime.time,
    duration_minutes: int,
    skip_holidays: bool = True,
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """Validate a recurring plan and return its (start, end) pairs, Europe/Oslo,
    without the dates that are public holidays (unless ``skip_holidays`` is off).

    Used by :func:`generate_meetings`; writes nothing. The preview uses
    :func:`plan_preview`, which also says which dates were skipped.
    """
    return plan_preview(
        first_day=first_day,
        rule=rule,
        interval_weeks=interval_weeks,
        count=count,
        until=until,
        start_time=start_time,
        duration_minutes=duration_minutes,
        skip_holidays=skip_holidays,
    )[0]


def plan_preview(
    *,
    first_day: datetime.date,
    rule: str,
    interval_weeks: int = 1,
    count: int | None = None,
    until: datetime.date | None = None,
    start_time: datetime.time,
    duration_minutes: int,
    skip_holidays: bool = True,
) -> tuple[list[tuple[datetime.datetime, datetime.datetime]], list[tuple[datetime.date, str]]]:
    """The plan's (start, end) pairs and the dates skipped as public holidays, with the
    holiday's name in the active language. ``count`` counts the plan's dates, the
    skipped ones included: ten weekly dates over Easter give eight or nine meetings."""
    errors: dict[str, str] = {}
    if rule not in RULES:
        errors["rule"] = _("Velg hvor ofte møtene skal være.")
    if rule == RULE_WEEKLY and not 1 <= (interval_weeks or 0) <= MAX_INTERVAL_WEEKS:
        errors["interval_weeks"] = _("Velg et antall uker mellom 1 og %(max)s.") % {
            "max": MAX_INTERVAL_WEEKS
        }
    if count is None and until is None:
        errors["count"] = _("Oppgi enten hvor mange møter det skal bli, eller en sluttdato.")
    elif count is not None and until is not None:
        errors["count"] = _("Oppgi enten antall møter eller en sluttdato, ikke begge.")
    elif count is not None and not 1 <= count <= MAX_GENERATED:
        errors["count"] = _("Du kan lage mellom 1 og %(max)s møter om gangen.") % {
            "max": MAX_GENERATED
        }
    elif until is not None and until < first_day:
        errors["until"] = _("Sluttdatoen må være samme dag som eller etter første møte.")
    if not MIN_DURATION <= (duration_minutes or 0) <= MAX_DURATION:
        errors["duration_minutes"] = _("Varigheten må være mellom %(min)s og %(max)s minutter.") % {
            "min": MIN_DURATION,
            "max": MAX_DURATION,
        }
    if errors:
        raise ValidationError(errors)
    dates = plan_dates(
        first_day, rule=rule, interval_weeks=interval_weeks, count=count, until=until
    )
    if len(dates) > MAX_GENERATED:
        raise ValidationError(
            {
                "until": _(
                    "Det blir mer enn %(max)s møter før sluttdatoen. Velg en tidligere "
                    "sluttdato, eller lag planen i flere omganger."
                )
                % {"max": MAX_GENERATED}
            }
        )
    pairs: list[tuple[datetime.datetime, datetime.datetime]] = []
    skipped: list[tuple[datetime.date, str]] = []
    for day in dates:
        holiday = holiday_name(day) if skip_holidays else None
        if holiday is not None:
            skipped.append((day, str(holiday)))
            continue
        starts_at = local_datetime(day, start_time, field="start_time")
        # Add the duration in real (UTC) time, then show it in local time.
        ends_at = (
            starts_at.astimezone(UTC) + datetime.timedelta(minutes=duration_minutes)
        ).astimezone(OSLO)
        pairs.append((starts_at, ends_at))
    if not pairs:
        raise ValidationError(
            {"first_day": _("Alle datoene i planen er helligdager. Velg andre datoer.")}
        )
    if pairs[0][0] <= timezone.now():
        raise ValidationError({"first_day": _("Det første møtet må ligge fram i tid.")})
    try:
        _not_too_far_ahead(pairs[-1][0])
    except ValidationError as error:
        raise ValidationError({"first_day": error.messages}) from error
    return pairs, skipped


@transaction.atomic
def generate_meetings(
    arena: Arena,
    *,
    by: User,
    first_day: datetime.date,
    rule: str,
    start_time: datetime.time,
    duration_minutes: int,
    interval_weeks: int = 1,
    count: int | None = None,
    until: datetime.date | None = None,
    skip_holidays: bool = True,
    title: str = "",
    place: str = "",
    address: str = "",
    digital_link: str = "",
    step_free_access: bool = False,
    hearing_loop: bool = False,
    accessible_toilet: bool = False,
    accessibility_note: str = "",
) -> list[Meeting]:
    """Create a series of meetings in one go; all of them or none. Dates that are
    public holidays are left out (``skip_holidays``) and named in the log entry."""
    if not rules.has_perm("meetings.manage", by, arena):
        raise PermissionDenied
    pairs, skipped = plan_preview(
        first_day=first_day,
        rule=rule,
        interval_weeks=interval_weeks,
        count=count,
        until=until,
        start_time=start_time,
        duration_minutes=duration_minutes,
        skip_holidays=skip_holidays,
    )
    shared = _clean(
        {
            "title": title,
            "place": place,
            "address": address,
            "digital_link": digital_link,
            "step_free_access": step_free_access,
            "hearing_loop": hearing_loop,
            "accessible_toilet": accessible_toilet,
            "accessibility_note": accessibility_note,
            "starts_at": pairs[0][0],
            "ends_at": pairs[0][1],
        },
        require_future=True,
    )
    meetings: list[Meeting] = []
    for starts_at, ends_at in pairs:
        meeting = Meeting(arena=arena, **{**shared, "starts_at": starts_at, "ends_at": ends_at})
        _full_clean(meeting)
        meeting.save()
        log_activity(
            action=MEETING_CREATED,
            actor=by,
            obj=meeting,
            organisation=arena.owner,
            data={"arena": arena.pk, "starts_at": _log_value(starts_at), "generated": True},
        )
        meetings.append(meeting)
    log_activity(
        action=PLAN_GENERATED,
        actor=by,
        obj=arena,
        organisation=arena.owner,
        data={
            "rule": rule,
            "interval_weeks": interval_weeks if rule == RULE_WEEKLY else None,
            "meetings": [m.pk for m in meetings],
            "skipped_holidays": [day.isoformat() for day, _name in skipped],
        },
    )
    return meetings
