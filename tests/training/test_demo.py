"""`make demo` shows courses: a full one with a waiting list, the member's place (her
needs shared with the organiser), a completed course with a certificate, and a draft."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.test import Client

from medvirk.accounts.models import User
from medvirk.training.enums import CourseStatus, EnrolmentStatus
from medvirk.training.models import Course, Enrolment


def test_demo_courses(db: Any) -> None:
    call_command("load_demo", verbosity=0)

    full = Course.objects.get(title="Grunnkurs for brukerrepresentanter")
    assert full.status == CourseStatus.PUBLISHED
    statuses = list(full.enrolments.values_list("status", flat=True))
    assert statuses.count(EnrolmentStatus.ENROLLED) == full.capacity
    assert statuses.count(EnrolmentStatus.WAITING) == 3
    assert Course.objects.filter(status=CourseStatus.DRAFT).count() == 1
    assert all(course.sessions.exists() for course in Course.objects.all())

    member = User.objects.get(email="medlem@medvirk.test")
    completed = Enrolment.objects.get(person__user=member, training_record__isnull=False)
    client = Client()
    client.force_login(member)
    assert "Fullført – last ned kursbevis" in client.get("/kurs/mine/").text
    response = client.get(f"/kurs/pamelding/{completed.pk}/kursbevis/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"

    admin = User.objects.get(email="orgadmin@medvirk.test")
    client.force_login(admin)
    shared = Enrolment.objects.get(person__user=member, share_accommodation=True)
    page = client.get(f"/kurs/{shared.course_id}/tilrettelegging/").text
    assert "Trenger trinnfri adkomst og teleslynge" in page
