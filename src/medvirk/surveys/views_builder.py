"""The owners' pages: the organisation's list, the builder (survey, sections,
questions, options, order), preview, publish and close, personal links."""

from __future__ import annotations

import datetime
from typing import Any

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from medvirk.arenas.selectors import arenas_of_organisation, organisation_arena_menu
from medvirk.common.http import AuthedRequest
from medvirk.common.views import attach_domain_errors
from medvirk.directory.models import Organisation
from medvirk.surveys import selectors
from medvirk.surveys.domain import structure
from medvirk.surveys.domain.invitations import send_invitations
from medvirk.surveys.domain.surveys import (
    close_survey,
    create_survey,
    publish_survey,
    update_survey,
)
from medvirk.surveys.enums import Distribution, SurveyStatus
from medvirk.surveys.forms import (
    AnswerForm,
    InviteForm,
    OptionForm,
    QuestionForm,
    SectionForm,
    SurveyForm,
)
from medvirk.surveys.models import Option, Question, Section, Survey

SURVEY_FIELDS = (
    "title_nb",
    "title_nn",
    "title_en",
    "intro_nb",
    "intro_nn",
    "intro_en",
    "opens_on",
    "closes_on",
    "distribution",
    "ask_kommune",
    "min_group_size",
    "arena",
    "results_public",
)


def owned_survey(request: AuthedRequest, pk: int) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("organisation", "arena"), pk=pk)
    if not rules.has_perm("surveys.change_survey", request.user, survey):
        raise PermissionDenied
    return survey


def _form_page(
    request: AuthedRequest,
    form: forms.Form,
    *,
    title: str,
    survey: Survey | None = None,
    organisation: Organisation | None = None,
    submit: str,
    cancel: str,
    intro: str = "",
) -> HttpResponse:
    return render(
        request,
        "surveys/form.html",
        {
            "form": form,
            "title": title,
            "survey": survey,
            "organisation": organisation or (survey.organisation if survey else None),
            "submit": submit,
            "cancel": cancel,
            "intro": intro,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def organisation_list(request: AuthedRequest, org_pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=org_pk)
    if not rules.has_perm("surveys.add_survey", request.user, organisation):
        raise PermissionDenied
    return render(
        request,
        "surveys/organisation_list.html",
        {
            "organisation": organisation,
            "surveys": list(selectors.surveys_for_organisation(organisation)),
        },
    )


@login_required
def create(request: AuthedRequest, org_pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=org_pk)
    if not rules.has_perm("surveys.add_survey", request.user, organisation):
        raise PermissionDenied
    today = timezone.localdate()
    form = SurveyForm(
        request.POST or None,
        arenas=arenas_of_organisation(organisation),
        arena_menu=organisation_arena_menu(organisation, timezone.localdate()),
        initial={"opens_on": today, "closes_on": today + datetime.timedelta(days=30)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey = create_survey(organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(
                request, _("Undersøkelsen er opprettet. Legg til en del med spørsmål.")
            )
            return redirect(survey)
    return _form_page(
        request,
        form,
        title=_("Ny spørreundersøkelse"),
        organisation=organisation,
        submit=_("Opprett undersøkelsen"),
        cancel=reverse("surveys:organisation", args=[organisation.pk]),
    )


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The builder: the survey's settings, its sections, questions and options."""
    survey = owned_survey(request, pk)
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "sections": selectors.survey_sections(survey),
            "responses": selectors.response_count(survey),
            "invitations": selectors.invitation_counts(survey)
            if survey.distribution == Distribution.PERSONAL
            else None,
            "answer_url": request.build_absolute_uri(survey.get_answer_url()),
        },
    )


@login_required
def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = owned_survey(request, pk)
    if survey.status == SurveyStatus.CLOSED:
        raise PermissionDenied
    initial = {name: getattr(survey, name) for name in SURVEY_FIELDS}
    form = SurveyForm(
        request.POST or None,
        arenas=arenas_of_organisation(survey.organisation),
        arena_menu=organisation_arena_menu(survey.organisation, timezone.localdate()),
        published=not survey.is_editable,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_survey(survey, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect(survey)
    return _form_page(
        request,
        form,
        title=_("Endre undersøkelsen"),
        survey=survey,
        submit=_("Lagre"),
        cancel=survey.get_absolute_url(),
    )


def _structure_form(
    request: AuthedRequest,
    survey: Survey,
    form: forms.Form,
    save: Any,
    *,
    title: str,
    submit: str,
    done: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(survey)
    return _form_page(
        request,
        form,
        title=title,
        survey=survey,
        submit=submit,
        cancel=survey.get_absolute_url(),
    )


@login_required
def section_add(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = owned_survey(request, pk)
    return _structure_form(
        request,
        survey,
        SectionForm(request.POST or None),
        lambda **kw: structure.add_section(survey, **kw),
        title=_("Ny del"),
        submit=_("Legg til delen"),
        done=_("Delen er lagt til."),
    )


def _texts(obj: Any, base: str) -> dict[str, str]:
    return {f"{base}_{lang}": getattr(obj, f"{base}_{lang}") for lang in ("nb", "nn", "en")}


@login_required
def section_edit(request: AuthedRequest, pk: int, section_pk: int) -> HttpResponse:
    survey = owned_survey(request, pk)
    section = get_object_or_404(Section, pk=section_pk, survey=survey)
    section.survey = survey
    return _structure_form(
        request,
        survey,
        SectionForm(request.POST or None, initial=_texts(section, "title")),
        lambda **kw: structure.update_section(section, **kw),
        title=_("Endre delen"),
        submit=_("Lagre"),
        done=_("Endringene er lagret."),
    )


@login_required
def question_add(request: AuthedRequest, pk: int, section_pk: int) -> HttpResponse:
    survey = owned_survey(request, pk)
    section = get_object_or_404(Section, pk=section_pk, survey=survey)
    section.survey = survey
    return _structure_form(
        request,
        survey,
        QuestionForm(request.POST or None),
        lambda **kw: structure.add_question(section, **kw),
        title=_("Nytt spørsmål"),
        submit=_("Legg til spørsmålet"),
        done=_("Spørsmålet er lagt til."),
    )


@login_required
def question_edit(request: AuthedRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = owned_survey(request, pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey)
    question.survey = survey
    initial: dict[str, Any] = {"kind": question.kind, "required": question.required}
    for base in ("text", "help", "low_label", "high_label"):
        initial.update(_texts(question, base))
    return _structure_form(
        request,
        survey,
        QuestionForm(request.POST or None, initial=initial),
        lambda **kw: structure.update_question(question, **kw),
        title=_("Endre spørsmålet"),
        submit=_("Lagre"),
        done=_("Endringene er lagret."),
    )


@login_required
def option_add(request: AuthedRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = owned_survey(request, pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey)
    question.survey = survey
    return _structure_form(
        request,
        survey,
        OptionForm(request.POST or None),
        lambda **kw: structure.add_option(question, **kw),
        title=_("Nytt svaralternativ"),
        submit=_("Legg til svaralternativet"),
        done=_("Svaralternativet er lagt til."),
    )


@login_required
def option_edit(request: AuthedRequest, pk: int, option_pk: int) -> HttpResponse:
    survey = owned_survey(request, pk)
    option = get_object_or_404(
        Option.objects.select_related("question"), pk=option_pk, question__survey=survey
    )
    option.question.survey = survey
    return _structure_form(
        request,
        survey,
        OptionForm(request.POST or None, initial=_texts(option, "label")),
        lambda **kw: structure.update_option(option, **kw),
        title=_("Endre svaralternativet"),
        submit=_("Lagre"),
        done=_("Endringene er lagret."),
    )


def _structure_post(request: AuthedRequest, survey: Survey, action: Any, done: str) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(survey)


def _structure_object(survey: Survey, what: str, obj_pk: int) -> Section | Question | Option:
    """The survey's section, question or option named in the URL (404 when it is not
    the survey's), with the survey set on it for the domain's owner check."""
    if what == "section":
        section = get_object_or_404(Section, pk=obj_pk, survey=survey)
        section.survey = survey
        return section
    if what == "question":
        question = get_object_or_404(Question, pk=obj_pk, survey=survey)
        question.survey = survey
        return question
    if what == "option":
        option = get_object_or_404(
            Option.objects.select_related("question"), pk=obj_pk, question__survey=survey
        )
        option.question.survey = survey
        return option
    raise PermissionDenied


@require_POST
@login_required
def change(request: AuthedRequest, pk: int, what: str, obj_pk: int, action: str) -> HttpResponse:
    """Move a section, question or option up or down (POST only). Deleting has its own
    confirm page (``delete``)."""
    survey = owned_survey(request, pk)
    if action not in ("up", "down"):
        raise PermissionDenied
    obj = _structure_object(survey, what, obj_pk)
    mover = getattr(structure, f"move_{what}")
    return _structure_post(
        request, survey, lambda: mover(obj, by=request.user, direction=action), _("Flyttet.")
    )


def _delete_texts(obj: Section | Question | Option) -> tuple[str, str, str, str]:
    """Title, explanation, the thing's own words and the message when done."""
    if isinstance(obj, Section):
        return (
            _("Slett delen"),
            _(
                "Delen slettes med alle spørsmålene og svaralternativene i den. Det kan ikke angres."
            ),
            obj.title_nb,
            _("Delen er slettet."),
        )
    if isinstance(obj, Question):
        return (
            _("Slett spørsmålet"),
            _("Spørsmålet slettes med svaralternativene sine. Det kan ikke angres."),
            obj.text_nb,
            _("Spørsmålet er slettet."),
        )
    return (
        _("Slett svaralternativet"),
        _("Svaralternativet slettes. Det kan ikke angres."),
        obj.label_nb,
        _("Svaralternativet er slettet."),
    )


@login_required
def delete(request: AuthedRequest, pk: int, what: str, obj_pk: int) -> HttpResponse:
    """Delete a section, question or option: a confirm page, the deletion on POST."""
    survey = owned_survey(request, pk)
    obj = _structure_object(survey, what, obj_pk)
    title, text, subject, done = _delete_texts(obj)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            getattr(structure, f"delete_{what}")(obj, by=request.user)
        except ValidationError as error:
            errors = [("", message) for message in error.messages]
        else:
            messages.success(request, done)
            return redirect(f"{survey.get_absolute_url()}#sporsmal")
    return render(
        request,
        "surveys/confirm.html",
        {
            "survey": survey,
            "errors": errors,
            "title": title,
            "text": text,
            "subject": subject,
            "submit": _("Slett"),
            "danger": True,
        },
        status=422 if errors else 200,
    )


@login_required
def preview(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = owned_survey(request, pk)
    sections = selectors.survey_sections(survey)
    form = AnswerForm(
        questions=selectors.questions_in_order(sections),
        kommuner=selectors.kommuner() if survey.ask_kommune else None,
    )
    return render(
        request,
        "surveys/answer.html",
        {"survey": survey, "sections": sections, "form": form, "preview": True},
    )


@login_required
def publish(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = owned_survey(request, pk)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            publish_survey(survey, by=request.user)
        except ValidationError as error:
            links = {
                "questions": f"{survey.get_absolute_url()}#sporsmal",
                "options": f"{survey.get_absolute_url()}#sporsmal",
                "closes_on": f"{reverse('surveys:edit', args=[survey.pk])}#id_closes_on",
            }
            for key, messages_ in error.message_dict.items():
                errors += [(links.get(key, ""), message) for message in messages_]
        else:
            messages.success(request, _("Undersøkelsen er publisert."))
            return redirect(survey)
    return render(
        request,
        "surveys/confirm.html",
        {
            "survey": survey,
            "errors": errors,
            "title": _("Publiser undersøkelsen"),
            "text": _(
                "Når undersøkelsen er publisert, tar den imot svar mellom datoene du har "
                "valgt, og spørsmålene kan ikke lenger endres."
            ),
            "submit": _("Publiser"),
        },
        status=422 if errors else 200,
    )


@login_required
def close(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = owned_survey(request, pk)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            close_survey(survey, by=request.user)
        except ValidationError as error:
            errors = [("", message) for message in error.messages]
        else:
            messages.success(request, _("Undersøkelsen er stengt."))
            return redirect(survey)
    return render(
        request,
        "surveys/confirm.html",
        {
            "survey": survey,
            "errors": errors,
            "title": _("Steng undersøkelsen"),
            "text": _(
                "Når undersøkelsen er stengt, tar den ikke imot flere svar. Resultatene blir stående."
            ),
            "submit": _("Steng"),
        },
        status=422 if errors else 200,
    )


@login_required
def invite(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = owned_survey(request, pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = send_invitations(survey, by=request.user, emails=form.cleaned_data["emails"])
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "En personlig lenke er sendt.",
                    "Personlige lenker er sendt til %(count)s adresser.",
                    sent,
                )
                % {"count": sent},
            )
            return redirect(survey)
    return _form_page(
        request,
        form,
        title=_("Send personlige lenker"),
        survey=survey,
        submit=_("Send lenkene"),
        cancel=survey.get_absolute_url(),
    )
