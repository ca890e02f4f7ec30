"""Results: counts and shares, scale means, moderated free text (never hidden text, on
the page or in the CSV or XLSX), breakdown groups under the minimum never shown, the
public summary, and putting the results on an agenda."""

from __future__ import annotations

import io

import openpyxl
from django.test import Client
from django.urls import reverse

from medvirk.surveys.enums import Moderation
from medvirk.surveys.results import survey_results
from tests.factories import KommuneFactory
from tests.surveys.conftest import World, respond


def _fill(world: World) -> None:
    respond(world.a, text="Godkjent tekst om maten", moderation=Moderation.APPROVED, number=5)
    respond(world.a, text="Skjult tekst med navn", moderation=Moderation.HIDDEN, number=3)
    respond(world.a, text="Ventende tekst", moderation=Moderation.PENDING, option=1, number=4)


def test_counts_shares_and_mean(world: World) -> None:
    _fill(world)
    results = survey_results(world.a.survey, include_text=True)
    assert results.total == 3
    first = results.sections[0][1]
    single, _multiple, scale = first
    assert single.rows == [
        ("Hver dag", 2, "67 %"),
        ("Hver uke", 1, "33 %"),
        ("Sjeldnere", 0, "0 %"),
    ]
    assert scale.mean == "4,0"
    assert scale.rows[0][0] == "1 – Svært misfornøyd"
    long = results.sections[1][1][1]
    assert long.texts == ["Godkjent tekst om maten"]


def test_results_page_shows_only_approved_text(world: World) -> None:
    _fill(world)
    body = (
        world.client("admin_a")
        .get(reverse("surveys:results", kwargs={"pk": world.a.survey.pk}))
        .content.decode()
    )
    assert "Godkjent tekst om maten" in body
    assert "Skjult tekst med navn" not in body
    assert "Ventende tekst" not in body
    assert "<svg" in body and "<table" in body and "<title" in body


def test_hidden_and_pending_text_never_in_the_csv(world: World) -> None:
    _fill(world)
    response = world.client("admin_a").get(
        reverse("surveys:export_csv", kwargs={"pk": world.a.survey.pk})
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    assert "Godkjent tekst om maten" in content
    assert "Skjult tekst med navn" not in content
    assert "Ventende tekst" not in content
    lines = content.strip().splitlines()
    assert len(lines) == 4  # header + 3 responses
    assert "Hver dag" in lines[1] and "Mat" in lines[1]


def test_hidden_and_pending_text_never_in_the_xlsx(world: World) -> None:
    _fill(world)
    response = world.client("admin_a").get(
        reverse("surveys:export_xlsx", kwargs={"pk": world.a.survey.pk})
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert len(book.worksheets) == 2
    assert "Godkjent tekst om maten" in cells
    assert not any("Skjult tekst" in cell or "Ventende tekst" in cell for cell in cells)


def test_breakdown_groups_under_the_minimum_are_never_shown(world: World) -> None:
    big, small_one, small_two, tiny = (
        KommuneFactory(name="Storby"),
        KommuneFactory(name="Litenby"),
        KommuneFactory(name="Småby"),
        KommuneFactory(name="Grendby"),
    )
    for _ in range(5):
        respond(world.a, kommune=big)
    for _ in range(2):
        respond(world.a, kommune=small_one)
    respond(world.a, kommune=small_two)
    breakdown = survey_results(world.a.survey, include_text=False).breakdown
    assert [(g.label, g.count) for g in breakdown.groups] == [("Storby", 5)]
    assert breakdown.left_out == 3
    body = (
        world.client("admin_a")
        .get(reverse("surveys:results", kwargs={"pk": world.a.survey.pk}))
        .content.decode()
    )
    assert "Storby" in body
    assert "Litenby" not in body and "Småby" not in body
    # Enough small ones together make "Andre kommuner".
    for _ in range(2):
        respond(world.a, kommune=tiny)
    breakdown = survey_results(world.a.survey, include_text=False).breakdown
    assert [(g.label, g.count) for g in breakdown.groups] == [("Storby", 5), ("Andre kommuner", 5)]
    assert breakdown.left_out == 0


def test_public_summary_only_when_marked_and_never_with_text(world: World) -> None:
    _fill(world)
    url = reverse("surveys:summary", kwargs={"pk": world.a.survey.pk})
    assert Client().get(url).status_code == 404
    assert world.client("admin_a").get(url).status_code == 200
    world.a.survey.results_public = True
    world.a.survey.save()
    response = Client().get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hvor ofte får du besøk?" in body
    assert "Godkjent tekst om maten" not in body


def test_results_on_an_agenda_as_information(world: World) -> None:
    import datetime

    from medvirk.meetings.models import AgendaItem
    from medvirk.surveys.domain.agenda import put_results_on_agenda
    from tests.factories.people import ArenaFactory
    from tests.meetings.conftest import make_meeting

    service_survey = world.service.survey
    arena = ArenaFactory(owner=service_survey.organisation)
    service_survey.arena = arena
    service_survey.results_public = True
    service_survey.save()
    meeting = make_meeting(arena, datetime.date(2026, 12, 3))
    respond(world.service)
    client = world.client("secretariat")
    page = client.get(reverse("surveys:results", kwargs={"pk": service_survey.pk}))
    assert reverse("surveys:agenda", kwargs={"pk": service_survey.pk}) in page.content.decode()
    response = client.post(
        reverse("surveys:agenda", kwargs={"pk": service_survey.pk}), {"meeting": meeting.pk}
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.kind == "information"
    assert "1 svar" in item.description
    assert f"/undersokelser/{service_survey.pk}/sammendrag/" in item.description
    # Someone who does not manage the arena's agenda cannot.
    import pytest
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        put_results_on_agenda(service_survey, by=world.org_b.admin, meeting=meeting)
