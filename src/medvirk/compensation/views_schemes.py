"""The service's compensation scheme: its regime and payroll layout, the rate history and
a new rate from a date (the secretariat and the service's admins; platform admins)."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.common.http import AuthedRequest
from medvirk.common.views import attach_domain_errors
from medvirk.compensation import selectors
from medvirk.compensation.domain.rates import add_rate
from medvirk.compensation.domain.schemes import save_scheme
from medvirk.compensation.enums import Regime
from medvirk.compensation.forms import RateForm, SchemeForm
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation


def _service(request: AuthedRequest, org_pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=org_pk, kind=OrganisationKind.SERVICE)
    if not rules.has_perm("compensation.manage_scheme", request.user, organisation):
        raise PermissionDenied
    return organisation


def _page(
    request: AuthedRequest,
    organisation: Organisation,
    scheme: Any,
    *,
    scheme_form: SchemeForm | None = None,
    rate_form: RateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "compensation/scheme.html",
        {
            "organisation": organisation,
            "scheme": scheme,
            "rates": list(scheme.rates.all()) if scheme is not None else [],
            "scheme_form": scheme_form or SchemeForm(instance=scheme, prefix="scheme"),
            "rate_form": rate_form or RateForm(prefix="rate"),
            "state_rates": selectors.state_rates()
            if scheme is not None and scheme.regime == Regime.STATE
            else None,
        },
        status=status,
    )


@login_required
def scheme(request: AuthedRequest, org_pk: int) -> HttpResponse:
    organisation = _service(request, org_pk)
    found = selectors.scheme_of(organisation)
    if request.method != "POST":
        return _page(request, organisation, found)
    form = SchemeForm(request.POST, instance=found, prefix="scheme")
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "regime"}
        try:
            save_scheme(organisation, by=request.user, regime=form.cleaned_data["regime"], **data)
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Ordningen er lagret."))
            return redirect("compensation:scheme", org_pk=organisation.pk)
    return _page(request, organisation, found, scheme_form=form, status=422)


@login_required
@require_POST
def rate_add(request: AuthedRequest, org_pk: int) -> HttpResponse:
    organisation = _service(request, org_pk)
    found = selectors.scheme_of(organisation)
    form = RateForm(request.POST, prefix="rate")
    if found is None:
        form.add_error(None, _("Lagre ordningen før du legger inn satser."))
    elif form.is_valid():
        try:
            add_rate(
                found,
                by=request.user,
                valid_from=form.cleaned_data["valid_from"],
                **form.values(),
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Satsene er lagt til."))
            return redirect("compensation:scheme", org_pk=organisation.pk)
    return _page(request, organisation, found, rate_form=form, status=422)
