"""Results (owners only), moderation of free text, exports, the public summary and
putting the results on an agenda."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.common.csv_export import streaming_csv
from medvirk.common.http import AuthedRequest
from medvirk.common.paging import counted_page
from medvirk.common.views import attach_domain_errors
from medvirk.surveys import exports, selectors
from medvirk.surveys.caching import RESULTS
from medvirk.surveys.domain.agenda import put_results_on_agenda
from medvirk.surveys.domain.moderation import moderate_answer
from medvirk.surveys.enums import Moderation
from medvirk.surveys.forms import AgendaForm, ModerationForm
from medvirk.surveys.models import Answer, Survey
from medvirk.surveys.results import results_html, survey_results

MODERATION_PAGE = 25


def _survey(request: HttpRequest, pk: int, perm: str) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("organisation", "arena"), pk=pk)
    if not rules.has_perm(perm, request.user, survey):
        raise PermissionDenied
    return survey


@login_required
def results(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, "surveys.view_results")
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "body": results_html(survey, include_text=True),
            "pending": selectors.pending_text_count(survey),
            "meetings": selectors.agenda_meetings(survey, request.user),
        },
    )


def summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The public summary: counts and charts, no free text; only when marked public."""
    survey = get_object_or_404(Survey.objects.select_related("organisation", "arena"), pk=pk)
    if not rules.has_perm("surveys.view_summary", request.user, survey):
        raise Http404
    return render(
        request,
        "surveys/summary.html",
        {"survey": survey, "body": results_html(survey, include_text=False)},
    )


@login_required
def moderation(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, "surveys.moderate_answers")
    state = request.GET.get("vis", Moderation.PENDING)
    if state not in Moderation.values:
        state = Moderation.PENDING
    counts = selectors.moderation_counts(survey)
    # Paged, 25 a page as the project's other lists (the counts above are the pages'
    # length: no COUNT of its own): the big survey has 1,500 texts, and the page drew
    # 200 of them with two forms each (80-100 ms).
    page = counted_page(
        selectors.texts_for_moderation(survey, state),
        MODERATION_PAGE,
        count=counts[state],
        number=request.GET.get("side"),
    )

    # Each answer's address and its number for screen readers made here: a {% url %} and
    # a {% blocktranslate %} per button cost more than the rest of the page. The list is
    # kept as HTML until the survey's answers change (``caching.RESULTS``): its buttons
    # post through two forms outside it, which carry the session's CSRF token.
    def items() -> str:
        first = reverse("surveys:moderate", args=[survey.pk, 0])
        head, _zero, tail = first.rpartition("/0/")
        numbered = _("svar %(number)s")
        answers = [
            (answer, f"{head}/{answer.pk}/{tail}", numbered % {"number": number})
            for number, answer in enumerate(page.object_list, page.start_index())
        ]
        if not answers:
            return ""
        return render_to_string(
            "surveys/includes/moderation_items.html", {"answers": answers, "state": state}
        )

    forms = [
        (decision, form_id)
        for decision, form_id in ((Moderation.APPROVED, "godkjenn"), (Moderation.HIDDEN, "skjul"))
        if decision != state
    ]
    return render(
        request,
        "surveys/moderation.html",
        {
            "survey": survey,
            "state": state,
            "states": Moderation.choices,
            "counts": counts,
            "page": page,
            "forms": forms,
            "items_html": RESULTS.html(
                "moderation", state, page.number, render=items, scopes=[survey.pk]
            ),
        },
    )


@require_POST
@login_required
def moderate(request: AuthedRequest, pk: int, answer_pk: int) -> HttpResponse:
    survey = _survey(request, pk, "surveys.moderate_answers")
    answer = get_object_or_404(
        Answer.objects.select_related("question"), pk=answer_pk, question__survey=survey
    )
    answer.question.survey = survey
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Velg om svaret skal vises eller skjules."))
    else:
        moderate_answer(answer, by=request.user, decision=form.cleaned_data["decision"])
        if form.cleaned_data["decision"] == Moderation.APPROVED:
            messages.success(request, _("Svaret vises nå i resultatene."))
        else:
            messages.success(request, _("Svaret er skjult."))
    state = request.POST.get("vis", Moderation.PENDING)
    if state not in Moderation.values:
        state = Moderation.PENDING
    back = f"{survey.get_absolute_url()}moderering/?vis={state}"
    number = request.POST.get("side", "")
    if number.isdigit() and number != "1":
        back += f"&side={number}"
    return redirect(back)


def _filename(survey: Survey, suffix: str) -> str:
    return f'attachment; filename="undersokelse-{survey.pk}.{suffix}"'


@login_required
def export_csv(request: AuthedRequest, pk: int) -> StreamingHttpResponse:
    survey = _survey(request, pk, "surveys.view_results")
    questions = selectors.questions_in_order(selectors.survey_sections(survey))
    # The header is made here, in the request's language (the rows are written later).
    header = exports.header(questions)
    return streaming_csv(header, exports.raw_rows(survey, questions), _filename(survey, "csv"))


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def export_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, "surveys.view_results")

    def workbook() -> bytes:
        sections = selectors.survey_sections(survey)
        questions = selectors.questions_in_order(sections)
        results = survey_results(survey, include_text=True, sections=sections)
        return exports.xlsx(survey, questions, results)

    # Zipped whole, not streamed: 5,000 responses take openpyxl about a second. The file
    # is the same for everyone who may read the results, so it is kept (per language,
    # as the results page is) until a response, a moderation or the survey changes.
    content = RESULTS.get_or_set(
        "xlsx",
        survey.pk,
        survey.min_group_size,
        survey.updated_at.isoformat() if survey.updated_at else "",
        compute=workbook,
        scopes=[survey.pk],
    )
    return HttpResponse(
        content,
        content_type=XLSX_TYPE,
        headers={"Content-Disposition": _filename(survey, "xlsx")},
    )


@login_required
def agenda(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, "surveys.view_results")
    meetings = selectors.agenda_meetings(survey, request.user)
    if not meetings:
        raise PermissionDenied
    form = AgendaForm(request.POST or None, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        try:
            item = put_results_on_agenda(
                survey, by=request.user, meeting=form.cleaned_data["meeting"]
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Resultatene er satt på sakskartet."))
            return redirect(item.get_absolute_url())
    return render(
        request,
        "surveys/form.html",
        {
            "form": form,
            "survey": survey,
            "organisation": survey.organisation,
            "title": _("Sett resultatene på sakskartet"),
            "intro": _(
                "Resultatene blir en orienteringssak på møtet. Saken får antall svar og, om "
                "sammendraget er offentlig, en lenke til det."
            ),
            "submit": _("Sett på sakskartet"),
            "cancel": f"{survey.get_absolute_url()}resultater/",
        },
        status=422 if request.method == "POST" else 200,
    )
