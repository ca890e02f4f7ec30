"""A service's onboarding page (its arenas and its templates) and the template editor:
add, change, remove and reorder items per arena kind and audience."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.arenas.enums import ArenaKind
from medvirk.common.http import AuthedRequest
from medvirk.common.views import attach_domain_errors
from medvirk.directory.models import Organisation
from medvirk.onboarding.defaults import DefaultItem
from medvirk.onboarding.domain.templates import (
    DOWN,
    UP,
    add_item,
    move_item,
    remove_item,
    start_editing,
    update_item,
)
from medvirk.onboarding.enums import Audience, AutoCheck
from medvirk.onboarding.forms import TemplateItemForm
from medvirk.onboarding.models import TemplateItem
from medvirk.onboarding.selectors import (
    service_arenas,
    service_for_templates,
    template_for,
    template_item_for_change,
    template_items,
    template_summaries,
)


def _service(request: AuthedRequest, service_pk: int) -> Organisation:
    service = service_for_templates(service_pk)
    if service is None:
        raise Http404
    if not rules.has_perm("onboarding.edit_templates", request.user, service):
        raise PermissionDenied
    return service


def _kind_and_audience(kind: str, audience: str) -> tuple[str, str]:
    if kind not in ArenaKind.values or audience not in Audience.values:
        raise Http404
    return kind, audience


@dataclass(frozen=True)
class TemplateRow:
    pk: int | None  # None: a default, not yet the service's own
    title: str
    description: str
    auto_label: str


def _rows(items: Sequence[TemplateItem | DefaultItem]) -> list[TemplateRow]:
    labels = dict(AutoCheck.choices)
    rows = []
    for item in items:
        if isinstance(item, TemplateItem):
            rows.append(
                TemplateRow(
                    item.pk,
                    item.shown_title,
                    item.shown_description,
                    str(labels[item.auto]) if item.auto else "",
                )
            )
        else:
            rows.append(
                TemplateRow(
                    None,
                    str(item.title),
                    str(item.description),
                    str(labels[item.auto]) if item.auto else "",
                )
            )
    return rows


def _template_url(service_pk: int, kind: str, audience: str) -> str:
    return reverse("onboarding:template", args=[service_pk, kind, audience])


@login_required
def service(request: AuthedRequest, service_pk: int) -> HttpResponse:
    found = _service(request, service_pk)
    return render(
        request,
        "onboarding/service.html",
        {
            "service": found,
            "arenas": service_arenas(found),
            "summaries": template_summaries(found),
        },
    )


@login_required
def template(request: AuthedRequest, service_pk: int, kind: str, audience: str) -> HttpResponse:
    """The items of one template, and a form to add one."""
    found = _service(request, service_pk)
    kind, audience = _kind_and_audience(kind, audience)
    form = TemplateItemForm(request.POST or None, audience=audience)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                add_item(
                    found, arena_kind=kind, audience=audience, by=request.user, **form.values()
                )
            except ValidationError as error:
                attach_domain_errors(form, error)
            else:
                messages.success(request, _("Punktet er lagt til."))
                return redirect(_template_url(found.pk, kind, audience))
        status = 422
    return render(
        request,
        "onboarding/template.html",
        {
            "service": found,
            "kind": kind,
            "kind_label": ArenaKind(kind).label,
            "audience": audience,
            "audience_label": Audience(audience).label,
            "template": template_for(found, kind, audience),
            "rows": _rows(template_items(found, kind, audience)),
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
def customise(request: AuthedRequest, service_pk: int, kind: str, audience: str) -> HttpResponse:
    found = _service(request, service_pk)
    kind, audience = _kind_and_audience(kind, audience)
    start_editing(found, arena_kind=kind, audience=audience, by=request.user)
    messages.success(request, _("Nå kan du endre, flytte og fjerne punktene."))
    return redirect(_template_url(found.pk, kind, audience))


def _item(request: AuthedRequest, pk: int) -> TemplateItem:
    item = template_item_for_change(pk)
    if item is None:
        raise Http404
    if not rules.has_perm("onboarding.edit_templates", request.user, item.template.service):
        raise PermissionDenied
    return item


def _item_context(item: TemplateItem) -> dict[str, object]:
    template = item.template
    return {
        "item": item,
        "service": template.service,
        "kind": template.arena_kind,
        "kind_label": template.get_arena_kind_display(),
        "audience": template.audience,
        "audience_label": template.get_audience_display(),
        "back_url": template.get_absolute_url(),
    }


@login_required
def item_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = TemplateItemForm(
        request.POST or None,
        audience=item.template.audience,
        initial=TemplateItemForm.initial_for(item),
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_item(item, by=request.user, **form.values())
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect(item.template.get_absolute_url())
    return render(
        request,
        "onboarding/item_form.html",
        {**_item_context(item), "form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def item_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    """Confirm, then remove (lists already made keep their copy)."""
    item = _item(request, pk)
    if request.method == "POST":
        back = item.template.get_absolute_url()
        remove_item(item, by=request.user)
        messages.success(request, _("Punktet er fjernet fra malen."))
        return redirect(back)
    return render(request, "onboarding/item_remove.html", _item_context(item))


@login_required
@require_POST
def item_move(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    direction = request.POST.get("direction", "")
    if direction not in (UP, DOWN):
        messages.error(request, _("Ukjent retning."))
    else:
        move_item(item, by=request.user, direction=direction)
    return redirect(f"{item.template.get_absolute_url()}#mal-punkt-{item.pk}")
