"""The reads of national login: who a pid hash belongs to, whose e-mail matches."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings

from medvirk.people.models import Person

if TYPE_CHECKING:
    from medvirk.accounts.models import User


def national_provider_ids() -> list[str]:
    providers: dict[str, Any] = getattr(settings, "SOCIALACCOUNT_PROVIDERS", {})
    apps: list[dict[str, Any]] = providers.get("openid_connect", {}).get("APPS", [])
    return [app["provider_id"] for app in apps]


def user_for_pid_hash(pid_hash: str) -> User | None:
    """The account this person (by the keyed hash of the pid) logged in to before,
    through either national login."""
    account = (
        SocialAccount.objects.select_related("user")
        .filter(uid=pid_hash, provider__in=national_provider_ids())
        .order_by("pk")
        .first()
    )
    return account.user if account else None  # type: ignore[return-value]


def user_with_verified_email(email: str) -> User | None:
    if not email:
        return None
    address = (
        EmailAddress.objects.select_related("user")
        .filter(email__iexact=email, verified=True, user__is_active=True)
        .first()
    )
    return address.user if address else None  # type: ignore[return-value]


def claimable_person(user: User) -> Person | None:
    """A profile an organisation registered with this account's (verified) e-mail
    address and no login yet; None if the account has a profile already."""
    if not user.is_authenticated or Person.objects.filter(user=user).exists():
        return None
    if not EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        return None
    return (
        Person.objects.select_related("created_by")
        .filter(user=None, email__iexact=user.email, deletion_requested_at=None)
        .order_by("pk")
        .first()
    )


def active_user(pk: object) -> User | None:
    from medvirk.accounts.models import User

    if not isinstance(pk, int):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()
