"""The public accountability pages and CSV: public advice only, the same for everyone;
private arenas not found; figures explained and formatted; filters; query counts."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medvirk.arenas.models import Arena
from medvirk.directory.models import Organisation
from medvirk.followup.enums import AdviceStatus
from medvirk.followup.models import Advice, AdviceResponse
from medvirk.followup.views_accountability import safe_filename
from tests.arenas.conftest import make_arena
from tests.factories import OrganisationFactory, ServiceFactory
from tests.followup import conftest as followup_conftest
from tests.followup import test_accountability_world as world
from tests.followup.conftest import FOLLOWUP_PERSONAS
from tests.followup.test_accountability_world import (
    OLD_TITLE,
    OTHER_TITLE,
    PUBLIC_TITLE,
    SECRETS,
    AccountabilityWorld,
    main_html,
    make_advice,
)

# The shared fixtures, used here.
meeting_world = followup_conftest.meeting_world
followup_world = followup_conftest.followup_world
accountability_world = world.accountability_world
fresh_figures_cache = world.fresh_figures_cache

S = AdviceStatus
TODAY = timezone.localdate


def page_urls(w: AccountabilityWorld) -> dict[str, str]:
    return {
        "index": reverse("followup:accountability"),
        "arena": reverse("followup:arena_accountability", args=[w.arena.pk]),
        "service": reverse("followup:service_accountability", args=[w.service.pk]),
    }


def csv_urls(w: AccountabilityWorld) -> dict[str, str]:
    return {
        "arena_csv": reverse("followup:arena_csv", args=[w.arena.pk]),
        "service_csv": reverse("followup:service_csv", args=[w.service.pk]),
    }


def cells_of(body: str, after: str) -> list[str]:
    """The data cells of the table row that follows ``after`` in the figures' tables (the
    charts before them have tables of their own)."""
    figures = body.split('id="figures-heading"', 1)[-1]
    row = figures.split(after, 1)[1].split("</tr>", 1)[0]
    return [c.split("</td>")[0].strip() for c in row.split("<td>")[1:]]


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # BOM, so Excel reads æøå
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


# --- Who sees what -------------------------------------------------------------------


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_every_persona_sees_the_same_public_pages(
    accountability_world: AccountabilityWorld, persona: str
) -> None:
    w = accountability_world
    anonymous = Client()
    client = w.f.client(persona)
    for name, url in page_urls(w).items():
        response = client.get(url)
        assert response.status_code == 200, (persona, name)
        body = main_html(response.content)
        assert body == main_html(anonymous.get(url).content), (persona, name)
        assert (w.service.name if name == "index" else PUBLIC_TITLE) in body, (persona, name)
        for secret in SECRETS:
            assert secret not in body, (persona, name, secret)
    arena_page = main_html(client.get(page_urls(w)["arena"]).content)
    assert OLD_TITLE in arena_page
    assert OTHER_TITLE not in arena_page  # another service's arena


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_every_persona_gets_the_same_csv_without_closed_advice(
    accountability_world: AccountabilityWorld, persona: str
) -> None:
    w = accountability_world
    anonymous = Client()
    client = w.f.client(persona)
    for name, url in csv_urls(w).items():
        response = client.get(url)
        assert response.status_code == 200, (persona, name)
        body = response.getvalue()
        assert body == anonymous.get(url).getvalue(), (persona, name)
        text = body.decode("utf-8-sig")
        assert PUBLIC_TITLE in text
        assert OLD_TITLE in text
        assert OTHER_TITLE not in text
        for secret in SECRETS:
            assert secret not in text, (persona, name, secret)


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_a_private_arena_is_not_found_for_anyone(
    accountability_world: AccountabilityWorld, persona: str
) -> None:
    # Even its members and the owner's secretariat: these are the public pages.
    w = accountability_world
    client = w.f.client(persona)
    private = w.f.m.private_arena
    for name in ("followup:arena_accountability", "followup:arena_csv"):
        assert client.get(reverse(name, args=[private.pk])).status_code == 404, (persona, name)


@pytest.mark.parametrize("persona", ["anonymous", "secretariat", "platform_admin"])
def test_only_public_services_have_a_page(
    accountability_world: AccountabilityWorld, persona: str
) -> None:
    w = accountability_world
    client = w.f.client(persona)
    user_org = w.f.m.org_a.organisation
    hidden = ServiceFactory(name="Skjult kommune", is_public=False)
    for org in (user_org, hidden):
        for name in ("followup:service_accountability", "followup:service_csv"):
            assert client.get(reverse(name, args=[org.pk])).status_code == 404, (org, name)
    assert client.get(reverse("followup:arena_accountability", args=[999999])).status_code == 404


def test_the_index_lists_services_with_public_advice_only(
    client: Client, accountability_world: AccountabilityWorld
) -> None:
    w = accountability_world
    only_private = ServiceFactory(name="Privatby kommune")
    private_arena = make_arena(only_private, name="Lukket råd", is_public=False)
    make_advice(private_arena, "Skjult råd", TODAY())
    only_closed = ServiceFactory(name="Lukketby kommune")
    make_advice(make_arena(only_closed), "Lukket råd", TODAY(), is_public=False)
    body = main_html(client.get(reverse("followup:accountability")).content)
    assert w.service.name in body
    assert "Annen kommune" in body
    assert "Privatby" not in body
    assert "Lukketby" not in body
    assert reverse("followup:service_accountability", args=[w.service.pk]) in body
    # This year: one public advice in the service (the closed one is not counted), answered
    # after 10 days; two public advice in all (one given last year).
    row = body.split(w.service.name, 1)[1].split("</tr>", 1)[0]
    cells = [c.split("</td>")[0].strip() for c in row.split("<td>")[1:]]
    assert cells == ["2", "1", "100\u00a0%", "10", "0\u00a0%"]


def test_the_index_says_so_when_there_is_no_advice(client: Client, db: Any) -> None:
    response = client.get(reverse("followup:accountability"))
    assert response.status_code == 200
    body = main_html(response.content)
    assert "Ingen tjenester har offentlige råd ennå." in body
    assert reverse("arenas:list") in body


# --- The arena page --------------------------------------------------------------------


def test_the_arena_page_shows_figures_explained_and_the_list(
    client: Client, accountability_world: AccountabilityWorld
) -> None:
    w = accountability_world
    year = TODAY().year
    response = client.get(reverse("followup:arena_accountability", args=[w.arena.pk]))
    assert response.status_code == 200
    body = main_html(response.content)
    assert body.count("<h1") == 1
    # The figures table: a caption, a row per year with a row header, and the total.
    assert f"Råd fra {w.arena.name} per år, etter året rådet ble gitt" in body
    assert f'<th scope="row">{year}</th>' in body
    assert f'<th scope="row">{year - 1}</th>' in body
    assert '<th scope="row">Alle år</th>' in body
    # Last year: one advice, not answered and overdue; nothing to divide by for the rest.
    assert cells_of(body, f'<th scope="row">{year - 1}</th>') == (
        ["1", "0\u00a0% (0)", "–", "1"] + ["–"] * 5
    )
    # The explanation in plain words.
    assert "«Mottatt» og «Til behandling»" in body
    assert "Median dager til svar" in body
    assert "gjennomsnittet av de to midterste" in body
    # The list: link, case number, dates, addressee, status as a tag with text, days, timeline.
    assert w.public.get_absolute_url() in body
    assert f"Sak {w.f.statement.case_number}: {PUBLIC_TITLE}" in body
    assert f"01.01.{year}" in body
    assert "Kommunedirektøren" in body
    assert '<span class="ds-tag" data-color="success">Fulgt</span>' in body
    jan11 = datetime.date(year, 1, 11).strftime("%d.%m.%Y")
    assert f"Sist {jan11}: Fulgt (2 steg)" in body
    assert "Ingen svar ennå" in body  # the old advice
    assert '<span class="ds-tag" data-color="danger">Forfalt</span>' in body
    assert reverse("followup:arena_csv", args=[w.arena.pk]) in body


def test_figures_use_a_decimal_comma_and_whole_percentages(client: Client, db: Any) -> None:
    arena = make_arena(ServiceFactory(name="Kommaby kommune"), name="Rådet i Kommaby")
    given = datetime.date(2025, 3, 3)
    for status, n in ((S.FOLLOWED, 2), (S.PARTLY, 3), (S.NOT_FOLLOWED, 10), (S.FOLLOWED, 20)):
        make_advice(
            arena,
            f"Råd {n}",
            given,
            status=status,
            first_answer_on=given + datetime.timedelta(days=n),
        )
    make_advice(arena, "Ubesvart", given, status=S.CONSIDERING)
    make_advice(arena, "Ubesvart 2", given, status=S.RECEIVED)
    body = main_html(client.get(reverse("followup:arena_accountability", args=[arena.pk])).content)
    figures = body.split('id="figures-heading"', 1)[1]
    row = figures.split('<th scope="row">2025</th>', 1)[1].split("</tr>", 1)[0]
    cells = [c.split("</td>")[0].strip() for c in row.split("<td>")[1:]]
    # 6 given, 4 answered (67 %), all on time, 2 overdue, median (3 + 10) / 2 = 6,5,
    # followed 2 of 4, partly 1, not followed 1, implemented 0.
    assert cells == [
        "6",
        "67\u00a0% (4)",
        "100\u00a0% (4)",
        "2",
        "6,5",
        "50\u00a0% (2)",
        "25\u00a0% (1)",
        "25\u00a0% (1)",
        "0\u00a0% (0)",
    ]


def test_an_arena_without_advice_says_so(
    client: Client, accountability_world: AccountabilityWorld
) -> None:
    arena = make_arena(accountability_world.service, name="Nytt råd")
    response = client.get(reverse("followup:arena_accountability", args=[arena.pk]))
    body = main_html(response.content)
    assert "Ingen offentlige råd ennå, så det er ingen tall å vise." in body
    assert "Det er ikke registrert noen offentlige råd her ennå." in body
    assert "<table" not in body


def test_the_arena_list_filters_by_year_and_status(
    client: Client, accountability_world: AccountabilityWorld
) -> None:
    w = accountability_world
    url = reverse("followup:arena_accountability", args=[w.arena.pk])
    year = TODAY().year
    body = main_html(client.get(url, {"year": year - 1}).content)
    assert OLD_TITLE in body
    assert PUBLIC_TITLE not in body
    body = main_html(client.get(url, {"status": S.FOLLOWED}).content)
    assert PUBLIC_TITLE in body
    assert OLD_TITLE not in body
    body = main_html(client.get(url, {"status": S.IMPLEMENTED, "year": year}).content)
    assert "Ingen råd passer med filteret." in body
    # The CSV link carries the filter.
    assert f"rad.csv?year={year}&amp;status=implemented" in body


def test_a_bad_filter_is_422_with_the_error_and_the_rest_applied(
    client: Client, accountability_world: AccountabilityWorld
) -> None:
    w = accountability_world
    url = reverse("followup:arena_accountability", args=[w.arena.pk])
    response = client.get(url, {"year": "1066", "status": S.SENT})
    assert response.status_code == 422
    body = main_html(response.content)
    assert "ds-error-summary" in body
    assert "Velg et gyldig valg" in body
    assert OLD_TITLE in body  # status=sent still applied
    assert PUBLIC_TITLE not in body
    assert 'value="sent" selected' in body  # the value typed is kept
    assert client.get(url, {"status": "bogus"}).status_code == 422


def test_the_list_is_paginated_by_25(client: Client, db: Any) -> None:
    arena = make_arena(ServiceFactory(name="Mangeby kommune"), name="Travelt råd")
    given = datetime.date(2025, 1, 1)
    for n in range(30):
        make_advice(arena, f"Råd nummer {n:02d}", given + datetime.timedelta(days=n))
    url = reverse("followup:arena_accountability", args=[arena.pk])
    first = main_html(client.get(url).content)
    assert first.count("Råd nummer ") == 25
    assert "Råd nummer 29" in first  # newest first
    assert "Side 1 av 2" in first
    second = main_html(client.get(url, {"page": 2}).content)
    assert second.count("Råd nummer ") == 5
    assert "Råd nummer 00" in second


# --- The service page ------------------------------------------------------------------


def test_the_service_page_sums_up_each_public_arena(
    client: Client, accountability_world: AccountabilityWorld
) -> None:
    w = accountability_world
    empty = make_arena(w.service, name="Ungdomsrådet")
    response = client.get(reverse("followup:service_accountability", args=[w.service.pk]))
    assert response.status_code == 200
    body = main_html(response.content)
    assert f"Offentlige arenaer i {w.service.name}, alle år samlet" in body
    assert reverse("followup:arena_accountability", args=[w.arena.pk]) in body
    assert reverse("followup:arena_accountability", args=[empty.pk]) in body
    assert w.f.m.private_arena.name not in body
    assert cells_of(body, f">{w.arena.name}</a></th>") == [
        "2",
        "50\u00a0% (1)",
        "100\u00a0% (1)",
        "1",
        "10",
        "100\u00a0% (1)",
        "0\u00a0% (0)",
        "0\u00a0% (0)",
        "0\u00a0% (0)",
    ]
    # An arena without advice: zeros and dashes, never a division by zero.
    assert cells_of(body, ">Ungdomsrådet</a></th>") == ["0", "–", "–", "0", "–", "–", "–", "–", "–"]
    # The list shows the arena of each advice and filters by arena.
    assert OTHER_TITLE not in body
    filtered = main_html(
        client.get(
            reverse("followup:service_accountability", args=[w.service.pk]), {"arena": empty.pk}
        ).content
    )
    assert "Ingen råd passer med filteret." in filtered
    other_arena = client.get(
        reverse("followup:service_accountability", args=[w.service.pk]),
        {"arena": w.other_arena.pk},
    )
    assert other_arena.status_code == 422  # not one of this service's arenas


def test_a_service_without_arenas_says_so(client: Client, db: Any) -> None:
    service = ServiceFactory(name="Tombyen kommune")
    body = main_html(
        client.get(reverse("followup:service_accountability", args=[service.pk])).content
    )
    assert "Tjenesten har ingen offentlige arenaer." in body
    assert "Det er ikke registrert noen offentlige råd her ennå." in body


# --- CSV -------------------------------------------------------------------------------


def test_the_arena_csv_has_one_row_per_public_advice(
    client: Client, accountability_world: AccountabilityWorld
) -> None:
    w = accountability_world
    response = client.get(reverse("followup:arena_csv", args=[w.arena.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="rad-brukerutvalget-{w.arena.pk}.csv"'
    )
    header, *rows = read_csv(response.getvalue())
    assert header == [
        "arena",
        "saksnummer",
        "tittel",
        "gitt",
        "mottaker",
        "svarfrist",
        "status",
        "første_svar",
        "dager_til_svar",
        "lenke",
    ]
    year = TODAY().year
    assert rows == [
        [
            w.arena.name,
            w.f.statement.case_number,
            PUBLIC_TITLE,
            f"{year}-01-01",
            "Kommunedirektøren",
            f"{year}-02-12",
            "Fulgt",
            f"{year}-01-11",
            "10",
            settings.SITE_URL.rstrip("/") + w.public.get_absolute_url(),
        ],
        [
            w.arena.name,
            "",
            OLD_TITLE,
            f"{year - 1}-12-30",
            "Kommunedirektøren",
            f"{year}-02-10",
            "Sendt, venter på svar",
            "",
            "",
            settings.SITE_URL.rstrip("/") + w.old.get_absolute_url(),
        ],
    ]


def test_the_service_csv_covers_every_public_arena_and_takes_the_filters(
    client: Client, accountability_world: AccountabilityWorld
) -> None:
    w = accountability_world
    second = make_arena(w.service, name="Eldrerådet")
    make_advice(second, "Benker langs gangveien", TODAY(), status=S.RECEIVED)
    url = reverse("followup:service_csv", args=[w.service.pk])
    _, *rows = read_csv(client.get(url).getvalue())
    assert sorted(r[2] for r in rows) == sorted([PUBLIC_TITLE, OLD_TITLE, "Benker langs gangveien"])
    assert {r[0] for r in rows} == {w.arena.name, "Eldrerådet"}
    _, *rows = read_csv(client.get(url, {"status": S.RECEIVED}).getvalue())
    assert [r[2] for r in rows] == ["Benker langs gangveien"]
    _, *rows = read_csv(client.get(url, {"year": TODAY().year - 1}).getvalue())
    assert [r[2] for r in rows] == [OLD_TITLE]
    _, *rows = read_csv(client.get(url, {"arena": second.pk}).getvalue())
    assert [r[2] for r in rows] == ["Benker langs gangveien"]
    # A filter that makes no sense is dropped, not fatal: the whole list.
    _, *rows = read_csv(client.get(url, {"status": "bogus", "arena": "x"}).getvalue())
    assert len(rows) == 3


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_the_csv_defuses_formulas(client: Client, db: Any, start: str) -> None:
    arena = make_arena(ServiceFactory(name="Formelby"), name=f"{start}arena")
    make_advice(
        arena,
        f'{start}HYPERLINK("http://evil.example")',
        datetime.date(2025, 5, 5),
        addressee_name=f"{start}1+1",
    )
    _, row = read_csv(client.get(reverse("followup:arena_csv", args=[arena.pk])).getvalue())
    assert row[0] == f"'{start}arena"
    assert row[2] == f'\'{start}HYPERLINK("http://evil.example")'
    assert row[4] == f"'{start}1+1"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Eldrerådet i Bærum", "rad-eldreradet-i-baerum-7.csv"),
        ('Råd "med" ../../etc/passwd', "rad-rad-med-etcpasswd-7.csv"),
        ("Øvre Ære", "rad-ovre-aere-7.csv"),
        ("«»", "rad-arena-7.csv"),
    ],
)
def test_csv_filenames_are_safe(name: str, expected: str) -> None:
    assert safe_filename(name, 7) == expected


# --- Links from the arena and the directory --------------------------------------------


def test_the_arena_and_directory_pages_link_to_the_accountability_pages(
    client: Client, accountability_world: AccountabilityWorld
) -> None:
    w = accountability_world
    arena_page = client.get(w.arena.get_absolute_url()).content.decode()
    assert reverse("followup:arena_accountability", args=[w.arena.pk]) in arena_page
    assert ">Råd og svar</a>" in arena_page
    service_page = client.get(w.service.get_absolute_url()).content.decode()
    assert reverse("followup:service_accountability", args=[w.service.pk]) in service_page
    org = w.f.m.org_a.organisation
    org_page = client.get(org.get_absolute_url()).content.decode()
    assert "/oppfolging/tjeneste/" not in org_page
    secretariat = w.f.client("secretariat")
    private_page = secretariat.get(w.f.m.private_arena.get_absolute_url()).content.decode()
    assert "/oppfolging/arena/" not in private_page


# --- Query counts ----------------------------------------------------------------------


def _count(client: Client, url: str, *, cold: bool = True) -> int:
    """Queries for one request; ``cold``: with an empty figures cache (the figures are
    counted), else with the figures cached by the request before."""
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _fill(arena: Arena, n: int, start: int = 0) -> None:
    given = datetime.date(2025, 1, 1)
    created = Advice.objects.bulk_create(
        Advice(
            arena=arena,
            title=f"Råd {start + i}",
            text="<p>x</p>",
            addressee_kind="body",
            addressee_name="Rådmannen",
            given_on=given + datetime.timedelta(days=i % 300),
            due_on=given + datetime.timedelta(days=i % 300 + 42),
            status=S.FOLLOWED if i % 2 else S.SENT,
            first_answer_on=given + datetime.timedelta(days=i % 300 + 5) if i % 2 else None,
        )
        for i in range(n)
    )
    AdviceResponse.objects.bulk_create(
        AdviceResponse(
            advice=a,
            status=S.RECEIVED,
            text="Mottatt",
            responded_on=a.given_on + datetime.timedelta(days=1),
        )
        for a in created
    )


@pytest.mark.parametrize("page", ["arena", "service", "arena_csv", "service_csv"])
def test_query_count_does_not_grow_with_advice(client: Client, db: Any, page: str) -> None:
    service = ServiceFactory(name="Tellby kommune")
    arena = make_arena(service, name="Tellerådet")
    make_arena(service, name="Annet råd")
    urls = {
        "arena": reverse("followup:arena_accountability", args=[arena.pk]),
        "service": reverse("followup:service_accountability", args=[service.pk]),
        "arena_csv": reverse("followup:arena_csv", args=[arena.pk]),
        "service_csv": reverse("followup:service_csv", args=[service.pk]),
    }
    _fill(arena, 1)
    client.get(urls[page])  # warm up (content types, translations)
    one = _count(client, urls[page])
    _fill(arena, 49, start=1)
    fifty = _count(client, urls[page])
    assert one == fifty
    assert _count(client, urls[page], cold=False) <= fifty


def test_query_count_of_the_index_does_not_grow_with_services(client: Client, db: Any) -> None:
    def add_service(n: int) -> None:
        service = ServiceFactory(name=f"Tjeneste {n}")
        arena = make_arena(service, name=f"Råd {n}")
        make_advice(arena, "Råd", TODAY(), status=S.FOLLOWED, first_answer_on=TODAY())

    add_service(0)
    url = reverse("followup:accountability")
    client.get(url)
    one = _count(client, url)
    for n in range(1, 20):
        add_service(n)
    many = _count(client, url)
    assert one == many
    assert one <= 3
    # Cached: the list of services only.
    assert _count(client, url, cold=False) == 1


def test_the_organisation_page_link_costs_no_query(client: Client, db: Any) -> None:
    service = ServiceFactory(name="Lenkeby kommune")
    user_org = OrganisationFactory(name="Forening")
    with CaptureQueriesContext(connection) as with_link:
        client.get(service.get_absolute_url())
    with CaptureQueriesContext(connection) as without_link:
        client.get(user_org.get_absolute_url())
    assert len(with_link) == len(without_link)
    assert Organisation.objects.get(pk=service.pk).kind == "service"
