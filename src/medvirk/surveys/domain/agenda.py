"""Putting a survey's results on an upcoming meeting of its arena, as an information
item (through the meetings app's own ``add_item``, which checks that ``by`` manages the
arena's agenda)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.domain.proposals import upcoming_meetings
from medvirk.meetings.enums import ItemKind
from medvirk.meetings.models import AgendaItem, Meeting
from medvirk.surveys.models import Response, Survey

if TYPE_CHECKING:
    from medvirk.accounts.models import User

ON_AGENDA = register_action(
    "surveys.results.on_agenda", gettext_lazy("Satte resultatene av en undersøkelse på sakskartet")
)


def put_results_on_agenda(survey: Survey, *, by: User, meeting: Meeting) -> AgendaItem:
    """An information item on ``meeting`` (an upcoming meeting of the survey's arena)
    with the number of answers and, when the summary is public, a link to it."""
    if not rules.has_perm("surveys.view_results", by, survey):
        raise PermissionDenied
    arena = survey.arena if survey.arena_id is not None else None
    if arena is None:
        raise ValidationError({"meeting": _("Undersøkelsen er ikke knyttet til en arena.")})
    if not survey.has_results:
        raise ValidationError({"meeting": _("Undersøkelsen er ikke publisert ennå.")})
    if not upcoming_meetings(arena).filter(pk=meeting.pk).exists():
        raise ValidationError({"meeting": _("Velg et kommende møte i arenaen.")})
    count = Response.objects.filter(survey=survey).count()
    parts = [
        _("Resultater fra undersøkelsen «%(title)s» fra %(organisation)s: %(count)s svar.")
        % {"title": survey.title_nb, "organisation": survey.organisation.name, "count": count}
    ]
    description = f"<p>{escape(parts[0])}</p>"
    if survey.results_public:
        link = settings.SITE_URL.rstrip("/") + reverse("surveys:summary", kwargs={"pk": survey.pk})
        description += '<p><a href="{}">{}</a></p>'.format(
            escape(link), escape(_("Se sammendraget av resultatene"))
        )
    with transaction.atomic():
        item = add_item(
            meeting,
            by=by,
            kind=ItemKind.INFORMATION,
            title=_("Resultater: %(title)s") % {"title": survey.title_nb},
            description=description,
        )
        log_activity(
            action=ON_AGENDA,
            actor=by,
            obj=survey,
            organisation=survey.organisation,
            data={"meeting": meeting.pk, "item": item.pk},
        )
    return item
