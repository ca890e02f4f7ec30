from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from medvirk.accounts.models import Role, User
from medvirk.common.admin import LoggedAdminMixin, LoggedModelAdmin, LoggedPasswordChangeMixin


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(LoggedPasswordChangeMixin, LoggedAdminMixin, BaseUserAdmin):  # type: ignore[misc]
    """Saves, deletions, the roles inline and the password page write the activity log
    (common/admin.py)."""

    ordering = ["email"]
    list_display = ["email", "name", "is_superuser", "is_active", "last_login"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "name", "password")}),
        ("Status", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Datoer", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = [RoleInline]
    filter_horizontal = ()
    list_filter = ["is_superuser", "is_active"]


@admin.register(Role)
class RoleAdmin(LoggedModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "organisation"]
