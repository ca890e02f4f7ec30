"""The person page's reads (issue 13): the pools a user manages come from the request's
roles, a person without accommodation needs costs no transaction, statements bounded."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.accounts.enums import RoleKind
from medvirk.people.selectors import pool_admin_organisation_ids
from tests.factories import RoleFactory, ServiceFactory, UmbrellaFactory, UserFactory
from tests.people.conftest import World, fresh


@pytest.mark.parametrize("persona", ["pool_admin", "sitting_secretariat", "platform_admin"])
def test_person_page_statements_bounded_and_without_empty_transaction(
    world: World, persona: str
) -> None:
    client = world.client(persona)
    url = reverse("people:detail", args=[world.person.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert len(sql) <= 15
    assert not any(s.startswith(("BEGIN", "SAVEPOINT")) for s in sql)


def test_affiliation_form_only_for_those_who_manage_a_pool(world: World) -> None:
    url = reverse("people:detail", args=[world.person.pk])
    admin = world.client("pool_admin").get(url)
    secretariat = world.client("sitting_secretariat").get(url)
    assert admin.context["affiliation_form"] is not None
    assert admin.context["admin_org_ids"] == {world.person.affiliations.get().organisation_id}
    assert secretariat.context["affiliation_form"] is None
    assert secretariat.context["admin_org_ids"] == set()


def test_pool_admin_organisation_ids_are_admin_roles_in_user_orgs_and_umbrellas(
    world: World,
) -> None:
    user = UserFactory()
    umbrella = UmbrellaFactory()
    org_a = world.person.affiliations.get().organisation
    RoleFactory(user=user, organisation=umbrella, role=RoleKind.ADMIN)
    RoleFactory(user=user, organisation=org_a, role=RoleKind.MEMBER)
    RoleFactory(user=user, organisation=ServiceFactory(), role=RoleKind.ADMIN)
    assert pool_admin_organisation_ids(fresh(user)) == {umbrella.pk}
