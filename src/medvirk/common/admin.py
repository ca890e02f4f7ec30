"""The admin's one way to write: every ModelAdmin and inline that can change data saves and
deletes through common/domain/admin_edits.py, so each edit is logged (the user admin's
password page too, through LoggedPasswordChangeMixin)."""

from __future__ import annotations

import copy
from functools import partial
from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ChangeList as DjangoChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Model, QuerySet
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from medvirk.common.domain.admin_edits import delete_from_admin, save_from_admin

# A table this big (by PostgreSQL's estimate) has its unfiltered change list counted
# from the estimate: an exact COUNT(*) of 100 000 users is a scan on every page view.
ESTIMATE_FROM_ROWS = 20_000


class EstimatedCountPaginator(Paginator):
    """The admin's paginator: an unfiltered list of a big table on PostgreSQL is counted
    from ``pg_class.reltuples`` (kept by autovacuum/ANALYZE, within a few per cent);
    any filter or search, a small table or another database counts exactly. The last
    page number may be off by one while the estimate lags."""

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if (
            connection.vendor == "postgresql"
            and isinstance(rows, QuerySet)
            and not rows.query.where
            and not rows.query.distinct
        ):
            # One statement whatever the size (statements must not grow with the rows):
            # the exact count runs only when the estimate is small.
            # The table is the model's own, quoted: no outside input reaches the SQL.
            table = connection.ops.quote_name(rows.model._meta.db_table)
            with connection.cursor() as cursor:
                sql = (
                    "SELECT CASE WHEN reltuples >= %s THEN reltuples::bigint"  # noqa: S608
                    f" ELSE (SELECT COUNT(*) FROM {table}) END"
                    " FROM pg_class WHERE oid = %s::regclass"
                )
                cursor.execute(
                    sql,
                    [ESTIMATE_FROM_ROWS, table],
                )
                row = cursor.fetchone()
            if row is not None:
                return int(row[0])
        return super().count  # type: ignore[no-any-return]


class ChangeList(DjangoChangeList):
    """Django's change list, with each row's link built from one reversed address (a
    ``reverse`` per row is some 20 µs; for integer keys the address differs only there)."""

    PK_SLOT = "__pk__"

    @cached_property
    def _change_url(self) -> str:
        opts = self.opts
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=(self.PK_SLOT,),
            current_app=self.model_admin.admin_site.name,
        )

    def url_for_result(self, result: Model) -> str:
        pk = getattr(result, self.pk_attname)
        if isinstance(pk, int) and not isinstance(pk, bool):
            return self._change_url.replace(self.PK_SLOT, str(pk), 1)
        return super().url_for_result(result)  # type: ignore[no-any-return]


# Django's own message (its admin catalogue translates it), so not in ours.
ACTION_CHECKBOX_LABEL = "Select this object for an action - {}"


class ChangeListMixin:
    """Change lists that cost the same with a hundred rows or a hundred thousand: no
    second COUNT for the "(n total)" link, the estimated count for big tables, and the
    row checkbox written directly (Django renders a form widget template per row; the
    HTML is the same), each row's link from one reversed address (:class:`ChangeList`). Pages of 25 rows rather than Django's 100: the admin renders each
    cell through its own machinery, some 0.3 ms a row; finding a row is the search's job."""

    list_per_page = 25
    show_full_result_count = False
    paginator: ClassVar[type] = EstimatedCountPaginator

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return ChangeList

    def action_checkbox(self, obj: Model) -> SafeString:
        label = format_html(_(ACTION_CHECKBOX_LABEL), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )


class KnownChoiceAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete box, which reads its chosen object by a query of its own (one
    per box: per row of an inline). Given the object already (``known``, filled by
    :class:`KnownChoicesForm` from the instance the form edits), it shows it without one.
    A value that is not the known object (the form sent back with errors) and a field
    whose choices are limited are read as Django reads them."""

    known: dict[str, Model]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.known = {}

    def __deepcopy__(self, memo: dict[int, Any]) -> KnownChoiceAutocompleteSelect:
        copied: KnownChoiceAutocompleteSelect = super().__deepcopy__(memo)
        copied.known = {}
        return copied

    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        queryset = self.choices.queryset
        if not selected or not selected <= self.known.keys() or queryset.query.where:
            return super().optgroups(name, value, attr)
        default: tuple[None, list[Any], int] = (None, [], 0)
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        for index, key in enumerate(sorted(selected), start=len(default[1])):
            obj = self.known[key]
            label = self.choices.field.label_from_instance(obj)
            default[1].append(self.create_option(name, obj.pk, label, True, index))
        return [default]


class KnownChoicesForm(ModelForm):  # type: ignore[type-arg]
    """A model form whose autocomplete boxes show the related objects the instance has
    loaded already (``select_related`` in the admin's ``get_queryset``), without a query
    each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside Django's wrapper
            if not isinstance(widget, KnownChoiceAutocompleteSelect):
                continue
            model_field: Any = instance._meta.get_field(name)
            if model_field.target_field.primary_key and model_field.is_cached(instance):
                related = getattr(instance, name)
                if related is not None:
                    widget.known = {str(related.pk): related}


class KnownChoicesMixin:
    """Mix into a ModelAdmin or inline (with ``autocomplete_fields``): its autocomplete
    boxes are :class:`KnownChoiceAutocompleteSelect`, its form a :class:`KnownChoicesForm`.
    Load the related objects in ``get_queryset`` (``select_related``) for it to help."""

    form: Any = KnownChoicesForm

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):  # type: ignore[attr-defined]
            kwargs["widget"] = KnownChoiceAutocompleteSelect(
                db_field,
                self.admin_site,  # type: ignore[attr-defined]
                using=kwargs.get("using"),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class LoggedAdminMixin(ChangeListMixin):
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


# django-allauth registers its e-mail address admin itself; the same admin with the
# change-list mixin (importing allauth's admin first, so it is registered to replace).
from allauth.account import admin as allauth_account_admin  # noqa: E402
from allauth.account.models import EmailAddress  # noqa: E402

admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(ChangeListMixin, allauth_account_admin.EmailAddressAdmin):
    pass
