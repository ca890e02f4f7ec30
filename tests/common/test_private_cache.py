"""Every response to a logged-in user is ``Cache-Control: private, no-store`` unless the
view is marked ``@public_page``; anonymous public pages and static files are left alone."""

# ruff: noqa: F811  (meeting_world is a fixture imported from the meetings tests)

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from medvirk.accounts.models import User
from medvirk.common.middleware import PrivateCacheMiddleware, public_page
from tests.meetings.conftest import MeetingWorld, meeting_world  # noqa: F401

pytestmark = pytest.mark.django_db

PERSONAS = ["member", "deputy", "admin_a", "secretariat", "other_secretariat", "platform_admin"]


def _pages(w: MeetingWorld) -> list[str]:
    return [
        reverse("home"),
        reverse("directory:list"),
        reverse("arenas:list"),
        reverse("arenas:detail", args=[w.public_arena.pk]),
        reverse("meetings:detail", args=[w.meeting.pk]),
        reverse("people:mine"),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_to_logged_in_users_are_private_no_store(
    meeting_world: MeetingWorld, persona: str
) -> None:
    client = meeting_world.client(persona)
    seen = {}
    for path in _pages(meeting_world):
        response = client.get(path)
        seen[path] = (response.status_code in (200, 302, 403, 404), response["Cache-Control"])
    assert seen == dict.fromkeys(_pages(meeting_world), (True, "private, no-store"))


def test_person_page_and_accommodation_summary_are_private_no_store(
    meeting_world: MeetingWorld,
) -> None:
    w = meeting_world
    client = w.client("secretariat")
    person_page = client.get(reverse("people:detail", args=[w.member_person.pk]))
    summary = client.get(reverse("meetings:accommodations", args=[w.meeting.pk]))
    assert (person_page.status_code, person_page["Cache-Control"]) == (200, "private, no-store")
    # never_cache's longer header already says private and no-store: it is kept.
    directives = {d.strip() for d in summary["Cache-Control"].split(",")}
    assert (summary.status_code, {"private", "no-store"} <= directives) == (200, True)


def test_anonymous_public_pages_are_left_alone(meeting_world: MeetingWorld) -> None:
    client = Client()
    for path in [
        reverse("home"),
        reverse("directory:list"),
        reverse("arenas:detail", args=[meeting_world.public_arena.pk]),
    ]:
        response = client.get(path)
        assert (path, response.status_code, response.get("Cache-Control")) == (path, 200, None)


def test_public_page_opts_out() -> None:
    user = User(email="x@example.org")

    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("ok")
        response["Cache-Control"] = "private, max-age=60"
        return response

    def run(the_view: Any) -> str:
        request = RequestFactory().get("/")
        request.user = user
        middleware = PrivateCacheMiddleware(the_view)
        middleware.process_view(request, the_view, (), {})
        return middleware(request)["Cache-Control"]

    assert run(view) == "private, no-store"
    assert run(public_page(view)) == "private, max-age=60"


def test_static_files_are_unaffected(meeting_world: MeetingWorld, settings: Any) -> None:
    """Static files are served before the middleware (runserver's static handler here,
    nginx in production): a logged-in user's request gets no private header."""
    settings.DEBUG = True
    client = meeting_world.client("member")
    cookie = SimpleCookie()
    cookie.update(client.cookies)
    environ = RequestFactory()._base_environ(
        PATH_INFO="/static/medvirk/medvirk.css",
        REQUEST_METHOD="GET",
        HTTP_COOKIE=cookie.output(header="", sep=";").strip(),
    )
    statuses: list[str] = []
    headers: dict[str, str] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
        statuses.append(status)
        headers.update(response_headers)

    handler = StaticFilesHandler(get_wsgi_application())
    result = handler(environ, start_response)
    body = b"".join(result)
    result.close()
    assert (statuses[0][:3], body[:0], "no-store" in headers.get("Cache-Control", "")) == (
        "200",
        b"",
        False,
    )
