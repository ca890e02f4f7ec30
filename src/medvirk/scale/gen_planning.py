"""Planning at national scale (issue 18): the hub's routine for user involvement with a
long version history (every version but the last two superseded, then the published
one and a draft), and a published routine in every tenth other service. Written with
bulk inserts after the sequences are reset (like gen_involvement), the texts from the
template's first texts."""

from __future__ import annotations

import datetime
from typing import Any

from medvirk.planning.enums import VersionStatus
from medvirk.planning.models import RoutineVersion
from medvirk.planning.routine_template import SECTIONS
from medvirk.scale.gen_plan import Ctx

HUB_VERSIONS = 40


def _texts(number: int) -> dict[str, str]:
    return {section.field: f"{section.starter} ({number})" for section in SECTIONS}


def generate_planning(ctx: Ctx, *, using: str = "default") -> dict[str, Any]:
    """Write the rows; returns the ids the benchmark's routes need."""
    hub = ctx.hub
    assert hub is not None
    rows = []
    for number in range(1, HUB_VERSIONS + 1):
        if number == HUB_VERSIONS:
            status = VersionStatus.DRAFT
        elif number == HUB_VERSIONS - 1:
            status = VersionStatus.PUBLISHED
        else:
            status = VersionStatus.SUPERSEDED
        published_at = None
        if status != VersionStatus.DRAFT:
            published_at = ctx.now - datetime.timedelta(days=(HUB_VERSIONS - number) * 30)
        rows.append(
            RoutineVersion(
                service_id=hub.id,
                number=number,
                status=status,
                change_note=f"Endring nummer {number}",
                published_at=published_at,
                **_texts(number),
            )
        )
    for index, service in enumerate(ctx.services):
        if service.id != hub.id and index % 10 == 0:
            rows.append(
                RoutineVersion(
                    service_id=service.id,
                    number=1,
                    status=VersionStatus.PUBLISHED,
                    published_at=ctx.now,
                    **_texts(1),
                )
            )
    RoutineVersion.objects.using(using).bulk_create(rows, batch_size=1000)
    return {
        "service": hub.id,
        "published": HUB_VERSIONS - 1,
        "superseded": 1,
        "draft": HUB_VERSIONS,
    }
