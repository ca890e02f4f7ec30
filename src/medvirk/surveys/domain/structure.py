"""The survey's sections, questions and options: added, changed, moved and deleted
by the owners, only while the survey is a draft."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.surveys.domain.surveys import check_owner
from medvirk.surveys.enums import EDITABLE, QuestionKind
from medvirk.surveys.models import Option, Question, Section, Survey

if TYPE_CHECKING:
    from medvirk.accounts.models import User

STRUCTURE_CHANGED = register_action(
    "surveys.structure.changed", gettext_lazy("Endret spørsmålene i en spørreundersøkelse")
)

MAX_OPTIONS = 30


def _check(by: Any, survey: Survey) -> None:
    check_owner(by, survey)
    # Read afresh: the survey may have been published since this object was loaded.
    if Survey.objects.values_list("status", flat=True).get(pk=survey.pk) not in EDITABLE:
        raise ValidationError(_("Undersøkelsen er publisert. Spørsmålene kan ikke lenger endres."))


def _texts(prefix: str, values: dict[str, str], max_length: int, required: str) -> dict[str, str]:
    """The nb/nn/en texts ``prefix_*`` stripped and checked (nb required unless
    ``required`` is empty)."""
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    for language in ("nb", "nn", "en"):
        key = f"{prefix}_{language}"
        value = (values.get(key) or "").strip()
        if len(value) > max_length:
            errors[key] = _("Teksten kan være på høyst %(max)s tegn.") % {"max": max_length}
        cleaned[key] = value
    if required and not cleaned[f"{prefix}_nb"]:
        errors[f"{prefix}_nb"] = required
    if errors:
        raise ValidationError(errors)
    return cleaned


def _log(by: User, survey: Survey, what: str, obj: models.Model) -> None:
    log_activity(
        action=STRUCTURE_CHANGED,
        actor=by,
        obj=survey,
        organisation=survey.organisation,
        data={"what": what, "pk": obj.pk},
    )


def _next_position(queryset: models.QuerySet[Any]) -> int:
    return int(queryset.aggregate(Max("position"))["position__max"] or 0) + 1


# --- Sections -----------------------------------------------------------------------------


def add_section(survey: Survey, *, by: User, **texts: str) -> Section:
    _check(by, survey)
    values = _texts("title", texts, 200, _("Skriv en tittel på delen på bokmål."))
    with transaction.atomic():
        section = Section.objects.create(
            survey=survey, position=_next_position(survey.sections.all()), **values
        )
        _log(by, survey, "section.added", section)
    return section


def update_section(section: Section, *, by: User, **texts: str) -> Section:
    _check(by, section.survey)
    values = _texts("title", texts, 200, _("Skriv en tittel på delen på bokmål."))
    with transaction.atomic():
        for key, value in values.items():
            setattr(section, key, value)
        section.save()
        _log(by, section.survey, "section.changed", section)
    return section


def delete_section(section: Section, *, by: User) -> None:
    """Delete the section with its questions."""
    survey = section.survey
    _check(by, survey)
    with transaction.atomic():
        _log(by, survey, "section.deleted", section)
        section.delete()


# --- Questions ----------------------------------------------------------------------------


def clean_question_fields(fields: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    kind = fields.get("kind", "")
    if kind not in QuestionKind.values:
        errors["kind"] = [_("Velg hva slags spørsmål dette er.")]
    for prefix, max_length, required in (
        ("text", 500, _("Skriv spørsmålet på bokmål.")),
        ("help", 500, ""),
        ("low_label", 100, ""),
        ("high_label", 100, ""),
    ):
        try:
            values.update(_texts(prefix, fields, max_length, required))
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    if kind == QuestionKind.SCALE and not errors:
        if not values["low_label_nb"]:
            errors["low_label_nb"] = [_("Skriv hva 1 betyr, for eksempel «Svært dårlig».")]
        if not values["high_label_nb"]:
            errors["high_label_nb"] = [_("Skriv hva 5 betyr, for eksempel «Svært bra».")]
    if errors:
        raise ValidationError(errors)
    if kind != QuestionKind.SCALE:
        for language in ("nb", "nn", "en"):
            values[f"low_label_{language}"] = ""
            values[f"high_label_{language}"] = ""
    return {**values, "kind": kind, "required": bool(fields.get("required"))}


def add_question(section: Section, *, by: User, **fields: Any) -> Question:
    """Add a question at the end of ``section`` (fields: kind, required, text_*, help_*,
    low_label_*, high_label_*)."""
    survey = section.survey
    _check(by, survey)
    values = clean_question_fields(fields)
    with transaction.atomic():
        question = Question.objects.create(
            survey=survey,
            section=section,
            position=_next_position(section.questions.all()),
            **values,
        )
        _log(by, survey, "question.added", question)
    return question


def update_question(question: Question, *, by: User, **fields: Any) -> Question:
    survey = question.survey
    _check(by, survey)
    values = clean_question_fields(fields)
    with transaction.atomic():
        if question.kind != values["kind"] and values["kind"] not in (
            QuestionKind.SINGLE,
            QuestionKind.MULTIPLE,
        ):
            question.options.all().delete()
        for key, value in values.items():
            setattr(question, key, value)
        question.save()
        _log(by, survey, "question.changed", question)
    return question


def delete_question(question: Question, *, by: User) -> None:
    survey = question.survey
    _check(by, survey)
    with transaction.atomic():
        _log(by, survey, "question.deleted", question)
        question.delete()


# --- Options ------------------------------------------------------------------------------


def add_option(question: Question, *, by: User, **texts: str) -> Option:
    survey = question.survey
    _check(by, survey)
    if not question.has_options:
        raise ValidationError({"label_nb": _("Bare flervalgsspørsmål har svaralternativer.")})
    values = _texts("label", texts, 200, _("Skriv svaralternativet på bokmål."))
    if question.options.count() >= MAX_OPTIONS:
        raise ValidationError(
            {
                "label_nb": _("Et spørsmål kan ha høyst %(max)s svaralternativer.")
                % {"max": MAX_OPTIONS}
            }
        )
    with transaction.atomic():
        option = Option.objects.create(
            question=question, position=_next_position(question.options.all()), **values
        )
        _log(by, survey, "option.added", option)
    return option


def update_option(option: Option, *, by: User, **texts: str) -> Option:
    survey = option.question.survey
    _check(by, survey)
    values = _texts("label", texts, 200, _("Skriv svaralternativet på bokmål."))
    with transaction.atomic():
        for key, value in values.items():
            setattr(option, key, value)
        option.save()
        _log(by, survey, "option.changed", option)
    return option


def delete_option(option: Option, *, by: User) -> None:
    survey = option.question.survey
    _check(by, survey)
    with transaction.atomic():
        _log(by, survey, "option.deleted", option)
        option.delete()


# --- Order --------------------------------------------------------------------------------


def _move(obj: Any, siblings: models.QuerySet[Any], direction: str) -> None:
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Ukjent retning.")})
    ordered = list(siblings.select_for_update().order_by("position", "pk"))
    index = next(i for i, one in enumerate(ordered) if one.pk == obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, one in enumerate(ordered, start=1):
        if one.position != position:
            one.position = position
            one.save(update_fields=["position"])


def move_section(section: Section, *, by: User, direction: str) -> None:
    _check(by, section.survey)
    with transaction.atomic():
        _move(section, Section.objects.filter(survey_id=section.survey_id), direction)
        _log(by, section.survey, "section.moved", section)


def move_question(question: Question, *, by: User, direction: str) -> None:
    _check(by, question.survey)
    with transaction.atomic():
        _move(question, Question.objects.filter(section_id=question.section_id), direction)
        _log(by, question.survey, "question.moved", question)


def move_option(option: Option, *, by: User, direction: str) -> None:
    survey = option.question.survey
    _check(by, survey)
    with transaction.atomic():
        _move(option, Option.objects.filter(question_id=option.question_id), direction)
        _log(by, survey, "option.moved", option)
