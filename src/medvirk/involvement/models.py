"""The involvement log (issue 16, C8): every act of user involvement in a service, one
entry each.

Entries are of two sorts. Automatic ones are collected from what Medvirk already knows
(meetings held, advice given, experience calls, surveys, appointments, training) by
``domain/collect.py`` and carry a ``source`` key unique within the service
(``meeting:123``); they are read-only and rewritten by every collection. Hand-made ones
(``source`` NULL) record involvement that happened elsewhere and are kept by the
service's secretariat (``domain/entries.py``). See docs/decisions.md "Involvement log".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medvirk.arenas.enums import Influence, Level
from medvirk.arenas.models import Arena
from medvirk.directory.models import Organisation
from medvirk.involvement.enums import EntryKind
from medvirk.people.models import Person


class EntryQuerySet(models.QuerySet["InvolvementEntry"]):
    def automatic(self) -> EntryQuerySet:
        return self.filter(source__isnull=False)

    def hand_made(self) -> EntryQuerySet:
        return self.filter(source__isnull=True)

    def public(self) -> EntryQuerySet:
        """Entries anyone may read: marked public, and never of a private arena (checked
        on read, so an arena made private hides its entries at once)."""
        return self.filter(is_public=True).filter(Q(arena__isnull=True) | Q(arena__is_public=True))


class InvolvementEntry(models.Model):
    service = models.ForeignKey(
        Organisation,
        verbose_name=_("tjeneste"),
        on_delete=models.CASCADE,
        related_name="involvement_entries",
    )
    date = models.DateField(_("dato"))
    arena = models.ForeignKey(
        Arena,
        verbose_name=_("arena"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    project = models.CharField(_("prosjekt"), max_length=200, blank=True)
    level = models.CharField(_("nivå"), max_length=12, choices=Level.choices)
    degree = models.CharField(_("grad av medvirkning"), max_length=20, choices=Influence.choices)
    kind = models.CharField(_("type medvirkning"), max_length=20, choices=EntryKind.choices)
    title = models.CharField(_("tittel"), max_length=300)
    description = models.TextField(_("beskrivelse"), max_length=4000, blank=True)
    people = models.ManyToManyField(
        Person, verbose_name=_("personer"), blank=True, related_name="+"
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisasjoner"), blank=True, related_name="+"
    )
    # Answers received (experience calls, surveys), shown as "N svar".
    answers = models.PositiveIntegerField(_("svar mottatt"), null=True, blank=True)
    is_public = models.BooleanField(_("offentlig"), default=True)
    # "meeting:123" for an automatic entry (unique within the service); NULL: hand-made.
    source = models.CharField(_("kilde"), max_length=40, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("medvirkning")
        verbose_name_plural = _("medvirkningslogg")
        indexes = [
            # The log page: a service's year, newest first, a page at a time.
            models.Index(fields=["service", "-date", "-id"], name="involvement_service_date"),
            # The public log and its counts.
            models.Index(
                fields=["service", "is_public", "-date", "-id"], name="involvement_public_date"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "source"],
                condition=Q(source__isnull=False),
                name="involvement_source_once_per_service",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("involvement:log", kwargs={"org_pk": self.service_id}) + (
            f"?year={self.date.year}"
        )

    def get_organisation(self) -> Organisation:
        return self.service

    @property
    def is_automatic(self) -> bool:
        return self.source is not None

    @property
    def source_kind(self) -> str:
        return (self.source or "").split(":", 1)[0]


class Collection(models.Model):
    """The collection of a service's automatic entries, for the periodic job: claimed by
    setting ``claimed_at`` in one UPDATE; ``collected_at`` says when it last finished
    (NULL: never, so the next collection goes through every year)."""

    service = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("tjeneste")
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    collected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("innsamling til medvirkningsloggen")
        verbose_name_plural = _("innsamlinger til medvirkningsloggen")
        indexes = [models.Index(fields=["claimed_at"])]

    def __str__(self) -> str:
        return str(self.service_id)

    def get_organisation(self) -> Organisation:
        return self.service
