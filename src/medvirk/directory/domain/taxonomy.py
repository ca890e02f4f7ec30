"""Loading the region table and the target-group taxonomy (platform data, no tenant)."""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction

from medvirk.common.activity import log_activity
from medvirk.common.cache_registry import touch
from medvirk.directory.enums import RegionKind
from medvirk.directory.models import Region, TargetGroup

REGION_COLUMNS = ("code", "name", "kind", "parent")
# Added with the full table (2024 structure); a file of the four columns above still loads
# and leaves these as they are.
OPTIONAL_REGION_COLUMNS = ("sami_name", "kven_name", "sami_language_area")
YES = {"ja", "j", "yes", "true", "1", "x"}
NO = {"nei", "n", "no", "false", "0", ""}


def _region_problems(row: dict[str, str], columns: set[str]) -> list[str]:
    code, kind, parent = row["code"], row["kind"], row["parent"]
    problems = []
    if kind not in RegionKind.values:
        problems.append(f"unknown kind {kind!r}")
    elif kind == RegionKind.FYLKE and not (len(code) == 2 and code.isdigit() and not parent):
        problems.append("a fylke has a two-digit number and no parent")
    elif kind == RegionKind.KOMMUNE and not (
        len(code) == 4 and code.isdigit() and parent == code[:2]
    ):
        problems.append("a kommune has a four-digit number whose first two digits are its fylke")
    if not row["name"]:
        problems.append("the name is empty")
    if "sami_language_area" in columns and row["sami_language_area"].casefold() not in YES | NO:
        problems.append("sami_language_area is ja or empty")
    return problems


@transaction.atomic
def import_regions(text: str) -> tuple[int, int]:
    """Create or update regions from CSV text; returns (created, changed). All or nothing.

    Columns (semicolon-separated, header first): code;name;kind;parent, and optionally
    sami_name;kven_name;sami_language_area (ja or empty). The shipped table and its
    source are described in directory/data/README.md. Regions missing from the file
    are kept (organisations and arenas may point at them).
    """
    rows = [
        {key.strip(): (value or "").strip() for key, value in row.items() if key}
        for row in csv.DictReader(io.StringIO(text), delimiter=";")
    ]
    if not rows or set(REGION_COLUMNS) - set(rows[0]):
        raise ValidationError("The region file needs the columns code;name;kind;parent.")
    columns = set(rows[0])
    problems = [
        f"{row['code'] or '(no code)'}: {problem}"
        for row in rows
        for problem in _region_problems(row, columns)
    ]
    codes = [row["code"] for row in rows]
    problems += [
        f"{code}: more than once in the file"
        for code in sorted({c for c in codes if codes.count(c) > 1})
    ]
    if problems:
        raise ValidationError("; ".join(problems))
    existing = {region.code: region for region in Region.objects.all()}
    fields = ["name", "kind", "parent", *(c for c in OPTIONAL_REGION_COLUMNS if c in columns)]
    created = updated = 0
    # Fylker first, so kommuner can point at them: two rounds of one bulk write each.
    for kind in (RegionKind.FYLKE, RegionKind.KOMMUNE):
        new: list[Region] = []
        changed: list[Region] = []
        for row in rows:
            if row["kind"] != kind:
                continue
            parent = existing.get(row["parent"]) if row["parent"] else None
            if row["parent"] and parent is None:
                raise ValidationError(f"{row['code']}: unknown parent {row['parent']!r}")
            values: dict[str, object] = {
                "name": row["name"],
                "kind": row["kind"],
                "parent": parent,
                "sami_name": row.get("sami_name", ""),
                "kven_name": row.get("kven_name", ""),
                "sami_language_area": row.get("sami_language_area", "").casefold() in YES,
            }
            region = existing.get(row["code"])
            if region is None:
                new.append(Region(code=row["code"], **values))
            elif any(getattr(region, f) != values[f] for f in fields):
                for f in fields:
                    setattr(region, f, values[f])
                changed.append(region)
        Region.objects.bulk_create(new)
        Region.objects.bulk_update(changed, fields)
        if new:
            existing.update((r.code, r) for r in Region.objects.filter(kind=kind))
        created += len(new)
        updated += len(changed)
    if created or updated:
        touch(Region)  # bulk writes send no signals
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
