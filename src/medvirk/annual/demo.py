"""Invented demo data for annual reports: last year's reports of the demo service's two
councils, approved and published (one in bokmål, one in nynorsk, each with a preface and
a highlighted case), and a draft of the service's own report for the same year. Written
through the domain functions, as the secretariat would; everything is made up."""

from __future__ import annotations

from django.utils import timezone

from medvirk.accounts.models import User
from medvirk.annual.domain.reports import (
    approve_report,
    create_report,
    publish_report,
    update_report,
)
from medvirk.annual.selectors import candidate_items
from medvirk.arenas.models import Arena

SECRETARIAT_EMAIL = "sekretariat@medvirk.test"
# (arena name, language, preface, note on the first statement of the year)
REPORTS = [
    (
        "Rådet for personer med funksjonsnedsettelse i Bergen",
        "nb",
        "<p>Rådet har hatt et travelt år. Vi har særlig arbeidet med universell utforming "
        "av kollektivtrafikken og med tilgjengelige valglokaler.</p>",
        "Rådet fikk gjennomslag for at tilgjengelighet skal vurderes i alle nye anbud.",
    ),
    (
        "Eldrerådet i Bergen",
        "nn",
        "<p>Eldrerådet har arbeidd med heimetenester, transport og digital utanforskap. "
        "Takk til alle som har kome med saker til rådet.</p>",
        "Rådet peika på at fleire treng hjelp med digitale tenester.",
    ),
]


def load() -> None:
    """Two published reports and one draft (called by ``load_demo`` at the end)."""
    by = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    if by is None:
        return
    year = timezone.localdate().year - 1
    service = None
    for name, language, preface, note in REPORTS:
        arena = Arena.objects.select_related("owner").filter(name=name).first()
        if arena is None:
            continue
        service = arena.owner
        report = create_report(by=by, service=service, arena=arena, year=year, language=language)
        statement = candidate_items(report).filter(is_closed=False, kind="statement").first()
        update_report(
            report,
            by=by,
            preface=preface,
            language=language,
            highlights=[(statement.pk, note)] if statement else [],
        )
        approve_report(report, by=by)
        publish_report(report, by=by)
    if service is not None:
        draft = create_report(by=by, service=service, arena=None, year=year)
        update_report(
            draft,
            by=by,
            preface="<p>Utkast: tjenestens samlede årsmelding for rådene.</p>",
            language="nb",
            highlights=[],
        )
