"""The secretariat's ranked candidate list for a request, with the reasons for each rank."""

from __future__ import annotations

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from medvirk.appointments.matching import rank_candidates
from medvirk.appointments.models import AppointmentRequest
from medvirk.common.http import AuthedRequest


@login_required
def candidates(request: AuthedRequest, pk: int) -> HttpResponse:
    req = get_object_or_404(AppointmentRequest.objects.select_related("arena__owner"), pk=pk)
    if not rules.has_perm("appointments.manage_request", request.user, req):
        raise PermissionDenied
    return render(
        request,
        "appointments/candidates.html",
        {"req": req, "candidates": rank_candidates(req)},
    )
