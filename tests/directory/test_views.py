"""The public directory, the edit and create forms, the history and the CSV export."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from medvirk.common.models import ActivityLog
from medvirk.directory.enums import Level, OrganisationKind, ServiceKind
from medvirk.directory.models import Contact, Organisation
from tests.conftest import Tenant
from tests.directory.test_permissions import create_post_data, edit_post_data
from tests.factories import (
    ContactFactory,
    KommuneFactory,
    OrganisationFactory,
    RegionFactory,
    ServiceFactory,
    TargetGroupFactory,
    UmbrellaFactory,
)

LIST = reverse("directory:list")
EXPORT = reverse("directory:export")


RESULT_NAME = re.compile(
    r'<h3 class="ds-heading" data-size="2xs"><a class="ds-link" href="[^"]+">([^<]*)</a></h3>'
)


def names(response: Any) -> list[str]:
    """The names in the list of hits, in order (read from the HTML, which may be cached)."""
    assert response.status_code == 200
    return [html.unescape(name) for name in RESULT_NAME.findall(response.content.decode())]


def db_state() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], int]:
    return (
        list(Organisation.objects.order_by("pk").values_list()),
        list(Contact.objects.order_by("pk").values_list()),
        ActivityLog.objects.count(),
    )


# --- list ---------------------------------------------------------------------------


def test_list_shows_public_organisations_only(client: Client, db: Any) -> None:
    OrganisationFactory(name="Synlig")
    OrganisationFactory(name="Usynlig", is_public=False)
    response = client.get(LIST)
    assert response.status_code == 200
    assert names(response) == ["Synlig"]
    assert "Usynlig" not in response.content.decode()


def test_list_searches_text_case_insensitively(client: Client, db: Any) -> None:
    OrganisationFactory(name="Ærlige Øyvinds Åpne Forening")
    OrganisationFactory(name="Annen", description="Arbeider med ØYEHELSE")
    OrganisationFactory(name="Tredje")
    assert names(client.get(LIST, {"q": "ærlige åpne"})) == ["Ærlige Øyvinds Åpne Forening"]
    assert names(client.get(LIST, {"q": "øyehelse"})) == ["Annen"]
    assert names(client.get(LIST, {"q": "finnes ikke"})) == []


def test_list_finds_by_org_number(client: Client, db: Any) -> None:
    OrganisationFactory(name="Med nummer", org_number="974760673")
    OrganisationFactory(name="Uten")
    assert names(client.get(LIST, {"q": "974760673"})) == ["Med nummer"]


def test_list_filters_by_kind_and_service_kind(client: Client, db: Any) -> None:
    OrganisationFactory(name="Forening")
    UmbrellaFactory(name="Paraply")
    ServiceFactory(name="Kommunen", service_kind=ServiceKind.KOMMUNE)
    ServiceFactory(name="Nav Øst", service_kind=ServiceKind.NAV)
    assert names(client.get(LIST, {"kind": OrganisationKind.USER_ORG})) == ["Forening"]
    assert names(client.get(LIST, {"kind": OrganisationKind.UMBRELLA})) == ["Paraply"]
    assert names(client.get(LIST, {"kind": OrganisationKind.SERVICE})) == ["Kommunen", "Nav Øst"]
    assert names(client.get(LIST, {"kind": ServiceKind.NAV})) == ["Nav Øst"]


def test_list_filters_by_region_including_whole_fylke(client: Client, db: Any) -> None:
    fylke = RegionFactory(code="46", name="Vestland")
    bergen = KommuneFactory(code="4601", name="Bergen", parent=fylke)
    voss = KommuneFactory(code="4621", name="Voss", parent=fylke)
    whole = OrganisationFactory(name="Hele Vestland")
    whole.regions.set([fylke])
    in_bergen = OrganisationFactory(name="I Bergen")
    in_bergen.regions.set([bergen])
    in_voss = OrganisationFactory(name="På Voss")
    in_voss.regions.set([voss])
    OrganisationFactory(name="Ingen steder")
    assert names(client.get(LIST, {"region": bergen.pk})) == ["Hele Vestland", "I Bergen"]
    assert names(client.get(LIST, {"region": fylke.pk})) == [
        "Hele Vestland",
        "I Bergen",
        "På Voss",
    ]


def test_list_filters_by_target_group_and_umbrella(client: Client, db: Any) -> None:
    group = TargetGroupFactory()
    umbrella = UmbrellaFactory(name="Paraplyen")
    member = OrganisationFactory(name="Medlem")
    member.umbrellas.set([umbrella])
    member.target_groups.set([group])
    OrganisationFactory(name="Annen")
    assert names(client.get(LIST, {"target_group": group.pk})) == ["Medlem"]
    assert names(client.get(LIST, {"umbrella": umbrella.pk})) == ["Medlem"]
    both = client.get(LIST, {"umbrella": umbrella.pk, "target_group": group.pk, "q": "medlem"})
    assert names(both) == ["Medlem"]


def test_list_is_paginated(client: Client, db: Any, settings: Any) -> None:
    settings.MEDVIRK_PAGE_SIZE = 2
    for n in range(5):
        OrganisationFactory(name=f"Org {n}")
    first = client.get(LIST)
    assert names(first) == ["Org 0", "Org 1"]
    assert "5 organisasjoner" in first.content.decode()
    assert names(client.get(LIST, {"page": 3})) == ["Org 4"]
    assert names(client.get(LIST, {"page": "tull"})) == ["Org 0", "Org 1"]
    assert names(client.get(LIST, {"page": 999})) == ["Org 4"]


def test_list_pagination_links_keep_the_filters(client: Client, db: Any, settings: Any) -> None:
    settings.MEDVIRK_PAGE_SIZE = 2
    for n in range(5):
        OrganisationFactory(name=f"Syn {n}")
    body = client.get(LIST, {"q": "syn", "kind": "user_org", "page": "2"}).content.decode()
    assert 'href="?q=syn&amp;kind=user_org&amp;page=1"' in body
    assert 'href="?q=syn&amp;kind=user_org&amp;page=3"' in body
    assert '<input type="search" name="q" value="syn"' in body


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "tull"},
        {"region": "abc"},
        {"region": "999999"},
        {"target_group": "abc"},
        {"target_group": "999999"},
        {"umbrella": "-1"},
        {"umbrella": "1 OR 1=1"},
        {"page": "-1"},
        {"q": "\x00"},
    ],
)
def test_list_ignores_invalid_filter_values(
    client: Client, db: Any, params: dict[str, str]
) -> None:
    OrganisationFactory(name="Synlig")
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert names(response) == ["Synlig"]


def test_list_umbrella_filter_rejects_non_umbrellas_and_hidden_ones(
    client: Client, db: Any
) -> None:
    plain = OrganisationFactory(name="Vanlig")
    hidden = UmbrellaFactory(name="Skjult paraply", is_public=False)
    member = OrganisationFactory(name="Medlem")
    member.umbrellas.set([hidden])
    for value in (plain.pk, hidden.pk):
        response = client.get(LIST, {"umbrella": value})
        assert response.status_code == 200
        assert names(response) == ["Medlem", "Vanlig"]
        assert "Velg et gyldig valg" in response.content.decode()
    assert "Skjult paraply" not in client.get(LIST).content.decode()


def test_list_over_long_query_gets_a_message_and_keeps_the_text(client: Client, db: Any) -> None:
    OrganisationFactory(name="Synlig")
    query = "x" * 201
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sørg for at denne verdien har 200 eller færre tegn (den har nå 201)." in body
    assert f'value="{query}"' in body
    assert names(response) == ["Synlig"]


def test_list_htmx_request_returns_only_the_results(client: Client, db: Any) -> None:
    OrganisationFactory(name="Først")
    OrganisationFactory(name="Sist")
    response = client.get(LIST, {"q": "først"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results">')
    assert "<html" not in body
    assert "<form" not in body
    assert "Først" in body
    assert "Sist" not in body
    # The new count goes into the page's existing status region.
    assert 'hx-swap-oob="innerHTML:#results-count"' in body
    assert "1 organisasjon" in body
    assert "HX-Request" in response["Vary"]


def test_list_htmx_history_restore_returns_the_whole_page(client: Client, db: Any) -> None:
    response = client.get(
        LIST, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    body = response.content.decode()
    assert "<html" in body
    assert '<form method="get"' in body


def test_list_without_javascript_is_a_plain_get_form(client: Client, db: Any) -> None:
    OrganisationFactory(name="Først")
    response = client.get(LIST, {"q": "først"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<form method="get" action="{LIST}" role="search"' in body
    assert f'hx-get="{LIST}"' in body
    assert 'hx-target="#results"' in body
    assert '<p role="status" class="mv-meta" id="results-count">' in body
    assert '<div id="results">' in body
    assert "hx-swap-oob" not in body
    assert 'value="først"' in body
    assert body.count("<h1") == 1
    assert "HX-Request" in response["Vary"]


def test_list_hides_hidden_parent_names(client: Client, db: Any) -> None:
    parent = OrganisationFactory(name="Hemmelig mor", is_public=False)
    OrganisationFactory(name="Barn", parent=parent)
    body = client.get(LIST).content.decode()
    assert "Barn" in body
    assert "Hemmelig mor" not in body


# --- detail -------------------------------------------------------------------------


def test_detail_shows_structure_and_public_contacts(client: Client, org_a: Tenant) -> None:
    org = org_a.organisation
    national = OrganisationFactory(name="Landsforbundet", level=Level.NATIONAL)
    hidden_child = OrganisationFactory(name="Skjult lokallag", parent=org, is_public=False)
    child = OrganisationFactory(name="Lokallaget", parent=org, level=Level.LOCAL)
    umbrella = UmbrellaFactory(name="Paraplyen")
    hidden_umbrella = UmbrellaFactory(name="Skjult paraply", is_public=False)
    Organisation.objects.filter(pk=org.pk).update(parent=national)
    org.umbrellas.set([umbrella, hidden_umbrella])
    body = client.get(org.get_absolute_url()).content.decode()
    assert "Landsforbundet" in body
    assert "Lokallaget" in body
    assert "Paraplyen" in body
    assert "Offentlig Kontakt A" in body
    assert "offentlig-a@example.org" in body
    for secret in ("Hemmelig Kontakt A", hidden_child.name, hidden_umbrella.name):
        assert secret not in body
    assert child.get_absolute_url() in body


def test_detail_of_umbrella_lists_public_members(client: Client, db: Any) -> None:
    umbrella = UmbrellaFactory(name="Paraplyen")
    OrganisationFactory(name="Medlem 1").umbrellas.set([umbrella])
    OrganisationFactory(name="Skjult medlem", is_public=False).umbrellas.set([umbrella])
    body = client.get(umbrella.get_absolute_url()).content.decode()
    assert "Medlemsorganisasjoner" in body
    assert "Medlem 1" in body
    assert "Skjult medlem" not in body


def test_detail_hides_a_hidden_parent(client: Client, db: Any) -> None:
    parent = OrganisationFactory(name="Hemmelig mor", is_public=False)
    child = OrganisationFactory(name="Barn", parent=parent)
    body = client.get(child.get_absolute_url()).content.decode()
    assert "Hemmelig mor" not in body


def test_detail_shows_last_confirmed_and_staleness(client: Client, db: Any) -> None:
    fresh = OrganisationFactory(last_confirmed_at=timezone.now() - timedelta(days=300))
    stale = OrganisationFactory(last_confirmed_at=timezone.now() - timedelta(days=400))
    never = OrganisationFactory(last_confirmed_at=None)
    fresh_body = client.get(fresh.get_absolute_url()).content.decode()
    assert "Opplysningene kan være utdatert" not in fresh_body
    assert "Sist bekreftet" in fresh_body
    stale_body = client.get(stale.get_absolute_url()).content.decode()
    assert "Opplysningene kan være utdatert. De ble sist bekreftet" in stale_body
    never_body = client.get(never.get_absolute_url()).content.decode()
    assert "Opplysningene kan være utdatert. De er aldri bekreftet av organisasjonen." in (
        never_body
    )


def test_detail_of_unknown_organisation_is_404(client: Client, db: Any) -> None:
    assert client.get(reverse("directory:detail", args=[987654])).status_code == 404


def test_list_marks_stale_entries(client: Client, db: Any) -> None:
    OrganisationFactory(name="Fersk", last_confirmed_at=timezone.now())
    OrganisationFactory(name="Gammel", last_confirmed_at=timezone.now() - timedelta(days=400))
    body = client.get(LIST).content.decode()
    assert body.count("Kan være utdatert") == 1


# --- markup in text fields ----------------------------------------------------------

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markup_is_stored_as_typed_and_rendered_escaped(
    persona_client: Callable[[str], Client], org_a: Tenant
) -> None:
    client = persona_client("admin_a")
    data = edit_post_data(org_a.organisation) | {
        "name": "A " + SCRIPT,
        "description": SCRIPT,
        "contacts-0-role": SCRIPT,
    }
    response = client.post(reverse("directory:edit", args=[org_a.organisation.pk]), data)
    assert response.status_code == 302
    org = Organisation.objects.get(pk=org_a.organisation.pk)
    assert org.name == "A " + SCRIPT
    assert org.description == SCRIPT
    for url in (org.get_absolute_url(), LIST, reverse("directory:history", args=[org.pk])):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body
        assert "<img src=x" not in body
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


# --- edit ---------------------------------------------------------------------------


def edit_url(org: Organisation) -> str:
    return reverse("directory:edit", args=[org.pk])


def test_edit_form_shows_current_values(
    persona_client: Callable[[str], Client], org_a: Tenant
) -> None:
    RegionFactory(code="46", name="Vestland")
    body = persona_client("admin_a").get(edit_url(org_a.organisation)).content.decode()
    assert 'value="Organisasjon A"' in body
    assert "Hemmelig Kontakt A" in body
    assert '<optgroup label="Vestland">' in body
    assert "Hele Vestland" in body
    assert body.count("<h1") == 1


def test_edit_saves_changes_and_contacts(
    persona_client: Callable[[str], Client], org_a: Tenant
) -> None:
    org = org_a.organisation
    region = RegionFactory(code="46", name="Vestland")
    group = TargetGroupFactory()
    data = edit_post_data(org) | {
        "org_number": "974 760 673",
        "website": "example.org",
        "regions": [str(region.pk)],
        "target_groups": [str(group.pk)],
        "contacts-1-DELETE": "on",
        "contacts-TOTAL_FORMS": "3",
        "contacts-2-name": "Ny Kontakt",
        "contacts-2-email": "ny@example.org",
        "contacts-2-phone": "+47 22 33 44 55",
    }
    response = persona_client("admin_a").post(edit_url(org), data)
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Nytt navn på A"
    assert org.org_number == "974760673"
    assert org.website == "https://example.org"
    assert list(org.regions.all()) == [region]
    assert list(org.target_groups.all()) == [group]
    assert sorted(org.contacts.values_list("name", flat=True)) == [
        "Ny Kontakt",
        "Offentlig Kontakt A",
    ]
    entry = ActivityLog.objects.get()
    assert entry.actor == org_a.admin
    assert set(entry.data["changes"]) == {
        "name",
        "org_number",
        "website",
        "regions",
        "target_groups",
        "contacts",
    }


BAD_EDITS = [
    pytest.param(
        {"org_number": "974760674"},
        "Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke).",
        "974760674",
        id="orgnr-checksum",
    ),
    pytest.param(
        {"org_number": "12345678"},
        "Organisasjonsnummeret må ha nøyaktig 9 sifre.",
        "12345678",
        id="orgnr-short",
    ),
    pytest.param(
        {"org_number": "9747606731"},
        "Organisasjonsnummeret må ha nøyaktig 9 sifre.",
        "9747606731",
        id="orgnr-long",
    ),
    pytest.param(
        {"org_number": "9" * 21},
        "Sørg for at denne verdien har 20 eller færre tegn (den har nå 21).",
        "9" * 21,
        id="orgnr-way-too-long",
    ),
    pytest.param(
        {"org_number": "ABCDEFGHI"},
        "Organisasjonsnummeret må ha nøyaktig 9 sifre.",
        "ABCDEFGHI",
        id="orgnr-letters",
    ),
    pytest.param(
        {"name": "N" * 201},
        "Sørg for at denne verdien har 200 eller færre tegn (den har nå 201).",
        "N" * 201,
        id="name-too-long",
    ),
    pytest.param({"name": ""}, "Navn: Feltet er påkrevet.", "", id="name-missing"),
    pytest.param(
        {"description": "D" * 4001},
        "Sørg for at denne verdien har 4000 eller færre tegn (den har nå 4001).",
        "D" * 4001,
        id="description-too-long",
    ),
    pytest.param(
        {"website": "ikke en adresse"},
        "Oppgi en gyldig nettadresse.",
        "ikke en adresse",
        id="website",
    ),
    pytest.param(
        {"contacts-0-email": "ikke-epost"},
        "E-post: Oppgi en gyldig e-postadresse",
        "ikke-epost",
        id="contact-email",
    ),
    pytest.param(
        {"contacts-0-phone": "123"},
        "Skriv et telefonnummer med 8 sifre, eventuelt med landskode (+47 …).",
        "123",
        id="contact-phone",
    ),
    pytest.param(
        {"contacts-0-name": "K" * 201},
        "Sørg for at denne verdien har 200 eller færre tegn (den har nå 201).",
        "K" * 201,
        id="contact-name-too-long",
    ),
    pytest.param(
        {"contacts-1-is_primary": "on"},
        "Bare én kontaktperson kan være hovedkontakt.",
        "Hemmelig Kontakt A",
        id="two-primaries",
    ),
    pytest.param(
        {"kind": OrganisationKind.SERVICE},
        "Velg hva slags tjenesteyter dette er.",
        "Nytt navn på A",
        id="service-kind-missing",
    ),
]


@pytest.mark.parametrize(("changes", "message", "typed"), BAD_EDITS)
def test_edit_rejects_bad_input_and_keeps_what_was_typed(
    persona_client: Callable[[str], Client],
    org_a: Tenant,
    changes: dict[str, str],
    message: str,
    typed: str,
) -> None:
    before = db_state()
    data = edit_post_data(org_a.organisation) | changes
    response = persona_client("admin_a").post(edit_url(org_a.organisation), data)
    assert response.status_code == 422
    body = response.content.decode()
    assert message in body
    assert 'class="ds-error-summary' in body
    if typed:
        assert f'value="{typed}"' in body or f">\n{typed}</textarea>" in body
    assert db_state() == before


def test_edit_rejects_duplicate_org_number(
    persona_client: Callable[[str], Client], org_a: Tenant, org_b: Tenant
) -> None:
    before = db_state()
    taken = org_b.organisation.org_number
    data = edit_post_data(org_a.organisation) | {"org_number": taken}
    response = persona_client("admin_a").post(edit_url(org_a.organisation), data)
    assert response.status_code == 422
    body = response.content.decode()
    assert (
        "Organisasjonsnummer: En annen organisasjon er allerede registrert med dette "
        "organisasjonsnummeret." in body
    )
    assert f'value="{taken}"' in body
    assert 'href="#id_org_number"' in body
    assert db_state() == before


def test_edit_rejects_a_non_umbrella_as_umbrella(
    persona_client: Callable[[str], Client], org_a: Tenant, org_b: Tenant
) -> None:
    before = db_state()
    data = edit_post_data(org_a.organisation) | {"umbrellas": [str(org_b.organisation.pk)]}
    response = persona_client("admin_a").post(edit_url(org_a.organisation), data)
    assert response.status_code == 422
    assert "Velg et gyldig valg" in response.content.decode()
    assert db_state() == before


@pytest.mark.parametrize("slot", ["initial", "extra"])
def test_edit_never_touches_another_organisations_contact(
    persona_client: Callable[[str], Client], org_a: Tenant, org_b: Tenant, slot: str
) -> None:
    foreign = org_b.organisation.contacts.get()
    before = db_state()
    data = edit_post_data(org_a.organisation)
    if slot == "initial":
        index = 1
    else:
        index = 2
        data["contacts-TOTAL_FORMS"] = "3"
    data |= {
        f"contacts-{index}-id": str(foreign.pk),
        f"contacts-{index}-name": "Kapret",
        f"contacts-{index}-email": "kapret@example.org",
        f"contacts-{index}-DELETE": "on" if slot == "extra" else "",
    }
    response = persona_client("admin_a").post(edit_url(org_a.organisation), data)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Kontaktpersonen finnes ikke i denne organisasjonen." in body
    assert "Hemmelig Kontakt B" not in body
    assert "hemmelig-b@example.org" not in body
    assert db_state() == before


def test_edit_with_a_non_numeric_contact_id_is_rejected(
    persona_client: Callable[[str], Client], org_a: Tenant
) -> None:
    before = db_state()
    data = edit_post_data(org_a.organisation) | {"contacts-0-id": "abc"}
    response = persona_client("admin_a").post(edit_url(org_a.organisation), data)
    assert response.status_code == 422
    assert db_state() == before


def test_edit_of_unknown_organisation_is_404(
    persona_client: Callable[[str], Client], db: Any
) -> None:
    assert persona_client("platform_admin").get(edit_url(Organisation(pk=987654))).status_code == (
        404
    )


# --- create -------------------------------------------------------------------------


def test_create_makes_an_entry_with_a_contact(
    persona_client: Callable[[str], Client], secretariat: Any
) -> None:
    data = create_post_data() | {
        "kind": OrganisationKind.SERVICE,
        "service_kind": ServiceKind.HELSEFORETAK,
        "org_number": "971526920",
        "contacts-0-name": "Kari Nordmann",
        "contacts-0-email": "kari@example.org",
        "contacts-0-is_public": "on",
        "contacts-0-is_primary": "on",
    }
    response = persona_client("secretariat").post(reverse("directory:create"), data)
    assert response.status_code == 302
    org = Organisation.objects.get(name="Helt ny forening")
    assert org.kind_display == "Helseforetak"
    assert list(org.contacts.values_list("name", "is_primary")) == [("Kari Nordmann", True)]
    entry = ActivityLog.objects.get()
    assert entry.action == "directory.organisation.created"
    assert entry.actor == secretariat


def test_create_rejects_duplicate_org_number_and_keeps_input(
    persona_client: Callable[[str], Client], org_a: Tenant
) -> None:
    before = db_state()
    data = create_post_data() | {
        "org_number": org_a.organisation.org_number,
        "contacts-0-name": "Kari Nordmann",
    }
    response = persona_client("platform_admin").post(reverse("directory:create"), data)
    assert response.status_code == 422
    body = response.content.decode()
    assert "En annen organisasjon er allerede registrert med dette organisasjonsnummeret." in body
    assert 'value="Helt ny forening"' in body
    assert 'value="Kari Nordmann"' in body
    assert db_state() == before


def test_empty_extra_contact_row_is_ignored(
    persona_client: Callable[[str], Client], platform_admin: Any
) -> None:
    response = persona_client("platform_admin").post(
        reverse("directory:create"), create_post_data()
    )
    assert response.status_code == 302
    assert Contact.objects.filter(organisation__name="Helt ny forening").count() == 0


# --- history ------------------------------------------------------------------------


def test_history_lists_changes_newest_first(
    persona_client: Callable[[str], Client], org_a: Tenant
) -> None:
    client = persona_client("admin_a")
    url = edit_url(org_a.organisation)
    client.post(url, edit_post_data(org_a.organisation))
    client.post(url, edit_post_data(org_a.organisation) | {"name": "Tredje navn"})
    body = client.get(reverse("directory:history", args=[org_a.organisation.pk])).content.decode()
    assert body.count(str(org_a.admin)) == 2
    assert body.index("Tredje navn") < body.index("Nytt navn på A")
    assert "Endret" in body


def test_history_shows_field_labels(persona_client: Callable[[str], Client], org_a: Tenant) -> None:
    client = persona_client("admin_a")
    client.post(edit_url(org_a.organisation), edit_post_data(org_a.organisation))
    body = client.get(reverse("directory:history", args=[org_a.organisation.pk])).content.decode()
    assert "<strong>Navn</strong>: Organisasjon A → Nytt navn på A" in body


# --- CSV export ---------------------------------------------------------------------


def read_csv(response: Any) -> list[dict[str, str]]:
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_export_follows_the_filters(client: Client, db: Any) -> None:
    group = TargetGroupFactory(name_nb="Psykisk helse")
    umbrella = UmbrellaFactory(name="Paraplyen")
    hidden_umbrella = UmbrellaFactory(name="Skjult paraply", is_public=False)
    parent = OrganisationFactory(name="Hemmelig mor", is_public=False)
    member = OrganisationFactory(name="Medlem", parent=parent, website="https://medlem.no")
    member.umbrellas.set([umbrella, hidden_umbrella])
    member.target_groups.set([group])
    ContactFactory(organisation=member, name="Per", email="per@example.org", is_public=True)
    ContactFactory(organisation=member, name="Skjult Person", is_public=False)
    OrganisationFactory(name="Annen")
    OrganisationFactory(name="Usynlig", is_public=False)
    response = client.get(EXPORT, {"target_group": group.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert [row["navn"] for row in rows] == ["Medlem"]
    row = rows[0]
    assert row["paraplyer"] == "Paraplyen"
    assert row["overordnet"] == ""
    assert row["målgrupper"] == "Psykisk helse"
    assert row["offentlige_kontakter"] == "Per, Daglig leder, per@example.org, 22 33 44 55"
    everything = response.getvalue().decode()
    for secret in ("Skjult Person", "Skjult paraply", "Hemmelig mor", "Usynlig"):
        assert secret not in everything
    assert [row["navn"] for row in read_csv(client.get(EXPORT))] == [
        "Annen",
        "Medlem",
        "Paraplyen",
    ]


def test_export_defuses_spreadsheet_formulas(client: Client, db: Any) -> None:
    OrganisationFactory(name='=HYPERLINK("http://evil")', website="")
    rows = read_csv(client.get(EXPORT))
    assert rows[0]["navn"] == '\'=HYPERLINK("http://evil")'


def test_export_ignores_invalid_filters(client: Client, db: Any) -> None:
    OrganisationFactory(name="Synlig")
    response = client.get(EXPORT, {"kind": "tull", "region": "x", "q": "y" * 500})
    assert response.status_code == 200
    assert [row["navn"] for row in read_csv(response)] == ["Synlig"]


def test_list_links_to_export_with_the_same_filters(client: Client, db: Any) -> None:
    body = client.get(LIST, {"q": "helse", "kind": "umbrella"}).content.decode()
    assert f'href="{EXPORT}?q=helse&amp;kind=umbrella"' in body
