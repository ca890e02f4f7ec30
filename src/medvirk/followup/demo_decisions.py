"""Invented demo data for "from advice to change" (issue 16): Bergen kommune's case
numbers on the answered public advice, the bystyre as the deciding body, final decisions
recorded by hand on some and imported from a CSV file (a dry run, then applied) on
others, and a few still waiting for the decision. Written through the domain functions,
as the secretariat would."""

from __future__ import annotations

import datetime

from django.utils import timezone

from medvirk.accounts.models import User
from medvirk.followup.domain import decision_imports
from medvirk.followup.domain.final_decisions import record_final_decision, set_case_reference
from medvirk.followup.enums import AdviceStatus, DecisionOutcome
from medvirk.followup.models import Advice

BODY = "Bystyret"
BY_HAND = 3
IMPORTED = 4
WAITING = 2
OUTCOMES: dict[str, str] = {
    AdviceStatus.FOLLOWED: DecisionOutcome.IN_LINE,
    AdviceStatus.IMPLEMENTED: DecisionOutcome.IN_LINE,
    AdviceStatus.PARTLY: DecisionOutcome.PARTLY,
    AdviceStatus.NOT_FOLLOWED: DecisionOutcome.AGAINST,
}
SUMMARIES: dict[str, str] = {
    DecisionOutcome.IN_LINE: "Bystyret vedtok tiltaket slik rådet anbefalte.",
    DecisionOutcome.PARTLY: "Bystyret vedtok tiltaket for nye bygg; eldre bygg tas i neste "
    "budsjett.",
    DecisionOutcome.AGAINST: "Bystyret vedtok budsjettet uten tiltaket rådet ba om.",
}


def _decided_on(advice: Advice, today: datetime.date) -> datetime.date:
    first = advice.first_answer_on or advice.given_on
    return min(first + datetime.timedelta(days=21), today)


def load(secretariat: User) -> None:
    today = timezone.localdate()
    answered = list(
        Advice.objects.filter(is_public=True, first_answer_on__isnull=False)
        .select_related("arena__owner")
        .order_by("given_on", "pk")[: BY_HAND + IMPORTED + WAITING]
    )
    for advice in answered:
        set_case_reference(
            advice,
            by=secretariat,
            service_case_number=f"{advice.given_on.year % 100}/{1000 + advice.pk}",
            deciding_body=BODY,
        )
    for advice in answered[:BY_HAND]:
        outcome = OUTCOMES.get(advice.status, DecisionOutcome.OTHER)
        record_final_decision(
            advice,
            by=secretariat,
            decided_on=_decided_on(advice, today),
            outcome=outcome,
            summary=SUMMARIES.get(outcome, ""),
            link="https://www.example.org/bergen/bystyret/protokoll",
            today=today,
        )
    batch = answered[BY_HAND : BY_HAND + IMPORTED]
    if not batch:
        return
    lines = ["saksnummer;dato;utfall;lenke"]
    for number, advice in enumerate(batch):
        outcome = DecisionOutcome.POSTPONED if number == 0 else OUTCOMES.get(advice.status, "annet")
        lines.append(
            f"{advice.service_case_number};{_decided_on(advice, today).isoformat()};{outcome};"
            "https://www.example.org/bergen/innsyn"
        )
    # Uploaded, checked and applied through the domain; the worker's step is run here
    # and now (the tasks queued on commit find the job done and do nothing).
    job = decision_imports.start_decision_import(
        batch[0].arena.owner,
        by=secretariat,
        filename="vedtak-fra-sakssystemet.csv",
        raw="\n".join(lines).encode(),
    )
    decision_imports.run(job.pk, today=today)
    job.refresh_from_db()
    decision_imports.request_apply(job, by=secretariat)
    decision_imports.run(job.pk, today=today)
