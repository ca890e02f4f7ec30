"""/drift/: the state's rates (the platform admin keeps them), and services' schemes
with their dated rates. Claims and payment details are deliberately not here."""

from django.contrib import admin

from medvirk.common.admin import LoggedModelAdmin
from medvirk.compensation.models import Rate, Scheme, StateRate


@admin.register(StateRate)
class StateRateAdmin(LoggedModelAdmin):
    list_display = (
        "valid_from",
        "km_rate",
        "allowance_6_12_hours",
        "allowance_over_12_hours",
        "allowance_per_night",
    )


class RateInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Rate
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(LoggedModelAdmin):
    list_display = ("organisation", "regime")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)
    inlines = (RateInline,)
