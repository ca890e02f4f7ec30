"""The CSV downloads are streamed (issue 13): the same bytes as the files built whole in
memory before, written while they are sent, with the same statements for 1 row as for
many."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from medvirk.common.csv_export import CHUNK, csv_lines, csv_safe
from medvirk.directory.forms import DirectoryFilterForm
from medvirk.directory.models import Organisation
from medvirk.directory.selectors import filter_organisations, with_listing_data
from medvirk.directory.views import EXPORT_HEADER
from tests.arenas.conftest import make_arena
from tests.factories import (
    ContactFactory,
    KommuneFactory,
    OrganisationFactory,
    RegionFactory,
    ServiceFactory,
    TargetGroupFactory,
    UmbrellaFactory,
)
from tests.followup.test_accountability_world import make_advice

pytestmark = pytest.mark.django_db

EXPORT = reverse("directory:export")


def old_export(params: dict[str, Any]) -> bytes:
    """The export as the view wrote it before it streamed (model instances, prefetches,
    csv.writer on an HttpResponse): the reference the streamed file must equal."""
    from django.http import HttpResponse

    filters = DirectoryFilterForm(params or None).to_filter()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(EXPORT_HEADER)
    for org in with_listing_data(filter_organisations(filters)):
        writer.writerow(
            [
                org.pk,
                csv_safe(org.name),
                org.kind_display,
                org.org_number,
                org.get_level_display(),
                csv_safe(org.parent.name if org.parent and org.parent.is_public else ""),
                csv_safe(" | ".join(u.name for u in org.umbrellas.all())),
                " | ".join(r.name for r in org.regions.all()),
                " | ".join(t.name for t in org.target_groups.all()),
                csv_safe(org.website),
                org.last_confirmed_at.date().isoformat() if org.last_confirmed_at else "",
                csv_safe(
                    " | ".join(
                        ", ".join(x for x in (c.name, c.role, c.email, c.phone) if x)
                        for c in org.public_contacts  # type: ignore[attr-defined]
                    )
                ),
            ]
        )
    return response.content


def directory(n: int) -> None:
    fylke = RegionFactory(code="46", name="Vestland")
    bergen = KommuneFactory(code="4601", name="Bergen", parent=fylke)
    groups = [
        TargetGroupFactory(slug="rus", name_nb="Rus", name_nn="Rus", name_en="Substance use"),
        TargetGroupFactory(slug="psyk", name_nb="Psykisk helse", name_en="Mental health"),
    ]
    umbrella = UmbrellaFactory(name="Paraplyen")
    hidden_umbrella = UmbrellaFactory(name="Skjult paraply", is_public=False)
    parent = OrganisationFactory(name="Landsforbundet")
    hidden_parent = OrganisationFactory(name="Hemmelig mor", is_public=False)
    for i in range(n):
        org = OrganisationFactory(
            name=f"=Lokallag {i:03d}" if i % 7 == 3 else f"Lokallag {i:03d}",
            parent=parent if i % 2 else hidden_parent,
            level=["national", "county", "local", ""][i % 4],
            website="https://lag.no" if i % 3 else "",
            last_confirmed_at=timezone.now() - datetime.timedelta(days=i) if i % 5 else None,
        )
        org.regions.set([fylke, bergen][: 1 + i % 2])
        org.target_groups.set(groups[: i % 3])
        org.umbrellas.set([umbrella, hidden_umbrella][: i % 3])
        ContactFactory(organisation=org, name=f"Kari {i}", is_public=True)
        ContactFactory(organisation=org, name=f"Ola {i}", is_public=True, is_primary=True)
        ContactFactory(organisation=org, name="Skjult Person", is_public=False)
    service = ServiceFactory(name="Bergen kommune", service_kind="kommune")
    service.regions.set([bergen])
    OrganisationFactory(name="Usynlig", is_public=False)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize(
    "params", [{}, {"q": "lokallag"}, {"kind": "service"}, {"region": "placeholder"}]
)
def test_the_streamed_directory_export_is_the_file_it_was(
    client: Client, language: str, params: dict[str, Any]
) -> None:
    directory(12)
    if params.get("region"):
        params = {"region": Organisation.objects.get(name="Bergen kommune").regions.get().pk}
    with translation.override(language):
        expected = old_export(params)
    response = client.get(EXPORT, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="medvirk-organisasjoner.csv"'
    assert response.getvalue() == expected
    assert expected.startswith("\ufeff".encode())
    assert b"Skjult" not in expected and b"Hemmelig" not in expected


def test_the_directory_export_costs_the_same_statements_for_1_and_40_rows(
    client: Client,
) -> None:
    def statements() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(EXPORT)
            body = response.getvalue()
        assert body.count(b"\r\n") > 1
        return len(context.captured_queries)

    # The filter form's menus are cached under the directory's version (retired by the
    # writes below): warm them before counting.
    OrganisationFactory(name="Eneste")
    client.get(EXPORT).getvalue()
    one = statements()
    directory(40)
    client.get(EXPORT).getvalue()
    # The rows, umbrellas, regions, groups and contacts (and on PostgreSQL the cursor's
    # planner setting, set and reset).
    expected = 7 if connection.vendor == "postgresql" else 5
    assert statements() == one == expected


def test_the_advice_csvs_stream_with_the_same_statements_for_1_and_30_rows(
    client: Client,
) -> None:
    service = ServiceFactory(name="Rådsby kommune")
    arena = make_arena(service, name="Rådet")
    urls = [
        reverse("followup:arena_csv", args=[arena.pk]),
        reverse("followup:service_csv", args=[service.pk]),
    ]

    def statements(url: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
            assert response.streaming
            rows = list(
                csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";")
            )
        return len(context.captured_queries), len(rows) - 1

    make_advice(arena, "Råd 0", datetime.date(2026, 1, 5))
    for url in urls:
        client.get(url).getvalue()
    one = [statements(url) for url in urls]
    for n in range(1, 30):
        make_advice(arena, f"Råd {n}", datetime.date(2026, 1, 5) + datetime.timedelta(days=n))
    many = [statements(url) for url in urls]
    assert [rows for _n, rows in one] == [1, 1]
    assert [rows for _n, rows in many] == [30, 30]
    assert [n for n, _rows in one] == [n for n, _rows in many]


def test_csv_lines_sends_the_file_in_chunks() -> None:
    rows = [[n, "x" * 100] for n in range(2000)]
    chunks = list(csv_lines(["a", "b"], rows))
    assert len(chunks) > 2
    assert all(len(chunk) < CHUNK + 200 for chunk in chunks)
    text = "".join(chunks)
    assert text.startswith("\ufeffa;b\r\n0;")
    assert text.count("\r\n") == 2001
