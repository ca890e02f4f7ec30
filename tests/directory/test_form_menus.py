"""The directory's long form menus (issue 13): the entry form's parent, umbrella and region
menus are cached under directory:menus, retired when an organisation is created or
renamed, do not add statements as the directory grows, and refuse values outside them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.accounts.models import User
from medvirk.common.forms import Menu, MenuCheckboxes, MenuSelect
from medvirk.directory.domain.organisations import create_organisation, update_organisation
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.selectors import organisation_menu
from tests.directory.test_domain import base_data
from tests.factories import OrganisationFactory, ServiceFactory, UmbrellaFactory

pytestmark = pytest.mark.django_db


def statements(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_entry_form_statements_do_not_grow_with_the_directory(platform_admin: User) -> None:
    client = Client()
    client.force_login(platform_admin)
    org = OrganisationFactory()
    urls = [reverse("directory:create"), reverse("directory:edit", args=[org.pk])]
    for url in urls:
        client.get(url)  # fill the menus
    few = [statements(client, url) for url in urls]
    for _n in range(30):
        OrganisationFactory()
        UmbrellaFactory()
        ServiceFactory()
    for url in urls:
        client.get(url)
    assert [statements(client, url) for url in urls] == few
    assert max(few) <= 15


def test_menus_follow_created_and_renamed_organisations(platform_admin: User) -> None:
    org = create_organisation(by=platform_admin, data=base_data(name="Første forening"))
    assert (str(org.pk), "Første forening") in organisation_menu().groups[0][1]
    update_organisation(org, by=platform_admin, data={"name": "Nytt navn"})
    assert (str(org.pk), "Nytt navn") in organisation_menu().groups[0][1]
    umbrella = create_organisation(
        by=platform_admin, data=base_data(name="Ny paraply", kind=OrganisationKind.UMBRELLA)
    )
    assert (str(umbrella.pk), "Ny paraply") in organisation_menu(OrganisationKind.UMBRELLA).groups[
        0
    ][1]
    client = Client()
    client.force_login(platform_admin)
    page = client.get(reverse("directory:create")).content.decode()
    assert f'<option value="{org.pk}">Nytt navn</option>' in page
    assert f'value="{umbrella.pk}"' in page and "Ny paraply" in page


def test_entry_form_refuses_values_outside_its_menus(platform_admin: User) -> None:
    org = OrganisationFactory(name="Eget lag")
    service = ServiceFactory()
    client = Client()
    client.force_login(platform_admin)
    url = reverse("directory:edit", args=[org.pk])
    page = client.get(url).content.decode()
    # An entry is not offered as its own parent or umbrella.
    assert f'<option value="{org.pk}"' not in page
    data = {
        "name": "Eget lag",
        "kind": OrganisationKind.USER_ORG,
        "level": "national",
        "parent": str(org.pk),
        "umbrellas": [str(service.pk)],
        "regions": ["999999"],
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 422
    content = response.content.decode()
    for field in ("parent", "umbrellas", "regions"):
        assert f'href="#id_{field}"' in content, field


def test_menu_widgets_escape_and_mark_the_chosen() -> None:
    menu = Menu.of([(1, "A & <b>"), ("Gruppe <x>", [(2, "To"), (3, "Tre")])])
    select = MenuSelect()
    select.menu, select.empty_label = menu, "Ingen"
    html = select.render("f", "2", {"id": "id_f"})
    assert html == (
        '<select name="f" id="id_f"><option value="">Ingen</option>'
        '<option value="1">A &amp; &lt;b&gt;</option>'
        '<optgroup label="Gruppe &lt;x&gt;"><option value="2" selected>To</option>'
        '<option value="3">Tre</option></optgroup></select>'
    )
    boxes = MenuCheckboxes()
    boxes.menu, boxes.exclude = menu, frozenset({"3"})
    html = boxes.render("f", ["1"], {"id": "id_f"})
    assert 'id="id_f_0" checked><label class="ds-label" data-weight="regular" for="id_f_0">' in html
    assert '<p class="mv-choice-group">Gruppe &lt;x&gt;</p>' in html
    assert 'value="3"' not in html
    assert menu.values() == {"1", "2", "3"}
