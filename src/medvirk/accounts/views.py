from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from medvirk.accounts.enums import RoleKind
from medvirk.common.http import AuthedRequest


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    roles = request.user.roles.select_related("organisation").order_by("organisation__name", "role")
    return render(
        request,
        "accounts/dashboard.html",
        {
            "roles": roles,
            "admin_roles": [r for r in roles if r.role == RoleKind.ADMIN],
        },
    )
