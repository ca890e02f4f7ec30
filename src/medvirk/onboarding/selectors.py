"""Every read the onboarding pages and jobs need.

Auto items are evaluated from state (docs/decisions.md "Onboarding checklists"): an
item is done when it was ticked (by hand, or recorded by the ``onboarding.record_auto_ticks``
job) or when the action it names has happened now. :func:`satisfied_auto_items` works
that out for many lists in three statements, whatever their number.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from medvirk.arenas.models import Arena, Membership
from medvirk.compensation.models import PaymentDetails
from medvirk.directory.models import Organisation
from medvirk.meetings.enums import MeetingStatus
from medvirk.meetings.models import Meeting
from medvirk.onboarding.defaults import DEFAULT_ITEMS, DefaultItem
from medvirk.onboarding.enums import Audience, AutoCheck
from medvirk.onboarding.models import Checklist, ChecklistItem, ChecklistTemplate, TemplateItem
from medvirk.people.models import TrainingRecord

# A membership counts as new, and gets a checklist, when it started at most this long
# ago (or starts later): an old seat does not need onboarding.
NEW_FOR = datetime.timedelta(days=365)


def day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# --- auto items -------------------------------------------------------------------


def basic_course_person_ids() -> QuerySet[Any]:
    """People with a training record for a catalogue course marked as the basic course."""
    return TrainingRecord.objects.filter(course__is_basic_course=True).values("person_id")


def meeting_after_start() -> Exists:
    """The checklist's arena has a meeting that is not cancelled, on or after the day
    the checklist starts: its meeting plan is in the calendar."""
    return Exists(
        Meeting.objects.filter(arena_id=OuterRef("checklist__arena_id"))
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(starts_at__gte=OuterRef("checklist__starts_on"))
    )


def satisfied_items_q() -> Q:
    """Open auto items whose action has happened, as a filter on ChecklistItem."""
    return (
        Q(
            auto=AutoCheck.BASIC_COURSE,
            checklist__membership__person_id__in=basic_course_person_ids(),
        )
        | Q(
            auto=AutoCheck.PAYMENT_DETAILS,
            checklist__membership__person_id__in=PaymentDetails.objects.values("person_id"),
        )
        | Q(meeting_after_start(), auto=AutoCheck.MEETING_PLAN)
    )


def due_auto_ticks(now: datetime.datetime) -> QuerySet[ChecklistItem]:
    """Open auto items whose action has happened (the record job's items)."""
    satisfied = ChecklistItem.objects.filter(satisfied_items_q()).values("pk")
    return (
        ChecklistItem.objects.filter(done_at__isnull=True)
        .exclude(auto=AutoCheck.NONE)
        .filter(pk__in=satisfied)
    )


def satisfied_auto_items(checklists: Iterable[Checklist]) -> set[int]:
    """Primary keys of the open auto items of ``checklists`` (items prefetched) whose
    action has happened now. At most three statements, whatever the number of lists."""
    checklists = list(checklists)
    open_auto = [
        (checklist, item)
        for checklist in checklists
        for item in checklist.items.all()
        if item.auto and item.done_at is None
    ]
    if not open_auto:
        return set()
    wanted = {item.auto for _, item in open_auto}
    person_ids = {c.membership.person_id for c, _ in open_auto if c.membership is not None}
    course: set[int] = set()
    paid: set[int] = set()
    latest: dict[int, datetime.datetime] = {}
    if AutoCheck.BASIC_COURSE in wanted and person_ids:
        course = set(
            TrainingRecord.objects.filter(course__is_basic_course=True, person_id__in=person_ids)
            .order_by()
            .values_list("person_id", flat=True)
        )
    if AutoCheck.PAYMENT_DETAILS in wanted and person_ids:
        paid = set(
            PaymentDetails.objects.filter(person_id__in=person_ids).values_list(
                "person_id", flat=True
            )
        )
    if AutoCheck.MEETING_PLAN in wanted:
        latest = dict(
            Meeting.objects.filter(arena_id__in={c.arena_id for c, _ in open_auto})
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by()
            .values("arena_id")
            .annotate(last=Max("starts_at"))
            .values_list("arena_id", "last")
        )
    done: set[int] = set()
    for checklist, item in open_auto:
        person_id = checklist.membership.person_id if checklist.membership is not None else None
        if (
            (item.auto == AutoCheck.BASIC_COURSE and person_id in course)
            or (item.auto == AutoCheck.PAYMENT_DETAILS and person_id in paid)
            or (
                item.auto == AutoCheck.MEETING_PLAN
                and checklist.arena_id in latest
                and latest[checklist.arena_id] >= day_start(checklist.starts_on)
            )
        ):
            done.add(item.pk)
    return done


# --- checklists -------------------------------------------------------------------


@dataclass
class ShownItem:
    item: ChecklistItem
    done: bool
    automatic: bool  # ticked by its action, not by hand


@dataclass
class ShownChecklist:
    checklist: Checklist
    items: list[ShownItem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def done_count(self) -> int:
        return sum(1 for shown in self.items if shown.done)

    @property
    def open_count(self) -> int:
        return self.total - self.done_count

    @property
    def complete(self) -> bool:
        return self.open_count == 0


def shown(checklists: Iterable[Checklist]) -> list[ShownChecklist]:
    checklists = list(checklists)
    satisfied = satisfied_auto_items(checklists)
    return [
        ShownChecklist(
            checklist=checklist,
            items=[
                ShownItem(
                    item=item,
                    done=item.done_at is not None or item.pk in satisfied,
                    automatic=bool(item.auto) and (item.done_automatically or item.pk in satisfied),
                )
                for item in checklist.items.all()
            ],
        )
        for checklist in checklists
    ]


def _with_items(queryset: QuerySet[Checklist]) -> QuerySet[Checklist]:
    return queryset.select_related("arena__owner", "membership__person", "user").prefetch_related(
        Prefetch("items", queryset=ChecklistItem.objects.order_by("position", "pk"))
    )


def checklist_for_page(pk: int) -> Checklist | None:
    return _with_items(Checklist.objects.filter(pk=pk)).first()


def new_memberships(on: datetime.date) -> QuerySet[Membership]:
    """Memberships that are new (started within ``NEW_FOR`` or starting later) and not
    ended."""
    return Membership.objects.filter(
        ended_on__isnull=True, ends_on__gte=on, starts_on__gte=on - NEW_FOR
    )


def memberships_without_checklist(on: datetime.date) -> QuerySet[Membership]:
    return new_memberships(on).exclude(
        pk__in=Checklist.objects.filter(membership__isnull=False).values("membership_id")
    )


def own_checklists(user: Any) -> list[Checklist]:
    """The user's lists: as a new member (their new seats) and as a new secretariat."""
    on = timezone.localdate()
    return list(
        _with_items(
            Checklist.objects.filter(
                Q(membership__in=new_memberships(on).filter(person__user=user))
                | Q(audience=Audience.SECRETARIAT, user=user)
            )
        ).order_by("-starts_on", "arena__name", "pk")
    )


def person_checklists(person: Any) -> list[Checklist]:
    """A person's lists for their new seats (the load page shows how far each has got)."""
    on = timezone.localdate()
    return list(
        _with_items(
            Checklist.objects.filter(membership__in=new_memberships(on).filter(person=person))
        ).order_by("-starts_on", "arena__name", "pk")
    )


def own_memberships_without_checklist(user: Any) -> list[Membership]:
    on = timezone.localdate()
    return list(memberships_without_checklist(on).filter(person__user=user).select_related("arena"))


def arena_memberships_without_checklist(arena: Arena) -> list[Membership]:
    on = timezone.localdate()
    return list(memberships_without_checklist(on).filter(arena=arena).select_related("arena"))


def arena_member_checklists(arena: Arena) -> list[Checklist]:
    """The member lists of the arena's new seats, by the person's name."""
    on = timezone.localdate()
    return list(
        _with_items(
            Checklist.objects.filter(arena=arena, membership__in=new_memberships(on))
        ).order_by("membership__person__name", "pk")
    )


def secretariat_checklist(arena: Arena, user: Any) -> Checklist | None:
    return Checklist.objects.filter(arena=arena, audience=Audience.SECRETARIAT, user=user).first()


def arena_for_overview(pk: int) -> Arena | None:
    return Arena.objects.select_related("owner").filter(pk=pk).first()


# --- templates --------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateSummary:
    arena_kind: str
    arena_kind_label: str
    audience: str
    audience_label: str
    count: int
    changed: bool


def template_summaries(service: Organisation) -> list[TemplateSummary]:
    """Each arena kind × audience with its number of items (the defaults' when the
    service has not changed them)."""
    from medvirk.arenas.enums import ArenaKind

    counted = {
        (t["arena_kind"], t["audience"]): t["n"]
        for t in ChecklistTemplate.objects.filter(service=service)
        .values("arena_kind", "audience")
        .annotate(n=Count("items"))
        .order_by()
    }
    return [
        TemplateSummary(
            arena_kind=kind,
            arena_kind_label=str(kind_label),
            audience=audience,
            audience_label=str(audience_label),
            count=counted.get((kind, audience), len(DEFAULT_ITEMS[audience])),  # type: ignore[index]
            changed=(kind, audience) in counted,
        )
        for kind, kind_label in ArenaKind.choices
        for audience, audience_label in Audience.choices
    ]


def template_for(service: Organisation, arena_kind: str, audience: str) -> ChecklistTemplate | None:
    return ChecklistTemplate.objects.filter(
        service=service, arena_kind=arena_kind, audience=audience
    ).first()


def template_items(
    service: Organisation, arena_kind: str, audience: str
) -> list[TemplateItem] | tuple[DefaultItem, ...]:
    """The service's items for the kind and audience, or the defaults."""
    template = template_for(service, arena_kind, audience)
    if template is None:
        return DEFAULT_ITEMS[audience]  # type: ignore[index]
    return list(template.items.order_by("position", "pk"))


def template_item_for_change(pk: int) -> TemplateItem | None:
    return TemplateItem.objects.select_related("template__service").filter(pk=pk).first()


def service_for_templates(pk: int) -> Organisation | None:
    return Organisation.objects.filter(pk=pk).first()


def due_reminders(now: datetime.datetime) -> QuerySet[Checklist]:
    """Member lists not yet reminded, with an item still open (as recorded), whose
    member's first meeting (the arena's first meeting, not cancelled, on or after the
    seat's first day) has ended."""
    past_meeting = Exists(
        Meeting.objects.filter(arena_id=OuterRef("arena_id"), ends_at__lte=now)
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(starts_at__gte=OuterRef("starts_on"))
    )
    open_item = Exists(
        ChecklistItem.objects.filter(checklist_id=OuterRef("pk"), done_at__isnull=True)
    )
    eligible = Checklist.objects.filter(
        past_meeting, open_item, audience=Audience.MEMBER, membership__ended_on__isnull=True
    ).values("pk")
    return Checklist.objects.filter(reminded_at__isnull=True, pk__in=eligible)


def service_arenas(service: Organisation) -> list[Arena]:
    """The service's arenas, each with its number of new members' lists."""
    on = timezone.localdate()
    return list(
        Arena.objects.filter(owner=service)
        .annotate(
            new_lists=Count(
                "onboarding_lists",
                filter=Q(onboarding_lists__membership__in=new_memberships(on)),
            )
        )
        .order_by("name", "pk")
    )
