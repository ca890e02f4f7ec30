"""Payment details: the national identity number and bank account number, validated by
python-stdnum, stored encrypted (crypto.py), shown masked. Reading them in clear goes
through :func:`read_payment_details`, which logs every read; only the person and the
service's payroll export call it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum import exceptions as stdnum_exceptions
from stdnum.no import fodselsnummer, kontonr

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.compensation import crypto
from medvirk.compensation.models import PaymentDetails

if TYPE_CHECKING:
    from medvirk.accounts.models import User
    from medvirk.directory.models import Organisation
    from medvirk.people.models import Person

DETAILS_SAVED = register_action(
    "compensation.payment_details.saved", gettext_lazy("Lagret betalingsopplysninger")
)
DETAILS_READ = register_action(
    "compensation.payment_details.read", gettext_lazy("Leste betalingsopplysninger")
)


@dataclass(frozen=True)
class ClearDetails:
    nin: str
    account: str


def check_nin(value: str) -> str:
    compact = fodselsnummer.compact(value or "")
    try:
        if not compact.isascii():
            raise stdnum_exceptions.InvalidFormat()
        return str(fodselsnummer.validate(compact))
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            {"nin": _("Fødselsnummeret er ikke gyldig. Skriv de 11 sifrene.")}
        ) from None


def check_account(value: str) -> str:
    compact = kontonr.compact(value or "")
    try:
        if not compact.isascii() or len(compact) != 11:
            raise stdnum_exceptions.InvalidLength()
        return str(kontonr.validate(compact))
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            {"account": _("Kontonummeret er ikke gyldig. Skriv de 11 sifrene.")}
        ) from None


def mask_nin(nin: str) -> str:
    return "•" * 6 + " •••" + nin[-2:]


def mask_account(account: str) -> str:
    return "••••.••." + account[-5:]


@transaction.atomic
def save_payment_details(person: Person, *, by: User, nin: str, account: str) -> PaymentDetails:
    if not rules.has_perm("compensation.manage_payment_details", by, person):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    clean: dict[str, str] = {}
    for field, check, value in (("nin", check_nin, nin), ("account", check_account, account)):
        try:
            clean[field] = check(value)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    details, _created = PaymentDetails.objects.update_or_create(
        person=person,
        defaults={
            "nin_encrypted": crypto.encrypt(clean["nin"]),
            "account_encrypted": crypto.encrypt(clean["account"]),
            "nin_hint": mask_nin(clean["nin"]),
            "account_hint": mask_account(clean["account"]),
        },
    )
    log_activity(action=DETAILS_SAVED, actor=by, obj=person, organisation=None)
    return details


def read_payment_details(
    person: Person,
    *,
    by: User,
    purpose: str,
    export_for: Organisation | None = None,
) -> ClearDetails | None:
    """The numbers in clear, for the person themself or (``export_for``) a payroll
    export of that service; every read is logged with its purpose."""
    if export_for is not None:
        allowed = rules.has_perm("compensation.export_payroll", by, export_for)
    else:
        allowed = rules.has_perm("compensation.manage_payment_details", by, person)
    if not allowed:
        raise PermissionDenied
    details = PaymentDetails.objects.filter(person=person).first()
    if details is None:
        return None
    clear = ClearDetails(
        nin=crypto.decrypt(details.nin_encrypted),
        account=crypto.decrypt(details.account_encrypted),
    )
    log_activity(
        action=DETAILS_READ,
        actor=by,
        obj=person,
        organisation=export_for,
        data={"purpose": purpose},
    )
    return clear


@transaction.atomic
def rotate_keys() -> int:
    """Re-encrypt every row with the newest key (after a new key is put first)."""
    count = 0
    for details in PaymentDetails.objects.select_for_update():
        details.nin_encrypted = crypto.rotate(details.nin_encrypted)
        details.account_encrypted = crypto.rotate(details.account_encrypted)
        details.save(update_fields=["nin_encrypted", "account_encrypted"])
        count += 1
    return count
