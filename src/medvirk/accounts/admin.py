from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from medvirk.accounts.models import Role, User
from medvirk.common.admin import (
    KnownChoicesMixin,
    LoggedAdminMixin,
    LoggedModelAdmin,
    LoggedPasswordChangeMixin,
)


class RoleInline(KnownChoicesMixin, admin.TabularInline):  # type: ignore[type-arg]
    model = Role
    extra = 0
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Role]:
        # Each row's title (Role.__str__) names the user and the organisation, and its
        # organisation box shows the organisation: loaded with the rows, not per row.
        return super().get_queryset(request).select_related("user", "organisation")


@admin.register(User)
class UserAdmin(LoggedPasswordChangeMixin, LoggedAdminMixin, BaseUserAdmin):  # type: ignore[misc]
    """Saves, deletions, the roles inline and the password page write the activity log
    (common/admin.py). Medvirk's permissions are its roles (the inline), not Django's
    groups or model permissions: neither is on the form."""

    ordering = ["email"]
    list_display = ["email", "name", "is_superuser", "is_active", "last_login"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "name", "password")}),
        ("Status", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Datoer", {"fields": ("last_login", "date_joined")}),
    )
    # Recorded by Django (login, creation), shown rather than edited.
    readonly_fields = ["last_login", "date_joined"]
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = [RoleInline]
    filter_horizontal = ()
    list_filter = ["is_superuser", "is_active"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Never: an account is closed by turning off "active", and a person who asks to
        be deleted is anonymised by people/domain/privacy.py (the log and the arena
        history keep their rows). Deleting the row here would cascade through every app
        that names the user, past the domain functions and their log."""
        return False


@admin.register(Role)
class RoleAdmin(KnownChoicesMixin, LoggedModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "organisation"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Role]:
        # The change page's title and both boxes show the user and the organisation.
        return super().get_queryset(request).select_related("user", "organisation")
