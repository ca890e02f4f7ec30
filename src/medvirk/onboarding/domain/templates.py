"""A service's checklist templates: add, change, remove and reorder items per arena
kind and audience. The first change takes the defaults over (copies them in as items,
still shown in the reader's language until their text is edited); lists already made
keep their own copy."""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.arenas.enums import ArenaKind
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.directory.models import Organisation
from medvirk.onboarding.defaults import DEFAULT_ITEMS
from medvirk.onboarding.enums import Audience, AutoCheck
from medvirk.onboarding.models import ChecklistTemplate, TemplateItem

ITEM_ADDED = register_action("onboarding.template_item_added", gettext_lazy("La til punkt i mal"))
ITEM_CHANGED = register_action(
    "onboarding.template_item_changed", gettext_lazy("Endret punkt i mal")
)
ITEM_REMOVED = register_action(
    "onboarding.template_item_removed", gettext_lazy("Fjernet punkt fra mal")
)
TAKEN_OVER = register_action(
    "onboarding.template_taken_over", gettext_lazy("Tok i bruk standardpunktene i en mal")
)
ITEM_MOVED = register_action("onboarding.template_item_moved", gettext_lazy("Flyttet punkt i mal"))

UP, DOWN = "up", "down"


def auto_choices(audience: str) -> list[tuple[str, str]]:
    """A secretariat list has no person, so only the meeting plan can tick itself."""
    allowed: tuple[AutoCheck, ...] = tuple(AutoCheck)
    if audience == Audience.SECRETARIAT:
        allowed = (AutoCheck.NONE, AutoCheck.MEETING_PLAN)
    return [(str(c.value), str(c.label)) for c in allowed]


def _check(service: Organisation, by: Any) -> None:
    if not rules.has_perm("onboarding.edit_templates", by, service):
        raise PermissionDenied


def _validate(audience: str, title: str, description: str, auto: str) -> None:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Skriv hva som skal gjøres.")
    elif len(title) > 200:
        errors["title"] = _("Punktet kan ha høyst 200 tegn.")
    if len(description) > 1000:
        errors["description"] = _("Forklaringen kan ha høyst 1000 tegn.")
    if auto not in {value for value, _label in auto_choices(audience)}:
        errors["auto"] = _("Velg hvordan punktet krysses av.")
    if errors:
        raise ValidationError(errors)


def take_over(service: Organisation, arena_kind: str, audience: str) -> ChecklistTemplate:
    """The service's template, made from the defaults the first time (call inside a
    transaction, after the permission check)."""
    if arena_kind not in ArenaKind.values or audience not in Audience.values:
        raise ValidationError(_("Ukjent type arena eller målgruppe."))
    template, created = ChecklistTemplate.objects.get_or_create(
        service=service, arena_kind=arena_kind, audience=audience
    )
    if created:
        TemplateItem.objects.bulk_create(
            TemplateItem(template=template, key=item.key, auto=item.auto, position=position)
            for position, item in enumerate(DEFAULT_ITEMS[audience])  # type: ignore[index]
        )
    return template


def _log(action: str, item: TemplateItem, by: Any, template: ChecklistTemplate) -> None:
    log_activity(
        action=action,
        actor=by,
        obj=template,
        organisation=template.service,
        data={"item": item.pk, "title": item.shown_title},
    )


def add_item(
    service: Organisation,
    *,
    arena_kind: str,
    audience: str,
    by: Any,
    title: str,
    description: str = "",
    auto: str = "",
) -> TemplateItem:
    _check(service, by)
    _validate(audience, title, description, auto)
    with transaction.atomic():
        template = take_over(service, arena_kind, audience)
        last = template.items.aggregate(last=Max("position"))["last"]
        item = TemplateItem.objects.create(
            template=template,
            title=title.strip(),
            description=description.strip(),
            auto=auto,
            position=0 if last is None else last + 1,
        )
        _log(ITEM_ADDED, item, by, template)
    return item


def update_item(
    item: TemplateItem, *, by: Any, title: str, description: str = "", auto: str = ""
) -> TemplateItem:
    template = item.template
    _check(template.service, by)
    _validate(template.audience, title, description, auto)
    with transaction.atomic():
        item.title = title.strip()
        item.description = description.strip()
        item.auto = auto
        item.save(update_fields=["title", "description", "auto"])
        _log(ITEM_CHANGED, item, by, template)
    return item


def remove_item(item: TemplateItem, *, by: Any) -> None:
    template = item.template
    _check(template.service, by)
    with transaction.atomic():
        _log(ITEM_REMOVED, item, by, template)
        item.delete()


def move_item(item: TemplateItem, *, by: Any, direction: str) -> None:
    """Swap the item with its neighbour above or below (no change at either end)."""
    template = item.template
    _check(template.service, by)
    if direction not in (UP, DOWN):
        raise ValidationError({"direction": _("Ukjent retning.")})
    with transaction.atomic():
        items = list(template.items.select_for_update().order_by("position", "pk"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        other_index = index - 1 if direction == UP else index + 1
        if not 0 <= other_index < len(items):
            return
        items[index], items[other_index] = items[other_index], items[index]
        for position, row in enumerate(items):
            row.position = position
        TemplateItem.objects.bulk_update(items, ["position"])
        _log(ITEM_MOVED, item, by, template)


def start_editing(
    service: Organisation, *, arena_kind: str, audience: str, by: Any
) -> ChecklistTemplate:
    """Take the defaults over so each item can be changed (the editor's "customise"
    button)."""
    _check(service, by)
    with transaction.atomic():
        existed = ChecklistTemplate.objects.filter(
            service=service, arena_kind=arena_kind, audience=audience
        ).exists()
        template = take_over(service, arena_kind, audience)
        if not existed:
            log_activity(
                action=TAKEN_OVER,
                actor=by,
                obj=template,
                organisation=service,
                data={"defaults": len(DEFAULT_ITEMS[audience])},  # type: ignore[index]
            )
    return template
