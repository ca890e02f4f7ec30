from django.db import models
from django.utils.translation import gettext_lazy as _


class AdviceStatus(models.TextChoices):
    """Where an advice stands. ``sent`` until the service says anything; ``received`` and
    ``considering`` acknowledge it; the three outcomes answer it; ``implemented`` follows
    an outcome when the service has carried it out."""

    SENT = "sent", _("Sendt, venter på svar")
    RECEIVED = "received", _("Mottatt")
    CONSIDERING = "considering", _("Til behandling")
    FOLLOWED = "followed", _("Fulgt")
    PARTLY = "partly", _("Delvis fulgt")
    NOT_FOLLOWED = "not_followed", _("Ikke fulgt")
    IMPLEMENTED = "implemented", _("Gjennomført")


# An advice is *answered* once one of these is recorded (the first one's date counts
# for "days to answer"); received/considering are acknowledgements, not answers.
OUTCOMES = frozenset({AdviceStatus.FOLLOWED, AdviceStatus.PARTLY, AdviceStatus.NOT_FOLLOWED})
ANSWERED = OUTCOMES | {AdviceStatus.IMPLEMENTED}

# Which statuses may follow which. Outcomes can be corrected (e.g. partly → followed).
NEXT_STATUSES: dict[str, frozenset[str]] = {
    AdviceStatus.SENT: frozenset({AdviceStatus.RECEIVED, AdviceStatus.CONSIDERING, *OUTCOMES}),
    AdviceStatus.RECEIVED: frozenset({AdviceStatus.CONSIDERING, *OUTCOMES}),
    AdviceStatus.CONSIDERING: frozenset(OUTCOMES),
    AdviceStatus.FOLLOWED: frozenset({*OUTCOMES, AdviceStatus.IMPLEMENTED}),
    AdviceStatus.PARTLY: frozenset({*OUTCOMES, AdviceStatus.IMPLEMENTED}),
    AdviceStatus.NOT_FOLLOWED: frozenset(OUTCOMES),
    AdviceStatus.IMPLEMENTED: frozenset(),
}


class AddresseeKind(models.TextChoices):
    DECISION_MAKER = "decision_maker", _("Beslutningstaker i tjenesten")
    BODY = "body", _("Et annet organ")


class ReportStatus(models.TextChoices):
    REQUESTED = "requested", _("Ikke skrevet ennå")
    SUBMITTED = "submitted", _("Sendt")


class DecisionOutcome(models.TextChoices):
    """What the body that finally decided did with the case the advice was about, as the
    service reads its own decision against the council's advice. "Utsatt" covers a case
    postponed or sent back to the administration: decided for now, not yet settled."""

    IN_LINE = "in_line", _("Vedtatt i tråd med rådet")
    PARTLY = "partly", _("Vedtatt delvis i tråd med rådet")
    AGAINST = "against", _("Vedtatt i strid med rådet")
    POSTPONED = "postponed", _("Utsatt eller sendt tilbake")
    OTHER = "other", _("Annet utfall")
