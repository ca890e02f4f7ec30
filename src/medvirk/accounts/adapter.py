from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation


@dataclass(frozen=True)
class MedvirkSite:
    """What allauth's mails call the site: "Medvirk", never the request's host."""

    name: str
    domain: str


def medvirk_site() -> MedvirkSite:
    return MedvirkSite(name="Medvirk", domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(getattr(settings, "MEDVIRK_OPEN_SIGNUP", True))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's mails (login codes, reset links, confirmations) through the outbox
        (EMAIL_BACKEND), named after Medvirk rather than the request's host."""
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": allauth_context.request,
                "email": email,
                **context,
                "current_site": medvirk_site(),
            },
        )
        message.outbox_kind = template_prefix  # type: ignore[attr-defined]
        language = translation.get_language() or settings.LANGUAGE_CODE
        message.outbox_language = language  # type: ignore[attr-defined]
        message.send()
