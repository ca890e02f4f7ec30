"""From advice to change: the service's own case number, the body that finally decides,
and the final decision recorded on the advice's timeline as its last step.

- ``set_case_reference`` sets (or clears) the service's case number (saksnummer or
  arkivreferanse) and the deciding body;
- ``record_final_decision`` records or corrects the decision (date, outcome, summary, a
  link or a document); ``remove_final_decision`` takes it away (a mistake).

Whoever may answer the advice may do these (``followup.record_final_decision``; platform
admins do not pass). The field checks are shared with the CSV import
(:mod:`medvirk.followup.domain.decision_imports`). Closed advice keeps its decision
closed: every public reader filters on ``Advice.is_public``.
"""

from __future__ import annotations

import datetime
import re

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.accounts.models import User
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.dates import format_date
from medvirk.followup.enums import DecisionOutcome
from medvirk.followup.models import Advice, FinalDecision
from medvirk.meetings.domain.documents import check_case_document

CASE_REFERENCE_SET = register_action(
    "followup.advice.case_reference", gettext_lazy("Registrerte saksnummer og vedtaksorgan")
)
DECISION_RECORDED = register_action(
    "followup.advice.decision_recorded", gettext_lazy("Registrerte endelig vedtak")
)
DECISION_CORRECTED = register_action(
    "followup.advice.decision_corrected", gettext_lazy("Rettet endelig vedtak")
)
DECISION_REMOVED = register_action(
    "followup.advice.decision_removed", gettext_lazy("Fjernet endelig vedtak")
)

MAX_CASE_NUMBER = 50
MAX_BODY = 200
MAX_SUMMARY = 4000
MAX_LINK = 200
# Case numbers as case systems write them: 24/1234, 2024/1234-7, ARK-2024.11 (ePhorte,
# Elements, Public 360, WebSak ...): letters, digits, and / - . _ : ( ) and spaces inside.
CASE_NUMBER = re.compile(
    r"^[0-9A-Za-zÆØÅæøåÄÖÜäöü](?:[0-9A-Za-zÆØÅæøåÄÖÜäöü /\-._:()]*[0-9A-Za-zÆØÅæøåÄÖÜäöü)])?$"
)

_http_url = URLValidator(schemes=["http", "https"])


def can_record(user: object, advice: Advice) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and rules.has_perm("followup.record_final_decision", user, advice)
    )


# --- Checks shared with the import ----------------------------------------------------


def normalise_case_number(value: str) -> str:
    """Spaces collapsed and trimmed: what is stored and what the import matches on."""
    return " ".join((value or "").split())


def case_number_error(value: str) -> str:
    """Why ``value`` (normalised) is not a case number; "" when it is one or empty."""
    if not value:
        return ""
    if len(value) > MAX_CASE_NUMBER:
        return _("Saksnummeret kan være på høyst %(count)s tegn.") % {"count": MAX_CASE_NUMBER}
    if not CASE_NUMBER.match(value):
        return _(
            "Saksnummeret kan bare ha bokstaver, sifre, mellomrom og tegnene / - . _ : ( ), "
            "for eksempel 24/1234 eller 2024/1234-7."
        )
    return ""


def decided_on_error(advice: Advice, decided_on: datetime.date, today: datetime.date) -> str:
    if decided_on > today:
        return _("Vedtaksdatoen kan ikke være fram i tid.")
    if decided_on < advice.given_on:
        return _("Vedtaksdatoen kan ikke være før rådet ble gitt (%(date)s).") % {
            "date": format_date(advice.given_on, "SHORT_DATE_FORMAT")
        }
    return ""


def link_error(link: str) -> str:
    if not link:
        return ""
    if len(link) > MAX_LINK:
        return _("Lenken kan være på høyst %(count)s tegn.") % {"count": MAX_LINK}
    try:
        _http_url(link)
    except ValidationError:
        return _("Skriv en hel nettadresse som begynner med https:// eller http://.")
    return ""


# --- Case number and deciding body ----------------------------------------------------


@transaction.atomic
def set_case_reference(
    advice: Advice, *, by: User, service_case_number: str, deciding_body: str
) -> Advice:
    """Set or clear the service's case number and the body that finally decides."""
    if by is None or not can_record(by, advice):
        raise PermissionDenied
    number = normalise_case_number(service_case_number)
    body = " ".join((deciding_body or "").split())
    errors: dict[str, str] = {}
    if problem := case_number_error(number):
        errors["service_case_number"] = problem
    if len(body) > MAX_BODY:
        errors["deciding_body"] = _("Navnet kan være på høyst %(count)s tegn.") % {
            "count": MAX_BODY
        }
    if errors:
        raise ValidationError(errors)
    locked = (
        Advice.objects.select_for_update(of=("self",)).select_related("arena").get(pk=advice.pk)
    )
    before = {
        "service_case_number": locked.service_case_number,
        "deciding_body": locked.deciding_body,
    }
    locked.service_case_number = number
    locked.deciding_body = body
    locked.save(update_fields=["service_case_number", "deciding_body", "updated_at"])
    log_activity(
        action=CASE_REFERENCE_SET,
        actor=by,
        obj=locked,
        organisation=locked.arena.owner,
        data={"before": before, "service_case_number": number, "deciding_body": body},
    )
    advice.service_case_number, advice.deciding_body = number, body
    return locked


# --- The final decision ---------------------------------------------------------------


def _clean_decision(
    advice: Advice,
    *,
    decided_on: datetime.date | None,
    outcome: str,
    summary: str,
    link: str,
    today: datetime.date,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if decided_on is None:
        errors["decided_on"] = _("Skriv datoen for vedtaket.")
    elif problem := decided_on_error(advice, decided_on, today):
        errors["decided_on"] = problem
    if outcome not in DecisionOutcome.values:
        errors["outcome"] = _("Velg hva vedtaket ble.")
    if len(summary) > MAX_SUMMARY:
        errors["summary"] = _("Teksten kan være på høyst %(count)s tegn.") % {"count": MAX_SUMMARY}
    if problem := link_error(link):
        errors["link"] = problem
    return errors


@transaction.atomic
def record_final_decision(
    advice: Advice,
    *,
    by: User,
    decided_on: datetime.date | None,
    outcome: str,
    summary: str = "",
    link: str = "",
    document: UploadedFile | None = None,
    today: datetime.date | None = None,
) -> FinalDecision:
    """Record the final decision, or correct the one recorded (a new document replaces
    the old; without one the old stays)."""
    if by is None or not can_record(by, advice):
        raise PermissionDenied
    today = today or timezone.localdate()
    locked = (
        Advice.objects.select_for_update(of=("self",))
        .select_related("arena__owner")
        .get(pk=advice.pk)
    )
    summary = (summary or "").strip()
    link = (link or "").strip()
    errors = _clean_decision(
        locked, decided_on=decided_on, outcome=outcome, summary=summary, link=link, today=today
    )
    stored = None
    if document is not None:
        try:
            stored = check_case_document(document)
        except ValidationError as problem:
            errors["document"] = " ".join(problem.messages)
    if errors:
        raise ValidationError(errors)
    assert decided_on is not None
    decision = FinalDecision.objects.filter(advice=locked).first()
    corrected = decision is not None
    before = (
        {"decided_on": decision.decided_on.isoformat(), "outcome": decision.outcome}
        if decision is not None
        else None
    )
    if decision is None:
        decision = FinalDecision(advice=locked)
    decision.decided_on = decided_on
    decision.outcome = outcome
    decision.summary = summary
    decision.link = link
    decision.recorded_by = by
    decision.recorded_by_name = by.name or by.email
    decision.imported = False
    if stored is not None:
        content, _kind, original_name, _size = stored
        decision.document_name = original_name
        decision.document.save(content.name or "vedtak", content, save=False)
    decision.save()
    log_activity(
        action=DECISION_CORRECTED if corrected else DECISION_RECORDED,
        actor=by,
        obj=locked,
        organisation=locked.arena.owner,
        data={
            "decision": decision.pk,
            "before": before,
            "decided_on": decided_on.isoformat(),
            "outcome": outcome,
            "document": bool(stored),
        },
    )
    return decision


@transaction.atomic
def remove_final_decision(advice: Advice, *, by: User) -> bool:
    """Remove a decision recorded by mistake; False when there was none."""
    if by is None or not can_record(by, advice):
        raise PermissionDenied
    locked = (
        Advice.objects.select_for_update(of=("self",))
        .select_related("arena__owner")
        .get(pk=advice.pk)
    )
    decision = FinalDecision.objects.filter(advice=locked).first()
    if decision is None:
        return False
    data = {
        "decided_on": decision.decided_on.isoformat(),
        "outcome": decision.outcome,
        "document": decision.document_name,
    }
    if decision.document:
        decision.document.delete(save=False)
    decision.delete()
    log_activity(
        action=DECISION_REMOVED,
        actor=by,
        obj=locked,
        organisation=locked.arena.owner,
        data=data,
    )
    return True
