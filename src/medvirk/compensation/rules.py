"""Who may do what with compensation. A claim resolves to the service that owns the
meeting's arena. Platform admins are deliberately absent from claims, payment details
and payroll (personal and financial data); they keep the state's rates at /drift/ and
may set up a service's scheme."""

from __future__ import annotations

from typing import Any

import rules

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.rules import (
    has_role_in,
    is_org_secretariat,
    is_org_secretariat_or_admin,
    is_person_of,
    is_platform_admin,
    organisation_ids_with_roles,
)
from medvirk.compensation.enums import EDITABLE, FINAL, PENDING


def chaired_arena_ids(user: Any) -> set[int]:
    """Arenas the user (through their person profile) chairs now (cached on the user)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_medvirk_chaired_arenas", None)
    if cached is None:
        from medvirk.arenas.enums import MemberRole
        from medvirk.arenas.models import Membership

        cached = set(
            Membership.objects.current()
            .filter(person__user=user, role=MemberRole.CHAIR)
            .order_by()
            .values_list("arena_id", flat=True)
        )
        user._medvirk_chaired_arenas = cached
    return cached


def approver_scope(user: Any) -> tuple[set[int], set[int]]:
    """(services where the user is secretariat, arenas the user chairs): the claims
    the approval queue shows."""
    return organisation_ids_with_roles(user, RoleKind.SECRETARIAT), chaired_arena_ids(user)


is_claimant = is_person_of("person")
is_payroll = has_role_in(RoleKind.PAYROLL)


@rules.predicate
def chairs_the_arena(user: Any, claim: Any = None) -> bool:
    return claim is not None and claim.meeting.arena_id in chaired_arena_ids(user)


@rules.predicate
def claim_editable(user: Any, claim: Any = None) -> bool:
    return claim is not None and claim.status in EDITABLE


@rules.predicate
def claim_pending(user: Any, claim: Any = None) -> bool:
    return claim is not None and claim.status in PENDING


@rules.predicate
def claim_final(user: Any, claim: Any = None) -> bool:
    return claim is not None and claim.status in FINAL


@rules.predicate
def is_the_person(user: Any, person: Any = None) -> bool:
    return bool(
        person is not None
        and getattr(user, "is_authenticated", False)
        and person.user_id is not None
        and person.user_id == user.pk
    )


@rules.predicate
def approves_somewhere(user: Any) -> bool:
    secretariats, chaired = approver_scope(user)
    return bool(secretariats or chaired)


is_approver = (is_org_secretariat | chairs_the_arena) & ~is_claimant

rules.add_perm("compensation.view_claim", is_claimant | is_approver | is_payroll)
rules.add_perm("compensation.edit_claim", is_claimant & claim_editable)
rules.add_perm("compensation.decide_claim", is_approver & claim_pending)
rules.add_perm("compensation.correct_claim", is_claimant & claim_final)
rules.add_perm("compensation.view_approval_queue", approves_somewhere)
rules.add_perm("compensation.export_payroll", is_payroll)
rules.add_perm("compensation.manage_scheme", is_platform_admin | is_org_secretariat_or_admin)
rules.add_perm("compensation.manage_payment_details", is_the_person)
