from django.contrib import admin
from django.db import models

from medvirk.common.admin import ChangeListMixin, LoggedModelAdmin
from medvirk.directory.models import Organisation, Region, TargetGroup


@admin.register(TargetGroup)
class TargetGroupAdmin(LoggedModelAdmin):
    list_display = ["slug", "name_nb", "name_nn", "name_en", "position"]
    list_editable = ["position"]
    search_fields = ["slug", "name_nb"]


@admin.register(Region)
class RegionAdmin(LoggedModelAdmin):
    list_display = [
        "code",
        "name",
        "sami_name",
        "kven_name",
        "kind",
        "parent",
        "sami_language_area",
    ]
    list_select_related = ["parent"]  # one query for the page, not one per kommune
    list_filter = ["kind", "sami_language_area"]
    search_fields = ["code", "name", "sami_name", "kven_name"]
    # ~400 regions: a search box, not a menu rendered option by option on every page.
    autocomplete_fields = ["parent"]


@admin.register(Organisation)
class OrganisationAdmin(ChangeListMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only here: entries change through the directory's own pages (domain functions)."""

    list_display = ["name", "kind", "org_number", "last_confirmed_at"]
    list_filter = ["kind", "service_kind", "is_public"]
    search_fields = ["name", "org_number"]
    # As the directory's own form: an address typed without a scheme is https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        # The entry's page shows its parent organisation: read with the entry.
        return super().get_queryset(request).select_related("parent")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
