"""Answers to calls: sending one (anyone the call is meant for), withdrawing it by the
personal link, moderating it (the call's moderators only: answers may hold health
information, so platform admins may not), and purging the free text when the call's
retention has run out (the periodic job ``experiences.purge_answers``).

No original text is ever written to the activity log: the entries name the call and the
answer's number only.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.cache_registry import touch
from medvirk.common.tokens import hash_token, new_token
from medvirk.directory.enums import RegionKind
from medvirk.directory.models import Region
from medvirk.experiences.domain import themes
from medvirk.experiences.enums import ExperienceStatus, RoughWhen
from medvirk.experiences.models import Experience, ExperienceCall, Theme
from medvirk.experiences.notifications import send_answer_receipt

ANSWER_RECEIVED = register_action(
    "experiences.answer_received", gettext_lazy("Sendte et svar til en innspillsrunde")
)
ANSWER_WITHDRAWN = register_action(
    "experiences.answer_withdrawn", gettext_lazy("Trakk et svar fra en innspillsrunde")
)
ANSWER_APPROVED = register_action(
    "experiences.answer_approved", gettext_lazy("Godkjente et svar i en innspillsrunde")
)
ANSWER_REJECTED = register_action(
    "experiences.answer_rejected", gettext_lazy("Avviste et svar i en innspillsrunde")
)
ANSWERS_PURGED = register_action(
    "experiences.answers_purged", gettext_lazy("Slettet teksten i svarene etter oppbevaringstiden")
)

# The longest texts an answer may hold (the model's max_length).
LIMITS = {
    "what_happened": 5000,
    "service": 200,
    "impact": 3000,
    "would_have_helped": 3000,
    "contact_name": 200,
    "contact_email": 254,
}


class LinkNotValid(Exception):
    """A withdrawal link that names no answer (forged, used, or purged)."""


def call_state(call: ExperienceCall, day: datetime.date) -> str:
    """``unpublished``, ``not_open``, ``closed`` or ``open`` on ``day``."""
    if not call.published_at:
        return "unpublished"
    if day < call.opens_on:
        return "not_open"
    if day > call.closes_on:
        return "closed"
    return "open"


def may_answer(user: Any, call: ExperienceCall) -> bool:
    return rules.has_perm("experiences.answer_call", user, call)


def validate_answer(call: ExperienceCall, values: dict[str, Any]) -> None:
    """Field errors for an answer's ``values`` (the form's and the domain's check)."""
    errors: dict[str, str] = {}
    if not str(values.get("what_happened") or "").strip():
        errors["what_happened"] = _("Skriv hva som skjedde.")
    for key, limit in LIMITS.items():
        if len(str(values.get(key) or "")) > limit:
            errors[key] = _("Teksten er for lang: høyst %(limit)s tegn.") % {"limit": limit}
    if values.get("when") and values["when"] not in RoughWhen.values:
        errors["when"] = _("Velg et av alternativene.")
    kommune = values.get("kommune")
    if kommune is not None and getattr(kommune, "kind", None) != RegionKind.KOMMUNE:
        errors["kommune"] = _("Velg en kommune fra listen.")
    email = str(values.get("contact_email") or "").strip()
    name = str(values.get("contact_name") or "").strip()
    if email and "contact_email" not in errors:
        try:
            validate_email(email)
        except ValidationError:
            errors["contact_email"] = _("Skriv en gyldig e-postadresse, som navn@eksempel.no.")
    if values.get("contact_consent") and not email:
        errors.setdefault(
            "contact_email", _("Skriv e-postadressen din hvis du vil at vi kan kontakte deg.")
        )
    if not call.allow_anonymous:
        if not name:
            errors.setdefault(
                "contact_name",
                _("Denne innspillsrunden tar ikke imot anonyme svar. Skriv navnet ditt."),
            )
        if not email:
            errors.setdefault(
                "contact_email",
                _("Denne innspillsrunden tar ikke imot anonyme svar. Skriv e-postadressen din."),
            )
    if errors:
        raise ValidationError(errors)


def submit_answer(
    call: ExperienceCall,
    *,
    by: Any,
    what_happened: str,
    service: str = "",
    kommune: Region | None = None,
    when: str = "",
    impact: str = "",
    would_have_helped: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_consent: bool = False,
) -> tuple[Experience, str]:
    """Store an answer (pending moderation) and, when an e-mail address was given, queue
    a receipt holding a personal withdrawal link. Returns the answer and the link's token
    ("" without an address); only the token's hash is stored.

    Texts are stored as written (plain text: every page escapes them). No IP address and,
    for an anonymous answer, no account is stored."""
    if not may_answer(by, call):
        raise PermissionDenied
    state = call_state(call, timezone.localdate())
    if state != "open":
        raise ValidationError(
            {
                "unpublished": _("Innspillsrunden er ikke publisert."),
                "not_open": _("Innspillsrunden har ikke åpnet ennå."),
                "closed": _("Innspillsrunden har stengt og tar ikke imot flere svar."),
            }[state],
            code=state,
        )
    values = {
        "what_happened": what_happened.strip(),
        "service": service.strip(),
        "kommune": kommune,
        "when": when,
        "impact": impact.strip(),
        "would_have_helped": would_have_helped.strip(),
        "contact_name": contact_name.strip(),
        "contact_email": contact_email.strip(),
        "contact_consent": bool(contact_consent),
    }
    validate_answer(call, values)
    if not values["contact_email"]:
        values["contact_consent"] = False
    user = by if getattr(by, "is_authenticated", False) else None
    token, token_hash = new_token() if values["contact_email"] else ("", "")
    with transaction.atomic():
        experience = Experience.objects.create(
            call=call,
            withdraw_token_hash=token_hash,
            language=translation.get_language() or "",
            # The account only when the answer is not anonymous anyway.
            submitted_by=user if (values["contact_name"] or values["contact_email"]) else None,
            **values,
        )
        log_activity(
            action=ANSWER_RECEIVED,
            actor=None,
            obj=experience,
            organisation=call.organisation,
            actor_label=str(_("den som svarte")),
            data={"call": call.pk, "with_contact": bool(token)},
        )
        if token:
            send_answer_receipt(experience, token=token)
    return experience, token


def withdraw_answer(*, token: str) -> ExperienceCall:
    """Delete the answer the personal link names, take it out of its themes and recount
    them; the call it belonged to. A forged or used link raises :class:`LinkNotValid`."""
    if not token:
        raise LinkNotValid
    with transaction.atomic():
        experience = (
            Experience.objects.select_for_update()
            .select_related("call__organisation")
            .filter(withdraw_token_hash=hash_token(token))
            .exclude(withdraw_token_hash="")
            .first()
        )
        if experience is None:
            raise LinkNotValid
        call = experience.call
        theme_ids = list(experience.themes.values_list("pk", flat=True))
        number = experience.pk
        experience.delete()
        recount_themes(theme_ids)
        log_activity(
            action=ANSWER_WITHDRAWN,
            actor=None,
            obj=call,
            organisation=call.organisation,
            actor_label=str(_("den som svarte")),
            data={"answer": number, "themes": theme_ids},
        )
    return call


def recount_themes(theme_ids: Iterable[int]) -> None:
    """Recount the themes an answer was in (after it is withdrawn, approved, rejected or
    purged) through the one recount, :func:`medvirk.experiences.domain.themes.recount`,
    which also recounts the umbrella themes built from them."""
    for theme in Theme.objects.filter(pk__in=list(theme_ids)):
        themes.recount(theme)


# --- Moderation ------------------------------------------------------------------------------


def _check_moderator(experience: Experience, by: Any) -> None:
    if not rules.has_perm("experiences.moderate_call", by, experience.call):
        raise PermissionDenied
    if experience.purged_at:
        raise ValidationError(_("Teksten i dette svaret er slettet etter oppbevaringstiden."))


def approve_answer(
    experience: Experience,
    *,
    by: Any,
    shared_what_happened: str,
    shared_impact: str = "",
    shared_would_have_helped: str = "",
    service: str | None = None,
) -> Experience:
    """Let the answer through with the moderator's redacted texts: they are all that
    anyone but the moderators will ever see of it. ``service`` is the moderator's
    version of the service the answer names (None keeps it as written): it is free text
    from the public, yet it is counted and shown outside the moderators (a theme's
    figures, the services a case proposal lists), so it passes moderation too."""
    _check_moderator(experience, by)
    values = {
        "shared_what_happened": shared_what_happened.strip(),
        "shared_impact": shared_impact.strip(),
        "shared_would_have_helped": shared_would_have_helped.strip(),
    }
    errors: dict[str, str] = {}
    if service is not None:
        values["service"] = service.strip()
        if len(values["service"]) > LIMITS["service"]:
            errors["service"] = _("Teksten er for lang: høyst %(limit)s tegn.") % {
                "limit": LIMITS["service"]
            }
    if not values["shared_what_happened"]:
        errors["shared_what_happened"] = _("Skriv teksten som kan deles om hva som skjedde.")
    for key, limit in (
        ("shared_what_happened", 5000),
        ("shared_impact", 3000),
        ("shared_would_have_helped", 3000),
    ):
        if len(values[key]) > limit:
            errors[key] = _("Teksten er for lang: høyst %(limit)s tegn.") % {"limit": limit}
    if errors:
        raise ValidationError(errors)
    return _moderate(experience, by, ExperienceStatus.APPROVED, values, ANSWER_APPROVED)


def reject_answer(experience: Experience, *, by: Any, reason: str) -> Experience:
    """Keep the answer out of every theme, with the reason (for the moderators)."""
    _check_moderator(experience, by)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reject_reason": _("Skriv hvorfor svaret avvises.")})
    if len(reason) > 2000:
        raise ValidationError({"reject_reason": _("Begrunnelsen kan ha høyst 2000 tegn.")})
    values = {
        "reject_reason": reason,
        "shared_what_happened": "",
        "shared_impact": "",
        "shared_would_have_helped": "",
    }
    return _moderate(experience, by, ExperienceStatus.REJECTED, values, ANSWER_REJECTED)


def _moderate(
    experience: Experience, by: Any, status: str, values: dict[str, str], action: str
) -> Experience:
    with transaction.atomic():
        previous = experience.status
        for key, value in values.items():
            setattr(experience, key, value)
        if status == ExperienceStatus.APPROVED:
            experience.reject_reason = ""
        experience.status = status
        experience.moderated_by = by
        experience.moderated_at = timezone.now()
        experience.save()
        recount_themes(experience.themes.values_list("pk", flat=True))
        log_activity(
            action=action,
            actor=by,
            obj=experience,
            organisation=experience.call.organisation,
            data={"call": experience.call_id, "previous_status": previous},
        )
    return experience


# --- Retention (the periodic job experiences.purge_answers) -----------------------------------


def _last_close_date_due(months: int, today: datetime.date) -> datetime.date:
    """The latest close date whose ``purge_due_on`` (close date + ``months``, the day
    kept up to the 28th) is on or before ``today``."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    if today.day >= 28:  # every day of that month purges on the 28th at the latest
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return following - datetime.timedelta(days=1)
    return datetime.date(year, month, today.day)


def calls_due_for_purge(now: datetime.datetime) -> QuerySet[ExperienceCall]:
    """Calls whose ``purge_due_on`` has come and whose answers are not yet purged."""
    today = timezone.localdate(now)
    unpurged = ExperienceCall.objects.filter(answers_purged_at__isnull=True)
    months = unpurged.order_by().values_list("retention_months", flat=True).distinct()
    due = ExperienceCall.objects.none()
    for m in sorted(set(months)):
        due = due | unpurged.filter(
            retention_months=m, closes_on__lte=_last_close_date_due(m, today)
        )
    return due.order_by("pk")


def purge_answers(call: ExperienceCall, now: datetime.datetime) -> int:
    """Clear every answer's free text (original and shared), contact, withdrawal hash
    and the account it was sent from (a contact too); the coarse facts (status, kommune, service, when) and the themes' summaries and
    counts stay. The caller (the periodic job) has claimed the call by setting its
    ``answers_purged_at`` in the same transaction. The number of answers purged."""
    purged = Experience.objects.filter(call=call, purged_at__isnull=True).update(
        what_happened="",
        impact="",
        would_have_helped="",
        shared_what_happened="",
        shared_impact="",
        shared_would_have_helped="",
        reject_reason="",
        contact_name="",
        contact_email="",
        contact_consent=False,
        withdraw_token_hash="",
        submitted_by=None,
        purged_at=now,
    )
    touch(Experience)
    log_activity(
        action=ANSWERS_PURGED,
        actor=None,
        obj=call,
        organisation=call.organisation,
        data={"answers": purged, "retention_months": call.retention_months},
    )
    return purged
