"""A person registered by an organisation claims the profile through an e-mailed link.

Only the SHA-256 hash of the token is stored (``Person.claim_token_hash``); the
raw token exists only in the e-mail. Claiming clears the hash, so a link works once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.tokens import hash_token, new_token
from medvirk.people.models import Person
from medvirk.people.notifications import send_claim_link

if TYPE_CHECKING:
    from medvirk.accounts.models import User

INVITED = register_action(
    "people.claim.invited", gettext_lazy("Sendte lenke for å koble profilen til en konto")
)
CLAIMED = register_action(
    "people.claim.claimed", gettext_lazy("Koblet profilen til en brukerkonto")
)

CLAIM_VALID_DAYS = 14
MAX_TOKEN_LENGTH = 100


def claim_link(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("people:claim", kwargs={"token": token})


@transaction.atomic
def send_claim_invitation(person: Person, *, by: User) -> Person:
    """Mail the person a link to claim the profile; a new link replaces any earlier one."""
    if not rules.has_perm("people.change_person", by, person):
        raise PermissionDenied
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.user_id is not None:
        raise ValidationError(_("Personen har allerede en brukerkonto knyttet til profilen."))
    if not locked.email:
        raise ValidationError(
            {"email": _("Legg inn personens e-postadresse før du sender lenken.")}
        )
    token, locked.claim_token_hash = new_token()
    locked.claim_expires_at = timezone.now() + timedelta(days=CLAIM_VALID_DAYS)
    locked.save(update_fields=["claim_token_hash", "claim_expires_at", "updated_at"])
    send_claim_link(
        locked,
        link=claim_link(token),
        organisation_name=locked.created_by.name if locked.created_by else "",
    )
    log_activity(
        action=INVITED,
        actor=by,
        obj=locked,
        organisation=locked.created_by,
        data={"expires_at": locked.claim_expires_at.isoformat()},
    )
    return locked


def find_claimable(token: str) -> Person | None:
    """The person a valid, unused, unexpired token belongs to, else None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    person = Person.objects.filter(claim_token_hash=hash_token(token)).first()
    if person is None or person.user_id is not None:
        return None
    if person.claim_expires_at is None or person.claim_expires_at <= timezone.now():
        return None
    return person


@transaction.atomic
def claim_person(token: str, *, by: User) -> Person:
    if not by.is_authenticated:
        raise PermissionDenied
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise ValidationError(_("Lenken er ikke gyldig."), code="invalid")
    person = Person.objects.select_for_update().filter(claim_token_hash=hash_token(token)).first()
    if person is None:
        raise ValidationError(
            _("Lenken er ikke gyldig, eller den er allerede brukt."), code="invalid"
        )
    if person.user_id is not None:
        raise ValidationError(_("Profilen er allerede koblet til en konto."), code="used")
    if person.claim_expires_at is None or person.claim_expires_at <= timezone.now():
        raise ValidationError(
            _("Lenken er utløpt. Be organisasjonen om å sende en ny."), code="expired"
        )
    if Person.objects.filter(user=by).exists():
        raise ValidationError(
            _(
                "Kontoen din har allerede en representantprofil. "
                "Ta kontakt med organisasjonen, så slår vi sammen profilene."
            ),
            code="has_person",
        )
    person.user = by
    person.claim_token_hash = ""
    person.claim_expires_at = None
    person.save(update_fields=["user", "claim_token_hash", "claim_expires_at", "updated_at"])
    log_activity(action=CLAIMED, actor=by, obj=person, organisation=person.created_by)
    return person


@transaction.atomic
def claim_registered_person(person: Person, *, by: User) -> Person:
    """A person who logged in (national login) takes over the profile an organisation
    registered with the account's verified e-mail address, without the mailed link."""
    from allauth.account.models import EmailAddress

    if not by.is_authenticated:
        raise PermissionDenied
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.user_id is not None:
        raise ValidationError(_("Profilen er allerede koblet til en konto."), code="used")
    if not locked.email or locked.email.lower() != by.email.lower():
        raise PermissionDenied
    if not EmailAddress.objects.filter(user=by, email__iexact=by.email, verified=True).exists():
        raise PermissionDenied
    if Person.objects.filter(user=by).exists():
        raise ValidationError(
            _(
                "Kontoen din har allerede en representantprofil. "
                "Ta kontakt med organisasjonen, så slår vi sammen profilene."
            ),
            code="has_person",
        )
    locked.user = by
    locked.claim_token_hash = ""
    locked.claim_expires_at = None
    locked.save(update_fields=["user", "claim_token_hash", "claim_expires_at", "updated_at"])
    log_activity(
        action=CLAIMED, actor=by, obj=locked, organisation=locked.created_by, data={"by": "e-mail"}
    )
    return locked
