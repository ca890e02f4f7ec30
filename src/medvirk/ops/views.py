"""The readiness endpoint (/helse/klar/, ops/readiness.py)."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from medvirk.accounts.rules import is_platform_admin
from medvirk.common.middleware import public_page
from medvirk.ops.readiness import run_checks


def _may_see_details(request: HttpRequest) -> bool:
    """The operator's token (``Authorization: Bearer <MEDVIRK_READINESS_TOKEN>``) or a
    platform admin's session; anyone else sees only the overall status."""
    token = settings.MEDVIRK_READINESS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    try:  # the session lives in the database, which may be the thing that is down
        return is_platform_admin(request.user)
    except Exception:
        return False


@never_cache
@public_page  # never_cache decides: no-store for everyone
def readiness(request: HttpRequest) -> JsonResponse:
    checks = run_checks(timezone.now())
    ready = all(check.ok for check in checks)
    body: dict[str, object] = {"status": "ready" if ready else "not ready"}
    if _may_see_details(request):
        body["checks"] = {check.name: {"ok": check.ok, **check.detail} for check in checks}
    return JsonResponse(body, status=200 if ready else 503)
