"""The admin's pages cost the same whatever they show (issue 13): the side bar is built once
per process for platform admins, a user's roles and a role's user and organisation are
read with the page, not one by one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.db import connection
from django.template import Context, Engine
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from medvirk.accounts.models import Role, User
from medvirk.common import admin_site
from medvirk.common.admin import KnownChoiceAutocompleteSelect
from tests.factories import RoleFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _statements(client: Client, url: str) -> int:
    client.get(url)  # once first: Django's per-process lookups (content types) are warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _baseline(client: Client) -> int:
    """What any admin page reads for the session (the password page reads nothing else)."""
    return _statements(client, reverse("admin:password_change"))


def test_user_page_statements_do_not_grow_with_roles(platform_admin: User) -> None:
    client = _client(platform_admin)
    one, many = UserFactory(), UserFactory()
    RoleFactory(user=one)
    for _i in range(4):
        RoleFactory(user=many)
    url = reverse("admin:accounts_user_change", args=[one.pk])
    few = _statements(client, url)
    # The session's reads, the user, the roles with their user and organisation.
    assert few == _baseline(client) + 2
    assert _statements(client, reverse("admin:accounts_user_change", args=[many.pk])) == few


def test_user_page_shows_each_roles_organisation(platform_admin: User) -> None:
    member = UserFactory()
    roles = [RoleFactory(user=member, role="admin") for _i in range(2)]
    page = _client(platform_admin).get(reverse("admin:accounts_user_change", args=[member.pk]))
    html = page.content.decode()
    for role in roles:
        assert f'<option value="{role.organisation.pk}" selected>{role.organisation}</option>' in (
            html
        )
        assert str(role) in html


@pytest.mark.parametrize("page", ["change", "delete"])
def test_role_pages_read_user_and_organisation_with_the_role(
    platform_admin: User, page: str
) -> None:
    role = RoleFactory()
    client = _client(platform_admin)
    url = reverse(f"admin:accounts_role_{page}", args=[role.pk])
    # The session's reads and the role with its user and organisation.
    assert _statements(client, url) == _baseline(client) + 1
    html = client.get(url).content.decode()
    assert str(role.organisation) in html and str(role.user) in html


def test_role_form_sent_back_with_errors_shows_the_chosen_organisation(
    platform_admin: User,
) -> None:
    role = RoleFactory()
    other = ServiceFactory()
    response = _client(platform_admin).post(
        reverse("admin:accounts_role_change", args=[role.pk]),
        {"user": role.user_id, "organisation": other.pk, "role": "no-such-role"},
    )
    assert response.status_code == 200  # the form again, with its error
    html = response.content.decode()
    assert f'<option value="{other.pk}" selected>{other}</option>' in html


def test_known_choice_box_is_djangos_without_a_known_object() -> None:
    field = Role._meta.get_field("organisation")
    box = KnownChoiceAutocompleteSelect(field, admin.site)
    assert box.known == {}
    copied = box.__deepcopy__({})
    assert copied.known == {} and copied.known is not box.known


def _sidebar(html: str) -> str:
    return html[html.index('<nav class="sticky" id="nav-sidebar"') :].split("</nav>")[0]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_side_bar_is_djangos(platform_admin: User, language: str) -> None:
    """The kept side bar is the markup Django's own template writes for the same page."""
    client = _client(platform_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("admin:accounts_role_changelist")
    kept = client.get(url).content.decode()
    request = client.get(url).wsgi_request
    django_site = AdminSite()
    django_site._registry = admin.site._registry
    djangos = Path(admin.__file__).parent / "templates" / "admin" / "nav_sidebar.html"
    with translation.override(language):
        expected = (
            Engine.get_default()
            .from_string(djangos.read_text())
            .render(
                Context({"available_apps": django_site.get_app_list(request), "request": request})
            )
        )
    assert 'aria-current="page">' in expected  # the current model is marked
    assert expected in kept


def test_side_bar_is_kept_for_platform_admins_only(platform_admin: User, monkeypatch: Any) -> None:
    monkeypatch.setattr(admin_site, "_SIDE_BARS", {})
    monkeypatch.setattr(admin_site, "_APP_LISTS", {})
    _client(platform_admin).get(reverse("admin:accounts_role_changelist"))
    assert len(admin_site._SIDE_BARS) == 1 and len(admin_site._APP_LISTS) == 1
    staff = UserFactory(is_staff=True)
    response = _client(staff).get(reverse("admin:index"))
    assert response.status_code == 200
    assert len(admin_site._SIDE_BARS) == 1 and len(admin_site._APP_LISTS) == 1


def test_side_bar_marks_the_current_section(platform_admin: User) -> None:
    client = _client(platform_admin)
    roles = _sidebar(client.get(reverse("admin:accounts_role_changelist")).content.decode())
    users = _sidebar(client.get(reverse("admin:accounts_user_changelist")).content.decode())
    assert 'href="/drift/accounts/role/" aria-current="page"' in roles
    assert 'href="/drift/accounts/user/" aria-current="page"' in users
    assert 'href="/drift/accounts/role/" aria-current="page"' not in users


def test_change_list_links_each_row(platform_admin: User) -> None:
    roles = [RoleFactory() for _i in range(3)]
    html = _client(platform_admin).get(reverse("admin:accounts_role_changelist")).content.decode()
    for role in roles:
        assert f'href="{reverse("admin:accounts_role_change", args=[role.pk])}"' in html


def test_side_bar_of_limited_staff_after_a_platform_admin_shows_only_their_models(
    platform_admin: User, monkeypatch: Any
) -> None:
    """The side bar kept for platform admins is never shown to staff who may see less."""
    from django.contrib.auth.models import Permission

    monkeypatch.setattr(admin_site, "_SIDE_BARS", {})
    monkeypatch.setattr(admin_site, "_APP_LISTS", {})
    regions = reverse("admin:directory_region_changelist")
    full = _sidebar(_client(platform_admin).get(regions).content.decode())
    assert "/drift/accounts/user/" in full and "/drift/directory/region/" in full
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_region"))
    page = _sidebar(_client(staff).get(regions).content.decode())
    assert "/drift/directory/region/" in page
    assert "/drift/accounts/user/" not in page
