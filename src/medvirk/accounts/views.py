from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from medvirk.accounts.middleware import MFA_NEXT_SESSION_KEY
from medvirk.common.http import AuthedRequest


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
    return redirect("start:page")
