"""Creating, changing and publishing calls for experiences (innspillsrunder)."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.arenas.models import Arena
from medvirk.arenas.selectors import arenas_of_organisation
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.richtext import clean_rich_text
from medvirk.directory.models import Organisation
from medvirk.experiences.enums import Audience
from medvirk.experiences.models import ExperienceCall

CALL_CREATED = register_action(
    "experiences.call_created", gettext_lazy("Opprettet en innspillsrunde")
)
CALL_CHANGED = register_action("experiences.call_changed", gettext_lazy("Endret en innspillsrunde"))
CALL_PUBLISHED = register_action(
    "experiences.call_published", gettext_lazy("Publiserte en innspillsrunde")
)

# The short address's code: no 0/o, 1/l/i, so it can be read off a poster and typed.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 6

MIN_THEME_SIZE = 2
MAX_THEME_SIZE = 100
MIN_RETENTION_MONTHS = 1
MAX_RETENTION_MONTHS = 60

# The fields a call's form edits (arenas apart: a many-to-many).
CALL_FIELDS = (
    "title",
    "description",
    "easy_read",
    "target_group",
    "service_areas",
    "opens_on",
    "closes_on",
    "audience",
    "allow_anonymous",
    "min_theme_size",
    "retention_months",
)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _validate(organisation: Organisation, values: dict[str, Any], arenas: list[Arena]) -> None:
    errors: dict[str, str] = {}
    if not str(values.get("title") or "").strip():
        errors["title"] = _("Skriv hva innspillsrunden handler om.")
    elif len(values["title"]) > 200:
        errors["title"] = _("Temaet kan ha høyst 200 tegn.")
    if not str(values.get("description") or "").strip():
        errors["description"] = _("Skriv en beskrivelse av innspillsrunden.")
    elif len(values["description"]) > 10000:
        errors["description"] = _("Beskrivelsen er for lang.")
    if len(values.get("easy_read") or "") > 5000:
        errors["easy_read"] = _("Den lettleste teksten kan ha høyst 5000 tegn.")
    for key, limit in (("target_group", 200), ("service_areas", 300)):
        if len(values.get(key) or "") > limit:
            errors[key] = _("Teksten kan ha høyst %(limit)s tegn.") % {"limit": limit}
    opens_on, closes_on = values.get("opens_on"), values.get("closes_on")
    if not isinstance(opens_on, datetime.date):
        errors["opens_on"] = _("Velg datoen runden åpner.")
    if not isinstance(closes_on, datetime.date):
        errors["closes_on"] = _("Velg datoen runden stenger.")
    elif isinstance(opens_on, datetime.date) and closes_on < opens_on:
        errors["closes_on"] = _("Runden kan ikke stenge før den åpner.")
    if values.get("audience") not in Audience.values:
        errors["audience"] = _("Velg hvem som kan svare.")
    size = values.get("min_theme_size")
    if not isinstance(size, int) or not MIN_THEME_SIZE <= size <= MAX_THEME_SIZE:
        errors["min_theme_size"] = _("Et tema må ha minst 2 og høyst 100 svar før det vises.")
    months = values.get("retention_months")
    if not isinstance(months, int) or not MIN_RETENTION_MONTHS <= months <= MAX_RETENTION_MONTHS:
        errors["retention_months"] = _("Svarene kan oppbevares fra 1 til 60 måneder.")
    allowed = set(arenas_of_organisation(organisation).values_list("pk", flat=True))
    if any(arena.pk not in allowed for arena in arenas):
        errors["arenas"] = _(
            "Velg bare arenaer der organisasjonen er representert, eller som den eier."
        )
    if errors:
        raise ValidationError(errors)


def _cleaned(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    cleaned["title"] = str(values.get("title") or "").strip()
    cleaned["description"] = clean_rich_text(str(values.get("description") or ""))
    for key in ("easy_read", "target_group", "service_areas"):
        cleaned[key] = str(values.get(key) or "").strip()
    cleaned["allow_anonymous"] = bool(values.get("allow_anonymous"))
    return cleaned


def create_call(
    organisation: Organisation,
    *,
    by: Any,
    title: str,
    description: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    easy_read: str = "",
    target_group: str = "",
    service_areas: str = "",
    arenas: Iterable[Arena] = (),
    audience: str = Audience.LINK,
    allow_anonymous: bool = True,
    min_theme_size: int = 5,
    retention_months: int = 12,
) -> ExperienceCall:
    """A new, unpublished call run by ``organisation``, with a fresh short code."""
    if not rules.has_perm("experiences.add_call", by, organisation):
        raise PermissionDenied
    values = _cleaned(
        {
            "title": title,
            "description": description,
            "easy_read": easy_read,
            "target_group": target_group,
            "service_areas": service_areas,
            "opens_on": opens_on,
            "closes_on": closes_on,
            "audience": audience,
            "allow_anonymous": allow_anonymous,
            "min_theme_size": min_theme_size,
            "retention_months": retention_months,
        }
    )
    arena_list = list(arenas)
    _validate(organisation, values, arena_list)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                call = ExperienceCall.objects.create(
                    organisation=organisation, code=new_code(), created_by=by, **values
                )
                call.arenas.set(arena_list)
                log_activity(
                    action=CALL_CREATED,
                    actor=by,
                    obj=call,
                    organisation=organisation,
                    data={"code": call.code},
                )
            return call
        except IntegrityError:  # the code was taken (31^6 codes: very seldom)
            continue
    raise RuntimeError("no free short code after five tries")


def update_call(
    call: ExperienceCall, *, by: Any, arenas: Iterable[Arena], **fields: Any
) -> ExperienceCall:
    """Change the call's texts, dates and settings (``fields``: any of :data:`CALL_FIELDS`)."""
    if not rules.has_perm("experiences.change_call", by, call):
        raise PermissionDenied
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"update_call() got unknown fields: {sorted(unknown)}")
    if call.answers_purged_at:
        raise ValidationError(_("Svarene i denne runden er slettet. Runden kan ikke endres."))
    values = _cleaned({key: getattr(call, key) for key in CALL_FIELDS} | fields)
    arena_list = list(arenas)
    _validate(call.organisation, values, arena_list)
    with transaction.atomic():
        changed = sorted(key for key in CALL_FIELDS if getattr(call, key) != values[key])
        for key in CALL_FIELDS:
            setattr(call, key, values[key])
        call.save()
        call.arenas.set(arena_list)
        log_activity(
            action=CALL_CHANGED,
            actor=by,
            obj=call,
            organisation=call.organisation,
            data={"fields": changed},
        )
    return call


def publish_call(call: ExperienceCall, *, by: Any) -> ExperienceCall:
    """Publish the call: from its opening date, anyone it is meant for may answer."""
    if not rules.has_perm("experiences.change_call", by, call):
        raise PermissionDenied
    if call.published_at:
        raise ValidationError(_("Innspillsrunden er allerede publisert."))
    if call.closes_on < timezone.localdate():
        raise ValidationError(
            {"closes_on": _("Runden har stengt. Velg en ny sluttdato før du publiserer.")}
        )
    with transaction.atomic():
        call.published_at = timezone.now()
        call.save(update_fields=["published_at", "updated_at"])
        log_activity(
            action=CALL_PUBLISHED,
            actor=by,
            obj=call,
            organisation=call.organisation,
            data={"opens_on": call.opens_on.isoformat(), "closes_on": call.closes_on.isoformat()},
        )
    return call
