"""Writing the automatic entries: one service and one calendar year at a time, an
idempotent upsert by source key (docs/decisions.md "Involvement log").

:func:`collect_year` compares what the sources say (``sources.wanted``) with the
service's automatic entries dated that year and creates the missing, rewrites the
changed and deletes the vanished (a meeting cancelled, an advice deleted), people and
organisations included. A second run with nothing changed writes nothing.
:func:`collect_service` is the periodic job's handler (every year on the first run, then
the running year and the one before); :func:`refresh_log` is the secretariat's button.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.cache_registry import touch
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.involvement.models import Collection, InvolvementEntry
from medvirk.involvement.sources import FIELDS, Wanted, Year, first_year, wanted

COLLECTED = register_action(
    "involvement.collected", gettext_lazy("Oppdaterte medvirkningsloggen fra Medvirk")
)

# How often the periodic job collects a service again.
COLLECT_EVERY = datetime.timedelta(hours=6)
CHUNK = 500

People = InvolvementEntry.people.through
Organisations = InvolvementEntry.organisations.through


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def add(self, other: Counts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.deleted += other.deleted


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _links(entry_ids: list[int]) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    people: dict[int, set[int]] = defaultdict(set)
    organisations: dict[int, set[int]] = defaultdict(set)
    for chunk in _chunks(entry_ids):
        for entry_id, person_id in People.objects.filter(involvemententry_id__in=chunk).values_list(
            "involvemententry_id", "person_id"
        ):
            people[entry_id].add(person_id)
        for entry_id, organisation_id in Organisations.objects.filter(
            involvemententry_id__in=chunk
        ).values_list("involvemententry_id", "organisation_id"):
            organisations[entry_id].add(organisation_id)
    return people, organisations


def _entry(service: Organisation, one: Wanted) -> InvolvementEntry:
    return InvolvementEntry(
        service=service,
        source=one.source,
        date=one.date,
        arena_id=one.arena_id,
        level=one.level,
        degree=one.degree,
        kind=one.kind,
        title=one.title,
        is_public=one.is_public,
        answers=one.answers,
    )


def _year_entries(service: Organisation, year: Year) -> QuerySet[InvolvementEntry]:
    return InvolvementEntry.objects.automatic().filter(
        service=service, date__range=(year.first, year.last)
    )


def collect_year(
    service: Organisation, *, year: int, now: datetime.datetime | None = None
) -> Counts:
    """Make the service's automatic entries of ``year`` what the sources say (no
    permission: the periodic job and :func:`refresh_log` call it)."""
    span = Year(year, now or timezone.now())
    target = wanted(service, span)
    counts = Counts()
    with transaction.atomic():
        existing = {entry.source: entry for entry in _year_entries(service, span)}
        people, organisations = _links([entry.pk for entry in existing.values()])
        # An entry whose source moved into this year from another (a meeting moved from
        # December to January) is replaced: the source key is unique in the service.
        arriving = [source for source in target if source not in existing]
        for chunk in _chunks(arriving):
            InvolvementEntry.objects.filter(service=service, source__in=chunk).delete()
        gone = [entry.pk for source, entry in existing.items() if source not in target]
        for chunk in _chunks(gone):
            counts.deleted += (
                InvolvementEntry.objects.filter(pk__in=chunk)
                .delete()[1]
                .get(InvolvementEntry._meta.label, 0)
            )
        changed: list[InvolvementEntry] = []
        relink: list[tuple[InvolvementEntry, Wanted]] = []
        for source, one in target.items():
            entry = existing.get(source)
            if entry is None:
                continue
            fresh = _entry(service, one)
            if any(getattr(entry, name) != getattr(fresh, name) for name in FIELDS):
                for name in FIELDS:
                    setattr(entry, name, getattr(fresh, name))
                changed.append(entry)
            if people[entry.pk] != one.people or organisations[entry.pk] != one.organisations:
                relink.append((entry, one))
        if changed:
            InvolvementEntry.objects.bulk_update(
                changed, [*(name for name in FIELDS), "updated_at"], batch_size=CHUNK
            )
        created = InvolvementEntry.objects.bulk_create(
            [_entry(service, target[source]) for source in arriving], batch_size=CHUNK
        )
        relink_ids = [entry.pk for entry, _one in relink]
        for chunk in _chunks(relink_ids):
            People.objects.filter(involvemententry_id__in=chunk).delete()
            Organisations.objects.filter(involvemententry_id__in=chunk).delete()
        pairs = [*relink, *((entry, target[entry.source or ""]) for entry in created)]
        People.objects.bulk_create(
            [
                People(involvemententry_id=entry.pk, person_id=person_id)
                for entry, one in pairs
                for person_id in sorted(one.people)
            ],
            batch_size=CHUNK,
        )
        Organisations.objects.bulk_create(
            [
                Organisations(involvemententry_id=entry.pk, organisation_id=organisation_id)
                for entry, one in pairs
                for organisation_id in sorted(one.organisations)
            ],
            batch_size=CHUNK,
        )
        counts.created = len(created)
        counts.updated = len({entry.pk for entry in changed} | set(relink_ids))
        if counts.changed:
            touch(InvolvementEntry, InvolvementEntry(service=service))
    return counts


def years_to_collect(
    service: Organisation, collected_at: datetime.datetime | None, now: datetime.datetime
) -> list[int]:
    """Every year with something in it on a service's first collection; afterwards the
    running year and the one before (late changes around the new year). Older years are
    refreshed by the secretariat's button (:func:`refresh_log`)."""
    this_year = timezone.localtime(now).year
    if collected_at is not None:
        return [this_year - 1, this_year]
    first = first_year(service)
    return list(range(min(first, this_year) if first else this_year, this_year + 1))


def collect_service(collection: Collection, now: datetime.datetime) -> Counts:
    """The periodic job's handler for one service (claimed by the runner)."""
    service = collection.service
    counts = Counts()
    for year in years_to_collect(service, collection.collected_at, now):
        counts.add(collect_year(service, year=year, now=now))
    with transaction.atomic():
        Collection.objects.filter(pk=collection.pk).update(collected_at=now)
        if counts.changed:
            log_activity(
                action=COLLECTED,
                actor=None,
                actor_label="Medvirk",
                obj=service,
                organisation=service,
                data={
                    "created": counts.created,
                    "updated": counts.updated,
                    "deleted": counts.deleted,
                },
            )
    return counts


def refresh_log(service: Organisation, *, by: Any, year: int) -> Counts:
    """The secretariat collects one year again now (an older year the job no longer
    visits, or at once after a change)."""
    if not rules.has_perm("involvement.refresh_log", by, service):
        raise PermissionDenied
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not 1900 <= year <= this_year:
        raise ValidationError({"year": _("Velg et år som ikke er i fremtiden.")})
    with transaction.atomic():
        counts = collect_year(service, year=year)
        log_activity(
            action=COLLECTED,
            actor=by,
            obj=service,
            organisation=service,
            data={
                "year": year,
                "created": counts.created,
                "updated": counts.updated,
                "deleted": counts.deleted,
            },
        )
    return counts


# --- The periodic job's parts ------------------------------------------------------------


def create_missing_collections(now: datetime.datetime) -> int:
    """One Collection row per service (idempotent: overlapping runs both call it)."""
    missing = Organisation.objects.filter(kind=OrganisationKind.SERVICE).exclude(
        pk__in=Collection.objects.values("service_id")
    )
    rows = [Collection(service_id=pk) for pk in missing.values_list("pk", flat=True)]
    Collection.objects.bulk_create(rows, ignore_conflicts=True, batch_size=CHUNK)
    return len(rows)


def due_collections(now: datetime.datetime) -> QuerySet[Collection]:
    """Services not collected in the last :data:`COLLECT_EVERY`."""
    return Collection.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - COLLECT_EVERY)
    )
