"""A representative's load (/personer/<pk>/belastning/, ``people:load``): every seat,
meeting hours per month, clashes and terms ending (``meetings.load``), with the courses
and onboarding checklists of the apps above meetings. It joins apps from every layer, so
it lives here at the top; its route is composed into the people namespace beside the
person page (``medvirk/urls.py``)."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET

from medvirk.arenas.selectors import seats_of
from medvirk.common.charts import Chart, Row, Series, bar_chart
from medvirk.common.dates import format_date
from medvirk.common.http import AuthedRequest
from medvirk.meetings.load import Load, load_of
from medvirk.onboarding.selectors import person_checklists, shown
from medvirk.people.models import Person
from medvirk.people.selectors import person_of_user
from medvirk.training.enums import CourseStatus, EnrolmentStatus
from medvirk.training.selectors import my_enrolments


def hours_chart(load: Load) -> Chart:
    rows = [
        Row(
            label=format_date(month, "YEAR_MONTH_FORMAT"),
            values=(hours,),
            cells=(format_hours(hours),),
            note=format_hours(hours),
        )
        for month, hours in load.months
    ]
    return bar_chart(
        id="load-hours",
        title=gettext("Møtetimer per måned"),
        description=gettext(
            "Liggende stolper, én for hver av de neste tolv månedene, med timene i planlagte "
            "møter i arenaene der personen har fast plass. Tallene står i tabellen under."
        ),
        axis_label=gettext("Timer"),
        empty_text=gettext("Ingen planlagte møter de neste tolv månedene."),
        table_caption=gettext("Møtetimer per måned"),
        table_head=(gettext("Måned"), gettext("Timer")),
        series=(Series(gettext("Møtetimer")),),
        rows=rows,
    )


def format_hours(hours: float) -> str:
    """ "2,5 timer" (in the reader's language, one decimal only when there is one)."""
    shown = number_format(hours, decimal_pos=0 if hours == int(hours) else 1, use_l10n=True)
    return ngettext("%(hours)s time", "%(hours)s timer", 1 if hours == 1 else 2) % {"hours": shown}


def _page(request: AuthedRequest, person: Person) -> HttpResponse:
    seats = seats_of(person, visible_to=request.user)
    load = load_of(person, seats=seats)
    checklists = [
        state
        for state in shown(person_checklists(person))
        if rules.has_perm("onboarding.view_checklist", request.user, state.checklist)
    ]
    courses = [
        enrolment
        for enrolment in my_enrolments(person)
        if enrolment.status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING)
        and enrolment.course.status == CourseStatus.PUBLISHED
    ]
    context: dict[str, Any] = {
        "person": person,
        "load": load,
        "checklists": checklists,
        "courses": courses,
        "chart": hours_chart(load),
        "is_self": person.user_id == request.user.pk,
    }
    return render(request, "start/load.html", context)


@login_required
@require_GET
def load_page(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    if not rules.has_perm("people.view_person", request.user, person):
        raise PermissionDenied
    return _page(request, person)


@login_required
@require_GET
def my_load(request: AuthedRequest) -> HttpResponse:
    """The signed-in person's own load ("Min side" links here without knowing the id)."""
    person = person_of_user(request.user)
    if person is None:
        return render(request, "start/load_none.html", status=404)
    return _page(request, person)
