"""Cached directory pages (issue 6): fast when nothing changed, right at once when
something did, and never showing anything that is not public to someone who may not see it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.directory.caching import DIRECTORY
from medvirk.directory.domain.organisations import update_organisation
from medvirk.directory.domain.taxonomy import import_target_groups
from medvirk.directory.models import Organisation
from tests.conftest import Tenant
from tests.factories import ContactFactory, OrganisationFactory, TargetGroupFactory, UmbrellaFactory

LIST = reverse("directory:list")

pytestmark = pytest.mark.django_db


def queries(client: Client, url: str, **params: Any) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def detail(org: Organisation) -> str:
    return reverse("directory:detail", args=[org.pk])


def test_search_is_served_from_the_cache_with_one_query(client: Client) -> None:
    for i in range(30):
        OrganisationFactory(name=f"Foreningen for sak {i:02d}")
    first, html = queries(client, LIST, q="foreningen")
    again, cached = queries(client, LIST, q="foreningen")
    assert "30 organisasjoner" in html and "Foreningen for sak 00" in html
    # None: the version lives in the cache registry (the change stamp of issue 6 is gone).
    assert again == 0 < first
    assert without_csrf(cached) == without_csrf(html)
    assert CSRF.search(cached).group(1) != CSRF.search(html).group(1)  # not a cached page


CSRF = re.compile(r'(?:X-CSRFToken": "|name="csrfmiddlewaretoken" value=")([^"]+)"')


def without_csrf(html: str) -> str:
    return CSRF.sub("", html)


def test_list_and_detail_show_a_change_at_once(
    client: Client, org_a: Tenant, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    assert "Organisasjon A" in client.get(LIST, {"q": "organisasjon"}).content.decode()
    assert "Organisasjon A" in client.get(detail(org_a.organisation)).content.decode()
    version = DIRECTORY.version()
    with django_capture_on_commit_callbacks(execute=True):
        update_organisation(org_a.organisation, by=org_a.admin, data={"name": "Nytt navn A"})
    assert DIRECTORY.version() != version  # bumped when the change committed
    listing = client.get(LIST, {"q": "organisasjon"}).content.decode()
    assert ">Organisasjon A<" not in listing
    assert ">Nytt navn A<" in client.get(LIST, {"q": "nytt navn"}).content.decode()
    assert "Nytt navn A" in client.get(detail(org_a.organisation)).content.decode()


def test_a_change_from_another_process_shows_too(client: Client) -> None:
    """Without the bump (another process with its own locmem cache): the change stamp."""
    org = OrganisationFactory(name="Gammelt navn")
    assert "Gammelt navn" in client.get(LIST).content.decode()
    Organisation.objects.get(pk=org.pk).save()  # as another process would, minus the bump
    org.name = "Ferskt navn"
    org.save()
    html = client.get(LIST).content.decode()
    assert "Ferskt navn" in html and "Gammelt navn" not in html


def test_hiding_an_entry_removes_it_from_cached_pages(
    client: Client, org_a: Tenant, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    assert client.get(detail(org_a.organisation)).status_code == 200
    assert "Organisasjon A" in client.get(LIST).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        update_organisation(org_a.organisation, by=org_a.admin, data={"is_public": False})
    assert client.get(detail(org_a.organisation)).status_code == 404
    assert "Organisasjon A" not in client.get(LIST).content.decode()


def test_private_contacts_never_reach_anonymous_visitors_through_the_cache(
    org_a: Tenant,
) -> None:
    admin = Client()
    admin.force_login(org_a.admin)
    anonymous = Client()
    url = detail(org_a.organisation)
    # The admin's view (with the private contact) first, then anonymous, then both again.
    assert "Hemmelig Kontakt A" in admin.get(url).content.decode()
    for _round in range(2):
        public = anonymous.get(url).content.decode()
        assert "Offentlig Kontakt A" in public and "Hemmelig Kontakt A" not in public
        assert "Rediger oppføringen" not in public
        private = admin.get(url).content.decode()
        assert "Hemmelig Kontakt A" in private and "Rediger oppføringen" in private


def test_hidden_entry_is_404_for_anonymous_even_after_its_admin_looked(org_a: Tenant) -> None:
    org_a.organisation.is_public = False
    org_a.organisation.save()
    admin = Client()
    admin.force_login(org_a.admin)
    assert admin.get(detail(org_a.organisation)).status_code == 200
    for _round in range(2):
        assert Client().get(detail(org_a.organisation)).status_code == 404
    assert "Organisasjon A" not in Client().get(LIST).content.decode()


def test_hidden_parent_and_umbrella_names_stay_out_of_cached_pages(client: Client) -> None:
    parent = OrganisationFactory(name="Skjult forelder", is_public=False)
    umbrella = UmbrellaFactory(name="Skjult paraply", is_public=False)
    child = OrganisationFactory(name="Synlig barn", parent=parent)
    child.umbrellas.set([umbrella])
    for _round in range(2):
        html = client.get(detail(child)).content.decode() + client.get(LIST).content.decode()
        assert "Synlig barn" in html
        assert "Skjult forelder" not in html and "Skjult paraply" not in html


def test_filter_menus_follow_the_taxonomy_at_once(
    client: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    TargetGroupFactory(slug="rus", name_nb="Rus")
    assert ">Rus</option>" in client.get(LIST).content.decode()
    text = "slug;name_nb;name_nn;name_en\nrus;Rus og avhengighet;Rus og avhengnad;Addiction\n"
    with django_capture_on_commit_callbacks(execute=True):
        import_target_groups(text)
    html = client.get(LIST).content.decode()
    assert ">Rus og avhengighet</option>" in html and ">Rus</option>" not in html


def test_filter_menus_list_new_umbrellas_and_mark_the_chosen_one(client: Client) -> None:
    first = UmbrellaFactory(name="Første paraply")
    assert "Første paraply" in client.get(LIST).content.decode()
    second = UmbrellaFactory(name="Andre paraply")
    html = client.get(LIST, {"umbrella": second.pk}).content.decode()
    assert f'<option value="{second.pk}" selected>Andre paraply</option>' in html
    assert f'<option value="{first.pk}">Første paraply</option>' in html
    # A value that is not in the menu is refused, not marked.
    html = client.get(LIST, {"kind": "tull"}).content.decode()
    assert 'value="tull"' not in html and "Velg et gyldig valg" in html


def test_cached_fragments_are_kept_apart_per_language(client: Client) -> None:
    TargetGroupFactory(slug="eldre", name_nb="Eldre", name_en="Older people")
    OrganisationFactory(name="Seniorforeningen").target_groups.set(
        [TargetGroupFactory._meta.model.objects.get(slug="eldre")]
    )
    norwegian = client.get(LIST, HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    english = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Eldre<" in norwegian and "Older people" not in norwegian
    assert "Older people" in english


def test_live_filtering_fragment_and_page_are_cached_apart(client: Client) -> None:
    OrganisationFactory(name="Fragmentforeningen")
    page = client.get(LIST, {"q": "fragment"}).content.decode()
    fragment = client.get(LIST, {"q": "fragment"}, HTTP_HX_REQUEST="true").content.decode()
    assert (
        page.startswith("<!DOCTYPE html>") and 'hx-swap-oob="innerHTML:#results-count"' not in page
    )
    assert fragment.lstrip().startswith('<div id="results">')
    assert 'hx-swap-oob="innerHTML:#results-count"' in fragment
    assert "Fragmentforeningen" in fragment


def test_a_new_private_contact_does_not_change_the_public_page(org_a: Tenant) -> None:
    url = detail(org_a.organisation)
    Client().get(url)
    ContactFactory(organisation=org_a.organisation, name="Ny hemmelig", is_public=False)
    assert "Ny hemmelig" not in Client().get(url).content.decode()


def test_renaming_a_region_or_target_group_in_the_admin_shows_at_once(
    client: Client,
    platform_admin: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """Reference lists are edited in Django's admin, not through a domain function; the
    cached filter menus and rows must follow all the same."""
    from tests.factories import RegionFactory

    region = RegionFactory(code="71", name="Gamlefylket")
    group = TargetGroupFactory(slug="syn", name_nb="Gammel gruppe")
    org = OrganisationFactory(name="Foreningen i fylket")
    org.regions.add(region)
    org.target_groups.add(group)
    html = client.get(LIST).content.decode()
    assert "Gamlefylket" in html and "Gammel gruppe" in html
    admin = Client()
    admin.force_login(platform_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:directory_region_change", args=[region.pk]),
            {"code": "71", "name": "Nyfylket", "kind": region.kind, "parent": ""},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    with django_capture_on_commit_callbacks(execute=True):
        group.name_nb = "Ny gruppe"
        group.save()
    html = client.get(LIST).content.decode()
    assert "Nyfylket" in html and "Gamlefylket" not in html
    assert "Ny gruppe" in html and "Gammel gruppe" not in html
    assert "Nyfylket" in client.get(detail(org)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        group.delete()
    assert "Ny gruppe" not in client.get(LIST).content.decode()
