"""Dates and numbers at the edges (issue 20): each input here answered 500 before the
bounds (common/bounds.py); now a message, 422 for a page's form, 400 for the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from medvirk.meetings.domain.plan import create_meeting, local_datetime
from medvirk.meetings.models import Meeting
from tests.meetings.conftest import MeetingWorld
from tests.meetings.test_plan_views import generate_data

pytestmark = pytest.mark.django_db

FAR_PAST = "0001-01-01"
FAR_FUTURE = "9999-12-31"
BOUNDS_MESSAGE = "Datoen må være mellom"


@pytest.mark.parametrize("day", [FAR_PAST, FAR_FUTURE, "1899-12-31", "2101-01-01"])
def test_meeting_form_refuses_a_day_out_of_bounds(meeting_world: MeetingWorld, day: str) -> None:
    client = meeting_world.client("secretariat")
    client.raise_request_exception = False
    url = reverse("meetings:create", args=[meeting_world.public_arena.pk])
    response = client.post(
        url,
        {"title": "Kanten", "date": day, "start_time": "23:00", "end_time": "23:30"},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert BOUNDS_MESSAGE in page and 'href="#id_date"' in page
    assert not Meeting.objects.filter(title="Kanten").exists()


def test_meeting_form_refuses_a_meeting_decades_ahead(meeting_world: MeetingWorld) -> None:
    client = meeting_world.client("secretariat")
    url = reverse("meetings:create", args=[meeting_world.public_arena.pk])
    response = client.post(
        url,
        {"title": "Langt fram", "date": "2060-06-01", "start_time": "10:00", "end_time": "11:00"},
    )
    assert response.status_code == 422
    assert "mer enn 10 år fram i tid" in response.content.decode()


@pytest.mark.parametrize(
    "extra",
    [
        {"first_day": "9999-12-20"},
        {"first_day": FAR_PAST},
        {"first_day": "2099-12-01", "count": "", "until": FAR_FUTURE},
    ],
)
def test_generated_plan_refuses_days_out_of_bounds(
    meeting_world: MeetingWorld, extra: dict[str, str]
) -> None:
    client = meeting_world.client("secretariat")
    client.raise_request_exception = False
    url = reverse("meetings:generate", args=[meeting_world.public_arena.pk])
    response = client.post(url, {**generate_data(**extra), "action": "preview"})
    assert response.status_code == 422
    assert 'id="error-summary"' in response.content.decode()


def test_the_domain_refuses_a_meeting_decades_ahead(meeting_world: MeetingWorld) -> None:
    # A task or command planning a meeting meets the same limit as the form.
    day = timezone.localdate().replace(year=timezone.localdate().year + 11)
    with pytest.raises(ValidationError) as caught:
        create_meeting(
            meeting_world.public_arena,
            by=meeting_world.secretariat,
            starts_at=local_datetime(day, datetime.time(10)),
            ends_at=local_datetime(day, datetime.time(12)),
        )
    assert caught.value.message_dict == {
        "starts_at": ["Datoen kan ikke være mer enn 10 år fram i tid."]
    }
