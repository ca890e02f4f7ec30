"""Server-rendered SVG bar charts, with the same numbers in a table (issue "A workplace
for every role": figures that people compare are drawn).

Why our own module and not a library: the Python chart libraries (matplotlib, pygal,
plotly, bokeh) either draw a picture without the structure assistive technology needs
(``role="img"`` with a title and a description, patterns as well as colour, a data
table beside it), or need JavaScript in the browser, which the CSP and the "works without
JavaScript" rule exclude. Horizontal bars are little code; this module keeps it pure
(no database, no request) and table-tested, and ``templates/includes/chart.html``
draws it.

The shape of every chart:

- **horizontal bars**, one row per category (a year, a status), newest or first at the
  top; each row's name and value are written as text *above* its bar, so nothing is
  ever too small to read and no label column takes width from the bars;
- the value axis is laid out in **percent of the width** (``x="37.5%"``), not in a
  scaled ``viewBox``: the SVG is ``width="100%"`` of its column and a fixed height in
  CSS px, so at 320 px the bars shrink but the text keeps its size (a ``viewBox`` scales
  text with the drawing: 14 px type would shrink to 7 px on a phone);
- each series has a **pattern** (solid, stripes, dots, cross-hatch, ...) as well as a
  colour, and every bar has a dark outline, so segments are told apart in greyscale, in
  print and by colour-blind readers; every foreground colour has a contrast of at least
  3:1 against white (WCAG 1.4.11), checked by the tests;
- a legend (HTML, so it wraps), visible tick labels and an axis title;
- ``<svg role="img" aria-labelledby="<title> <desc>">``, and the numbers in a table
  with a caption right after the drawing;
- no data (no rows, or nothing above zero to draw) gives ``empty_text`` instead of an
  empty drawing.

All geometry is worked out here as strings with a decimal point: a template would
localise a float (``12,5``) and break the SVG.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

# Row layout, in CSS px: the row's label line, then its bar.
LABEL_HEIGHT = 24
BAR_HEIGHT = 22
ROW_GAP = 14
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
AXIS_HEIGHT = 50  # tick labels and the axis title under the bars
TOP = 4
MOST_STEPS = 4  # tick steps on the value axis: five labels fit in 288 px
SIDE_BY_SIDE_COLUMNS = 4

OUTLINE = "#1e2b3c"  # every bar's outline: 14:1 against white
GRID = "#c7ccd3"  # decorative grid lines (no contrast required)


@dataclass(frozen=True)
class Pattern:
    """A fill: ``kind`` is one of PATTERN_KINDS, drawn in ``colour`` over ``background``."""

    kind: str
    colour: str
    background: str = "#ffffff"


PATTERN_KINDS = ("solid", "diagonal", "dots", "cross", "horizontal", "backslash", "vertical")

# The palette, in the order series take it when they do not name their own: each a
# different pattern, so no two series rely on colour alone.
PALETTE: tuple[Pattern, ...] = (
    Pattern("solid", "#1a5d8f"),
    Pattern("diagonal", "#1f6f3a", "#e3f3e7"),
    Pattern("dots", "#8a4b00", "#fdf0dc"),
    Pattern("cross", "#b3261e", "#fde8e6"),
    Pattern("horizontal", "#4a4f8c", "#eceefa"),
    Pattern("backslash", "#3d4551", "#eef0f2"),
    Pattern("vertical", "#6b3d7a", "#f4ebf6"),
)


@dataclass(frozen=True)
class Series:
    """One kind of bar (or segment of a stacked bar), named in the legend."""

    label: str
    pattern: Pattern | None = None


@dataclass(frozen=True)
class Row:
    """One bar: ``values`` has one number per series (None: nothing to draw, e.g. no
    answers that year); ``note`` is written after the label above the bar ("14 råd",
    "83 %"); ``cells`` are this row's cells in the table (after the row header)."""

    label: str
    values: tuple[float | None, ...]
    cells: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Segment:
    x: str
    width: str
    fill: str
    label: str


@dataclass(frozen=True)
class DrawnRow:
    label: str
    note: str
    label_y: str
    bar_y: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Tick:
    x: str
    label: str
    anchor: str


@dataclass(frozen=True)
class LegendItem:
    label: str
    fill: str


@dataclass(frozen=True)
class PatternDef:
    id: str
    pattern: Pattern


@dataclass(frozen=True)
class Chart:
    """What the template draws: see ``bar_chart``."""

    id: str
    title: str
    description: str
    axis_label: str
    empty_text: str
    table_caption: str
    table_head: tuple[str, ...]
    series: tuple[Series, ...]
    rows: tuple[Row, ...]
    drawn: tuple[DrawnRow, ...] = ()
    ticks: tuple[Tick, ...] = ()
    grid: tuple[str, ...] = ()
    legend: tuple[LegendItem, ...] = ()
    patterns: tuple[PatternDef, ...] = ()
    height: int = 0
    plot_height: int = 0
    tick_y: int = 0
    axis_label_y: int = 0
    outline: str = OUTLINE
    grid_colour: str = GRID
    table_rows: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.drawn

    @property
    def side_by_side(self) -> bool:
        """Whether the table fits beside the drawing on a wide screen (a few columns)."""
        return len(self.table_head) <= SIDE_BY_SIDE_COLUMNS


# --- Scales -----------------------------------------------------------------------------


def nice_step(maximum: float, most_ticks: int = MOST_STEPS) -> float:
    """A step of 1, 2 or 5 times a power of ten, such that 0..maximum needs at most
    ``most_ticks`` steps (at least 1 for a maximum of 0 or less)."""
    if maximum <= 0:
        return 1.0
    rough = maximum / most_ticks
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        step = factor * power
        if maximum / step <= most_ticks:
            return float(step)
    return float(10 * power)  # pragma: no cover - the loop always returns


def nice_scale(maximum: float, most_ticks: int = MOST_STEPS) -> tuple[float, list[float]]:
    """The axis end (a whole number of nice steps, at least ``maximum``) and its ticks
    from 0. Whole steps only for small maxima: an axis of 0, 0.5, 1 advice is odd."""
    step = nice_step(maximum, most_ticks)
    if maximum <= most_ticks:
        step = max(step, 1.0)
    steps = max(1, math.ceil(maximum / step - 1e-9))
    end = steps * step
    return end, [i * step for i in range(steps + 1)]


def _pct(value: float, end: float) -> str:
    return f"{max(0.0, min(100.0, value / end * 100)):.3f}%"


def _number(value: float) -> str:
    """A tick label: whole numbers without decimals (the ticks are 1, 2 or 5 steps)."""
    if float(value).is_integer():
        return f"{int(value)}"
    return f"{value:g}".replace(".", ",")


def _ticks(end: float, values: Sequence[float], tick_format: str) -> tuple[Tick, ...]:
    ticks = []
    for index, value in enumerate(values):
        anchor = "start" if index == 0 else "end" if index == len(values) - 1 else "middle"
        label = tick_format.replace("{}", _number(value))
        ticks.append(Tick(x=_pct(value, end), label=label, anchor=anchor))
    return tuple(ticks)


# --- The chart --------------------------------------------------------------------------


def bar_chart(
    *,
    id: str,
    title: str,
    description: str,
    axis_label: str,
    empty_text: str,
    table_caption: str,
    table_head: Sequence[str],
    series: Sequence[Series],
    rows: Sequence[Row],
    maximum: float | None = None,
    ticks: Sequence[float] | None = None,
    tick_format: str = "{}",
) -> Chart:
    """A horizontal bar chart: one bar per row, stacked when there are several series.

    ``maximum`` fixes the axis end (100 for percentages), and ``ticks`` its ticks;
    otherwise the end is the largest row total rounded up to a nice step (at most four
    steps, so that the tick labels have room at 320 px). ``tick_format`` writes a tick
    ("{} %").
    Rows whose values are all None or 0 keep their place (and their note) without a bar;
    when no row has anything to draw, the chart is empty (``is_empty``) and the template
    shows ``empty_text``.
    """
    patterns = tuple(
        PatternDef(id=f"{id}-pattern-{index}", pattern=one.pattern or PALETTE[index % len(PALETTE)])
        for index, one in enumerate(series)
    )
    fills = [f"url(#{definition.id})" for definition in patterns]
    base = Chart(
        id=id,
        title=title,
        description=description,
        axis_label=axis_label,
        empty_text=empty_text,
        table_caption=table_caption,
        table_head=tuple(table_head),
        series=tuple(series),
        rows=tuple(rows),
        table_rows=tuple((row.label, row.cells) for row in rows),
    )
    for row in rows:
        if len(row.values) != len(series):
            raise ValueError(
                f"Row {row.label!r} has {len(row.values)} values for {len(series)} series."
            )
    totals = [sum(value or 0 for value in row.values) for row in rows]
    if not rows or max(totals, default=0) <= 0:
        return base
    largest = max(totals)
    if maximum is not None:
        end, tick_values = nice_scale(maximum)
        end = max(end, maximum, largest)
    else:
        end, tick_values = nice_scale(largest)
    if ticks is not None:
        tick_values = [value for value in ticks if value <= end]
    drawn = []
    for index, row in enumerate(rows):
        top = TOP + index * ROW_HEIGHT
        segments = []
        start = 0.0
        for value, fill, one in zip(row.values, fills, series, strict=True):
            if value is None or value <= 0:
                continue
            segments.append(
                Segment(x=_pct(start, end), width=_pct(value, end), fill=fill, label=one.label)
            )
            start += value
        drawn.append(
            DrawnRow(
                label=row.label,
                note=row.note,
                label_y=f"{top + LABEL_HEIGHT - 6}",
                bar_y=f"{top + LABEL_HEIGHT}",
                segments=tuple(segments),
            )
        )
    plot_height = TOP + len(rows) * ROW_HEIGHT - ROW_GAP + 6
    return replace(
        base,
        drawn=tuple(drawn),
        ticks=_ticks(end, tick_values, tick_format),
        grid=tuple(_pct(value, end) for value in tick_values),
        legend=tuple(
            LegendItem(label=one.label, fill=fill) for one, fill in zip(series, fills, strict=True)
        ),
        patterns=patterns,
        plot_height=plot_height,
        tick_y=plot_height + 18,
        axis_label_y=plot_height + 40,
        height=plot_height + AXIS_HEIGHT,
    )


# --- Contrast (WCAG 2.x relative luminance) ---------------------------------------------


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """The relative luminance of ``#rrggbb``."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
