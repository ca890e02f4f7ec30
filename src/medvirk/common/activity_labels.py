"""Human labels for activity-log action codes, registered by the module that writes them."""

from django.utils.functional import Promise

_LABELS: dict[str, Promise | str] = {}


def register_action(code: str, label: Promise | str) -> str:
    _LABELS[code] = label
    return code


def action_label(code: str) -> str:
    return str(_LABELS.get(code, code))
