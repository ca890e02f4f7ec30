"""Creating, changing, publishing and closing a survey (its owners only)."""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING, Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.arenas.models import Arena
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.directory.models import Organisation
from medvirk.surveys.enums import EDITABLE, Distribution, SurveyStatus
from medvirk.surveys.models import Question, Survey

if TYPE_CHECKING:
    from medvirk.accounts.models import User

CREATED = register_action("surveys.survey.created", gettext_lazy("Opprettet en spørreundersøkelse"))
CHANGED = register_action("surveys.survey.changed", gettext_lazy("Endret en spørreundersøkelse"))
PUBLISHED = register_action(
    "surveys.survey.published", gettext_lazy("Publiserte en spørreundersøkelse")
)
CLOSED = register_action("surveys.survey.closed", gettext_lazy("Stengte en spørreundersøkelse"))

MAX_TITLE = 200
MAX_INTRO = 3000
MAX_GROUP = 100
# A group of one or two shows a person's answers (or, with the total, a neighbour's):
# results per kommune need at least three.
MIN_GROUP = 3


def new_code() -> str:
    """The open link's code: short, random, unguessable enough for a survey."""
    return secrets.token_urlsafe(9)[:12]


def check_owner(by: Any, survey: Survey) -> None:
    if by is None or not rules.has_perm("surveys.change_survey", by, survey):
        raise PermissionDenied


def clean_survey_fields(
    *,
    title_nb: str,
    title_nn: str = "",
    title_en: str = "",
    intro_nb: str = "",
    intro_nn: str = "",
    intro_en: str = "",
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
    distribution: str = Distribution.LINK,
    ask_kommune: bool = True,
    min_group_size: int = 5,
    arena: Arena | None = None,
    results_public: bool = False,
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    titles = {
        key: (value or "").strip()
        for key, value in (("title_nb", title_nb), ("title_nn", title_nn), ("title_en", title_en))
    }
    intros = {
        key: (value or "").strip()
        for key, value in (("intro_nb", intro_nb), ("intro_nn", intro_nn), ("intro_en", intro_en))
    }
    if not titles["title_nb"]:
        errors["title_nb"] = _("Skriv en tittel på bokmål.")
    for key, value in titles.items():
        if len(value) > MAX_TITLE:
            errors[key] = _("Tittelen kan være på høyst %(max)s tegn.") % {"max": MAX_TITLE}
    for key, value in intros.items():
        if len(value) > MAX_INTRO:
            errors[key] = _("Innledningen kan være på høyst %(max)s tegn.") % {"max": MAX_INTRO}
    if opens_on is None:
        errors["opens_on"] = _("Skriv datoen undersøkelsen åpner.")
    if closes_on is None:
        errors["closes_on"] = _("Skriv datoen undersøkelsen stenger.")
    elif opens_on is not None and closes_on < opens_on:
        errors["closes_on"] = _("Undersøkelsen kan ikke stenge før den åpner.")
    if distribution not in Distribution.values:
        errors["distribution"] = _("Velg hvordan undersøkelsen sendes ut.")
    if not isinstance(min_group_size, int) or not MIN_GROUP <= min_group_size <= MAX_GROUP:
        errors["min_group_size"] = _("Skriv et tall fra %(min)s til %(max)s.") % {
            "min": MIN_GROUP,
            "max": MAX_GROUP,
        }
    if errors:
        raise ValidationError(errors)
    return {
        **titles,
        **intros,
        "opens_on": opens_on,
        "closes_on": closes_on,
        "distribution": distribution,
        "ask_kommune": bool(ask_kommune),
        "min_group_size": min_group_size,
        "arena": arena,
        "results_public": bool(results_public),
    }


def create_survey(organisation: Organisation, *, by: User, **fields: Any) -> Survey:
    """A new draft survey run by ``organisation`` (fields: see ``clean_survey_fields``)."""
    if not rules.has_perm("surveys.add_survey", by, organisation):
        raise PermissionDenied
    values = clean_survey_fields(**fields)
    with transaction.atomic():
        survey = Survey.objects.create(
            organisation=organisation, code=new_code(), created_by=by, **values
        )
        log_activity(action=CREATED, actor=by, obj=survey, organisation=organisation)
    return survey


def update_survey(survey: Survey, *, by: User, **fields: Any) -> Survey:
    """Change the survey's settings. Once published, only the texts, the close date,
    the group size and whether the summary is public may change."""
    check_owner(by, survey)
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("Undersøkelsen er stengt og kan ikke endres."))
    values = clean_survey_fields(**fields)
    if survey.status not in EDITABLE:
        for key in ("opens_on", "distribution", "ask_kommune"):
            values.pop(key)
    with transaction.atomic():
        for key, value in values.items():
            setattr(survey, key, value)
        survey.save()
        log_activity(action=CHANGED, actor=by, obj=survey, organisation=survey.organisation)
    return survey


def publish_survey(survey: Survey, *, by: User) -> Survey:
    """Publish a draft: from now on it takes answers between its dates, and its
    questions no longer change. Refused without questions, or with a choice question
    without options."""
    check_owner(by, survey)
    if survey.status not in EDITABLE:
        raise ValidationError(_("Undersøkelsen er allerede publisert."))
    questions = list(Question.objects.filter(survey=survey).prefetch_related("options"))
    errors: dict[str, str] = {}
    if not questions:
        errors["questions"] = _("Legg til minst ett spørsmål før du publiserer.")
    lacking = [
        question.text_nb
        for question in questions
        if question.has_options and len(question.options.all()) < 2
    ]
    if lacking:
        errors["options"] = _(
            "Disse spørsmålene trenger minst to svaralternativer: %(questions)s"
        ) % {"questions": "; ".join(lacking)}
    if survey.closes_on < timezone.localdate():
        errors["closes_on"] = _("Stengedatoen har passert. Velg en ny stengedato.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        survey.status = SurveyStatus.PUBLISHED
        survey.published_at = timezone.now()
        survey.save(update_fields=["status", "published_at", "updated_at"])
        log_activity(action=PUBLISHED, actor=by, obj=survey, organisation=survey.organisation)
    return survey


def close_survey(survey: Survey, *, by: User) -> Survey:
    """Stop taking answers (the results stay)."""
    check_owner(by, survey)
    if survey.status != SurveyStatus.PUBLISHED:
        raise ValidationError(_("Bare en publisert undersøkelse kan stenges."))
    with transaction.atomic():
        survey.status = SurveyStatus.CLOSED
        survey.closed_at = timezone.now()
        survey.save(update_fields=["status", "closed_at", "updated_at"])
        log_activity(action=CLOSED, actor=by, obj=survey, organisation=survey.organisation)
    return survey
