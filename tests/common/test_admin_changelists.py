"""Django admin change lists cost the same with few rows or many (issue 13): no second
COUNT, big tables counted from PostgreSQL's estimate, the row checkbox as before."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.accounts.models import Role, User
from medvirk.common import admin as common_admin
from tests.factories import RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGE_LISTS = [
    "admin:accounts_user_changelist",
    "admin:accounts_role_changelist",
    "admin:account_emailaddress_changelist",
    "admin:directory_organisation_changelist",
    "admin:directory_region_changelist",
    "admin:directory_targetgroup_changelist",
]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _statements(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("name", CHANGE_LISTS)
def test_change_list_statements_do_not_grow(platform_admin: User, name: str) -> None:
    client = _client(platform_admin)
    url = reverse(name)
    RoleFactory()
    few = _statements(client, url)
    for _i in range(12):
        RoleFactory()
    assert _statements(client, url) == few


def test_change_list_counts_exactly_below_the_threshold(platform_admin: User) -> None:
    for _i in range(3):
        UserFactory()
    page = _client(platform_admin).get(reverse("admin:accounts_user_changelist"))
    total = User.objects.count()
    assert page.context["cl"].result_count == total


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_class estimates")
def test_big_table_is_counted_from_the_estimate(platform_admin: User, monkeypatch: Any) -> None:
    for _i in range(5):
        RoleFactory()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE accounts_role")
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'accounts_role'")
        estimate = cursor.fetchone()[0]
    monkeypatch.setattr(common_admin, "ESTIMATE_FROM_ROWS", 1)
    client = _client(platform_admin)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("admin:accounts_role_changelist"))
    assert page.context["cl"].result_count == estimate == Role.objects.count()
    assert not any('COUNT(*) AS "__count"' in q["sql"] for q in queries.captured_queries)
    # A filter or a search counts exactly.
    filtered = client.get(reverse("admin:accounts_role_changelist"), {"role": "admin"})
    assert filtered.context["cl"].result_count == Role.objects.filter(role="admin").count()


def test_row_checkbox_is_djangos(platform_admin: User) -> None:
    user = UserFactory()
    model_admin = admin.site._registry[User]
    assert model_admin.action_checkbox(user) == admin.ModelAdmin.action_checkbox(model_admin, user)


@pytest.mark.parametrize("name", CHANGE_LISTS)
def test_change_lists_stay_closed_to_everyone_else(name: str) -> None:
    staff_less = UserFactory()
    assert _client(staff_less).get(reverse(name)).status_code == 302
    assert Client().get(reverse(name)).status_code == 302
