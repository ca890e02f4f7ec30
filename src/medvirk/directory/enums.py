from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    SERVICE = "service", _("Tjenesteyter")
    USER_ORG = "user_org", _("Brukerorganisasjon")
    UMBRELLA = "umbrella", _("Paraplyorganisasjon")


class ServiceKind(models.TextChoices):
    KOMMUNE = "kommune", _("Kommune")
    FYLKESKOMMUNE = "fylkeskommune", _("Fylkeskommune")
    NAV = "nav", _("Nav-kontor")
    HELSEFORETAK = "helseforetak", _("Helseforetak")
    RHF = "rhf", _("Regionalt helseforetak")
    COMPETENCE_CENTRE = "competence_centre", _("Kompetansesenter")
    STATE_AGENCY = "state_agency", _("Statlig etat")
    OTHER = "other", _("Annen tjenesteyter")


class Level(models.TextChoices):
    NATIONAL = "national", _("Nasjonalt")
    COUNTY = "county", _("Fylke")
    LOCAL = "local", _("Lokalt")


class RegionKind(models.TextChoices):
    FYLKE = "fylke", _("Fylke")
    KOMMUNE = "kommune", _("Kommune")


class CampaignStatus(models.TextChoices):
    RUNNING = "running", _("Pågår")
    CLOSED = "closed", _("Avsluttet")


class RecipientState(models.TextChoices):
    PENDING = "pending", _("Venter på utsending")
    SENT = "sent", _("Sendt")
    OPENED = "opened", _("Åpnet")
    CONFIRMED = "confirmed", _("Bekreftet uten endringer")
    CHANGED = "changed", _("Bekreftet med endringer")
    FAILED = "failed", _("Feilet")
    NO_CONTACT = "no_contact", _("Mangler kontaktperson")


class ImportMode(models.TextChoices):
    CHECK = "check", _("Kontroll")
    APPLY = "apply", _("Import")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Ferdig")
    FAILED = "failed", _("Feilet")


class ImportFailure(models.TextChoices):
    NONE = "", _("Ingen")
    ERROR = "error", _("Feil under kjøringen")
    FORBIDDEN = "forbidden", _("Mangler tilgang")
    INTERRUPTED = "interrupted", _("Avbrutt")


# The statuses in which a job is still waiting for, or held by, a worker.
ACTIVE_IMPORT_STATUSES = (ImportStatus.QUEUED, ImportStatus.RUNNING)
