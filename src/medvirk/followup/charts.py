"""The accountability charts: the figures the pages already count (``figures.Figures``
per year, ``selectors.status_figures`` for one year), drawn with ``common/charts.py``.

No queries here: the service's and the arena's charts are built from their cached
figures and rendered inside the cached figures HTML (``followup/caching.py``); the
organisation's year draws the status counts its page has already read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext, ngettext

from medvirk.common.charts import Chart, Pattern, Row, Series, bar_chart
from medvirk.followup.enums import AdviceStatus, DecisionOutcome
from medvirk.followup.figures import Figures, YearFigures
from medvirk.followup.templatetags.accountability_tags import days, percent

# One pattern per outcome, the answered ones first (greens for followed and implemented,
# amber for partly, red for not followed), then the advice still without an answer.
IMPLEMENTED = Pattern("solid", "#1f6f3a")
FOLLOWED = Pattern("diagonal", "#1f6f3a", "#e3f3e7")
PARTLY = Pattern("dots", "#8a4b00", "#fdf0dc")
NOT_FOLLOWED = Pattern("cross", "#b3261e", "#fde8e6")
WAITING = Pattern("horizontal", "#1a5d8f", "#e6f0f8")
OVERDUE = Pattern("backslash", "#3d4551", "#eef0f2")
ONE_SERIES = Pattern("solid", "#1a5d8f")
# The final decisions' outcomes, in DecisionOutcome's order, then "no decision yet".
DECISION_PATTERNS = {
    DecisionOutcome.IN_LINE: Pattern("solid", "#1f6f3a"),
    DecisionOutcome.PARTLY: Pattern("dots", "#8a4b00", "#fdf0dc"),
    DecisionOutcome.AGAINST: Pattern("cross", "#b3261e", "#fde8e6"),
    DecisionOutcome.POSTPONED: Pattern("horizontal", "#1a5d8f", "#e6f0f8"),
    DecisionOutcome.OTHER: Pattern("diagonal", "#3d4551", "#eef0f2"),
}
UNDECIDED = Pattern("backslash", "#3d4551", "#ffffff")


def _years(figures: Figures) -> list[YearFigures]:
    return [year for year in figures.years if year.year is not None]


def _span(years: Sequence[YearFigures]) -> str:
    first, last = years[-1].year, years[0].year
    return str(first) if first == last else f"{first}–{last}"


def _advice_count(count: int) -> str:
    return ngettext("%(count)s råd", "%(count)s råd", count) % {"count": count}


def status_chart(figures: Figures, *, id: str) -> Chart:
    """Stacked bars: per year, the advice given that year by what became of them."""
    years = _years(figures)
    series = (
        Series(str(AdviceStatus.IMPLEMENTED.label), IMPLEMENTED),
        Series(str(AdviceStatus.FOLLOWED.label), FOLLOWED),
        Series(str(AdviceStatus.PARTLY.label), PARTLY),
        Series(str(AdviceStatus.NOT_FOLLOWED.label), NOT_FOLLOWED),
        Series(gettext("Venter på svar"), WAITING),
        Series(gettext("Forfalt uten svar"), OVERDUE),
    )
    rows = []
    for year in years:
        values = (
            year.implemented,
            year.followed,
            year.partly,
            year.not_followed,
            year.pending - year.overdue,
            year.overdue,
        )
        rows.append(
            Row(
                label=str(year.year),
                values=tuple(float(value) for value in values),
                cells=(str(year.count), *(str(value) for value in values)),
                note=_advice_count(year.count),
            )
        )
    return bar_chart(
        id=id,
        title=gettext("Hva skjedde med rådene, per år"),
        description=gettext(
            "Liggende stablede stolper, én for hvert år %(years)s. Hver stolpe er rådene "
            "gitt det året, delt etter status: gjennomført, fulgt, delvis fulgt, ikke "
            "fulgt, venter på svar og forfalt uten svar. Tallene står i tabellen under."
        )
        % {"years": _span(years) if years else ""},
        axis_label=gettext("Antall råd"),
        empty_text=gettext("Ingen offentlige råd ennå, så det er ingen tall å vise."),
        table_caption=gettext("Rådene per år etter status (antall råd)"),
        table_head=(gettext("År"), gettext("Råd gitt"), *(one.label for one in series)),
        series=series,
        rows=rows,
    )


def on_time_chart(figures: Figures, *, id: str) -> Chart:
    """Bars: per year, the share of the answered advice answered by the due date."""
    years = _years(figures)
    rows = []
    for year in years:
        share = year.on_time_share
        note = (
            gettext("%(share)s (%(on_time)s av %(answered)s)")
            % {
                "share": percent(share),
                "on_time": year.answered_on_time,
                "answered": year.answered,
            }
            if share is not None
            else gettext("ingen råd besvart ennå")
        )
        rows.append(
            Row(
                label=str(year.year),
                values=(None if share is None else share * 100,),
                cells=(percent(share), str(year.answered_on_time), str(year.answered)),
                note=note,
            )
        )
    return bar_chart(
        id=id,
        title=gettext("Andel besvart innen fristen, per år"),
        description=gettext(
            "Liggende stolper, én for hvert år %(years)s, fra 0 til 100 prosent: hvor stor "
            "del av de besvarte rådene som fikk svar senest på svarfristen. Tallene står i "
            "tabellen under."
        )
        % {"years": _span(years) if years else ""},
        axis_label=gettext("Prosent av de besvarte rådene"),
        empty_text=gettext("Ingen råd er besvart ennå, så det er ingen andel å vise."),
        table_caption=gettext("Andel besvart innen fristen per år"),
        table_head=(
            gettext("År"),
            gettext("Besvart innen fristen"),
            gettext("Antall besvart innen fristen"),
            gettext("Besvarte råd"),
        ),
        series=(Series(gettext("Besvart innen fristen"), ONE_SERIES),),
        rows=rows,
        maximum=100,
        ticks=(0, 25, 50, 75, 100),
        tick_format="{}\u00a0%",
    )


def _days_note(value: float | None) -> str:
    if value is None:
        return gettext("ingen råd besvart ennå")
    return ngettext("%(days)s dag", "%(days)s dager", 1 if value == 1 else 2) % {
        "days": days(value)
    }


def median_days_chart(figures: Figures, *, id: str) -> Chart:
    """Bars: per year, the median number of days from the advice to its first answer."""
    years = _years(figures)
    rows = [
        Row(
            label=str(year.year),
            values=(year.median_days,),
            cells=(days(year.median_days), str(year.answered)),
            note=_days_note(year.median_days),
        )
        for year in years
    ]
    return bar_chart(
        id=id,
        title=gettext("Dager til svar (median), per år"),
        description=gettext(
            "Liggende stolper, én for hvert år %(years)s: medianen av antall dager fra rådet "
            "ble gitt til det første svaret. Kortere stolpe betyr raskere svar. Tallene står "
            "i tabellen under."
        )
        % {"years": _span(years) if years else ""},
        axis_label=gettext("Dager til første svar"),
        empty_text=gettext("Ingen råd er besvart ennå, så det er ingen svartid å vise."),
        table_caption=gettext("Median dager til svar per år"),
        table_head=(gettext("År"), gettext("Median dager til svar"), gettext("Besvarte råd")),
        series=(Series(gettext("Median dager til svar"), ONE_SERIES),),
        rows=rows,
    )


def decision_chart(figures: Figures, *, id: str) -> Chart:
    """Stacked bars: per year, the advice given that year by the final decision their case
    got (issue 16), and those whose case has no decision recorded yet."""
    years = _years(figures)
    series = (
        *(Series(str(outcome.label), DECISION_PATTERNS[outcome]) for outcome in DecisionOutcome),
        Series(gettext("Ikke registrert vedtak ennå"), UNDECIDED),
    )
    rows = []
    for year in years:
        values = (
            *(getattr(year, f"decided_{outcome}") for outcome in DecisionOutcome.values),
            year.count - year.decided,
        )
        rows.append(
            Row(
                label=str(year.year),
                values=tuple(float(value) for value in values),
                cells=(str(year.count), *(str(value) for value in values)),
                note=_advice_count(year.count),
            )
        )
    return bar_chart(
        id=id,
        title=gettext("Endelig vedtak i sakene, per år"),
        description=gettext(
            "Liggende stablede stolper, én for hvert år %(years)s. Hver stolpe er rådene "
            "gitt det året, delt etter hva det endelige vedtaket i saken ble, og rådene der "
            "vedtaket ikke er registrert ennå. Tallene står i tabellen under."
        )
        % {"years": _span(years) if years else ""},
        axis_label=gettext("Antall råd"),
        empty_text=gettext("Ingen offentlige råd ennå, så det er ingen tall å vise."),
        table_caption=gettext("Rådene per år etter endelig vedtak (antall råd)"),
        table_head=(gettext("År"), gettext("Råd gitt"), *(one.label for one in series)),
        series=series,
        rows=rows,
    )


def year_charts(figures: Figures, *, prefix: str) -> list[Chart]:
    """The four charts of an accountability page (ids start with ``prefix``)."""
    return [
        status_chart(figures, id=f"{prefix}-status"),
        on_time_chart(figures, id=f"{prefix}-on-time"),
        median_days_chart(figures, id=f"{prefix}-days"),
        decision_chart(figures, id=f"{prefix}-decisions"),
    ]


def year_status_chart(status_figures: dict[str, Any], *, year: int, id: str) -> Chart:
    """The organisation's year: one bar per status of the advice given that year
    (``selectors.status_figures``: the statuses present, as (label, count))."""
    rows = [
        Row(label=label, values=(float(count),), cells=(str(count),), note=str(count))
        for label, count in status_figures["by_status"]
    ]
    return bar_chart(
        id=id,
        title=gettext("Status for rådene gitt i %(year)s") % {"year": year},
        description=gettext(
            "Liggende stolper, én for hver status: hvor mange av rådene gitt i %(year)s "
            "som har den statusen nå. Tallene står i tabellen under."
        )
        % {"year": year},
        axis_label=gettext("Antall råd"),
        empty_text=gettext("Ingen råd å vise for dette året."),
        table_caption=gettext("Rådene gitt i %(year)s etter status") % {"year": year},
        table_head=(gettext("Status"), gettext("Antall råd")),
        series=(Series(gettext("Antall råd"), ONE_SERIES),),
        rows=rows,
    )
