"""Review of the survey exports and personal links: a kommune with fewer responses than
``min_group_size`` is not named in the raw rows of the CSV or XLSX (the breakdown on the
page already hides it), cells that would start a formula are defused in both files, a
personal link is claimed by one conditional UPDATE, and ``Invitation.objects.unused``."""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from medvirk.common.tokens import new_token
from medvirk.surveys.domain.answers import LinkUsed, submit_response
from medvirk.surveys.enums import Distribution, Moderation
from medvirk.surveys.models import Invitation, Response
from tests.clock import freeze_time
from tests.factories import KommuneFactory
from tests.surveys.conftest import World, answers_for, respond


def _csv(world: World) -> str:
    response = world.client("admin_a").get(
        reverse("surveys:export_csv", kwargs={"pk": world.a.survey.pk})
    )
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def _xlsx_cells(world: World) -> list[Any]:
    response = world.client("admin_a").get(
        reverse("surveys:export_xlsx", kwargs={"pk": world.a.survey.pk})
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_small_kommuner_are_not_named_in_the_raw_rows(world: World) -> None:
    big, small, tiny_a, tiny_b = (
        KommuneFactory(name="Storby"),
        KommuneFactory(name="Litenby"),
        KommuneFactory(name="Grendby"),
        KommuneFactory(name="Tettby"),
    )
    for _ in range(5):
        respond(world.a, kommune=big)
    respond(world.a, kommune=small, text="Godkjent", moderation=Moderation.APPROVED)
    respond(world.a)  # no kommune given
    content = _csv(world)
    cells = [str(cell.value) for cell in _xlsx_cells(world) if cell.value is not None]
    assert "Storby" in content and "Storby" in cells
    assert "Litenby" not in content
    assert not any("Litenby" in cell for cell in cells)
    # Too few even together: not named as "Andre kommuner" either (as on the page).
    assert "Andre kommuner" not in content
    # Small ones that together reach the minimum are "Andre kommuner", as on the page.
    for kommune in (tiny_a, tiny_a, tiny_b, tiny_b):
        respond(world.a, kommune=kommune)
    content = _csv(world)
    assert content.count("Andre kommuner") == 5
    assert "Grendby" not in content and "Tettby" not in content and "Litenby" not in content
    assert content.count("Storby") == 5


def test_formula_cells_are_defused_in_csv_and_xlsx(world: World) -> None:
    world.a.options[0].label_nb = '=HYPERLINK("http://x")'
    world.a.options[0].save()
    world.a.single.text_nb = "=1+1"
    world.a.single.save()
    respond(world.a, text="@SUM(A1)", moderation=Moderation.APPROVED)
    content = _csv(world)
    assert "'=HYPERLINK" in content and "'@SUM(A1)" in content
    for line in content.splitlines():
        for cell in line.split(";"):
            assert not cell.strip('"').startswith(("=", "@", "+", "-")), cell
    cells = [cell for cell in _xlsx_cells(world) if cell.value is not None]
    assert not any(cell.data_type == "f" for cell in cells)
    assert not any(str(cell.value).startswith(("=", "@", "+", "-")) for cell in cells)


def _personal(world: World) -> tuple[str, Invitation]:
    survey = world.a.survey
    survey.distribution = Distribution.PERSONAL
    survey.save()
    token, token_hash = new_token()
    invitation = Invitation.objects.create(
        survey=survey, email="ola@example.org", token_hash=token_hash
    )
    return token, invitation


def test_unused_invitations(world: World) -> None:
    _token, invitation = _personal(world)
    assert list(Invitation.objects.unused()) == [invitation]
    Invitation.objects.filter(pk=invitation.pk).update(used_on=datetime.date(2026, 11, 16))
    assert not Invitation.objects.unused().exists()


@pytest.mark.django_db(transaction=True)
def test_a_link_used_between_reading_and_claiming_it_is_refused(world: World) -> None:
    """Another request that uses the link after this one read the invitation (where no row
    lock holds it, as on SQLite) must not let both through: the claim is one conditional
    UPDATE of ``used_on``, and the one that finds it set gets LinkUsed."""
    token, invitation = _personal(world)
    table = Invitation._meta.db_table
    done = []

    def other_request_uses_the_link(execute: Any, sql: str, params: Any, many: bool, ctx: Any):
        result = execute(sql, params, many, ctx)
        if not done and sql.lstrip().upper().startswith("SELECT") and table in sql:
            done.append(True)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET used_on = %s WHERE id = %s",  # noqa: S608
                    [datetime.date(2026, 11, 16), invitation.pk],
                )
        return result

    with (
        freeze_time("2026-11-16T12:00:00"),
        connection.execute_wrapper(other_request_uses_the_link),
        pytest.raises(LinkUsed),
    ):
        submit_response(world.a.survey, answers=answers_for(world.a), token=token)
    assert done
    assert not Response.objects.exists()


def test_the_personal_link_still_answers_once_over_http(world: World) -> None:
    token, invitation = _personal(world)
    url = reverse("surveys:answer_personal", kwargs={"token": token})
    with freeze_time("2026-11-16T12:00:00"):
        assert Client().post(url, answers_for(world.a)).status_code == 302
        assert Client().post(url, answers_for(world.a)).status_code == 410
    invitation.refresh_from_db()
    assert invitation.used_on == datetime.date(2026, 11, 16)
    assert Response.objects.count() == 1
