"""The appointments' periodic jobs (see medvirk.common.periodic)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from medvirk.appointments.domain import requests
from medvirk.appointments.models import AppointmentRequest
from medvirk.common.periodic import Job, register


def _due(now: datetime.datetime) -> QuerySet[AppointmentRequest]:
    return requests.due_requests(timezone.localdate(now))


def _close(request: AppointmentRequest, now: datetime.datetime) -> object:
    return requests.close_at_deadline(request)


CLOSE_DUE_REQUESTS = register(
    Job(
        name="appointments.close_due_requests",
        due=_due,
        claim=requests.claim_for_closing,
        handle=_close,
        description="Close open appointment requests whose deadline has passed.",
    )
)
