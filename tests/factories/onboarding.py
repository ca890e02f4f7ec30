"""Onboarding: a member's checklist made the way the job and the pages make it."""

from __future__ import annotations

from django.utils import timezone

from medvirk.arenas.models import Membership
from medvirk.onboarding.domain.checklists import claim_membership, fill_checklist
from medvirk.onboarding.models import Checklist


def make_checklist(membership: Membership) -> Checklist:
    """The membership's checklist, with the items of its service's template."""
    claim_membership(Membership.objects.filter(pk=membership.pk), timezone.now())
    return fill_checklist(membership)
