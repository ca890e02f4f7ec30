from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from medvirk.ops.models import PeriodicRun


@admin.register(PeriodicRun)
class PeriodicRunAdmin(admin.ModelAdmin[PeriodicRun]):
    """Read-only: the runner writes the log (ops/domain.py); nobody edits it."""

    list_display = [
        "job",
        "started_at",
        "finished_at",
        "items_done",
        "items_failed",
        "items_skipped",
    ]
    list_filter = ["job"]
    date_hierarchy = "started_at"
    readonly_fields = [
        "job",
        "started_at",
        "finished_at",
        "items_done",
        "items_failed",
        "items_skipped",
        "error",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
