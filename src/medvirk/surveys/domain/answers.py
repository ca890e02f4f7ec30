"""Answering a survey: anyone with the open link, or with a personal one-use link.

No account, no address and no invitation is stored with a response. A personal link is
marked used (the day only) in the same transaction as the response is saved, and the
response keeps no reference to it: the two cannot be joined.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.cache_registry import touch
from medvirk.common.tokens import hash_token
from medvirk.directory.enums import RegionKind
from medvirk.directory.models import Region
from medvirk.surveys.enums import Distribution, Moderation, QuestionKind
from medvirk.surveys.models import LANGUAGES, Answer, Invitation, Question, Response, Survey

RECEIVED = register_action("surveys.response.received", gettext_lazy("Svarte på en undersøkelse"))

MAX_SHORT = 300
MAX_LONG = 5000


class SurveyClosed(Exception):
    """The survey does not take answers (a draft, closed, or outside its dates)."""


class LinkUsed(Exception):
    """The personal link was used already."""


def field_name(question: Question | int) -> str:
    return f"q{question if isinstance(question, int) else question.pk}"


def find_invitation(token: str) -> Invitation | None:
    """The invitation a personal link names, or None for a forged one."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("survey__organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )


def check_open(survey: Survey) -> None:
    if not survey.is_open_on(timezone.localdate()):
        raise SurveyClosed


def clean_answers(
    questions: list[Question], answers: Mapping[str, Any]
) -> list[tuple[Question, dict[str, Any]]]:
    """The rows to save, one per chosen option, number or text; the errors keyed by
    each question's field name (``q<pk>``)."""
    errors: dict[str, str] = {}
    rows: list[tuple[Question, dict[str, Any]]] = []
    for question in questions:
        key = field_name(question)
        value = answers.get(key)
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            chosen = value if isinstance(value, list | tuple) else ([value] if value else [])
            chosen = [str(one) for one in chosen if str(one).strip()]
            options = {str(option.pk): option for option in question.options.all()}
            if any(one not in options for one in chosen) or (
                question.kind == QuestionKind.SINGLE and len(chosen) > 1
            ):
                errors[key] = _("Velg blant svaralternativene.")
                continue
            for one in dict.fromkeys(chosen):
                rows.append((question, {"option": options[one]}))
            if not chosen and question.required:
                errors[key] = _("Velg et svar.")
        elif question.kind == QuestionKind.SCALE:
            text = str(value).strip() if value not in (None, "") else ""
            if not text:
                if question.required:
                    errors[key] = _("Velg et tall fra 1 til 5.")
                continue
            if text not in ("1", "2", "3", "4", "5"):
                errors[key] = _("Velg et tall fra 1 til 5.")
                continue
            rows.append((question, {"number": int(text)}))
        else:
            text = str(value or "").strip()
            limit = MAX_SHORT if question.kind == QuestionKind.SHORT_TEXT else MAX_LONG
            if not text:
                if question.required:
                    errors[key] = _("Skriv et svar.")
                continue
            if len(text) > limit:
                errors[key] = _("Svaret kan være på høyst %(max)s tegn (nå %(count)s).") % {
                    "max": limit,
                    "count": len(text),
                }
                continue
            rows.append((question, {"text": text, "moderation": Moderation.PENDING}))
    if errors:
        raise ValidationError(errors)
    return rows


def submit_response(
    survey: Survey,
    *,
    answers: Mapping[str, Any],
    language: str = "nb",
    kommune: Region | None = None,
    token: str = "",
) -> Response:
    """Save one person's answers. ``answers`` maps ``q<pk>`` to an option id (a list for
    multiple choice), a number 1–5 or a text. A personal-link survey needs ``token``
    (the link's, used once); raises :class:`SurveyClosed` or :class:`LinkUsed`, and
    ValidationError keyed by question for bad answers."""
    check_open(survey)
    questions = list(
        Question.objects.filter(survey=survey)
        .select_related("section")
        .prefetch_related("options")
        .order_by("section__position", "section_id", "position", "pk")
    )
    rows = clean_answers(questions, answers)
    if kommune is not None and (kommune.kind != RegionKind.KOMMUNE or not survey.ask_kommune):
        raise ValidationError({"kommune": _("Velg en kommune fra listen.")})
    if not rows and kommune is None:
        raise ValidationError({"__all__": _("Svar på minst ett spørsmål før du sender.")})
    with transaction.atomic():
        if survey.distribution == Distribution.PERSONAL:
            invitation = (
                Invitation.objects.filter(token_hash=hash_token(token or ""), survey=survey)
                .values_list("pk", flat=True)
                .first()
            )
            if invitation is None:
                raise SurveyClosed
            # The claim is one conditional UPDATE: of two requests with the same link,
            # only one finds it unused, whatever the database's row locks.
            claimed = Invitation.objects.filter(pk=invitation, used_on__isnull=True).update(
                used_on=timezone.localdate()
            )
            if not claimed:
                raise LinkUsed
        response = Response.objects.create(
            survey=survey,
            language=language if language in LANGUAGES else "nb",
            kommune=kommune,
        )
        written = Answer.objects.bulk_create(
            Answer(response=response, question=question, **values) for question, values in rows
        )
        # bulk_create sends no signal: retire the survey's cached results (caching.RESULTS,
        # per survey: one answer names it; the response's own save retired them too).
        if written:
            touch(Answer, written[0])
        log_activity(
            action=RECEIVED,
            actor=None,
            obj=survey,
            organisation=survey.organisation,
            actor_label=str(_("uten innlogging")),
        )
    return response
