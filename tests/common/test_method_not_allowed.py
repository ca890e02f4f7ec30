"""A GET on a POST-only address answers 405 with a page that explains it and leads on."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

POST_ONLY = [
    ("arenas:resign", {"pk": 1}),
    ("appointments:request_cancel", {"pk": 1}),
    ("appointments:nomination_withdraw", {"pk": 1}),
]


@pytest.fixture
def logged_in(client: Client) -> Client:
    client.force_login(UserFactory())
    return client


@pytest.mark.parametrize(("name", "kwargs"), POST_ONLY)
def test_get_on_post_only_address_explains_in_the_site_layout(
    logged_in: Client, name: str, kwargs: dict[str, int]
) -> None:
    response = logged_in.get(reverse(name, kwargs=kwargs))

    html = response.content.decode()
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert '<h1 class="ds-heading" data-size="lg">Siden kan ikke åpnes slik</h1>' in html
    assert 'class="mv-header"' in html and 'class="mv-footer"' in html
    assert f'href="{reverse("home")}">Gå til forsiden</a>' in html
    assert "Gå tilbake til siden du kom fra" not in html


def test_method_not_allowed_page_links_back_to_a_page_on_this_site(logged_in: Client) -> None:
    url = reverse("arenas:resign", kwargs={"pk": 1})

    here = logged_in.get(url, headers={"Referer": "http://testserver/arenaer/"})
    elsewhere = logged_in.get(url, headers={"Referer": "https://evil.example/"})

    assert 'href="http://testserver/arenaer/">Gå tilbake til siden du kom fra</a>' in (
        here.content.decode()
    )
    assert "evil.example" not in elsewhere.content.decode()


def test_method_not_allowed_page_is_translated(logged_in: Client) -> None:
    logged_in.cookies["medvirk_language"] = "en"

    response = logged_in.get(reverse("arenas:resign", kwargs={"pk": 1}))

    assert response.status_code == 405
    assert "This page cannot be opened like this" in response.content.decode()


def test_anonymous_get_on_post_only_address_gets_the_page_too(client: Client) -> None:
    response = client.get(reverse("appointments:request_cancel", kwargs={"pk": 1}))

    assert response.status_code == 405
    assert "Siden kan ikke åpnes slik" in response.content.decode()


def test_htmx_and_other_methods_keep_the_bare_405(logged_in: Client) -> None:
    url = reverse("arenas:resign", kwargs={"pk": 1})

    htmx = logged_in.get(url, headers={"HX-Request": "true"})
    put = logged_in.put(url)

    assert htmx.status_code == put.status_code == 405
    assert htmx.content == put.content == b""
