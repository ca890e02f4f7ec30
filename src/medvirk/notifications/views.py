"""The platform admin's view of the outbox: failed mails, and sending one again."""

from __future__ import annotations

from typing import cast

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.accounts.models import User
from medvirk.notifications.domain.delivery import resend_mail
from medvirk.notifications.models import MailStatus, OutboxMail
from medvirk.notifications.selectors import failed_mails, mails_waiting_for_retry

SHOWN = 200


@login_required
def failed_mail(request: HttpRequest) -> HttpResponse:
    if not rules.has_perm("notifications.view_outbox", request.user):
        raise PermissionDenied
    failed = failed_mails()
    waiting = mails_waiting_for_retry()
    return render(
        request,
        "notifications/failed_mail.html",
        {"failed": failed[:SHOWN], "waiting": waiting[:SHOWN]},
    )


@login_required
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    mail = get_object_or_404(OutboxMail, pk=pk)
    mail = resend_mail(mail, by=cast(User, request.user))
    if mail.status == MailStatus.FAILED:
        messages.error(request, _("E-posten kunne ikke sendes på nytt."))
    else:
        messages.success(request, _("E-posten sendes på nytt."))
    return redirect("notifications:failed")
