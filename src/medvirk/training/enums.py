from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseFormat(models.TextChoices):
    IN_PERSON = "in_person", _("Fysisk oppmøte")
    DIGITAL = "digital", _("Digitalt")
    SELF_STUDY = "self_study", _("Selvstudium")


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publisert")
    CANCELLED = "cancelled", _("Avlyst")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Påmeldt")
    WAITING = "waiting", _("På venteliste")
    CANCELLED = "cancelled", _("Avmeldt")


# Status groups (models.*QuerySet): the public sees VISIBLE courses; an enrolment in
# ACTIVE holds a place or a place in the queue.
VISIBLE = (CourseStatus.PUBLISHED,)
ACTIVE = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING)
