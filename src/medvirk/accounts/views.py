from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.middleware import MFA_NEXT_SESSION_KEY
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


@login_required
@require_GET
def mfa_continue(request: AuthedRequest) -> HttpResponse:
    """The recovery-codes page's "Fortsett": on to the page the tofaktorinnlogging set-up
    interrupted (kept by RequireMFAMiddleware), else to "Min side"."""
    target = request.session.pop(MFA_NEXT_SESSION_KEY, None)
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("accounts:dashboard")
