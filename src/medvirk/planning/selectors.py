"""Reads for the planning pages."""

from __future__ import annotations

from django.db.models import QuerySet

from medvirk.arenas.models import Arena
from medvirk.directory.models import Organisation
from medvirk.planning.models import RoutineVersion


def existing_kinds(service: Organisation) -> frozenset[str]:
    """The kinds of arena the service already has (public or not)."""
    return frozenset(
        Arena.objects.filter(owner=service).order_by().values_list("kind", flat=True).distinct()
    )


def versions(service: Organisation, *, public_only: bool) -> QuerySet[RoutineVersion]:
    """The service's routine versions, newest first, with who saved and published them."""
    found = RoutineVersion.objects.filter(service=service).select_related(
        "updated_by", "published_by"
    )
    if public_only:
        found = found.public()
    return found.order_by("-number")


def published(service: Organisation) -> RoutineVersion | None:
    return RoutineVersion.objects.published().filter(service=service).first()


def draft(service: Organisation) -> RoutineVersion | None:
    return RoutineVersion.objects.drafts().filter(service=service).first()


def previous(version: RoutineVersion) -> RoutineVersion | None:
    """The version before ``version`` (never a draft: a draft is always the newest)."""
    return (
        RoutineVersion.objects.filter(service_id=version.service_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )
