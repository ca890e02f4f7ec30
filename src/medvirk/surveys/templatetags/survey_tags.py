"""A survey's texts in the reader's language: ``{{ question|loc:"text" }}`` writes the
translation, or the bokmål text marked ``lang="nb"`` when there is none."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def loc(obj: Any, base: str) -> SafeString:
    return obj.loc_html(base)


@register.filter
def loc_text(obj: Any, base: str) -> str:
    """Plain text (for the page title)."""
    return obj.loc(base).text


@register.filter
def loc_lang(obj: Any, base: str) -> str:
    """The ``lang`` the text is in when it fell back to bokmål, else ""."""
    text = obj.loc(base)
    return text.lang if text.fallback else ""


@register.filter
def field_of(form: Any, question: Any) -> Any:
    """The bound field that answers ``question``."""
    return form[f"q{question.pk}"]
