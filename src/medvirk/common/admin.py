"""The admin's one way to write: every ModelAdmin and inline that can change data saves and
deletes through common/domain/admin_edits.py, so each edit is logged (the user admin's
password page too, through LoggedPasswordChangeMixin)."""

from __future__ import annotations

import copy
from functools import partial
from typing import Any

from django.contrib import admin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.db.models import Model, QuerySet
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest, HttpResponse

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


class LoggedPasswordChangeForm(AdminPasswordChangeForm):
    """The admin's form for setting (or disabling) a user's password: it saves through
    ``save_from_admin``, whose log entry names the field ("password"), never the password
    or its hash."""

    def __init__(self, user: Any, *args: Any, by: Any, **kwargs: Any) -> None:
        self.by = by
        super().__init__(user, *args, **kwargs)

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=False)
        if commit:
            save_from_admin(user, by=self.by, adding=False, fields=["password"])
        return user


class LoggedPasswordChangeMixin:
    """Mix into a UserAdmin (before it): the password page (``<user>/password/``) saves
    through ``LoggedPasswordChangeForm``, with the staff user who made the change."""

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        # Django builds the form as ``self.change_password_form(user, data)``: a copy of
        # this admin for the one request hands it the acting user without shared state.
        for_request = copy.copy(self)
        for_request.change_password_form = partial(  # type: ignore[attr-defined]
            LoggedPasswordChangeForm, by=request.user
        )
        view = super(LoggedPasswordChangeMixin, for_request).user_change_password  # type: ignore[misc]
        response: HttpResponse = view(request, id, form_url)
        return response


class LoggedModelAdmin(LoggedAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    pass
