"""A service's scheme and its dated rates; the rates in force on a day."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.compensation.calculation import Rates
from medvirk.compensation.enums import ExportColumn, Regime
from medvirk.compensation.models import Rate, Scheme, StateRate
from medvirk.directory.models import Organisation

if TYPE_CHECKING:
    from medvirk.accounts.models import User

SCHEME_SAVED = register_action(
    "compensation.scheme.saved", gettext_lazy("Lagret godtgjøringsordning")
)

RATE_FIELDS = [
    field.name
    for field in Rate._meta.get_fields()
    if field.name not in {"id", "scheme", "valid_from"} and not field.is_relation
]


def check_columns(value: str) -> list[str]:
    columns = [item.strip() for item in value.split(",") if item.strip()]
    known = set(ExportColumn.values)
    if not columns or any(column not in known for column in columns):
        raise ValidationError(
            {
                "columns": _("Bruk bare disse kolonnene, skilt med komma: %(known)s.")
                % {"known": ", ".join(ExportColumn.values)}
            }
        )
    return columns


@transaction.atomic
def save_scheme(
    organisation: Organisation, *, by: User | None, regime: str, **fields: Any
) -> Scheme:
    """Create or change a service's scheme (``by`` None: the demo loader)."""
    if by is not None and not rules.has_perm("compensation.manage_scheme", by, organisation):
        raise PermissionDenied
    if regime not in Regime.values:
        raise ValidationError({"regime": _("Velg en ordning.")})
    if "columns" in fields:
        fields["columns"] = ",".join(check_columns(fields["columns"]))
    scheme, _created = Scheme.objects.update_or_create(
        organisation=organisation, defaults={"regime": regime, **fields}
    )
    log_activity(
        action=SCHEME_SAVED,
        actor=by,
        obj=scheme,
        organisation=organisation,
        data={"regime": regime},
    )
    return scheme


def rate_on(scheme: Scheme, day: datetime.date) -> Rate | None:
    """The scheme's row in force on ``day``: the latest one from that day or before."""
    return scheme.rates.filter(valid_from__lte=day).order_by("-valid_from").first()


def state_rate_on(day: datetime.date) -> StateRate | None:
    return StateRate.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def rates_for(scheme: Scheme, day: datetime.date) -> Rates | None:
    """What calculation.py needs for a meeting on ``day``, or None without rates."""
    row = rate_on(scheme, day)
    if row is None:
        return None
    values = {name: getattr(row, name) for name in RATE_FIELDS}
    if scheme.regime == Regime.STATE:
        state = state_rate_on(day)
        if state is not None:
            values["km_rate"] = state.km_rate
            values["allowance_6_12_hours"] = state.allowance_6_12_hours
            values["allowance_over_12_hours"] = state.allowance_over_12_hours
            values["allowance_per_night"] = state.allowance_per_night
    return Rates(regime=scheme.regime, **values)
