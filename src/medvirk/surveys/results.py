"""The results of a survey, counted by the selectors and drawn with
``common/charts.py`` (bars with patterns, the same numbers in a table).

- choice questions: per option the number of people who chose it and their share of
  those who answered the question;
- 1–5 scales: the distribution and the mean;
- free text: only approved answers (``include_text``; never on the public summary);
- by kommune: only groups with at least ``min_group_size`` responses; smaller ones are
  merged into "Andre kommuner", which is itself left out (with a note) when it is still
  too small.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from medvirk.common.charts import Chart, Pattern, Row, Series, bar_chart
from medvirk.surveys import selectors
from medvirk.surveys.caching import RESULTS
from medvirk.surveys.enums import QuestionKind
from medvirk.surveys.models import Localized, Question, Section, Survey

ONE_SERIES = Pattern("solid", "#1a5d8f")


@dataclass
class QuestionResult:
    question: Question
    text: Localized
    respondents: int
    rows: list[tuple[str, int, str]] = field(default_factory=list)  # label, count, share
    mean: str = ""
    texts: list[str] = field(default_factory=list)
    chart: Chart | None = None

    @property
    def is_text(self) -> bool:
        return self.question.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)


@dataclass
class Group:
    label: str
    count: int
    means: list[str]


@dataclass
class Breakdown:
    groups: list[Group]
    scale_questions: list[Localized]
    left_out: int = 0  # responses in groups too small to show, even merged
    not_given: int = 0


@dataclass
class Results:
    survey: Survey
    total: int
    sections: list[tuple[Section, list[QuestionResult]]]
    breakdown: Breakdown | None
    counts: selectors.Counts


def share(count: int, total: int) -> str:
    if not total:
        return "0 %"
    return f"{round(count * 100 / total)} %"


def decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _people(count: int) -> str:
    return ngettext("%(count)s svar", "%(count)s svar", count) % {"count": count}


def _chart(result: QuestionResult, index: int) -> Chart:
    title = str(result.text)
    return bar_chart(
        id=f"survey-q{result.question.pk}",
        title=title,
        description=gettext(
            "Liggende stolper, én for hvert svaralternativ, med antall som svarte det. "
            "%(count)s svarte på spørsmålet. Tallene står i tabellen under."
        )
        % {"count": result.respondents},
        axis_label=gettext("Antall svar"),
        empty_text=gettext("Ingen har svart på dette spørsmålet ennå."),
        table_caption=gettext("Svar på spørsmål %(number)s") % {"number": index},
        table_head=(gettext("Svar"), gettext("Antall"), gettext("Andel")),
        series=(Series(gettext("Antall svar"), ONE_SERIES),),
        rows=[
            Row(label=label, values=(float(count),), cells=(str(count), pct), note=_people(count))
            for label, count, pct in result.rows
        ],
    )


def survey_results(
    survey: Survey, *, include_text: bool, sections: list[Section] | None = None
) -> Results:
    """The results of ``survey`` (its ``sections`` with their questions and options, read
    here unless given)."""
    if sections is None:
        sections = selectors.survey_sections(survey)
    counts = selectors.result_counts(survey, selectors.questions_in_order(sections))
    options, scales, respondents = counts.options, counts.scales, counts.respondents
    texts = selectors.shown_texts(survey) if include_text else {}
    by_section = []
    index = 0
    for section in sections:
        results = []
        for question in section.questions.all():
            index += 1
            answered = respondents.get(question.pk, 0)
            result = QuestionResult(question, question.loc("text"), answered)
            if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                for option in question.options.all():
                    count = options.get((question.pk, option.pk), 0)
                    result.rows.append((str(option.loc("label")), count, share(count, answered)))
            elif question.kind == QuestionKind.SCALE:
                low, high = question.loc("low_label"), question.loc("high_label")
                total = 0
                for number in range(1, 6):
                    count = scales.get((question.pk, number), 0)
                    total += number * count
                    label = str(number)
                    if number == 1:
                        label = f"1 – {low}"
                    elif number == 5:
                        label = f"5 – {high}"
                    result.rows.append((label, count, share(count, answered)))
                if answered:
                    result.mean = decimal(total / answered)
            else:
                result.texts = texts.get(question.pk, [])
            if result.rows:
                result.chart = _chart(result, index)
            results.append(result)
        by_section.append((section, results))
    breakdown = kommune_breakdown(survey, sections, counts) if survey.ask_kommune else None
    return Results(survey, counts.total, by_section, breakdown, counts)


def results_html(survey: Survey, *, include_text: bool) -> SafeString:
    """The results drawn (``surveys/includes/results_body.html``: the total, a chart and
    table per question, approved free text when ``include_text``, the breakdown by
    kommune), cached per survey, language and ``include_text`` (``caching.RESULTS``).
    Rendering a thousand approved texts and a row per kommune took 50-70 ms a view. The
    key holds the survey's ``updated_at`` too: a changed group size (or any other change
    to the survey) draws the breakdown again by its new rule."""

    def compute() -> str:
        return render_to_string(
            "surveys/includes/results_body.html",
            {
                "results": survey_results(survey, include_text=include_text),
                "show_text": include_text,
            },
        )

    return RESULTS.html(
        "body",
        survey.pk,
        include_text,
        survey.min_group_size,
        survey.updated_at.isoformat() if survey.updated_at else "",
        render=compute,
        scopes=[survey.pk],
    )


def kommune_labels(survey: Survey, counts: selectors.Counts) -> dict[int, str]:
    """What may be said of each kommune a response names, by the breakdown's rule: its
    name for a group of at least ``min_group_size``, "Andre kommuner" for the smaller
    ones when together they reach it, else nothing (""). For the raw rows of the
    exports, which must not name a kommune the breakdown hides."""
    minimum = survey.min_group_size
    named = [(pk, name, n) for pk, name, n in counts.by_kommune if pk]
    small_total = sum(n for _pk, _name, n in named if n < minimum)
    merged = gettext("Andre kommuner") if small_total >= minimum else ""
    return {pk: (name if n >= minimum else merged) for pk, name, n in named}


def kommune_breakdown(
    survey: Survey, sections: list[Section], counts: selectors.Counts
) -> Breakdown:
    """Responses (and the mean of each scale question) per kommune, for groups of at
    least ``min_group_size``; smaller groups merged, and left out if still too small."""
    minimum = survey.min_group_size
    scale_questions = [
        question
        for question in selectors.questions_in_order(sections)
        if question.kind == QuestionKind.SCALE
    ]
    sums = counts.scale_sums
    big: list[tuple[int, str, int]] = []
    small: list[int] = []
    small_count = 0
    not_given = 0
    for pk, name, count in counts.by_kommune:
        if pk is None:
            not_given = count
        elif count >= minimum:
            big.append((pk, name, count))
        else:
            small.append(pk)
            small_count += count

    def means(kommuner: list[int]) -> list[str]:
        values = []
        for question in scale_questions:
            n = sum(sums.get((question.pk, one), (0, 0))[0] for one in kommuner)
            total = sum(sums.get((question.pk, one), (0, 0))[1] for one in kommuner)
            values.append(decimal(total / n) if n else "–")
        return values

    groups = [Group(name, count, means([pk])) for pk, name, count in big]
    left_out = 0
    if small_count >= minimum:
        groups.append(Group(gettext("Andre kommuner"), small_count, means(small)))
    else:
        left_out = small_count
    return Breakdown(
        groups=groups,
        scale_questions=[question.loc("text") for question in scale_questions],
        left_out=left_out,
        not_given=not_given,
    )
