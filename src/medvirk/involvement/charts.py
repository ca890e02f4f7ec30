"""The log's charts: the share of the year's entries at each level and each degree of
involvement, drawn with ``common/charts.py`` (title, description, patterns, the numbers
in a table beside). No queries: drawn from the cached figures (``selectors.figures``)."""

from __future__ import annotations

import math
from collections import Counter

from django.db.models import TextChoices
from django.utils.translation import gettext

from medvirk.arenas.enums import Influence, Level
from medvirk.common.charts import Chart, Pattern, Row, Series, bar_chart
from medvirk.involvement.selectors import Figures

ONE_SERIES = Pattern("solid", "#1a5d8f")
LEVEL, DEGREE = 2, 3


def percent(part: int, whole: int) -> str:
    """21 of 50 → "42 %" (whole percent, rounded half up)."""
    return f"{math.floor(part * 100 / whole + 0.5)}\u00a0%" if whole else "–"


def _share_chart(
    counts: Counter[str],
    choices: type[TextChoices],
    *,
    id: str,
    year: int,
    title: str,
    description: str,
    head: str,
) -> Chart:
    total = sum(counts.values())
    rows = []
    for value, label in choices.choices:
        count = counts.get(value, 0)
        share = percent(count, total)
        rows.append(
            Row(
                label=str(label),
                values=(count * 100 / total if total else None,),
                cells=(str(count), share),
                note=gettext("%(share)s (%(count)s av %(total)s)")
                % {"share": share, "count": count, "total": total},
            )
        )
    return bar_chart(
        id=id,
        title=title,
        description=description,
        axis_label=gettext("Prosent av årets medvirkning"),
        empty_text=gettext("Ingen medvirkning er ført i loggen for %(year)s.") % {"year": year},
        table_caption=title,
        table_head=(head, gettext("Antall"), gettext("Andel")),
        series=(Series(gettext("Andel av årets medvirkning"), ONE_SERIES),),
        rows=rows if total else [],
        maximum=100,
        ticks=(0, 25, 50, 75, 100),
        tick_format="{}\u00a0%",
    )


def share_charts(figures: Figures, *, year: int) -> list[Chart]:
    """The year's share per level and per degree (the whole year, whatever the filters)."""
    return [
        _share_chart(
            figures.shares(year, LEVEL),
            Level,
            id="chart-level",
            year=year,
            title=gettext("Medvirkning per nivå i %(year)s") % {"year": year},
            description=gettext(
                "Liggende stolper, én for hvert nivå (individnivå, tjenestenivå, "
                "systemnivå), fra 0 til 100 prosent: hvor stor del av årets medvirkning "
                "som var på det nivået. Tallene står i tabellen ved siden av."
            ),
            head=gettext("Nivå"),
        ),
        _share_chart(
            figures.shares(year, DEGREE),
            Influence,
            id="chart-degree",
            year=year,
            title=gettext("Medvirkning per grad i %(year)s") % {"year": year},
            description=gettext(
                "Liggende stolper, én for hver grad av medvirkning (brukerperspektiv, "
                "informant, dialog, brukerstyring), fra 0 til 100 prosent: hvor stor del "
                "av årets medvirkning som hadde den graden. Tallene står i tabellen ved "
                "siden av."
            ),
            head=gettext("Grad"),
        ),
    ]
