"""The admin's one way to write: every ModelAdmin and inline that can change data saves and
deletes through common/domain/admin_edits.py, so each edit is logged."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest

from medvirk.common.domain.admin_edits import delete_from_admin, save_from_admin


class LoggedAdminMixin:
    """Mix into a ModelAdmin (before admin.ModelAdmin): saves, deletions, bulk deletions
    and inline rows go through the domain functions that write the activity log."""

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        save_from_admin(obj, by=request.user, adding=not change, fields=list(form.changed_data))

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        delete_from_admin(obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            delete_from_admin(obj, by=request.user)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseModelFormSet, change: bool
    ) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            delete_from_admin(obj, by=request.user)
        changed = {id(row.instance): row.changed_data for row in formset.forms}
        for obj in instances:
            adding = obj in formset.new_objects
            save_from_admin(obj, by=request.user, adding=adding, fields=changed[id(obj)])
        formset.save_m2m()


class LoggedModelAdmin(LoggedAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    pass
