"""Who may do what with surveys.

Call these with ``rules.has_perm(perm, user, obj)``. A survey belongs to the
organisation that runs it; its owners are that organisation's admins and, when the
organisation is a service, its secretariat. Platform admins hold none of the owners'
permissions: the results hold free text from the public, read only by the owners.

- Building, publishing, closing, inviting, moderating, reading results and exporting:
  the owners (object: the organisation for ``add_survey``, else the survey).
- Answering needs no permission: the open link or a personal link is the key; the open
  dates and the status are the domain's check.
- The public summary (counts and charts, never free text): anyone once the owner marked
  the results public and the survey has results; the owners always.
"""

from __future__ import annotations

from typing import Any

import rules

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.rules import organisation_ids_with_roles, organisation_of
from medvirk.directory.enums import OrganisationKind
from medvirk.surveys.enums import WITH_RESULTS


@rules.predicate
def is_survey_owner(user: Any, obj: Any = None) -> bool:
    """Admin of the organisation the object belongs to, or its secretariat when that
    organisation is a service."""
    organisation = organisation_of(obj)
    if organisation is None or not getattr(user, "is_authenticated", False):
        return False
    if organisation.pk in organisation_ids_with_roles(user, RoleKind.ADMIN):
        return True
    return bool(
        organisation.kind == OrganisationKind.SERVICE
        and organisation.pk in organisation_ids_with_roles(user, RoleKind.SECRETARIAT)
    )


@rules.predicate
def summary_is_public(user: Any, survey: Any = None) -> bool:
    return bool(
        survey is not None
        and getattr(survey, "results_public", False)
        and survey.status in WITH_RESULTS
    )


# Platform admins are deliberately absent: free-text answers are the owners' alone.
rules.add_perm("surveys.add_survey", is_survey_owner)
rules.add_perm("surveys.change_survey", is_survey_owner)
rules.add_perm("surveys.view_results", is_survey_owner)
rules.add_perm("surveys.moderate_answers", is_survey_owner)
rules.add_perm("surveys.view_summary", is_survey_owner | summary_is_public)
