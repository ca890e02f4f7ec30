"""Courses that organisations, umbrellas and services offer: a course with its sessions,
the people signed up (with a waiting list) and attendance per session. A person who
attended every session gets a ``people.TrainingRecord`` (domain/attendance.py)."""

from __future__ import annotations

from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medvirk.training.enums import ACTIVE, VISIBLE, CourseFormat, CourseStatus, EnrolmentStatus


class CourseQuerySet(models.QuerySet["Course"]):
    def visible(self) -> CourseQuerySet:
        return self.filter(status__in=VISIBLE)


class Course(models.Model):
    organiser = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("arrangør"),
        on_delete=models.PROTECT,
        related_name="training_courses",
    )
    catalogue_course = models.ForeignKey(
        "people.Course",
        verbose_name=_("kurs i kurskatalogen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offerings",
        help_text=_("Velg et kurs fra katalogen hvis dette er en utgave av et kjent kurs."),
    )
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), max_length=5000)
    format = models.CharField(_("form"), max_length=20, choices=CourseFormat.choices)
    capacity = models.PositiveSmallIntegerField(
        _("antall plasser"), validators=[MinValueValidator(1)]
    )
    signup_deadline = models.DateField(
        _("frist for påmelding og avmelding"),
        help_text=_("Påmelding og avmelding er åpen til og med denne dagen."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CourseStatus.choices, default=CourseStatus.DRAFT
    )
    cancel_reason = models.TextField(_("grunn til avlysning"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["signup_deadline", "pk"]
        verbose_name = _("kurs")
        verbose_name_plural = _("kurs")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:course", args=[self.pk])

    def get_organisation(self) -> Any:
        return self.organiser


class Session(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("dato"))
    starts_at = models.TimeField(_("starter"))
    ends_at = models.TimeField(_("slutter"))
    place = models.CharField(
        _("sted"), max_length=300, help_text=_("Adresse og rom, eller lenke til digitalt møte.")
    )
    accessibility = models.TextField(
        _("tilgjengelighet"),
        max_length=2000,
        blank=True,
        help_text=_("For eksempel trinnfri adkomst, teleslynge, tolk eller pauser."),
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        verbose_name = _("samling")
        verbose_name_plural = _("samlinger")

    def __str__(self) -> str:
        return f"{self.course.title} {self.date.isoformat()}"

    def get_organisation(self) -> Any:
        return self.course.organiser


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def active(self) -> EnrolmentQuerySet:
        return self.filter(status__in=ACTIVE)


class Enrolment(models.Model):
    """One person's place on a course (or in its waiting list). One row per person and
    course: signing up again after cancelling reuses the row, at the back of the queue."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="course_enrolments"
    )
    status = models.CharField(_("status"), max_length=20, choices=EnrolmentStatus.choices)
    signed_up_at = models.DateTimeField(_("meldt på"))
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    share_accommodation = models.BooleanField(
        _("del behov for tilrettelegging med arrangøren"), default=False
    )
    training_record = models.OneToOneField(
        "people.TrainingRecord",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolment",
    )
    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["signed_up_at", "pk"]
        verbose_name = _("påmelding")
        verbose_name_plural = _("påmeldinger")
        constraints = [
            models.UniqueConstraint(fields=["course", "person"], name="training_one_enrolment")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.course}"

    def get_organisation(self) -> Any:
        return self.course.organiser

    @property
    def completed(self) -> bool:
        return self.training_record_id is not None


class Presence(models.Model):
    """An enrolled person was present at a session (absence is no row)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="presences")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="presences")

    class Meta:
        verbose_name = _("oppmøte")
        verbose_name_plural = _("oppmøte")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="training_one_presence")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}@{self.session_id}"
