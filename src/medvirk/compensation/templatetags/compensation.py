"""Why a claim line pays what it pays, in the reader's language (calculation.Line.rule)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


def _n(value: Any) -> str:
    return number_format(value, decimal_pos=2 if value != int(value) else 0, use_l10n=True)


@register.filter
def line_reason(line: Any) -> str:
    """One sentence: the quantity, the rate and the rule that gave them."""
    q, rate = _n(line.quantity), number_format(line.rate, decimal_pos=2, use_l10n=True)
    texts = {
        "hours_rounded": _("%(q)s timer × %(rate)s kr (møtetiden rundet til nærmeste halvtime)"),
        "minimum_hour": _("%(q)s time × %(rate)s kr (minst én time ved fysisk oppmøte)"),
        "digital": _("%(q)s × %(rate)s kr (sats for digitalt oppmøte)"),
        "deputy_percent": _("%(q)s × %(rate)s kr (sats for innkalt vararepresentant)"),
        "preparation": _("%(q)s timer forberedelse × %(rate)s kr"),
        "per_meeting": _("Møtegodtgjøring %(rate)s kr per møte"),
        "per_year": _("Godtgjøringen er årlig og utbetales ikke per møte"),
        "supplement_chair": _("Ledertillegg: %(q)s %% av %(rate)s kr"),
        "supplement_deputy_chair": _("Nestledertillegg: %(q)s %% av %(rate)s kr"),
        "km": _("%(q)s km × %(rate)s kr"),
        "state_km": _("%(q)s km × %(rate)s kr (statens sats)"),
        "below_minimum_km": _("%(q)s km er ikke over minsteavstanden, og dekkes ikke"),
        "ticket": _("Billett etter kvittering"),
        "documented": _("Dokumentert tap"),
        "daily_maximum": _("Begrenset av høyeste beløp per dag"),
        "undocumented_day": _("Fast sats uten dokumentasjon, dag"),
        "undocumented_evening": _("Fast sats uten dokumentasjon, kveld"),
        "allowance_under_6": _("Reisen varte %(q)s timer: under 6 timer gir ikke kostgodtgjøring"),
        "allowance_6_12": _("Reisen varte %(q)s timer: statens sats for 6–12 timer, %(rate)s kr"),
        "allowance_over_12": _(
            "Reisen varte %(q)s timer: statens sats for over 12 timer, %(rate)s kr"
        ),
        "allowance_nights": _("%(q)s døgn med overnatting × %(rate)s kr (statens sats)"),
        "allowance_not_in_regime": _("Tjenesten betaler ikke kostgodtgjøring"),
    }
    text = texts.get(line.rule)
    return text % {"q": q, "rate": rate} if text else ""


@register.filter
def kroner(value: Any) -> str:
    return number_format(value or 0, decimal_pos=2, use_l10n=True, force_grouping=True)
