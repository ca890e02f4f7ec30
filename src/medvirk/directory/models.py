from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from medvirk.directory.enums import (
    ACTIVE_IMPORT_STATUSES,
    CampaignStatus,
    ImportFailure,
    ImportMode,
    ImportStatus,
    Level,
    OrganisationKind,
    RecipientState,
    RegionKind,
    ServiceKind,
)
from medvirk.directory.validators import validate_orgnr, validate_phone


class Region(models.Model):
    """A fylke or a kommune, by its official number. Imported with ``import_regions``."""

    code = models.CharField(_("nummer"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    kind = models.CharField(_("type"), max_length=10, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("fylke"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kommuner",
    )
    # The official Sámi (North, Lule or South Sámi) and Kven forms of the name, where
    # the region has one (SSB KLASS 131/104 write them as "Guovdageaidnu - Kautokeino").
    sami_name = models.CharField(_("samisk navn"), max_length=100, blank=True)
    kven_name = models.CharField(_("kvensk navn"), max_length=100, blank=True)
    sami_language_area = models.BooleanField(
        _("forvaltningsområdet for samisk språk"),
        default=False,
        help_text=_("Kommunen er i forvaltningsområdet for samisk språk (sameloven § 3-1)."),
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        """The name with its Sámi and Kven forms: «Kåfjord – Gáivuotna – Kaivuono»."""
        return " – ".join(n for n in (self.name, self.sami_name, self.kven_name) if n)


class TranslatedName(models.Model):
    """A managed term with its name in all three languages."""

    slug = models.SlugField(_("kode"), max_length=60, unique=True)
    name_nb = models.CharField(_("navn (bokmål)"), max_length=120)
    name_nn = models.CharField(_("navn (nynorsk)"), max_length=120)
    name_en = models.CharField(_("navn (engelsk)"), max_length=120)
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name_nb"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (translation.get_language() or "nb")[:2]
        return getattr(self, f"name_{language}", None) or self.name_nb


class TargetGroup(TranslatedName):
    """A target group or condition area (managed taxonomy)."""

    class Meta(TranslatedName.Meta):
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def public(self) -> OrganisationQuerySet:
        return self.filter(is_public=True)

    def umbrellas(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.UMBRELLA)


class Organisation(models.Model):
    """A service provider, a user organisation or an umbrella: one tenant."""

    kind = models.CharField(
        _("type"), max_length=20, choices=OrganisationKind.choices, db_index=True
    )
    service_kind = models.CharField(
        _("type tjenesteyter"), max_length=20, choices=ServiceKind.choices, blank=True
    )
    name = models.CharField(_("navn"), max_length=200, db_index=True)
    org_number = models.CharField(
        _("organisasjonsnummer"),
        max_length=9,
        blank=True,
        validators=[validate_orgnr],
        help_text=_("9 sifre fra Enhetsregisteret. Kan stå tomt."),
    )
    level = models.CharField(_("nivå"), max_length=10, choices=Level.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet ledd"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    umbrellas = models.ManyToManyField(
        "self",
        verbose_name=_("paraplyorganisasjoner"),
        symmetrical=False,
        blank=True,
        related_name="members",
        limit_choices_to={"kind": OrganisationKind.UMBRELLA},
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("områder"), blank=True, related_name="organisations"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("målgrupper"), blank=True, related_name="organisations"
    )
    # The business address as Enhetsregisteret has it (import_register), with its kommune.
    address = models.CharField(_("forretningsadresse"), max_length=300, blank=True)
    address_region = models.ForeignKey(
        Region,
        verbose_name=_("kommune (forretningsadresse)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": RegionKind.KOMMUNE},
    )
    website = models.URLField(_("nettsted"), max_length=300, blank=True)
    description = models.TextField(
        _("beskrivelse"),
        blank=True,
        validators=[MaxLengthValidator(4000)],
        help_text=_("Vises offentlig. Ren tekst, høyst 4000 tegn."),
    )
    is_public = models.BooleanField(
        _("vises i den offentlige katalogen"), default=True, db_index=True
    )
    last_confirmed_at = models.DateTimeField(_("sist bekreftet"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Case-folded name, number and description, so that text search treats
    # Æ/æ, Ø/ø and Å/å alike on SQLite as well as on PostgreSQL.
    search_text = models.TextField(editable=False, default="")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~Q(org_number=""),
                name="organisation_org_number_unique",
                violation_error_message=_(
                    "En annen organisasjon er allerede registrert med dette organisasjonsnummeret."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["is_public", "kind", "name"]),
            models.Index(fields=["last_confirmed_at"]),
            # The directory's cache keys read the latest change on every request.
            models.Index(fields=["updated_at"]),
            # The API's list of public organisations, a page at a time by (name, id).
            models.Index(
                fields=["name", "id"],
                condition=Q(is_public=True),
                name="directory_org_public_by_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = " ".join([self.name, self.org_number, self.description]).casefold()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("directory:detail", kwargs={"pk": self.pk})

    def get_organisation(self) -> Organisation:
        """An organisation is its own tenant (accounts.rules.organisation_of asks every object)."""
        return self

    @property
    def kind_display(self) -> str:
        if self.kind == OrganisationKind.SERVICE and self.service_kind:
            return str(self.get_service_kind_display())
        return str(self.get_kind_display())

    @property
    def is_stale(self) -> bool:
        """Not confirmed for 13 months (or never): the entry may be out of date."""
        if self.last_confirmed_at is None:
            return True
        return self.last_confirmed_at < stale_cutoff()


def stale_cutoff() -> datetime:
    months = settings.MEDVIRK_STALE_AFTER_MONTHS
    return timezone.now() - timedelta(days=round(months * 365.25 / 12))


class Contact(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasjon"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("navn"), max_length=200)
    role = models.CharField(_("rolle"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), max_length=254, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True, validators=[validate_phone])
    is_public = models.BooleanField(_("vises offentlig"), default=False)
    is_primary = models.BooleanField(
        _("hovedkontakt"),
        default=False,
        help_text=_("Hovedkontakten får den årlige bekreftelsen på e-post."),
    )

    class Meta:
        ordering = ["-is_primary", "name", "pk"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        indexes = [models.Index(fields=["organisation", "is_public"])]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """A yearly confirmation campaign for all organisations or one region."""

    name = models.CharField(_("navn"), max_length=200)
    region = models.ForeignKey(
        Region,
        verbose_name=_("fylke eller kommune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Tomt betyr alle organisasjoner."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.RUNNING
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("startet"), auto_now_add=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("bekreftelseskampanje")
        verbose_name_plural = _("bekreftelseskampanjer")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:campaign_detail", kwargs={"pk": self.pk})


class CampaignRecipient(models.Model):
    """One organisation in a campaign, with its personal link (stored only as a hash)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="recipients")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="campaign_recipients"
    )
    email = models.EmailField(_("sendt til"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    # The link before the reminder's: it keeps working until the reminder is sent.
    previous_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    state = models.CharField(
        _("status"),
        max_length=12,
        choices=RecipientState.choices,
        default=RecipientState.PENDING,
        db_index=True,
    )
    expires_at = models.DateTimeField(_("lenken utløper"))
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    opened_at = models.DateTimeField(_("åpnet"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("purret"), null=True, blank=True)
    responded_at = models.DateTimeField(_("svart"), null=True, blank=True)
    failure = models.CharField(_("feil"), max_length=300, blank=True)

    class Meta:
        ordering = ["organisation__name", "pk"]
        verbose_name = _("mottaker")
        verbose_name_plural = _("mottakere")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation"], name="campaign_recipient_unique"
            )
        ]
        indexes = [models.Index(fields=["campaign", "state"])]

    def __str__(self) -> str:
        return f"{self.campaign} – {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def has_responded(self) -> bool:
        return self.responded_at is not None


class ImportJob(models.Model):
    """A CSV import of organisations, run by the task worker (domain/import_jobs.py).

    One row per uploaded file: first its check (``mode`` check), then, when the uploader
    chooses, its real run (``mode`` apply). The file's bytes are kept here until they have
    been imported, or until ``MEDVIRK_IMPORT_FILE_RETENTION_DAYS`` after the job finished
    (``erased_at``, the periodic job ``directory.erase_import_files``); the reports stay,
    so a reload or a restarted worker shows the outcome.
    """

    token = models.CharField(max_length=32, unique=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("startet av"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    filename = models.CharField(_("filnavn"), max_length=200)
    language = models.CharField(max_length=10, blank=True)  # the uploader's, for the report
    raw = models.BinaryField(default=bytes)  # emptied once the file is imported
    mode = models.CharField(
        _("steg"), max_length=5, choices=ImportMode.choices, default=ImportMode.CHECK
    )
    status = models.CharField(
        _("status"), max_length=7, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    failure = models.CharField(
        _("feil"), max_length=11, choices=ImportFailure.choices, blank=True, default=""
    )
    error = models.TextField(blank=True)  # technical detail, for the server log and admins
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)  # also the fencing token
    report = models.JSONField(default=dict, blank=True)  # the check's report
    result = models.JSONField(default=dict, blank=True)  # the real run's report
    created_at = models.DateTimeField(_("lastet opp"), default=timezone.now)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    # When the retention job erased the file (and the technical error); a check whose
    # file is erased can no longer be applied.
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("CSV-import")
        verbose_name_plural = _("CSV-importer")
        indexes = [models.Index(fields=["status", "lease_until"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_mode_display()}, {self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_IMPORT_STATUSES
