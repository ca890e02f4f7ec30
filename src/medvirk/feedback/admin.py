from django.contrib import admin
from django.http import HttpRequest

from medvirk.common.admin import LoggedModelAdmin
from medvirk.feedback.models import AccessibilityFeedback


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(LoggedModelAdmin):
    """The reports from the accessibility statement's form, for platform admins to read
    (they come only from the form, so none is added here)."""

    list_display = ("created_at", "page", "email", "language")
    search_fields = ("page", "description", "email")
    date_hierarchy = "created_at"
    readonly_fields = ("created_at", "page", "description", "email", "language")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
