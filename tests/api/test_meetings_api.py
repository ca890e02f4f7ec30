"""The open-data API for meetings: public arenas only, published public items only."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from medvirk.arenas.enums import ArenaKind
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.enums import ItemKind, MeetingStatus
from medvirk.meetings.models import AgendaItem, CaseDocument, Meeting
from tests.arenas.conftest import make_arena
from tests.factories import KommuneFactory, RegionFactory, ServiceFactory
from tests.meetings import conftest as meetings_conftest
from tests.meetings.conftest import MeetingWorld, local_dt, make_meeting

LIST = "/api/v1/meetings"

# The meeting tests' shared world (tests/meetings/conftest.py), used here too.
meeting_world = meetings_conftest.meeting_world


def detail_url(meeting: Meeting) -> str:
    return f"/api/v1/meetings/{meeting.pk}"


def publish(meeting: Meeting) -> None:
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["agenda_published_at"])


def add_document(item: AgendaItem, title: str, size: int = 1234) -> CaseDocument:
    return CaseDocument.objects.create(
        item=item,
        title=title,
        file=f"meetings/documents/2027/{title}.pdf",
        original_name=f"{title}.pdf",
        file_type="pdf",
        content_type="application/pdf",
        size=size,
    )


def add_items(world: MeetingWorld, meeting: Meeting) -> tuple[AgendaItem, AgendaItem]:
    public = add_item(
        meeting,
        by=world.secretariat,
        kind=ItemKind.DISCUSSION,
        title="Ledelinjer ved bussholdeplasser",
        description="<p>Mange <strong>holdeplasser</strong> mangler felt.</p>",
    )
    closed = add_item(
        meeting,
        by=world.secretariat,
        kind=ItemKind.INFORMATION,
        title="Personalsak om sekretariatet",
        description="<p>Fortrolig lønnsvurdering.</p>",
        is_closed=True,
        closed_ground="kl_11_5_2a",
        closed_note="Gjelder en ansatt.",
    )
    add_document(public, "Saksframlegg")
    add_document(closed, "Hemmelig vedlegg")
    return public, closed


def ids(client: Client, **params: Any) -> list[int]:
    response = client.get(LIST, params)
    assert response.status_code == 200, response.content
    return [m["id"] for m in response.json()["results"]]


def test_list_shows_meetings_of_public_arenas_only(
    client: Client, meeting_world: MeetingWorld
) -> None:
    w = meeting_world
    response = client.get(LIST)
    assert response.status_code == 200
    data = response.json()
    assert (data["next"], data["next_cursor"]) == (None, None)
    [meeting] = data["results"]
    assert meeting["id"] == w.meeting.pk
    assert "Lukket referansegruppe" not in response.content.decode()
    assert meeting["arena"] == {
        "id": w.public_arena.pk,
        "name": "Brukerutvalget",
        "kind": ArenaKind.BRUKERUTVALG,
    }
    assert meeting["owner"] == {"id": w.service.pk, "name": w.service.name}
    assert meeting["place"] == "Rådhuset, møterom 2"
    assert meeting["status"] == "planned"
    assert meeting["agenda_published"] is False
    assert meeting["accessibility"]["step_free_access"] is True
    assert meeting["url"].endswith(w.meeting.get_absolute_url())
    assert meeting["url"].startswith("http")
    # Local time with its offset: 10:00 in Oslo, +01:00 or +02:00 by the season.
    starts = datetime.datetime.fromisoformat(meeting["starts_at"])
    assert starts == w.meeting.starts_at
    assert (starts.hour, starts.minute) == (10, 0)
    assert starts.utcoffset() in (datetime.timedelta(hours=1), datetime.timedelta(hours=2))
    assert meeting["starts_at"][-6:] in ("+01:00", "+02:00")
    assert datetime.datetime.fromisoformat(meeting["ends_at"]).hour == 13


def test_list_across_daylight_saving_change(client: Client, meeting_world: MeetingWorld) -> None:
    winter = make_meeting(meeting_world.public_arena, datetime.date(2027, 3, 27))
    summer = make_meeting(meeting_world.public_arena, datetime.date(2027, 3, 28))
    data = {m["id"]: m for m in client.get(LIST, {"to_date": "2027-12-31"}).json()["results"]}
    assert data[winter.pk]["starts_at"] == "2027-03-27T10:00:00+01:00"
    assert data[summer.pk]["starts_at"] == "2027-03-28T10:00:00+02:00"


def test_list_includes_past_and_cancelled_meetings_in_time_order(
    client: Client, meeting_world: MeetingWorld
) -> None:
    w = meeting_world
    past = make_meeting(w.public_arena, timezone.localdate() - datetime.timedelta(days=100))
    cancelled = make_meeting(
        w.public_arena,
        timezone.localdate() + datetime.timedelta(days=60),
        status=MeetingStatus.CANCELLED,
    )
    assert ids(client) == [past.pk, w.meeting.pk, cancelled.pk]
    results = client.get(LIST).json()["results"]
    assert results[2]["status"] == "cancelled"


def test_list_filters(client: Client, meeting_world: MeetingWorld) -> None:
    w = meeting_world
    fylke = RegionFactory(code="46", name="Vestland")
    bergen = KommuneFactory(code="4601", name="Bergen", parent=fylke)
    w.service.regions.set([bergen])
    other_owner = ServiceFactory(name="Annen tjeneste")
    other_arena = make_arena(other_owner, ArenaKind.ELDRERAD, name="Eldrerådet")
    day = datetime.date(2030, 6, 12)
    other = make_meeting(other_arena, day)
    assert ids(client, arena=w.public_arena.pk) == [w.meeting.pk]
    assert ids(client, arena_kind=ArenaKind.ELDRERAD) == [other.pk]
    assert ids(client, region="4601") == [w.meeting.pk]
    assert ids(client, region="46") == [w.meeting.pk]
    assert ids(client, from_date="2030-06-12") == [other.pk]
    assert ids(client, from_date="2030-06-13") == []
    assert ids(client, to_date="2030-06-11") == [w.meeting.pk]
    assert ids(client, from_date="2030-06-12", to_date="2030-06-12") == [other.pk]


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"arena_kind": "tull"}, "Ukjent type arena «tull»."),
        ({"region": "9999"}, "Ukjent område «9999»."),
        ({"from_date": "2030-02-01", "to_date": "2030-01-01"}, "from_date kan ikke være etter"),
        ({"from_date": "i morgen"}, "Ugyldig verdi for parameter: from_date."),
        ({"arena": "abc"}, "Ugyldig verdi for parameter: arena."),
        ({"page_size": "101"}, "Ugyldig verdi for parameter: page_size."),
    ],
)
def test_list_rejects_bad_params_with_400(
    client: Client, meeting_world: MeetingWorld, params: dict[str, str], detail: str
) -> None:
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(detail)


def test_list_rejects_private_or_unknown_arena(client: Client, meeting_world: MeetingWorld) -> None:
    for pk in (meeting_world.private_arena.pk, 987654):
        response = client.get(LIST, {"arena": pk})
        assert response.status_code == 400
        assert response.json()["detail"] == f"Fant ingen offentlig arena med id {pk}."
        assert "Lukket referansegruppe" not in response.content.decode()


def test_list_is_paginated(client: Client, meeting_world: MeetingWorld) -> None:
    start = timezone.localdate() + datetime.timedelta(days=40)
    for n in range(4):
        make_meeting(meeting_world.public_arena, start + datetime.timedelta(days=n))
    first = client.get(LIST, {"page_size": 2}).json()
    second = client.get(LIST, {"page_size": 2, "cursor": first["next_cursor"]}).json()
    assert (len(first["results"]), second["page_size"], len(second["results"])) == (2, 2, 2)
    assert first["results"][-1]["starts_at"] <= second["results"][0]["starts_at"]
    third = client.get(second["next"]).json()
    assert (len(third["results"]), third["next"]) == (1, None)


def test_detail_shows_public_items_of_published_agenda_only(
    client: Client, meeting_world: MeetingWorld
) -> None:
    w = meeting_world
    public, closed = add_items(w, w.meeting)
    publish(w.meeting)
    response = client.get(detail_url(w.meeting))
    assert response.status_code == 200
    body = response.content.decode()
    data = response.json()
    assert data["agenda_published"] is True
    assert data["items"] == [
        {
            "id": public.pk,
            "case_number": public.case_number,
            "kind": "discussion",
            "title": "Ledelinjer ved bussholdeplasser",
            "description_html": "<p>Mange <strong>holdeplasser</strong> mangler felt.</p>",
            "documents": [
                {
                    "title": "Saksframlegg",
                    "file_type": "pdf",
                    "content_type": "application/pdf",
                    "size": 1234,
                    "url": data["items"][0]["documents"][0]["url"],
                }
            ],
        }
    ]
    assert data["items"][0]["documents"][0]["url"].startswith("http")
    assert data["items"][0]["documents"][0]["url"].endswith(
        public.documents.get().get_absolute_url()
    )
    # Nothing of the closed item: no title, text, document, id or number.
    for secret in ("Personalsak", "lønnsvurdering", "Hemmelig vedlegg", "kl_11_5_2a"):
        assert secret not in body
    assert closed.case_number not in [item["case_number"] for item in data["items"]]
    assert closed.pk not in [item["id"] for item in data["items"]]


@pytest.mark.parametrize("persona", ["member", "secretariat", "platform_admin"])
def test_detail_never_shows_closed_items_whoever_asks(
    meeting_world: MeetingWorld, persona: str
) -> None:
    w = meeting_world
    add_items(w, w.meeting)
    publish(w.meeting)
    response = w.client(persona).get(detail_url(w.meeting))
    assert response.status_code == 200
    assert [i["title"] for i in response.json()["items"]] == ["Ledelinjer ved bussholdeplasser"]
    assert "Personalsak" not in response.content.decode()


def test_detail_of_unpublished_agenda_has_no_items(
    client: Client, meeting_world: MeetingWorld
) -> None:
    w = meeting_world
    add_items(w, w.meeting)
    response = client.get(detail_url(w.meeting))
    assert response.status_code == 200
    assert response.json()["agenda_published"] is False
    assert response.json()["items"] == []
    assert "Ledelinjer" not in response.content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "member", "secretariat", "platform_admin"])
def test_detail_of_private_arena_meeting_is_404(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    add_item(w.private_meeting, by=w.secretariat, kind=ItemKind.INFORMATION, title="Kantinemeny")
    publish(w.private_meeting)
    response = w.client(persona).get(detail_url(w.private_meeting))
    assert response.status_code == 404
    body = response.content.decode()
    assert response.json()["detail"] == (
        f"Fant ikke noe offentlig møte med id {w.private_meeting.pk}."
    )
    assert "Kantinemeny" not in body and "Lukket referansegruppe" not in body
    listing = w.client(persona).get(LIST).content.decode()
    assert "Lukket referansegruppe" not in listing


def test_detail_of_unknown_meeting_is_404(client: Client, db: Any) -> None:
    assert client.get("/api/v1/meetings/987654").status_code == 404
    assert client.get("/api/v1/meetings/abc").status_code == 422


def test_list_query_count_does_not_grow(client: Client, meeting_world: MeetingWorld) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(LIST, {"page_size": 100})
        assert response.status_code == 200
        return len(context.captured_queries)

    one = count()
    owners = [ServiceFactory(name=f"Tjeneste {n}") for n in range(5)]
    start = timezone.localdate() + datetime.timedelta(days=1)
    for n in range(49):
        arena = make_arena(owners[n % 5], ArenaKind.ELDRERAD, name=f"Eldreråd {n}")
        Meeting.objects.create(
            arena=arena,
            starts_at=local_dt(start + datetime.timedelta(days=n), 10),
            ends_at=local_dt(start + datetime.timedelta(days=n), 12),
        )
    assert len(client.get(LIST, {"page_size": 100}).json()["results"]) == 50
    assert count() == one


def test_detail_query_count_does_not_grow(client: Client, meeting_world: MeetingWorld) -> None:
    w = meeting_world

    def fill(count: int) -> None:
        for n in range(count):
            item = add_item(
                w.meeting,
                by=w.secretariat,
                kind=ItemKind.INFORMATION,
                title=f"Sak {n}",
                is_closed=n % 3 == 2,
                closed_ground="offl_13" if n % 3 == 2 else "",
                closed_note="Taushetsplikt." if n % 3 == 2 else "",
            )
            add_document(item, f"Vedlegg {n}")

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as context:
            response = client.get(detail_url(w.meeting))
        assert response.status_code == 200
        return len(context.captured_queries), len(response.json()["items"])

    publish(w.meeting)
    fill(1)
    one_queries, one = count()
    fill(29)
    many_queries, many = count()
    assert (one, many) == (1, 21)
    assert many_queries == one_queries


def test_openapi_schema_lists_the_meeting_endpoints(client: Client, db: Any) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/organisations" in paths
    assert "/api/v1/meetings" in paths
    assert "/api/v1/meetings/{meeting_id}" in paths
    params = {p["name"] for p in paths["/api/v1/meetings"]["get"]["parameters"]}
    assert params == {
        "arena",
        "arena_kind",
        "region",
        "from_date",
        "to_date",
        "cursor",
        "page",
        "page_size",
    }
    schemas = response.json()["components"]["schemas"]
    assert "is_closed" not in str(schemas["AgendaItemOut"])
