"""Confirmation campaigns: the platform admin's pages and the public confirm page."""

from __future__ import annotations

from typing import cast

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from medvirk.common.views import attach_domain_errors
from medvirk.directory.domain.campaigns import (
    LinkExpired,
    LinkInvalid,
    LinkUsed,
    check_link,
    open_link,
    start_campaign,
)
from medvirk.directory.domain.campaigns import (
    confirm as confirm_entry,
)
from medvirk.directory.enums import RecipientState
from medvirk.directory.forms import BaseContactFormSet
from medvirk.directory.forms_campaigns import (
    CampaignStartForm,
    CorrectionContactFormSet,
    CorrectionForm,
)
from medvirk.directory.models import Campaign, CampaignRecipient, Organisation
from medvirk.directory.selectors import (
    campaign_figures,
    campaign_recipients,
    campaigns_with_figures,
    entry_for_confirm_page,
    organisation_by_pk,
)

RECIPIENTS_PER_PAGE = 100
DONE_SESSION_KEY = "medvirk_campaign_done"


def _require_manager(request: HttpRequest) -> None:
    if not rules.has_perm("directory.manage_campaigns", request.user):
        raise PermissionDenied


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = CampaignStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = start_campaign(
                by=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                region=form.cleaned_data["region"],
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(
                request,
                _("Kampanjen er startet. E-postene sendes nå i bakgrunnen."),
            )
            return redirect(campaign)
    campaigns = campaigns_with_figures()
    return render(
        request,
        "directory/campaign_list.html",
        {"form": form, "campaigns": campaigns},
        status=422 if request.method == "POST" else 200,
    )


campaign_start = require_POST(campaign_list)


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    campaign = get_object_or_404(Campaign.objects.select_related("region", "started_by"), pk=pk)
    counts = campaign_figures(campaign)
    state = request.GET.get("state", "")
    if state not in RecipientState.values:
        state = ""
    recipients = campaign_recipients(campaign, state)
    page = Paginator(recipients, RECIPIENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/campaign_detail.html",
        {
            "campaign": campaign,
            "counts": counts,
            "page": page,
            "state": state,
            "states": RecipientState.choices,
            "reminder_days": settings.MEDVIRK_CAMPAIGN_REMINDER_DAYS,
        },
    )


# --- The public confirm page (no account; the link is the key) -------------------------


def _link_rejected(request: HttpRequest, error: Exception) -> HttpResponse:
    """One page per kind of problem, none of which shows anything about an organisation."""
    if isinstance(error, LinkUsed):
        template, status = "directory/confirm_used.html", 410
    elif isinstance(error, LinkExpired):
        template, status = "directory/confirm_expired.html", 410
    else:
        template, status = "directory/confirm_invalid.html", 404
    response = render(request, template, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def _entry(recipient: CampaignRecipient) -> Organisation:
    """The entry as stored, for display (the forms get their own copy)."""
    return entry_for_confirm_page(recipient.organisation_id)


@never_cache
def confirm(request: HttpRequest, org_pk: int, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            recipient = check_link(org_pk=org_pk, token=token)
        else:
            recipient = open_link(org_pk=org_pk, token=token)
    except (LinkInvalid, LinkExpired, LinkUsed) as error:
        return _link_rejected(request, error)

    instance = organisation_by_pk(recipient.organisation_id)
    bound = request.method == "POST" and request.POST.get("action") == "correct"
    form = CorrectionForm(request.POST if bound else None, instance=instance)
    formset = cast(
        BaseContactFormSet,
        CorrectionContactFormSet(
            request.POST if bound else None,
            instance=instance,
            queryset=instance.contacts.all(),
            prefix="contacts",
        ),
    )
    if request.method == "POST":
        data = contacts = None
        valid = True
        if bound:
            valid = form.is_valid() and formset.is_valid()
            if valid:
                data, contacts = form.domain_data(), formset.domain_rows()
        if valid:
            try:
                recipient = confirm_entry(org_pk=org_pk, token=token, data=data, contacts=contacts)
            except (LinkInvalid, LinkExpired, LinkUsed) as error:
                return _link_rejected(request, error)
            except ValidationError as error:
                attach_domain_errors(form, error)
            else:
                request.session[DONE_SESSION_KEY] = {
                    "name": recipient.organisation.name,
                    "changed": recipient.state == RecipientState.CHANGED,
                    "url": recipient.organisation.get_absolute_url()
                    if recipient.organisation.is_public
                    else "",
                }
                return redirect("directory:confirm_done")
    response = render(
        request,
        "directory/confirm.html",
        {
            "recipient": recipient,
            "organisation": _entry(recipient),
            "form": form,
            "formset": formset,
        },
        status=422 if request.method == "POST" else 200,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
def confirm_done(request: HttpRequest) -> HttpResponse:
    done = request.session.pop(DONE_SESSION_KEY, None)
    return render(request, "directory/confirm_done.html", {"done": done})
