from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medvirk.directory.models import Organisation, Region, TranslatedName
from medvirk.directory.validators import validate_phone
from medvirk.people.enums import AffiliationKind, CompetenceCategory, Gender, Language


class CompetenceArea(TranslatedName):
    """Managed taxonomy: lived experience, service areas, condition groups."""

    category = models.CharField(_("kategori"), max_length=20, choices=CompetenceCategory.choices)

    class Meta(TranslatedName.Meta):
        ordering = ["category", "position", "name_nb"]
        verbose_name = _("kompetanseområde")
        verbose_name_plural = _("kompetanseområder")


class Course(TranslatedName):
    """A known course, such as the national basic course for user representatives."""

    is_basic_course = models.BooleanField(_("grunnkurs for brukerrepresentanter"), default=False)

    class Meta(TranslatedName.Meta):
        verbose_name = _("kurs")
        verbose_name_plural = _("kurs")


class Person(models.Model):
    """A (possible) representative. May exist before the person has an account,
    created by an organisation; the person claims it through an e-mailed link."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("brukerkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True, validators=[validate_phone])
    preferred_language = models.CharField(
        _("foretrukket språk"), max_length=2, choices=Language.choices, default=Language.NB
    )
    languages = models.JSONField(
        _("språk personen kan bruke"),
        default=list,
        blank=True,
        help_text=_("Språkkoder, for eksempel nb, se (samisk), en."),
    )
    home_region = models.ForeignKey(
        Region,
        verbose_name=_("bostedskommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    competence_areas = models.ManyToManyField(
        CompetenceArea, verbose_name=_("kompetanseområder"), blank=True, related_name="people"
    )
    capacity = models.PositiveSmallIntegerField(
        _("kapasitet"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Hvor mange verv personen kan ha samtidig."),
    )
    # Asked only where a composition rule needs them (the form says why).
    gender = models.CharField(_("kjønn"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("fødselsår"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    created_by = models.ForeignKey(
        Organisation,
        verbose_name=_("registrert av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registered_people",
    )
    claim_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    claim_expires_at = models.DateTimeField(null=True, blank=True)
    deletion_requested_at = models.DateTimeField(_("ba om sletting"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        indexes = [models.Index(fields=["deletion_requested_at"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:detail", kwargs={"pk": self.pk})


class Affiliation(models.Model):
    """A person's tie to a user organisation: member, board member or in its pool."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasjon"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    kind = models.CharField(_("tilknytning"), max_length=10, choices=AffiliationKind.choices)
    since = models.DateField(_("fra"), null=True, blank=True)
    until = models.DateField(_("til"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "kind"]
        verbose_name = _("tilknytning")
        verbose_name_plural = _("tilknytninger")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "kind"], name="affiliation_unique"
            )
        ]
        indexes = [models.Index(fields=["organisation", "kind"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.organisation} ({self.get_kind_display()})"

    def get_organisation(self) -> Organisation:
        return self.organisation


class TrainingRecord(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="training")
    course = models.ForeignKey(
        Course, verbose_name=_("kurs"), null=True, blank=True, on_delete=models.PROTECT
    )
    course_name = models.CharField(
        _("annet kurs"),
        max_length=200,
        blank=True,
        help_text=_("Fyll ut hvis kurset ikke står i listen."),
    )
    provider = models.CharField(_("arrangør"), max_length=200, blank=True)
    completed_on = models.DateField(_("dato"))

    class Meta:
        ordering = ["-completed_on", "pk"]
        verbose_name = _("kurs gjennomført")
        verbose_name_plural = _("kurs gjennomført")

    def __str__(self) -> str:
        return str(self.course or self.course_name)


class Accommodation(models.Model):
    """Accommodation needs (tilrettelegging): health data, GDPR art. 9.

    Exists only while the person's explicit consent stands; withdrawing the
    consent deletes the row. Visible only to the person and to the secretariat
    of arenas the person currently sits in; every read is logged. Never in
    exports, the API or search.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="accommodation")
    needs = models.TextField(_("behov for tilrettelegging"), max_length=4000)
    consent_purpose = models.TextField(_("formål samtykket gjelder"))
    consent_given_at = models.DateTimeField(_("samtykke gitt"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tilrettelegging")
        verbose_name_plural = _("tilrettelegging")

    def __str__(self) -> str:
        return str(_("Tilrettelegging for %(name)s") % {"name": self.person.name})
