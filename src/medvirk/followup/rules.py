"""Who may do what with advice, answers, reports and input.

Call these with ``rules.has_perm(perm, user, obj)`` (never ``user.has_perm``): platform
admins are superusers and must not pass by default. See docs/decisions.md.

- Advice belongs to the arena's owner (the service). Its secretariat/admins create it
  and may record answers received by letter; decision-makers of the service and the
  named addressee answer it.
- Reports and input belong to the user organisation: its admins read all its
  representatives' reports and send input; a confidential report (about a closed item)
  is read only by the organisation's admins and the writer; a normal one also by the
  organisation's members. Nobody at the service reads reports.
"""

from __future__ import annotations

from typing import Any

import rules

from medvirk.accounts.rules import (
    is_org_admin,
    is_org_admin_or_member,
    is_org_decision_maker,
    is_org_secretariat_or_admin,
    is_person_of,
)
from medvirk.meetings.rules import is_arena_member


@rules.predicate
def is_addressee(user: Any, advice: Any = None) -> bool:
    return bool(
        advice is not None
        and getattr(user, "is_authenticated", False)
        and advice.addressee_user_id == user.pk
    )


@rules.predicate
def advice_is_public(user: Any, advice: Any = None) -> bool:
    return bool(advice is not None and advice.is_public)


is_report_writer = is_person_of("person")


@rules.predicate
def report_not_confidential(user: Any, report: Any = None) -> bool:
    return bool(report is not None and not report.is_confidential)


is_input_recipient = is_person_of("person")

# Platform admins hold none of these permissions: advice, reports and input are the
# service's and the user organisations' own work, and confidential reports are about
# closed items.

# Advice (object: the advice, or for create_advice the agenda item / arena).
rules.add_perm("followup.create_advice", is_org_secretariat_or_admin)
rules.add_perm("followup.manage_advice", is_org_secretariat_or_admin)
rules.add_perm(
    "followup.answer_advice", is_org_secretariat_or_admin | is_org_decision_maker | is_addressee
)
rules.add_perm(
    "followup.view_advice",
    advice_is_public
    | is_org_secretariat_or_admin
    | is_org_decision_maker
    | is_addressee
    | is_arena_member,
)
# The final decision and the service's case number (object: the advice): whoever may
# answer it. Importing final decisions (object: the service): its secretariat, admins
# and decision-makers; an import job is read only by whoever uploaded it.
rules.add_perm(
    "followup.record_final_decision",
    is_org_secretariat_or_admin | is_org_decision_maker | is_addressee,
)
rules.add_perm(
    "followup.import_final_decisions", is_org_secretariat_or_admin | is_org_decision_maker
)


@rules.predicate
def started_the_import(user: Any, job: Any = None) -> bool:
    return bool(
        job is not None
        and getattr(user, "is_authenticated", False)
        and job.started_by_id == user.pk
    )


rules.add_perm(
    "followup.run_decision_import",
    started_the_import & (is_org_secretariat_or_admin | is_org_decision_maker),
)
# Reports (object: the report, or for the feed the organisation).
rules.add_perm("followup.write_report", is_report_writer)
rules.add_perm(
    "followup.view_report",
    is_report_writer | is_org_admin | (report_not_confidential & is_org_admin_or_member),
)
rules.add_perm("followup.view_report_feed", is_org_admin)
# Input (object: the input; for sending, the organisation).
rules.add_perm("followup.send_input", is_org_admin)
rules.add_perm("followup.view_input", is_input_recipient | is_org_admin)
