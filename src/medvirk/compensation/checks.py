"""``check --deploy`` refuses production settings without a field-encryption key."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

from medvirk.common.env import FIELD_KEYS_MISSING


@register(Tags.security, deploy=True)
def field_keys_set(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if settings.MEDVIRK_FIELD_KEYS:
        return []
    return [Error(FIELD_KEYS_MISSING, id="medvirk.E901")]
