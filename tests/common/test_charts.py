"""The SVG bar charts (common/charts.py and templates/includes/chart.html): scales, the
empty state, one and many rows, zeros and gaps, escaping, contrast and the markup that
makes the drawing accessible."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from medvirk.common.charts import (
    OUTLINE,
    PALETTE,
    ROW_HEIGHT,
    Chart,
    Pattern,
    Row,
    Series,
    bar_chart,
    contrast,
    nice_scale,
)
from medvirk.followup import charts as followup_charts
from medvirk.followup.figures import AdviceRow, Figures, figures

WHITE = "#ffffff"


def chart(rows: list[Row], series: tuple[Series, ...] = (Series("Råd"),), **extra: Any) -> Chart:
    return bar_chart(
        id=extra.pop("id", "test-chart"),
        title=extra.pop("title", "Råd per år"),
        description=extra.pop("description", "Liggende stolper, én per år."),
        axis_label="Antall råd",
        empty_text="Ingen råd ennå, så det er ingen tall å vise.",
        table_caption="Råd per år",
        table_head=("År", *(one.label for one in series)),
        series=series,
        rows=rows,
        **extra,
    )


def row(label: str, *values: float | None) -> Row:
    return Row(label=label, values=values, cells=tuple(str(v) for v in values), note=f"{label}!")


def html(value: Chart) -> str:
    return render_to_string("includes/chart.html", {"chart": value})


# --- Scales ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("maximum", "end", "ticks"),
    [
        (0, 1, [0, 1]),
        (1, 1, [0, 1]),
        (3, 3, [0, 1, 2, 3]),
        (4, 4, [0, 1, 2, 3, 4]),
        (5, 6, [0, 2, 4, 6]),
        (7, 8, [0, 2, 4, 6, 8]),
        (35, 40, [0, 10, 20, 30, 40]),
        (100, 100, [0, 50, 100]),
        (101, 150, [0, 50, 100, 150]),
        (2.5, 3, [0, 1, 2, 3]),
        (12_345, 15_000, [0, 5_000, 10_000, 15_000]),
    ],
)
def test_nice_scale_ends_on_a_whole_step_with_at_most_four_steps(
    maximum: float, end: float, ticks: list[float]
) -> None:
    assert nice_scale(maximum) == (end, ticks)


def test_bar_widths_are_shares_of_the_axis_end_with_a_decimal_point_in_any_language() -> None:
    with translation.override("nb"):
        drawn = chart([row("2026", 2.5), row("2025", 5)])
        body = html(drawn)
    assert [r.segments[0].width for r in drawn.drawn] == ["41.667%", "83.333%"]
    assert [tick.label for tick in drawn.ticks] == ["0", "2", "4", "6"]
    assert [tick.anchor for tick in drawn.ticks] == ["start", "middle", "middle", "end"]
    assert 'width="41.667%"' in body
    assert not re.search(r'(x|width)="\d+,\d', body)


def test_a_fixed_maximum_and_ticks_give_a_percent_axis() -> None:
    drawn = chart(
        [row("2026", 100), row("2025", 50)],
        maximum=100,
        ticks=(0, 25, 50, 75, 100),
        tick_format="{}\u00a0%",
    )
    assert [tick.label for tick in drawn.ticks] == [f"{v}\u00a0%" for v in (0, 25, 50, 75, 100)]
    assert [r.segments[0].width for r in drawn.drawn] == ["100.000%", "50.000%"]
    assert drawn.grid == ("0.000%", "25.000%", "50.000%", "75.000%", "100.000%")


# --- Empty, one, many, zeros and gaps -----------------------------------------------------


@pytest.mark.parametrize(
    "rows",
    [[], [row("2026", 0)], [row("2026", None), row("2025", 0)]],
    ids=["no rows", "a zero", "nothing above zero"],
)
def test_no_data_gives_the_empty_text_instead_of_an_empty_chart(rows: list[Row]) -> None:
    drawn = chart(rows)
    assert drawn.is_empty
    body = html(drawn)
    assert "Ingen råd ennå, så det er ingen tall å vise." in body
    assert "<svg" not in body
    assert "<table" not in body
    assert 'id="test-chart-heading">Råd per år</h3>' in body


def test_one_row_is_a_chart_with_one_bar_and_a_table_row() -> None:
    drawn = chart([row("2026", 3)])
    body = html(drawn)
    assert len(drawn.drawn) == 1
    assert body.count('height="22"') == 1  # one bar (the legend swatch is 16 high)
    assert body.count('<th scope="row">') == 1
    assert drawn.height == drawn.plot_height + 50


def test_many_rows_grow_downwards_not_sideways() -> None:
    rows = [row(str(2000 + i), i + 1) for i in range(20)]
    drawn = chart(rows)
    assert len(drawn.drawn) == 20
    assert drawn.drawn[1].bar_y == str(int(drawn.drawn[0].bar_y) + ROW_HEIGHT)
    assert drawn.height > 20 * ROW_HEIGHT
    body = html(drawn)
    assert 'width="100%"' in body
    assert "viewBox" not in body  # text keeps its size at 320 px; the bars scale
    assert body.count('<th scope="row">') == 20


def test_zero_and_missing_values_keep_their_row_without_a_bar() -> None:
    series = (Series("Fulgt"), Series("Ikke fulgt"), Series("Venter"))
    drawn = chart([row("2026", 2, 0, 1), row("2025", None, None, None)], series=series)
    first, second = drawn.drawn
    assert [segment.label for segment in first.segments] == ["Fulgt", "Venter"]
    # Stacked: the third series starts where the first ends (the zero takes no room).
    assert [(s.x, s.width) for s in first.segments] == [
        ("0.000%", "66.667%"),
        ("66.667%", "33.333%"),
    ]
    assert second.segments == ()
    assert second.note == "2025!"
    assert drawn.table_rows[1] == ("2025", ("None", "None", "None"))


def test_a_row_needs_one_value_per_series() -> None:
    with pytest.raises(ValueError, match="2 values for 1 series"):
        chart([row("2026", 1, 2)])


# --- The markup ---------------------------------------------------------------------------


def test_the_svg_is_an_image_named_by_its_title_and_description_with_legend_and_table() -> None:
    series = (Series("Fulgt"), Series("Ikke fulgt"))
    body = html(chart([row("2026", 1, 2)], series=series))
    assert (
        '<svg class="mv-chart__svg" role="img" '
        'aria-labelledby="test-chart-title test-chart-desc"' in body
    )
    assert '<title id="test-chart-title">Råd per år</title>' in body
    assert '<desc id="test-chart-desc">Liggende stolper, én per år.</desc>' in body
    legend = body.split('<ul class="mv-chart__legend">', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r"/></svg>([^<]+)</li>", legend) == ["Fulgt", "Ikke fulgt"]
    assert 'aria-hidden="true"' in legend
    # Each series its own pattern, referenced by the bars and the legend.
    assert body.count('<pattern id="test-chart-pattern-') == 2
    assert 'fill="url(#test-chart-pattern-1)"' in body
    assert ">Antall råd</text>" in body  # the axis title
    assert '<caption id="test-chart-caption">Råd per år</caption>' in body
    assert 'role="region" tabindex="0" aria-labelledby="test-chart-caption"' in body
    assert re.findall(r'<th scope="col">([^<]+)</th>', body) == [
        "År",
        "Fulgt",
        "Ikke fulgt",
    ]


def test_labels_are_escaped_everywhere() -> None:
    evil = '<script>alert("x")</script> & Co'
    drawn = chart(
        [Row(label=evil, values=(1,), cells=(evil,), note=evil)],
        series=(Series(evil),),
        title=evil,
        description=evil,
    )
    body = html(drawn)
    assert "<script>" not in body
    assert body.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co") >= 7


def test_a_few_columns_sit_beside_the_drawing_many_below() -> None:
    assert chart([row("2026", 1)]).side_by_side
    six = tuple(Series(str(i)) for i in range(6))
    assert not chart([row("2026", *range(1, 7))], series=six).side_by_side


# --- Colour --------------------------------------------------------------------------------


def _patterns() -> list[Pattern]:
    mine = [value for value in vars(followup_charts).values() if isinstance(value, Pattern)]
    return [*PALETTE, *mine]


@pytest.mark.parametrize("pattern", _patterns(), ids=lambda p: f"{p.kind}-{p.colour}")
def test_every_pattern_colour_and_the_outline_contrast_3_to_1_with_white(
    pattern: Pattern,
) -> None:
    assert contrast(pattern.colour, WHITE) >= 3
    assert contrast(pattern.colour, pattern.background) >= 3
    assert contrast(OUTLINE, WHITE) >= 3


def test_the_series_of_a_chart_never_share_a_pattern_kind() -> None:
    kinds = [pattern.kind for pattern in PALETTE]
    assert len(kinds) == len(set(kinds))
    status = followup_charts.status_chart(_figures_with_one_year(), id="s")
    assert len({p.pattern.kind for p in status.patterns}) == len(status.series) == 6


def test_contrast_is_the_wcag_ratio() -> None:
    assert contrast("#000000", WHITE) == pytest.approx(21)
    assert contrast(WHITE, WHITE) == pytest.approx(1)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)


def _figures_with_one_year() -> Figures:
    given = datetime.date(2025, 3, 1)
    return figures(
        [AdviceRow(given, given + datetime.timedelta(days=42), "followed", given)],
        today=datetime.date(2026, 1, 1),
    )
