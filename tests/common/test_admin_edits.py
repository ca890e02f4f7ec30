"""Edits in Django's admin (roles, users, reference data) write the activity log: the admin
saves and deletes through common/domain/admin_edits.py (issue 12 item 9)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from medvirk.accounts.models import Role, User
from medvirk.common.models import ActivityLog
from medvirk.directory.models import TargetGroup
from tests.factories import RoleFactory, ServiceFactory, TargetGroupFactory, UserFactory


def _admin_client(platform_admin: User) -> Client:
    client = Client()
    client.force_login(platform_admin)
    return client


def _entries() -> list[tuple[str, str, Any]]:
    return [
        (e.action, e.actor.email if e.actor else "", e.data)
        for e in ActivityLog.objects.order_by("pk")
    ]


def test_admin_adding_a_role_logs_it_with_its_organisation(platform_admin: User) -> None:
    service = ServiceFactory()
    member = UserFactory()
    response = _admin_client(platform_admin).post(
        reverse("admin:accounts_role_add"),
        {"user": member.pk, "organisation": service.pk, "role": "admin"},
    )
    assert response.status_code == 302
    role = Role.objects.get(user=member)
    assert _entries() == [
        (
            "admin.created",
            "plattform@example.org",
            {"model": "accounts.role", "fields": ["organisation", "role", "user"]},
        )
    ]
    assert ActivityLog.objects.get().organisation_id == service.pk
    assert ActivityLog.objects.get().object_id == str(role.pk)


def test_admin_deleting_a_role_logs_it(platform_admin: User) -> None:
    role = RoleFactory(role="admin")
    response = _admin_client(platform_admin).post(
        reverse("admin:accounts_role_delete", args=[role.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert Role.objects.filter(pk=role.pk).count() == 0
    assert _entries() == [("admin.deleted", "plattform@example.org", {"model": "accounts.role"})]


def test_admin_changing_a_target_group_logs_the_changed_fields(platform_admin: User) -> None:
    group = TargetGroupFactory()
    response = _admin_client(platform_admin).post(
        reverse("admin:directory_targetgroup_change", args=[group.pk]),
        {
            "slug": group.slug,
            "name_nb": "Nytt navn",
            "name_nn": group.name_nn,
            "name_en": group.name_en,
            "position": group.position,
        },
    )
    assert response.status_code == 302
    assert TargetGroup.objects.get(pk=group.pk).name_nb == "Nytt navn"
    assert _entries() == [
        (
            "admin.changed",
            "plattform@example.org",
            {"model": "directory.targetgroup", "fields": ["name_nb"]},
        )
    ]


def test_admin_roles_inline_on_a_user_logs_each_role(platform_admin: User) -> None:
    service = ServiceFactory()
    member = UserFactory()
    data = {
        "email": member.email,
        "name": "Nytt Navn",
        "is_active": "on",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "roles-0-organisation": service.pk,
        "roles-0-role": "member",
        "roles-0-user": member.pk,
    }
    response = _admin_client(platform_admin).post(
        reverse("admin:accounts_user_change", args=[member.pk]), data
    )
    assert response.status_code == 302
    assert [(a, m) for a, _actor, m in _entries()] == [
        ("admin.changed", {"model": "accounts.user", "fields": ["name"]}),
        (
            "admin.created",
            {"model": "accounts.role", "fields": ["organisation", "role"]},
        ),
    ]


NEW_PASSWORD = "Nytt-hemmelig-ord-2026"


def _log_text() -> str:
    return repr(list(ActivityLog.objects.values()))


def test_admin_setting_a_users_password_logs_it_without_the_password(
    platform_admin: User,
) -> None:
    member = UserFactory()
    response = _admin_client(platform_admin).post(
        reverse("admin:auth_user_password_change", args=[member.pk]),
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD) is True
    assert _entries() == [
        (
            "admin.changed",
            "plattform@example.org",
            {"model": "accounts.user", "fields": ["password"]},
        )
    ]
    assert ActivityLog.objects.get().object_id == str(member.pk)
    assert (NEW_PASSWORD in _log_text()) is False
    assert (member.password in _log_text()) is False


def test_admin_disabling_a_users_password_logs_it(platform_admin: User) -> None:
    member = UserFactory()
    response = _admin_client(platform_admin).post(
        reverse("admin:auth_user_password_change", args=[member.pk]),
        {"usable_password": "false", "unset-password": "1"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.has_usable_password() is False
    assert _entries() == [
        (
            "admin.changed",
            "plattform@example.org",
            {"model": "accounts.user", "fields": ["password"]},
        )
    ]


def test_admin_password_form_with_errors_saves_and_logs_nothing(platform_admin: User) -> None:
    member = UserFactory()
    before = User.objects.get(pk=member.pk).password
    response = _admin_client(platform_admin).post(
        reverse("admin:auth_user_password_change", args=[member.pk]),
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": "noe annet"},
    )
    assert response.status_code == 200
    assert User.objects.get(pk=member.pk).password == before
    assert _entries() == []


def test_admin_user_dates_are_shown_not_edited(platform_admin: User) -> None:
    """last_login and date_joined are Django's records: shown on the user page, and a
    posted value changes nothing."""
    member = UserFactory()
    joined = member.date_joined
    client = _admin_client(platform_admin)
    page = client.get(reverse("admin:accounts_user_change", args=[member.pk]))
    assert 'name="date_joined_0"' not in page.content.decode()
    response = client.post(
        reverse("admin:accounts_user_change", args=[member.pk]),
        {
            "email": member.email,
            "name": member.name,
            "is_active": "on",
            "date_joined_0": "2001-01-01",
            "date_joined_1": "10:00:00",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.date_joined == joined


def test_an_account_is_never_deleted_in_the_admin(platform_admin: User) -> None:
    """Closing an account is "active" off; deletion is the anonymisation of
    people/domain/privacy.py. The admin offers no delete page, nor the bulk action."""
    other = UserFactory(email="annen@example.org")
    client = _admin_client(platform_admin)

    response = client.get(reverse("admin:accounts_user_delete", args=[other.pk]))
    listing = client.get(reverse("admin:accounts_user_changelist")).content.decode()

    assert response.status_code == 403
    assert 'value="delete_selected"' not in listing
    assert User.objects.filter(pk=other.pk).exists()
