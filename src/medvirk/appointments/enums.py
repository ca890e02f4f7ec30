from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    OPEN = "open", _("Åpen for forslag")
    CLOSED = "closed", _("Fristen er ute")
    DECIDED = "decided", _("Oppnevnt")
    CANCELLED = "cancelled", _("Avlyst")


class NominationStatus(models.TextChoices):
    AWAITING_CONSENT = "awaiting_consent", _("Venter på kandidatens samtykke")
    CONSENTED = "consented", _("Kandidaten har samtykket")
    DECLINED = "declined", _("Kandidaten takket nei")
    CONFIRMED = "confirmed", _("Foreslått av organisasjonen")
    WITHDRAWN = "withdrawn", _("Trukket")
    APPOINTED = "appointed", _("Oppnevnt")
    NOT_APPOINTED = "not_appointed", _("Ikke oppnevnt")


# Status groups, defined once. Queries use the queryset methods on the models
# (``AppointmentRequest.objects.live()``, ``Nomination.objects.open()``); code that holds
# one object checks ``status in`` these.
# A request that takes nominations or waits for the decision.
LIVE_REQUEST_STATUSES = (RequestStatus.OPEN, RequestStatus.CLOSED)
# A request not yet decided or cancelled (a draft included): the person page's profile form
# asks for gender and birth year for the arenas of such requests.
UNDECIDED_REQUEST_STATUSES = (RequestStatus.DRAFT, RequestStatus.OPEN, RequestStatus.CLOSED)
# A nomination still waiting for the candidate, the organisation or the secretariat.
OPEN_NOMINATION_STATUSES = (
    NominationStatus.AWAITING_CONSENT,
    NominationStatus.CONSENTED,
    NominationStatus.CONFIRMED,
)


class NominationLevel(models.TextChoices):
    NATIONAL = "national", _("Nasjonalt")
    LOCAL = "local", _("Lokalt")
