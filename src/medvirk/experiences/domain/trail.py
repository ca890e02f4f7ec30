"""The contributors' trail: people who gave an experience to a theme are told when the
case proposal made from it moves -- put on a published agenda, given advice on, when
the service answered that advice, and when the final decision on it was recorded.

Each step is a periodic job (``periodic.py``) over :class:`ThemeCase` rows: ``due``
lists the cases that reached the step and whose contributors were not told yet, the claim
is ONE conditional UPDATE of the step's ``*_notified_at`` column, and :func:`tell_contributors`
mails every contributor who left an e-mail address, consented to be contacted and whose
answer is not purged -- one mail each, in the language they answered in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.experiences import notifications
from medvirk.experiences.domain.themes import shown_sources
from medvirk.experiences.enums import SHAREABLE
from medvirk.experiences.models import Experience, ThemeCase
from medvirk.followup.enums import ANSWERED, AdviceStatus, DecisionOutcome
from medvirk.followup.models import Advice, AdviceResponse, FinalDecision
from medvirk.meetings.models import AgendaItem

TOLD = register_action(
    "experiences.trail.told", gettext_lazy("Fortalte bidragsyterne hvordan saken gikk videre")
)

AGENDA = "agenda"
ADVICE = "advice"
ANSWER = "answer"
DECISION = "decision"
STEPS = (AGENDA, ADVICE, ANSWER, DECISION)
CLAIM_FIELDS = {
    AGENDA: "agenda_notified_at",
    ADVICE: "advice_notified_at",
    ANSWER: "answer_notified_at",
    DECISION: "decision_notified_at",
}


# -- Which cases reached which step (filters on ThemeCase's own table: docs/periodic.md) --


def _items_on_published_agendas() -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(
        proposal__isnull=False, meeting__agenda_published_at__isnull=False
    )


def _about_proposal(advice: QuerySet[Advice]) -> Q:
    """ThemeCase rows whose proposal the advice is about: named directly, or through
    its agenda item (two subqueries on the case's own column)."""
    return Q(proposal_id__in=advice.filter(proposal__isnull=False).values("proposal_id")) | Q(
        proposal_id__in=advice.filter(item__proposal__isnull=False).values("item__proposal_id")
    )


def due(step: str, now: datetime.datetime | None = None) -> QuerySet[ThemeCase]:
    """The cases that reached ``step`` and whose contributors were not told of it yet.
    The answer step counts an outcome (followed, partly, not followed, implemented), not
    an acknowledgement; the decision step a final decision recorded on the advice
    (``followup.FinalDecision``, by hand or imported)."""
    not_told = ThemeCase.objects.filter(**{f"{CLAIM_FIELDS[step]}__isnull": True})
    if step == AGENDA:
        return not_told.filter(proposal_id__in=_items_on_published_agendas().values("proposal_id"))
    if step == ADVICE:
        return not_told.filter(_about_proposal(Advice.objects.all()))
    if step == DECISION:
        return not_told.filter(_about_proposal(Advice.objects.filter(final_decision__isnull=False)))
    return not_told.filter(_about_proposal(Advice.objects.answered()))


# -- Who is told ----------------------------------------------------------------------------


def contributors(case: ThemeCase) -> QuerySet[Experience]:
    """The answers behind the case's theme (for an umbrella's theme, behind its sources)
    whose writer left an e-mail address and consented, and that are not purged."""
    theme = case.theme
    if theme.call_id is None:
        answers = Experience.objects.filter(themes__in=shown_sources(theme))
    else:
        answers = Experience.objects.filter(themes=theme)
    return (
        answers.filter(
            status__in=SHAREABLE,
            contact_consent=True,
            purged_at__isnull=True,
        )
        .exclude(contact_email="")
        .distinct()
        .order_by("pk")
    )


# -- What they are told --------------------------------------------------------------------


@dataclass(frozen=True)
class StepFacts:
    """What happened at a step, and the public address to read about it ("" if none)."""

    date: datetime.date | datetime.datetime | None
    link: str
    meeting: str = ""
    arena: str = ""
    status: str = ""  # an AdviceStatus (the answer) or a DecisionOutcome (the decision)
    body: str = ""  # the body that decided (the advice's deciding_body), if named


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _advice_of(case: ThemeCase) -> QuerySet[Advice]:
    return Advice.objects.filter(
        Q(proposal_id=case.proposal_id) | Q(item__proposal_id=case.proposal_id)
    ).select_related("arena")


def step_facts(case: ThemeCase, step: str) -> StepFacts | None:
    """The facts for the mail about ``step``; None when the step has not happened."""
    proposal = case.proposal
    arena = proposal.arena
    if step == AGENDA:
        item = (
            _items_on_published_agendas()
            .filter(proposal_id=proposal.pk)
            .select_related("meeting__arena")
            .order_by("meeting__starts_at", "pk")
            .first()
        )
        if item is None:
            return None
        link = ""
        if arena.is_public:
            link = _absolute(
                item.get_absolute_url() if not item.is_closed else item.meeting.get_absolute_url()
            )
        return StepFacts(
            date=item.meeting.starts_at, link=link, meeting=str(item.meeting), arena=arena.name
        )
    advice = _advice_of(case).order_by("given_on", "pk").first()
    if advice is None:
        return None
    public = advice.is_public and advice.arena.is_public
    link = _absolute(advice.get_absolute_url()) if public else ""
    if step == ADVICE:
        return StepFacts(date=advice.given_on, link=link, arena=arena.name)
    if step == DECISION:
        decision = (
            FinalDecision.objects.filter(advice__in=_advice_of(case))
            .select_related("advice__arena")
            .order_by("decided_on", "pk")
            .first()
        )
        if decision is None:
            return None
        decided = decision.advice
        public = decided.is_public and decided.arena.is_public
        return StepFacts(
            date=decision.decided_on,
            link=_absolute(decided.get_absolute_url()) if public else "",
            arena=arena.name,
            status=decision.outcome,
            body=decided.deciding_body,
        )
    response = (
        AdviceResponse.objects.filter(advice__in=_advice_of(case), status__in=ANSWERED)
        .order_by("responded_on", "pk")
        .first()
    )
    if response is None:
        return None
    return StepFacts(
        date=response.responded_on,
        link=link,
        arena=arena.name,
        status=response.status,
    )


SENDERS = {
    AGENDA: notifications.send_trail_agenda,
    ADVICE: notifications.send_trail_advice,
    ANSWER: notifications.send_trail_answer,
    DECISION: notifications.send_trail_decision,
}


def _status_label(step: str, code: str) -> str:
    if not code:
        return ""
    if step == DECISION:
        return str(DecisionOutcome(code).label)
    return str(AdviceStatus(code).label)


def tell_contributors(case: ThemeCase, *, step: str) -> int:
    """Mail the case's contributors about ``step`` (claimed by the job, inside its
    transaction); one mail per address. Returns the number of mails."""
    facts = step_facts(case, step)
    if facts is None:
        return 0
    told: set[str] = set()
    for answer in contributors(case):
        address = answer.contact_email.strip().lower()
        if address in told:
            continue
        told.add(address)
        language = answer.language or settings.LANGUAGE_CODE
        with translation.override(language):
            status = _status_label(step, facts.status)
        SENDERS[step](
            answer.contact_email,
            language,
            {
                "name": answer.contact_name,
                "theme_title": case.theme.title,
                "title": case.proposal.title,
                "arena_name": facts.arena,
                "meeting": facts.meeting,
                "date": facts.date,
                "status": status,
                "body": facts.body,
                "link": facts.link,
                "call_title": case.theme.call.title if case.theme.call is not None else "",
            },
        )
    log_activity(
        action=TOLD,
        actor=None,
        actor_label="Medvirk",
        obj=case.proposal,
        organisation=case.theme.organisation,
        data={"step": step, "theme": case.theme_id, "mails": len(told)},
    )
    return len(told)
