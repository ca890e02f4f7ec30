"""Read queries about arenas: which arenas a user sees, and the lists built on that.

Views and the API read arenas through here (see the README's "Reads" rule).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from medvirk.arenas.models import Arena
from medvirk.arenas.rules import visible_arenas_q


def visible_arenas(user: Any) -> QuerySet[Arena]:
    """Public arenas, plus the private ones the user may see (``arenas.view_arena`` as a
    queryset filter: ``rules.visible_arenas_q``)."""
    return Arena.objects.filter(visible_arenas_q(user))


def arenas_for_list(user: Any, filters: dict[str, Any]) -> QuerySet[Arena]:
    """The arena list page: the arenas the user sees, filtered by kind, owner and region
    (the owner serves the region or a kommune in it)."""
    arenas = visible_arenas(user).select_related("owner")
    if filters.get("kind"):
        arenas = arenas.filter(kind=filters["kind"])
    if filters.get("owner"):
        arenas = arenas.filter(owner=filters["owner"])
    if filters.get("region"):
        region = filters["region"]
        arenas = arenas.filter(
            Q(owner__regions=region) | Q(owner__regions__parent=region)
        ).distinct()
    return arenas


def public_arena(pk: int) -> Arena | None:
    """A public arena with its owner; None for a private or unknown one, whoever asks."""
    return Arena.objects.select_related("owner").filter(pk=pk, is_public=True).first()
