"""Onboarding checklists: a service's templates per arena kind and audience, and one
checklist per new membership (or per secretariat user and arena), copied from the
template when it is made. See docs/decisions.md "Onboarding checklists"."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medvirk.arenas.enums import ArenaKind
from medvirk.arenas.models import Arena, Membership
from medvirk.directory.models import Organisation
from medvirk.onboarding.defaults import BY_KEY
from medvirk.onboarding.enums import Audience, AutoCheck


class ItemText(models.Model):
    """An item's text: ``key`` names a default item (defaults.py); an empty ``title``
    shows that default's text in the reader's language."""

    key = models.CharField(max_length=40, blank=True)
    title = models.CharField(_("punkt"), max_length=200, blank=True)
    description = models.TextField(_("forklaring"), max_length=1000, blank=True)
    auto = models.CharField(
        _("krysses av automatisk"),
        max_length=20,
        choices=AutoCheck.choices,
        blank=True,
        default=AutoCheck.NONE,
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def shown_title(self) -> str:
        if self.title:
            return self.title
        default = BY_KEY.get(self.key)
        return str(default.title) if default else ""

    @property
    def shown_description(self) -> str:
        if self.title or self.description:
            return self.description
        default = BY_KEY.get(self.key)
        return str(default.description) if default else ""


class ChecklistTemplate(models.Model):
    """A service's items for one arena kind and audience. Its existence means the
    service has taken the defaults over (they were copied in as items); until then the
    defaults apply as they are."""

    service = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="onboarding_templates"
    )
    arena_kind = models.CharField(_("type arena"), max_length=20, choices=ArenaKind.choices)
    audience = models.CharField(_("for hvem"), max_length=12, choices=Audience.choices)

    class Meta:
        verbose_name = _("mal for sjekkliste")
        verbose_name_plural = _("maler for sjekklister")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "arena_kind", "audience"], name="onboarding_one_template"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} – {self.get_arena_kind_display()} – {self.get_audience_display()}"

    def get_absolute_url(self) -> str:
        return reverse(
            "onboarding:template", args=[self.service_id, self.arena_kind, self.audience]
        )

    def get_organisation(self) -> Organisation:
        return self.service


class TemplateItem(ItemText):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")

    class Meta:
        ordering = ["template", "position", "pk"]
        verbose_name = _("punkt i mal")
        verbose_name_plural = _("punkter i mal")

    def __str__(self) -> str:
        return self.shown_title

    def get_organisation(self) -> Organisation:
        return self.template.service


class ChecklistQuerySet(models.QuerySet["Checklist"]):
    def for_members(self) -> ChecklistQuerySet:
        return self.filter(audience=Audience.MEMBER)


class Checklist(models.Model):
    """One person's checklist in one arena: a new member's (``membership``) or a new
    secretariat user's (``user``)."""

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="onboarding_lists")
    audience = models.CharField(_("for hvem"), max_length=12, choices=Audience.choices)
    membership = models.OneToOneField(
        Membership,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="onboarding_checklist",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="onboarding_checklists",
    )
    starts_on = models.DateField(_("fra"))
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(_("påminnelse sendt"), null=True, blank=True)

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        verbose_name = _("sjekkliste")
        verbose_name_plural = _("sjekklister")
        constraints = [
            models.UniqueConstraint(
                fields=["arena", "user"],
                condition=models.Q(audience=Audience.SECRETARIAT),
                name="onboarding_one_secretariat_list",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(audience=Audience.MEMBER, membership__isnull=False)
                    | models.Q(audience=Audience.SECRETARIAT, user__isnull=False)
                ),
                name="onboarding_list_has_owner",
            ),
        ]
        indexes = [
            models.Index(
                fields=["reminded_at"],
                condition=models.Q(reminded_at__isnull=True),
                name="onboarding_unreminded_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.arena} – {self.get_audience_display()}"

    def get_absolute_url(self) -> str:
        return reverse("onboarding:checklist", args=[self.pk])

    def get_organisation(self) -> Organisation:
        return self.arena.owner

    @property
    def person(self):  # type: ignore[no-untyped-def]
        """The member's person profile (None for a secretariat list)."""
        return self.membership.person if self.membership is not None else None

    @property
    def owner_user_id(self) -> int | None:
        if self.membership is not None:
            return self.membership.person.user_id
        return self.user_id


class ChecklistItem(ItemText):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    done_at = models.DateTimeField(_("gjort"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done_automatically = models.BooleanField(default=False)

    class Meta:
        ordering = ["checklist", "position", "pk"]
        verbose_name = _("punkt i sjekkliste")
        verbose_name_plural = _("punkter i sjekkliste")
        indexes = [
            models.Index(
                fields=["auto"],
                condition=models.Q(done_at__isnull=True) & ~models.Q(auto=""),
                name="onboarding_open_auto_idx",
            )
        ]

    def __str__(self) -> str:
        return self.shown_title

    def get_organisation(self) -> Organisation:
        return self.checklist.arena.owner
