"""Adding a dated rate row to a service's scheme. A row applies to meetings from its date
until the next row's; one that would apply to claims already approved (or paid) is
refused, since their amounts are final; drafts and claims sent back are recalculated."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.compensation.domain.claims import recalculate
from medvirk.compensation.domain.schemes import RATE_FIELDS
from medvirk.compensation.enums import EDITABLE, FINAL
from medvirk.compensation.models import Claim, Rate, Scheme

if TYPE_CHECKING:
    from medvirk.accounts.models import User

RATE_ADDED = register_action("compensation.rate.added", gettext_lazy("La til satser"))


@transaction.atomic
def add_rate(
    scheme: Scheme, *, by: User | None, valid_from: datetime.date | None, **values: Any
) -> Rate:
    """Rates from ``valid_from`` on; earlier rows stay (meetings before keep their rates)."""
    if by is not None and not rules.has_perm("compensation.manage_scheme", by, scheme.organisation):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if valid_from is None:
        errors["valid_from"] = _("Skriv datoen satsene gjelder fra.")
    elif Rate.objects.filter(scheme=scheme, valid_from=valid_from).exists():
        errors["valid_from"] = _("Det finnes allerede satser fra denne datoen.")
    for name, value in values.items():
        if name not in RATE_FIELDS:
            errors[name] = _("Ukjent sats.")
        elif value is None:
            errors[name] = _("Skriv en sats (0 hvis den ikke brukes).")
        elif isinstance(value, Decimal | int) and not isinstance(value, bool) and value < 0:
            errors[name] = _("Satsen kan ikke være negativ.")
    if errors or valid_from is None:
        raise ValidationError(errors)
    # Locked: no claim is approved meanwhile under the rates this row would replace.
    Scheme.objects.select_for_update().filter(pk=scheme.pk).first()
    affected = claims_under(scheme, valid_from)
    decided = affected.filter(status__in=FINAL).count()
    if decided:
        raise ValidationError(
            {
                "valid_from": ngettext(
                    "%(count)d krav for møter fra denne datoen er allerede godkjent etter "
                    "de gamle satsene. Velg en dato etter det siste godkjente møtet, eller "
                    "la satsene gjelde fra en senere dato.",
                    "%(count)d krav for møter fra denne datoen er allerede godkjent etter "
                    "de gamle satsene. Velg en dato etter det siste godkjente møtet, eller "
                    "la satsene gjelde fra en senere dato.",
                    decided,
                )
                % {"count": decided}
            }
        )
    rate = Rate.objects.create(scheme=scheme, valid_from=valid_from, **values)
    # Drafts and claims sent back follow the new rates now; sent claims keep theirs.
    for claim in affected.filter(status__in=EDITABLE).select_related("meeting"):
        recalculate(claim)
    log_activity(
        action=RATE_ADDED,
        actor=by,
        obj=rate,
        organisation=scheme.organisation,
        data={"valid_from": valid_from.isoformat()},
    )
    return rate


def claims_under(scheme: Scheme, valid_from: datetime.date) -> Any:
    """The service's original claims for meetings from ``valid_from`` until the next
    rate row's date: the claims a new row from that day would apply to."""
    claims = Claim.objects.filter(
        organisation_id=scheme.organisation_id, meeting__starts_at__date__gte=valid_from
    )
    following = (
        Rate.objects.filter(scheme=scheme, valid_from__gt=valid_from)
        .order_by("valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    if following is not None:
        claims = claims.filter(meeting__starts_at__date__lt=following)
    return claims
