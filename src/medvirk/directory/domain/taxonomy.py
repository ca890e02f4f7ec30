"""Loading the region table and the target-group taxonomy (platform data, no tenant)."""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction

from medvirk.common.activity import log_activity
from medvirk.directory.enums import RegionKind
from medvirk.directory.models import Region, TargetGroup


@transaction.atomic
def import_regions(text: str) -> tuple[int, int]:
    """Create or update regions from CSV text (code;name;kind;parent). All or nothing."""
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    if not rows or {"code", "name", "kind", "parent"} - set(rows[0]):
        raise ValidationError("The region file needs the columns code;name;kind;parent.")
    created = updated = 0
    # Fylker first, so kommuner can point at them.
    for row in sorted(rows, key=lambda r: r["kind"] != RegionKind.FYLKE):
        if row["kind"] not in RegionKind.values:
            raise ValidationError(f"Unknown region kind {row['kind']!r} for {row['code']}.")
        parent = Region.objects.get(code=row["parent"]) if row["parent"] else None
        _, was_created = Region.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "kind": row["kind"], "parent": parent}
        )
        created += was_created
        updated += not was_created
    log_activity(
        action="directory.regions.imported",
        actor=None,
        actor_label="import_regions",
        data={"created": created, "updated": updated},
    )
    return created, updated


@transaction.atomic
def import_target_groups(text: str) -> int:
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    for position, row in enumerate(rows):
        TargetGroup.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name_nb": row["name_nb"],
                "name_nn": row["name_nn"],
                "name_en": row["name_en"],
                "position": position,
            },
        )
    return len(rows)
