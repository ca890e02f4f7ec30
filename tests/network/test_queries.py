"""Statements of the network's list and detail pages per persona that can see them: the
same with one row as with four (threads in a space; replies with mentions and reports
in a thread; open reports; spaces)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.network.domain import moderation, posts
from tests.factories import RoleFactory
from tests.factories.network import fresh, reply_to, thread_in
from tests.network.conftest import World

PERSONAS = ["member", "affiliated", "admin"]


def _count(user: Any, url: str) -> int:
    client = Client()
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add_threads(world: World, number: int) -> None:
    for index in range(number):
        thread = thread_in(world.org, by=world.member, title=f"Tråd {index}")
        reply_to(thread, by=world.affiliated)
        if index == 0:
            moderation.set_locked(thread, by=fresh(world.admin), locked=True)


@pytest.mark.parametrize("persona", PERSONAS)
def test_thread_list_statements_are_constant_in_threads(world: World, persona: str) -> None:
    user = getattr(world, persona)
    url = reverse("network:space", args=[world.org.pk])
    _add_threads(world, 1)
    one = _count(user, url)
    _add_threads(world, 3)
    assert _count(user, url) == one


@pytest.mark.parametrize("persona", PERSONAS)
def test_spaces_statements_are_constant(world: World, persona: str) -> None:
    user = getattr(world, persona)
    url = reverse("network:spaces")
    _add_threads(world, 1)
    one = _count(user, url)
    _add_threads(world, 3)
    thread_in(world.umbrella, by=world.member)
    assert _count(user, url) == one


def _add_replies(world: World, thread: Any, number: int) -> None:
    for index in range(number):
        post = reply_to(thread, by=world.affiliated, text=f"Svar {index} til @Mona Medlem")
        posts.report(post, by=fresh(world.member), reason="Sjekk")
        if index == 1:
            moderation.hide_post(post, by=fresh(world.admin))


@pytest.mark.parametrize("persona", PERSONAS)
def test_thread_page_statements_are_constant_in_replies(world: World, persona: str) -> None:
    user = getattr(world, persona)
    thread = thread_in(world.org, by=world.member)
    _add_replies(world, thread, 1)
    one = _count(user, thread.get_absolute_url())
    _add_replies(world, thread, 3)
    assert _count(user, thread.get_absolute_url()) == one


def test_report_queue_statements_are_constant(world: World) -> None:
    thread = thread_in(world.org, by=world.member)
    _add_replies(world, thread, 1)
    url = reverse("network:reports", args=[world.org.pk])
    one = _count(world.admin, url)
    _add_replies(world, thread, 3)
    assert _count(world.admin, url) == one


def test_moderate_and_report_pages_statements_are_constant_in_reports(world: World) -> None:
    thread = thread_in(world.org, by=world.member)
    post = reply_to(thread, by=world.affiliated, text="Hei @Mona Medlem og @Ada Admin")
    posts.report(post, by=fresh(world.member), reason="En")
    moderate = reverse("network:moderate", args=[post.pk])
    report = reverse("network:report", args=[post.pk])
    one = (_count(world.admin, moderate), _count(world.member, report))
    for number in range(3):
        reporter = RoleFactory(organisation=world.org, role="member").user
        posts.report(post, by=fresh(reporter), reason=f"Flere {number}")
    assert (_count(world.admin, moderate), _count(world.member, report)) == one
