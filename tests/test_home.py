"""The front page leads to everything public: organisations, arenas, meetings, advice and
the answers to it, and open data."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.breadcrumbs import trail_of
from tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize("logged_in", [False, True])
def test_home_links_to_every_public_part(client: Client, logged_in: bool) -> None:
    if logged_in:
        client.force_login(UserFactory())
    html = client.get(reverse("home")).content.decode()
    main = html[html.index('<main id="main"') : html.index("</main>")]
    for name in (
        "directory:list",
        "arenas:list",
        "meetings:upcoming",
        "followup:accountability",
        "open_data",
    ):
        assert f'href="{reverse(name)}"' in main, name
    assert trail_of(html).navs == 0
