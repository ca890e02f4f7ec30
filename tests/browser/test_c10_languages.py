"""The pages of learning the role (issue 18: onboarding, the network, planning, courses,
a representative's load) on the demo data in nynorsk and English: axe-core (WCAG 2.1 A
and AA) at 1280 and at 320 CSS px, no page wider than the window, the page structure and
the page's language. The bokmål pages are checked by each capability's journey
(test_onboarding.py, test_network.py, test_planning.py, test_training.py,
test_load.py); tests/common/test_rendered_language.py checks that no bokmål is left."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import Role, User
from medvirk.network.models import Thread
from medvirk.onboarding.models import Checklist
from medvirk.training.enums import CourseStatus
from medvirk.training.models import Course as TrainingCourse
from tests.browser.helpers import check_structure, force_login, use_language
from tests.conftest import enable_totp


def _pages() -> dict[str, list[str]]:
    service = Role.objects.get(
        user__email="sekretariat@medvirk.test", role=RoleKind.SECRETARIAT
    ).organisation
    space = Role.objects.get(user__email="orgadmin@medvirk.test", role=RoleKind.ADMIN).organisation
    thread = Thread.objects.filter(organisation=space).order_by("pk").first()
    checklist = Checklist.objects.filter(arena__owner=service).order_by("pk").first()
    course = (
        TrainingCourse.objects.filter(organiser=space, status=CourseStatus.PUBLISHED)
        .order_by("pk")
        .first()
    )
    assert thread is not None and checklist is not None, "the demo has a thread and a checklist"
    assert course is not None, "the demo has a published course of the org admin's organisation"
    session = course.sessions.order_by("date", "pk").first()
    assert session is not None
    return {
        "medlem@medvirk.test": [
            reverse("onboarding:mine"),
            reverse("network:spaces"),
            reverse("network:space", args=[space.pk]),
            reverse("network:thread", args=[thread.pk]),
            reverse("network:new_thread", args=[space.pk]),
            reverse("people:my_load"),
            reverse("training:list"),
            reverse("training:mine"),
            reverse("training:course", args=[course.pk]),
        ],
        "orgadmin@medvirk.test": [
            reverse("network:reports", args=[space.pk]),
            reverse("training:organised"),
            reverse("training:edit", args=[course.pk]),
            reverse("training:participants", args=[course.pk]),
            reverse("training:accommodations", args=[course.pk]),
            reverse("training:attendance", args=[session.pk]),
            reverse("training:session_add", args=[course.pk]),
        ],
        "sekretariat@medvirk.test": [
            reverse("planning:service", args=[service.pk]),
            reverse("planning:chooser_step", args=[service.pk, 1]),
            reverse("planning:routine", args=[service.pk]),
            reverse("planning:routine_edit", args=[service.pk]),
            reverse("onboarding:overview", args=[checklist.arena_id]),
            reverse("onboarding:service", args=[service.pk]),
            reverse("onboarding:checklist", args=[checklist.pk]),
            reverse("compensation:scheme", args=[service.pk]),
        ],
    }


@pytest.mark.parametrize("language", ["nn", "en"])
def test_every_c10_page_in_nynorsk_and_english(
    page: Page, live_server: Any, a11y: Any, language: str
) -> None:
    call_command("load_demo", verbosity=0)
    use_language(page, live_server, language)
    for email, urls in _pages().items():
        user = User.objects.get(email=email)
        if Role.objects.filter(user=user, role=RoleKind.SECRETARIAT).exists():
            enable_totp(user)
        force_login(page, live_server, user)
        for url in urls:
            response = page.goto(url)
            assert response is not None and response.status == 200, (email, url)
            assert page.locator("html").get_attribute("lang") == language, url
            check_structure(page)
            a11y(page)
