"""The figures of a report (``figures.year_figures``, or a version's frozen copy) as the
page, the PDF and the exports show them: labels in the reader's language, tables as
rows, and the charts drawn with ``common/charts.py``. No queries here.

Codes are stored in the figures (a role, a kind of case, a proposer); labels are looked
up when shown, so a frozen version reads in the language it is rendered in.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from medvirk.annual.figures import NOT_STATED, SECRETARIAT, THEME
from medvirk.arenas.enums import MemberRole
from medvirk.common.charts import Chart, Pattern, Row, Series, bar_chart
from medvirk.common.dates import format_date
from medvirk.followup.enums import AdviceStatus, DecisionOutcome
from medvirk.meetings.enums import AttendanceRole, ClosedGround, ItemKind, ProposerKind
from medvirk.people.enums import Gender

SOLID = Pattern("solid", "#1a5d8f")
PATTERNS = (
    Pattern("solid", "#1f6f3a"),
    Pattern("diagonal", "#1a5d8f", "#e6f0f8"),
    Pattern("dots", "#8a4b00", "#fdf0dc"),
    Pattern("cross", "#b3261e", "#fde8e6"),
    Pattern("horizontal", "#3d4551", "#eef0f2"),
)


def _label(choices: Any, code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def role_label(code: str) -> str:
    return _label(MemberRole, code)


def attendance_role_label(code: str) -> str:
    return _label(AttendanceRole, code)


def kind_label(code: str) -> str:
    return _label(ItemKind, code)


def ground_label(code: str) -> str:
    return _label(ClosedGround, code)


def proposer_label(code: str) -> str:
    if code == THEME:
        return gettext("Erfaringstema")
    if code == SECRETARIAT:
        return gettext("Sekretariatet")
    return _label(ProposerKind, code)


def gender_label(code: str) -> str:
    if code == NOT_STATED:
        return gettext("Ikke oppgitt")
    return _label(Gender, code)


def _date(value: str) -> str:
    return format_date(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}\u00a0%" if whole else "–"


def _one(label: str, count: int) -> Row:
    return Row(label=label, values=(float(count),), cells=(str(count),), note=str(count))


@dataclass(frozen=True)
class Table:
    caption: str
    head: tuple[str, ...]
    rows: Sequence[tuple[Any, ...]]
    empty: str


def composition_table(figures: dict[str, Any]) -> Table:
    several = len(figures["arenas"]) > 1
    head = (
        gettext("Navn"),
        gettext("Rolle"),
        gettext("Representerer"),
        gettext("Fra"),
        gettext("Til"),
    )
    rows = []
    for seat in figures["composition"]["seats"]:
        role = role_label(seat["role"])
        if seat["rank"]:
            role = f"{role} {seat['rank']}"
        row = (
            seat["name"],
            role,
            seat["organisation"] or "–",
            _date(seat["starts_on"]),
            _date(seat["ends_on"]),
        )
        rows.append((seat["arena"], *row) if several else row)
    return Table(
        caption=gettext("Medlemmer og varamedlemmer i løpet av året"),
        head=(gettext("Arena"), *head) if several else head,
        rows=rows,
        empty=gettext("Ingen hadde verv i arenaen dette året."),
    )


def vacancy_table(figures: dict[str, Any]) -> Table:
    rows = []
    for group, label in (("members", gettext("Medlemmer")), ("deputies", gettext("Varamedlemmer"))):
        for line in figures["composition"]["vacancies"][group]:
            rows.append(
                (
                    line["arena"],
                    label,
                    str(line["seats"]),
                    str(line["at_start"]),
                    str(line["at_end"]),
                    f"{line['average']:.1f}".replace(".", ","),
                )
            )
    return Table(
        caption=gettext("Ledige plasser gjennom året"),
        head=(
            gettext("Arena"),
            gettext("Plasser for"),
            gettext("Plasser"),
            gettext("Ledige 1. januar"),
            gettext("Ledige 31. desember"),
            gettext("Ledige i snitt"),
        ),
        rows=rows,
        empty=gettext("Ingen plasser å vise."),
    )


def attendance_tables(figures: dict[str, Any]) -> list[Table]:
    head = (gettext("Rolle"), gettext("Innkalt"), gettext("Møtte"), gettext("Oppmøte"))
    people = [
        (
            p["name"],
            attendance_role_label(p["role"]),
            str(p["invited"]),
            str(p["present"]),
            _share(p["present"], p["invited"]),
        )
        for p in figures["attendance"]["people"]
    ]
    organisations = [
        (
            o["name"] or gettext("Ingen organisasjon"),
            attendance_role_label(o["role"]),
            str(o["invited"]),
            str(o["present"]),
            _share(o["present"], o["invited"]),
        )
        for o in figures["attendance"]["organisations"]
    ]
    empty = gettext("Ingen møter med registrert oppmøte dette året.")
    return [
        Table(
            gettext("Oppmøte per person (varamedlemmer for seg)"),
            (gettext("Navn"), *head),
            people,
            empty,
        ),
        Table(
            gettext("Oppmøte per organisasjon (varamedlemmer for seg)"),
            (gettext("Organisasjon"), *head),
            organisations,
            empty,
        ),
    ]


def cases_by_kind_table(figures: dict[str, Any]) -> Table:
    cases = figures["cases"]
    rows = [(kind_label(kind), str(count)) for kind, count in sorted(cases["by_kind"].items())]
    return Table(
        caption=gettext("Saker etter type"),
        head=(gettext("Type sak"), gettext("Antall saker")),
        rows=rows,
        empty=gettext("Ingen saker behandlet dette året."),
    )


def gender_chart(figures: dict[str, Any], *, id: str) -> Chart:
    keys = (*Gender.values, NOT_STATED)
    series = tuple(Series(gender_label(key), PATTERNS[i]) for i, key in enumerate(keys))
    gender = figures["composition"]["gender"]
    rows = []
    for group, label in (("members", gettext("Medlemmer")), ("deputies", gettext("Varamedlemmer"))):
        values = tuple(gender[group].get(key, 0) for key in keys)
        rows.append(
            Row(
                label=label,
                values=tuple(float(v) for v in values),
                cells=tuple(str(v) for v in values),
                note=ngettext("%(count)s person", "%(count)s personer", sum(values))
                % {"count": sum(values)},
            )
        )
    return bar_chart(
        id=id,
        title=gettext("Kjønnsbalanse"),
        description=gettext(
            "Liggende stablede stolper, én for medlemmene og én for varamedlemmene som hadde "
            "verv i løpet av året, delt etter kjønn. Tallene står i tabellen under."
        ),
        axis_label=gettext("Antall personer"),
        empty_text=gettext("Ingen hadde verv i arenaen dette året."),
        table_caption=gettext("Personer med verv etter kjønn"),
        table_head=(gettext("Gruppe"), *(s.label for s in series)),
        series=series,
        rows=rows,
    )


def meetings_chart(figures: dict[str, Any], *, id: str) -> Chart:
    meetings = figures["meetings"]
    parts = (
        (gettext("Holdt"), meetings["held"]),
        (gettext("Planlagt"), meetings["planned"]),
        (gettext("Avlyst"), meetings["cancelled"]),
    )
    return bar_chart(
        id=id,
        title=gettext("Møter i året"),
        description=gettext(
            "Liggende stolper: møter holdt, planlagt og avlyst i året. Tallene står i "
            "tabellen under."
        ),
        axis_label=gettext("Antall møter"),
        empty_text=gettext("Ingen møter dette året."),
        table_caption=gettext("Møter i året"),
        table_head=(gettext("Møter"), gettext("Antall")),
        series=(Series(gettext("Antall møter"), SOLID),),
        rows=[_one(label, n) for label, n in parts],
    )


def proposer_chart(figures: dict[str, Any], *, id: str) -> Chart:
    order = ("member", "organisation", "public", THEME, SECRETARIAT)
    by = figures["cases"]["by_proposer"]
    rows = [
        Row(
            label=proposer_label(code),
            values=(float(by.get(code, 0)),),
            cells=(str(by.get(code, 0)),),
            note=str(by.get(code, 0)),
        )
        for code in order
    ]
    return bar_chart(
        id=id,
        title=gettext("Hvem som meldte inn sakene"),
        description=gettext(
            "Liggende stolper, én for hver forslagsstiller: medlemmer, organisasjoner, "
            "innbyggere, erfaringstema og sekretariatet. Tallene står i tabellen under."
        ),
        axis_label=gettext("Antall saker"),
        empty_text=gettext("Ingen saker behandlet dette året."),
        table_caption=gettext("Saker etter forslagsstiller"),
        table_head=(gettext("Forslagsstiller"), gettext("Antall saker")),
        series=(Series(gettext("Antall saker"), SOLID),),
        rows=rows,
    )


def advice_chart(figures: dict[str, Any], *, id: str) -> Chart:
    advice = figures["advice"]
    parts = (
        (str(AdviceStatus.IMPLEMENTED.label), advice["implemented"]),
        (str(AdviceStatus.FOLLOWED.label), advice["followed"]),
        (str(AdviceStatus.PARTLY.label), advice["partly"]),
        (str(AdviceStatus.NOT_FOLLOWED.label), advice["not_followed"]),
        (gettext("Ikke besvart"), advice["count"] - advice["answered"]),
    )
    return bar_chart(
        id=id,
        title=gettext("Hva skjedde med rådene"),
        description=gettext(
            "Liggende stolper, én for hvert utfall av rådene gitt i året: gjennomført, "
            "fulgt, delvis fulgt, ikke fulgt og ikke besvart. Tallene står i tabellen under."
        ),
        axis_label=gettext("Antall råd"),
        empty_text=gettext("Ingen råd gitt dette året."),
        table_caption=gettext("Rådene gitt i året etter utfall"),
        table_head=(gettext("Utfall"), gettext("Antall råd")),
        series=(Series(gettext("Antall råd"), SOLID),),
        rows=[_one(label, n) for label, n in parts],
    )


def advice_summary(figures: dict[str, Any]) -> list[tuple[str, str]]:
    advice = figures["advice"]
    median = advice["median_days"]
    return [
        (gettext("Råd gitt"), str(advice["count"])),
        (gettext("Besvart"), str(advice["answered"])),
        (
            gettext("Besvart innen fristen"),
            f"{advice['answered_on_time']} ({_share(advice['answered_on_time'], advice['answered'])})",
        ),
        (
            gettext("Median dager til svar"),
            "–" if median is None else f"{median:g}".replace(".", ","),
        ),
    ]


def decision_summary(figures: dict[str, Any]) -> list[tuple[str, str]]:
    """How many of the year's advice reached a final decision (``followup.figures``'
    ``decided``); a version frozen before decisions existed reads 0."""
    advice = figures["advice"]
    decided = advice.get("decided", 0)
    return [
        (
            gettext("Endelig vedtak fattet"),
            f"{decided} ({_share(decided, advice['count'])})",
        )
    ]


def decision_chart(figures: dict[str, Any], *, id: str) -> Chart:
    """The final decisions on the year's advice, by outcome (counted by followup.figures)."""
    advice = figures["advice"]
    rows = [
        _one(str(outcome.label), int(advice.get(f"decided_{outcome.value}", 0)))
        for outcome in DecisionOutcome
    ]
    return bar_chart(
        id=id,
        title=gettext("Endelige vedtak i sakene rådene gjaldt"),
        description=gettext(
            "Liggende stolper, én for hvert utfall av de endelige vedtakene i sakene rådene "
            "gitt i året gjaldt: i tråd med rådet, delvis i tråd, i strid med rådet, utsatt "
            "eller sendt tilbake, og annet utfall. Tallene står i tabellen under."
        ),
        axis_label=gettext("Antall råd"),
        empty_text=gettext("Ingen endelige vedtak registrert for rådene gitt i året."),
        table_caption=gettext("Rådene gitt i året etter endelig vedtak"),
        table_head=(gettext("Endelig vedtak"), gettext("Antall råd")),
        series=(Series(gettext("Antall råd"), SOLID),),
        rows=rows,
    )


def money(value: str | float) -> str:
    """An amount in kroner with two decimals, grouped in the active language."""
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def _compensation_groups() -> tuple[tuple[str, str], ...]:
    return (
        ("fee", gettext("Møtegodtgjøring og tillegg")),
        ("travel", gettext("Reise")),
        ("lost_earnings", gettext("Tapt arbeidsinntekt")),
    )


def compensation_table(figures: dict[str, Any]) -> Table | None:
    """Compensation per arena and kind of line, with the sum (never per person)."""
    found = figures.get("compensation")
    if not found:
        return None
    groups = _compensation_groups()
    rows = [
        (line["arena"], *(money(line[key]) for key, _label in groups), money(line["total"]))
        for line in found["arenas"]
    ]
    if len(rows) > 1:
        total = found["total"]
        rows.append(
            (
                gettext("Sum"),
                *(money(total[key]) for key, _label in groups),
                money(total["total"]),
            )
        )
    return Table(
        caption=gettext("Godtgjøring godkjent for årets møter, i kroner"),
        head=(gettext("Arena"), *(label for _key, label in groups), gettext("I alt")),
        rows=rows,
        empty=gettext("Ingen godtgjøring godkjent for årets møter."),
    )


def compensation_chart(figures: dict[str, Any], *, id: str) -> Chart | None:
    found = figures.get("compensation")
    if not found:
        return None
    groups = _compensation_groups()
    series = tuple(Series(label, PATTERNS[i]) for i, (_key, label) in enumerate(groups))
    rows = [
        Row(
            label=line["arena"],
            values=tuple(float(line[key]) for key, _label in groups),
            cells=(*(money(line[key]) for key, _label in groups), money(line["total"])),
            note=gettext("%(amount)s kr") % {"amount": money(line["total"])},
        )
        for line in found["arenas"]
    ]
    return bar_chart(
        id=id,
        title=gettext("Godtgjøring per arena"),
        description=gettext(
            "Liggende stablede stolper, én for hver arena: godtgjøringen godkjent for årets "
            "møter, delt i møtegodtgjøring og tillegg, reise og tapt arbeidsinntekt. Tallene "
            "står i tabellen under."
        ),
        axis_label=gettext("Kroner"),
        empty_text=gettext("Ingen godtgjøring godkjent for årets møter."),
        table_caption=gettext("Godtgjøring per arena etter type, i kroner"),
        table_head=(gettext("Arena"), *(s.label for s in series), gettext("I alt")),
        series=series,
        rows=rows,
    )


def highlight_rows(content: dict[str, Any]) -> list[dict[str, str]]:
    rows = []
    for h in content["highlights"]:
        if h["closed"]:
            rows.append(
                {
                    "case_number": h["case_number"],
                    "closed": "1",
                    "ground": ground_label(h["closed_ground"]),
                }
            )
        else:
            rows.append(
                {
                    "case_number": h["case_number"],
                    "closed": "",
                    "title": h["title"],
                    "kind": kind_label(h["kind"]),
                    "date": _date(h["date"]),
                    "note": h["note"],
                }
            )
    return rows


def view(content: dict[str, Any], *, prefix: str = "annual") -> dict[str, Any]:
    """Everything the report's templates draw, from its content."""
    figures = content["figures"]
    return {
        "content": content,
        "figures": figures,
        "highlights": highlight_rows(content),
        "composition": composition_table(figures),
        "vacancies": vacancy_table(figures),
        "attendance": attendance_tables(figures),
        "cases_by_kind": cases_by_kind_table(figures),
        "advice_summary": advice_summary(figures),
        "gender_chart": gender_chart(figures, id=f"{prefix}-gender"),
        "meetings_chart": meetings_chart(figures, id=f"{prefix}-meetings"),
        "proposer_chart": proposer_chart(figures, id=f"{prefix}-proposers"),
        "advice_chart": advice_chart(figures, id=f"{prefix}-advice"),
        "decision_summary": decision_summary(figures),
        "decision_chart": decision_chart(figures, id=f"{prefix}-decisions"),
        "compensation_total": (
            money(figures["compensation"]["total"]["total"]) if figures.get("compensation") else ""
        ),
        "compensation_chart": compensation_chart(figures, id=f"{prefix}-compensation"),
        "calls": [
            (c["title"], _date(c["opens_on"]), _date(c["closes_on"]))
            for c in figures["experience_calls"]
        ],
        "surveys": [
            (s["title"], _date(s["opens_on"]), _date(s["closes_on"])) for s in figures["surveys"]
        ],
    }


def key_figures(figures: dict[str, Any]) -> list[tuple[str, Any]]:
    """The key figures the comparison page, the API and the CSV/XLSX share: (label, value)."""
    advice = figures["advice"]
    members = sum(figures["composition"]["gender"]["members"].values())
    vacant = sum(line["average"] for line in figures["composition"]["vacancies"]["members"])
    present = sum(p["present"] for p in figures["attendance"]["people"])
    invited = sum(p["invited"] for p in figures["attendance"]["people"])
    return [
        ("members", members),
        ("vacant_seats_average", round(vacant, 1)),
        ("meetings_held", figures["meetings"]["held"]),
        ("attendance_share", round(present / invited, 3) if invited else None),
        ("cases", figures["cases"]["total"]),
        ("advice", advice["count"]),
        ("advice_answered", advice["answered"]),
        ("advice_answered_on_time", advice["answered_on_time"]),
        ("advice_median_days", advice["median_days"]),
        ("advice_followed_or_implemented", advice["followed"] + advice["implemented"]),
        ("experience_calls", len(figures["experience_calls"])),
        ("surveys", len(figures["surveys"])),
        ("training_records", figures["training"]["records"]),
    ]


def key_figure_labels() -> dict[str, str]:
    return {
        "members": gettext("Medlemmer i året"),
        "vacant_seats_average": gettext("Ledige medlemsplasser i snitt"),
        "meetings_held": gettext("Møter holdt"),
        "attendance_share": gettext("Oppmøte"),
        "cases": gettext("Saker behandlet"),
        "advice": gettext("Råd gitt"),
        "advice_answered": gettext("Råd besvart"),
        "advice_answered_on_time": gettext("Besvart innen fristen"),
        "advice_median_days": gettext("Median dager til svar"),
        "advice_followed_or_implemented": gettext("Råd fulgt eller gjennomført"),
        "experience_calls": gettext("Innspillsrunder"),
        "surveys": gettext("Spørreundersøkelser"),
        "training_records": gettext("Kurs fullført av medlemmer"),
    }


def comparison_chart(rows: list[tuple[Any, dict[str, Any]]], *, id: str) -> Chart:
    """Per report on the page: the advice given and how many were followed or carried out."""
    series = (
        Series(gettext("Råd fulgt eller gjennomført"), PATTERNS[0]),
        Series(gettext("Andre råd"), PATTERNS[1]),
    )
    drawn = []
    for report, figures in rows:
        done = figures["advice_followed_or_implemented"]
        other = figures["advice"] - done
        drawn.append(
            Row(
                label=f"{report.subject_name} ({report.owner.name})",
                values=(float(done), float(other)),
                cells=(
                    str(figures["meetings_held"]),
                    str(figures["cases"]),
                    str(figures["advice"]),
                    str(done),
                ),
                note=ngettext("%(count)s råd", "%(count)s råd", figures["advice"])
                % {"count": figures["advice"]},
            )
        )
    return bar_chart(
        id=id,
        title=gettext("Råd gitt, og hvor mange som ble fulgt"),
        description=gettext(
            "Liggende stablede stolper, én for hver årsmelding på denne siden: rådene gitt i "
            "året, delt i råd som ble fulgt eller gjennomført og andre råd. Tallene står i "
            "tabellen under."
        ),
        axis_label=gettext("Antall råd"),
        empty_text=gettext("Ingen publiserte årsmeldinger for dette året."),
        table_caption=gettext("Møter, saker og råd per årsmelding"),
        table_head=(
            gettext("Årsmelding"),
            gettext("Møter holdt"),
            gettext("Saker behandlet"),
            gettext("Råd gitt"),
            gettext("Råd fulgt eller gjennomført"),
        ),
        series=series,
        rows=drawn,
    )
