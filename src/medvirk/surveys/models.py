"""Surveys (spørreundersøkelser): users as informants (issue 15, C7).

- A :class:`Survey` is run by an organisation (a service, a user organisation or an
  umbrella), optionally linked to an arena. Its texts are in bokmål, and optionally in
  nynorsk and English; a missing translation falls back to bokmål (shown with
  ``lang="nb"``).
- It is answered through one open link (``code``) or through personal links
  (:class:`Invitation`, one use each). A :class:`Response` never names its invitation:
  results stay anonymous. The invitation's ``used_on`` keeps only the day, so its time
  cannot be matched with a response either.
- An :class:`Answer` is one row per chosen option (single and multiple choice), one row
  with ``number`` for a 1–5 scale, or one row with ``text``. Free text is shown (results,
  exports) only once the owner approved it (``moderation``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from medvirk.arenas.models import Arena
from medvirk.directory.models import Organisation, Region
from medvirk.surveys.enums import (
    ANSWERABLE,
    EDITABLE,
    SHOWN_TEXT,
    WITH_RESULTS,
    Distribution,
    Moderation,
    QuestionKind,
    SurveyStatus,
)

LANGUAGES = ("nb", "nn", "en")


@dataclass(frozen=True)
class Localized:
    """A text in the reader's language, or in bokmål when it has no translation
    (``lang`` is then "nb" and the template marks it with ``lang``)."""

    text: str
    lang: str
    fallback: bool

    def __str__(self) -> str:
        return self.text


def current_language() -> str:
    language = (translation.get_language() or "nb")[:2]
    return language if language in LANGUAGES else "nb"


class Translated(models.Model):
    """Fields named ``<base>_nb``, ``<base>_nn``, ``<base>_en``, read with :meth:`loc`."""

    class Meta:
        abstract = True

    def loc(self, base: str, language: str | None = None) -> Localized:
        language = language or current_language()
        text = getattr(self, f"{base}_{language}", "") if language in LANGUAGES else ""
        if text:
            return Localized(text, language, False)
        return Localized(getattr(self, f"{base}_nb", ""), "nb", language != "nb")

    def loc_html(self, base: str) -> SafeString:
        """The text escaped, wrapped in ``<span lang="nb">`` when it fell back."""
        text = self.loc(base)
        if text.fallback and text.text:
            return format_html('<span lang="{}">{}</span>', text.lang, text.text)
        return format_html("{}", text.text)


class SurveyQuerySet(models.QuerySet["Survey"]):
    def editable(self) -> SurveyQuerySet:
        return self.filter(status__in=EDITABLE)

    def answerable(self) -> SurveyQuerySet:
        return self.filter(status__in=ANSWERABLE)

    def with_results(self) -> SurveyQuerySet:
        return self.filter(status__in=WITH_RESULTS)


class Survey(Translated):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasjon"),
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    arena = models.ForeignKey(
        Arena,
        verbose_name=_("arena"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
    )
    title_nb = models.CharField(_("tittel (bokmål)"), max_length=200)
    title_nn = models.CharField(_("tittel (nynorsk)"), max_length=200, blank=True)
    title_en = models.CharField(_("tittel (engelsk)"), max_length=200, blank=True)
    intro_nb = models.TextField(_("innledning (bokmål)"), max_length=3000, blank=True)
    intro_nn = models.TextField(_("innledning (nynorsk)"), max_length=3000, blank=True)
    intro_en = models.TextField(_("innledning (engelsk)"), max_length=3000, blank=True)
    code = models.CharField(_("kode i lenken"), max_length=16, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    opens_on = models.DateField(_("åpner"))
    closes_on = models.DateField(_("stenger"))
    distribution = models.CharField(
        _("utsending"), max_length=10, choices=Distribution.choices, default=Distribution.LINK
    )
    ask_kommune = models.BooleanField(_("spør hvilken kommune de bor i"), default=True)
    min_group_size = models.PositiveSmallIntegerField(
        _("minste antall svar i en gruppe"), default=5
    )
    results_public = models.BooleanField(_("sammendraget er offentlig"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("spørreundersøkelse")
        verbose_name_plural = _("spørreundersøkelser")
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return self.title_nb

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", kwargs={"pk": self.pk})

    def get_answer_url(self) -> str:
        return reverse("surveys:answer", kwargs={"code": self.code})

    def get_organisation(self) -> Organisation:
        return self.organisation

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def has_results(self) -> bool:
        return self.status in WITH_RESULTS

    def is_open_on(self, day: datetime.date) -> bool:
        return self.status in ANSWERABLE and self.opens_on <= day <= self.closes_on


class Section(Translated):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=0)
    title_nb = models.CharField(_("tittel (bokmål)"), max_length=200)
    title_nn = models.CharField(_("tittel (nynorsk)"), max_length=200, blank=True)
    title_en = models.CharField(_("tittel (engelsk)"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("del")
        verbose_name_plural = _("deler")
        indexes = [models.Index(fields=["survey", "position"])]

    def __str__(self) -> str:
        return self.title_nb

    def get_organisation(self) -> Organisation:
        return self.survey.organisation


class Question(Translated):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("type spørsmål"), max_length=12, choices=QuestionKind.choices)
    text_nb = models.CharField(_("spørsmål (bokmål)"), max_length=500)
    text_nn = models.CharField(_("spørsmål (nynorsk)"), max_length=500, blank=True)
    text_en = models.CharField(_("spørsmål (engelsk)"), max_length=500, blank=True)
    help_nb = models.CharField(_("hjelpetekst (bokmål)"), max_length=500, blank=True)
    help_nn = models.CharField(_("hjelpetekst (nynorsk)"), max_length=500, blank=True)
    help_en = models.CharField(_("hjelpetekst (engelsk)"), max_length=500, blank=True)
    low_label_nb = models.CharField(_("betydning av 1 (bokmål)"), max_length=100, blank=True)
    low_label_nn = models.CharField(_("betydning av 1 (nynorsk)"), max_length=100, blank=True)
    low_label_en = models.CharField(_("betydning av 1 (engelsk)"), max_length=100, blank=True)
    high_label_nb = models.CharField(_("betydning av 5 (bokmål)"), max_length=100, blank=True)
    high_label_nn = models.CharField(_("betydning av 5 (nynorsk)"), max_length=100, blank=True)
    high_label_en = models.CharField(_("betydning av 5 (engelsk)"), max_length=100, blank=True)
    required = models.BooleanField(_("må besvares"), default=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("spørsmål")
        verbose_name_plural = _("spørsmål")
        indexes = [models.Index(fields=["section", "position"])]

    def __str__(self) -> str:
        return self.text_nb

    def get_organisation(self) -> Organisation:
        return self.survey.organisation

    @property
    def has_options(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class Option(Translated):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(default=0)
    label_nb = models.CharField(_("svaralternativ (bokmål)"), max_length=200)
    label_nn = models.CharField(_("svaralternativ (nynorsk)"), max_length=200, blank=True)
    label_en = models.CharField(_("svaralternativ (engelsk)"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("svaralternativ")
        verbose_name_plural = _("svaralternativer")
        indexes = [models.Index(fields=["question", "position"])]

    def __str__(self) -> str:
        return self.label_nb

    def get_organisation(self) -> Organisation:
        return self.question.survey.organisation


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def unused(self) -> InvitationQuerySet:
        return self.filter(used_on__isnull=True)


class Invitation(models.Model):
    """A personal, one-use link. Only the token's SHA-256 is kept. No response points
    here, and ``used_on`` keeps only the day: the answers stay anonymous."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-post"))
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)
    used_on = models.DateField(_("brukt"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")
        indexes = [models.Index(fields=["survey", "email"])]

    def __str__(self) -> str:
        return self.email

    def get_organisation(self) -> Organisation:
        return self.survey.organisation


class Response(models.Model):
    """One person's answers. No account, no address, no invitation."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField(_("mottatt"), default=timezone.now)
    language = models.CharField(_("språk"), max_length=10, blank=True)
    kommune = models.ForeignKey(
        Region,
        verbose_name=_("kommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        indexes = [models.Index(fields=["survey", "kommune"])]

    def __str__(self) -> str:
        return f"#{self.pk}"

    def get_organisation(self) -> Organisation:
        return self.survey.organisation


class AnswerQuerySet(models.QuerySet["Answer"]):
    def shown_text(self) -> AnswerQuerySet:
        return self.filter(moderation__in=SHOWN_TEXT).exclude(text="")

    def pending_text(self) -> AnswerQuerySet:
        return self.filter(moderation=Moderation.PENDING).exclude(text="")


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        Option, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    moderation = models.CharField(
        _("moderering"), max_length=10, choices=Moderation.choices, blank=True
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("svar på spørsmål")
        verbose_name_plural = _("svar på spørsmål")
        indexes = [
            models.Index(fields=["question", "option"]),
            models.Index(fields=["question", "number"]),
            models.Index(fields=["question", "moderation"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    def get_organisation(self) -> Organisation:
        return self.question.survey.organisation
