"""Dates and numbers at the edges (issue 20): each input here answered 500 before the
bounds (common/bounds.py); now a message, 422 for a page's form, 400 for the API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.compensation.conftest import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", ["99999", "0", "-5", "1"])
def test_payroll_page_with_a_year_out_of_bounds(world: World, year: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.payroll)
    response = client.get(reverse("compensation:payroll", args=[world.service.pk]), {"ar": year})
    assert response.status_code == 200
