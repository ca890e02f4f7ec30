"""Themes, cases from themes, the experience bank and individual cases.

Lookups: 404 for what the user may not know exists (a theme they may not see, a call
they do not moderate), 403 for what they may see but not do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from medvirk.common.charts import Chart, Pattern, Row, Series, bar_chart
from medvirk.common.http import AuthedRequest
from medvirk.common.views import attach_domain_errors
from medvirk.experiences import selectors
from medvirk.experiences.caching import FIGURES, figure_scopes
from medvirk.experiences.domain import cases, themes
from medvirk.experiences.forms_themes import (
    AddAnswersForm,
    CaseArenasForm,
    CaseForm,
    CombineForm,
    IndividualCaseForm,
    RemoveAnswerForm,
    SharingForm,
    ThemeForm,
)
from medvirk.experiences.models import ExperienceCall, Theme

BAR = Pattern("solid", "#1a5d8f")


def _call(pk: int, user: Any, perm: str = "experiences.add_theme") -> ExperienceCall:
    call = get_object_or_404(ExperienceCall.objects.select_related("organisation"), pk=pk)
    if not rules.has_perm(perm, user, call):
        raise Http404
    return call


def _theme(pk: int) -> Theme:
    return get_object_or_404(
        Theme.objects.select_related("organisation", "call__organisation"), pk=pk
    )


def _moderated_theme(pk: int, user: Any) -> Theme:
    theme = _theme(pk)
    if not rules.has_perm("experiences.change_theme", user, theme):
        raise Http404
    return theme


# --- The call's themes ---------------------------------------------------------------


@login_required
def theme_list(request: AuthedRequest, call_pk: int) -> HttpResponse:
    call = _call(call_pk, request.user)
    return render(
        request,
        "experiences/theme_list.html",
        {
            "call": call,
            "rows": selectors.call_themes(call),
            "approved": selectors.approved_count(call),
        },
    )


@login_required
def theme_create(request: AuthedRequest, call_pk: int) -> HttpResponse:
    call = _call(call_pk, request.user)
    form = ThemeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = themes.create_theme(call, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Temaet er opprettet. Legg til svar under."))
            return redirect(theme)
    return render(request, "experiences/theme_form.html", {"call": call, "form": form})


# --- One theme -----------------------------------------------------------------------


# A national theme's answers come from hundreds of kommuner: the chart draws the ones
# with most answers and one bar for the rest (the facts above the chart name them all).
MOST_BARS = 10


def _count_chart(
    pairs: list[tuple[Any, int]],
    *,
    id: str,
    title: str,
    head: str,
    description: str,
    rest: Callable[[int], str],
) -> Chart:
    """Bars for the ``MOST_BARS`` largest counts (``pairs`` come largest first), then one
    bar labelled ``rest(number of the others)`` for the others' sum."""
    not_given = _("Ikke oppgitt")
    shown = list(pairs[:MOST_BARS])
    others = pairs[MOST_BARS:]
    if others:
        shown.append((rest(len(others)), sum(count for _label, count in others)))
    rows = [
        Row(
            label=label or not_given,
            values=(float(count),),
            cells=(str(count),),
            note=ngettext("%(count)s svar", "%(count)s svar", count) % {"count": count},
        )
        for label, count in shown
    ]
    return bar_chart(
        id=id,
        title=title,
        description=description,
        axis_label=_("Antall svar"),
        empty_text=_("Temaet har ingen svar ennå, så det er ingen tall å vise."),
        table_caption=title,
        table_head=(head, _("Antall svar")),
        series=(Series(_("Antall svar"), BAR),),
        rows=rows,
    )


def _charts(theme: Theme) -> list[Chart]:
    figures = selectors.theme_figures(theme)
    return [
        _count_chart(
            figures.by_kommune,
            id=f"theme-{theme.pk}-kommune",
            title=_("Svar per kommune"),
            head=_("Kommune"),
            description=_(
                "Liggende stolper, én for hver av kommunene med flest svar og én for resten: "
                "hvor mange av temaets svar som kommer derfra. Tallene står i tabellen ved "
                "siden av."
            ),
            rest=lambda number: (
                ngettext("%(count)s kommune til", "%(count)s kommuner til", number)
                % {"count": number}
            ),
        ),
        _count_chart(
            figures.by_service,
            id=f"theme-{theme.pk}-service",
            title=_("Svar per tjeneste"),
            head=_("Tjeneste"),
            description=_(
                "Liggende stolper, én for hver av tjenestene med flest svar og én for resten: "
                "hvor mange av temaets svar som gjelder den. Tallene står i tabellen ved "
                "siden av."
            ),
            rest=lambda number: (
                ngettext("%(count)s tjeneste til", "%(count)s tjenester til", number)
                % {"count": number}
            ),
        ),
    ]


def _charts_html(theme: Theme) -> SafeString:
    """The theme's charts, rendered once per version of ``caching.FIGURES`` and language:
    a chart of a national theme lists dozens of kommuner."""
    return FIGURES.html(
        "theme-charts",
        theme.pk,
        render=lambda: render_to_string(
            "experiences/includes/theme_charts.html", {"charts": _charts(theme)}
        ),
        scopes=figure_scopes([theme]),
    )


@login_required
def theme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    theme = _theme(pk)
    user = request.user
    moderator = rules.has_perm("experiences.change_theme", user, theme)
    if not moderator and not rules.has_perm("experiences.view_theme_summary", user, theme):
        raise Http404
    covered = selectors.coverage([theme])[theme.pk]
    context: dict[str, Any] = {
        "theme": theme,
        "moderator": moderator,
        "coverage": covered,
        "charts_html": _charts_html(theme),
    }
    if moderator:
        context["cases"] = selectors.theme_cases(theme)
        context["may_make_case"] = rules.has_perm("experiences.make_case", user, theme)
        context["offered_to"] = selectors.offered_arenas(theme)
        if theme.call_id is not None:
            answers = selectors.theme_answers(theme, request.GET.get("side"))
            candidates = selectors.candidate_answers(theme, request.GET.get("kandidater"))
            context["answers"] = answers
            context["candidates"] = candidates
            # The two lists are most of the page's work (50 answers with their texts):
            # kept as HTML per page; a page found there never reads its rows.
            context["answers_html"] = FIGURES.html(
                "theme-answers",
                theme.pk,
                answers.number,
                scopes=figure_scopes([theme]),
                render=lambda: _items("experiences/includes/theme_answers.html", answers=answers),
            )
            context["candidates_html"] = FIGURES.html(
                "theme-candidates",
                theme.pk,
                candidates.number,
                scopes=figure_scopes([theme]),
                render=lambda: _items(
                    "experiences/includes/theme_candidates.html", candidates=candidates
                ),
            )
        else:
            context["sources"] = selectors.source_rows(theme)
    return render(request, "experiences/theme_detail.html", context)


def _items(template: str, **context: Page[Any]) -> str:
    """A list's HTML, or nothing when its page holds no rows."""
    (page,) = context.values()
    return render_to_string(template, context) if page.object_list else ""


@login_required
def theme_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    theme = _moderated_theme(pk, request.user)
    form = ThemeForm(
        request.POST if request.method == "POST" else None,
        initial={"title": theme.title, "summary": theme.summary},
    )
    if request.method == "POST" and form.is_valid():
        try:
            themes.update_theme(theme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Temaet er lagret."))
            return redirect(theme)
    return render(
        request, "experiences/theme_form.html", {"call": theme.call, "theme": theme, "form": form}
    )


@login_required
@require_POST
def theme_add_answers(request: AuthedRequest, pk: int) -> HttpResponse:
    theme = _moderated_theme(pk, request.user)
    form = AddAnswersForm(request.POST, theme=theme)
    if form.is_valid():
        try:
            added = themes.add_answers(
                theme, by=request.user, experiences=form.cleaned_data["experiences"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s svar er lagt til temaet.",
                    "%(count)s svar er lagt til temaet.",
                    added,
                )
                % {"count": added},
            )
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("experiences", [])))
    return redirect(theme.get_absolute_url() + "#legg-til")


@login_required
@require_POST
def theme_remove_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    theme = _moderated_theme(pk, request.user)
    form = RemoveAnswerForm(request.POST, theme=theme)
    if form.is_valid():
        themes.remove_answer(theme, by=request.user, experience=form.cleaned_data["experience"])
        messages.success(request, _("Svaret er tatt ut av temaet."))
    else:
        messages.error(request, _("Svaret er ikke i dette temaet."))
    return redirect(theme.get_absolute_url() + "#svar")


@login_required
def theme_sharing(request: AuthedRequest, pk: int) -> HttpResponse:
    """Share the theme or stop sharing it; a change is confirmed on a second page."""
    theme = _moderated_theme(pk, request.user)
    arenas = themes.shareable_arenas(theme)
    if request.method != "POST":
        form = SharingForm(
            initial={"is_shared": theme.is_shared, "offered_to": list(theme.offered_to.all())},
            arenas=arenas,
        )
        return render(request, "experiences/theme_sharing.html", {"theme": theme, "form": form})
    form = SharingForm(request.POST, arenas=arenas)
    if not form.is_valid():
        return render(request, "experiences/theme_sharing.html", {"theme": theme, "form": form})
    data = form.cleaned_data
    if not data.get("confirm"):
        return render(
            request,
            "experiences/theme_sharing_confirm.html",
            {
                "theme": theme,
                "is_shared": data["is_shared"],
                "offered_to": list(data["offered_to"]),
            },
        )
    try:
        themes.set_sharing(
            theme, by=request.user, is_shared=data["is_shared"], offered_to=data["offered_to"]
        )
    except ValidationError as error:
        attach_domain_errors(form, error)
        return render(request, "experiences/theme_sharing.html", {"theme": theme, "form": form})
    messages.success(
        request,
        _("Temaet er delt.") if theme.is_shared else _("Temaet deles ikke lenger."),
    )
    return redirect(theme)


# --- From a theme to case proposals ---------------------------------------------------


@login_required
def theme_case(request: AuthedRequest, pk: int) -> HttpResponse:
    theme = _moderated_theme(pk, request.user)
    user = request.user
    if not rules.has_perm("experiences.make_case", user, theme):
        raise PermissionDenied
    options = cases.case_arenas(theme, user)
    arenas = selectors.arenas_named([option.arena.pk for option in options])
    context: dict[str, Any] = {"theme": theme, "options": options}
    if request.method == "POST":
        form = CaseForm(request.POST, arenas=arenas)
        if form.is_valid():
            try:
                made = cases.make_case(theme, by=user, **form.domain_fields())
            except ValidationError as error:
                attach_domain_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Saksforslaget er sendt til %(count)s arena.",
                        "Saksforslaget er sendt til %(count)s arenaer.",
                        len(made),
                    )
                    % {"count": len(made)},
                )
                return redirect(theme.get_absolute_url() + "#saker")
        return render(request, "experiences/theme_case.html", {**context, "form": form})
    if "arenas" in request.GET:
        step = CaseArenasForm(request.GET, arenas=arenas)
        if step.is_valid():
            form = CaseForm(
                initial={**cases.case_draft(theme), "arenas": list(step.cleaned_data["arenas"])},
                arenas=arenas,
            )
            return render(request, "experiences/theme_case.html", {**context, "form": form})
    else:
        step = CaseArenasForm(arenas=arenas)
    return render(request, "experiences/theme_case_arenas.html", {**context, "form": step})


# --- The experience bank ---------------------------------------------------------------


@login_required
def bank(request: AuthedRequest) -> HttpResponse:
    user = request.user
    umbrellas = selectors.admin_umbrellas(user)
    services = selectors.managed_services(user)
    return render(
        request,
        "experiences/bank.html",
        {
            "umbrellas": umbrellas,
            "services": services,
            "member_rows": selectors.member_themes(umbrellas),
            "own_rows": selectors.umbrella_themes(umbrellas),
            "offered_rows": selectors.offered_themes(services),
        },
    )


@login_required
def bank_combine(request: AuthedRequest) -> HttpResponse:
    user = request.user
    umbrellas = selectors.admin_umbrellas(user)
    if not umbrellas:
        raise PermissionDenied
    umbrella = umbrellas[0]
    if len(umbrellas) > 1:
        chosen = request.POST.get("umbrella") or request.GET.get("umbrella")
        umbrella = next((u for u in umbrellas if str(u.pk) == chosen), umbrella)
    data = request.POST if request.method == "POST" else request.GET
    ids = [value for value in data.getlist("sources") if value.isdigit()]
    sources_qs = selectors.combinable_themes(umbrella)
    if request.method == "POST":
        form = CombineForm(request.POST, sources=sources_qs)
        if form.is_valid():
            try:
                theme = themes.combine_themes(
                    umbrella,
                    by=user,
                    sources=form.cleaned_data["sources"],
                    title=form.cleaned_data["title"],
                    summary=form.cleaned_data["summary"],
                )
            except ValidationError as error:
                attach_domain_errors(form, error)
            else:
                messages.success(request, _("Paraplytemaet er opprettet."))
                return redirect(theme)
    else:
        chosen_sources = list(sources_qs.filter(pk__in=[int(pk) for pk in ids]))
        form = CombineForm(
            initial={
                "sources": chosen_sources,
                "title": chosen_sources[0].title if chosen_sources else "",
            },
            sources=sources_qs,
        )
    return render(
        request,
        "experiences/bank_combine.html",
        {"form": form, "umbrella": umbrella, "umbrellas": umbrellas},
    )


# --- An individual case -----------------------------------------------------------------


@login_required
def individual_case(request: AuthedRequest, call_pk: int) -> HttpResponse:
    call = _call(call_pk, request.user, "experiences.record_case")
    is_open = call.is_open_on(timezone.localdate())
    form = IndividualCaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            cases.record_individual_case(call, by=request.user, **form.domain_fields())
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(
                request,
                _("Takk! Saken er registrert og venter på moderering før den kan brukes."),
            )
            return redirect("experiences:individual_case", call_pk=call.pk)
    return render(
        request,
        "experiences/case_individual.html",
        {"call": call, "form": form, "is_open": is_open},
    )
