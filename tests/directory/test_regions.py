"""The shipped region table (all fylker and kommuner from 1 January 2024) and its import."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from medvirk.directory.data import DATA_DIR, load_reference_data
from medvirk.directory.domain.taxonomy import import_regions
from medvirk.directory.enums import RegionKind
from medvirk.directory.models import Region

FYLKER = {
    "03": "Oslo",
    "11": "Rogaland",
    "15": "Møre og Romsdal",
    "18": "Nordland",
    "31": "Østfold",
    "32": "Akershus",
    "33": "Buskerud",
    "34": "Innlandet",
    "39": "Vestfold",
    "40": "Telemark",
    "42": "Agder",
    "46": "Vestland",
    "50": "Trøndelag",
    "55": "Troms",
    "56": "Finnmark",
}
# Forvaltningsområdet for samisk språk (forskrift til sameloven), 13 kommuner since 2020.
SAMI_LANGUAGE_AREA = {
    "5610": "Karasjok",
    "5612": "Kautokeino",
    "5636": "Nesseby",
    "5622": "Porsanger",
    "5628": "Tana",
    "5540": "Kåfjord",
    "5518": "Lavangen",
    "5512": "Tjeldsund",
    "1875": "Hamarøy",
    "1826": "Hattfjelldal",
    "5043": "Røyrvik",
    "5041": "Snåsa",
    "5025": "Røros",
}


def shipped_rows() -> list[dict[str, str]]:
    text = (DATA_DIR / "regions.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_regions_file_has_every_fylke_and_kommune_of_2024() -> None:
    rows = shipped_rows()
    fylker = {r["code"]: r["name"] for r in rows if r["kind"] == "fylke"}
    kommuner = [r for r in rows if r["kind"] == "kommune"]
    assert fylker == FYLKER
    assert len(kommuner) == 357
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)) == 372
    for row in kommuner:
        assert len(row["code"]) == 4 and row["code"].isdigit(), row
        assert row["parent"] == row["code"][:2], row
    per_fylke = {code: sum(r["parent"] == code for r in kommuner) for code in FYLKER}
    assert per_fylke == {
        "03": 1, "11": 23, "15": 27, "18": 41, "31": 12, "32": 21, "33": 18, "34": 46,
        "39": 6, "40": 17, "42": 25, "46": 43, "50": 38, "55": 21, "56": 18,
    }  # fmt: skip


@pytest.mark.django_db
def test_load_reference_data_imports_the_full_table_with_sami_and_kven_names() -> None:
    load_reference_data()
    assert Region.objects.filter(kind=RegionKind.FYLKE).count() == 15
    assert Region.objects.filter(kind=RegionKind.KOMMUNE).count() == 357
    for kommune in Region.objects.filter(kind=RegionKind.KOMMUNE).select_related("parent"):
        assert kommune.parent is not None and kommune.parent.code == kommune.code[:2]
    names = {r.code: (r.name, r.sami_name, r.kven_name) for r in Region.objects.all()}
    assert names["0301"] == ("Oslo", "Oslove", "")
    assert names["1103"] == ("Stavanger", "", "")
    assert names["1508"] == ("Ålesund", "", "")
    assert names["1580"] == ("Haram", "", "")  # split from Ålesund in 2024
    assert names["4601"] == ("Bergen", "", "")
    assert names["5001"] == ("Trondheim", "Tråante", "")
    assert names["5501"] == ("Tromsø", "", "")  # see directory/data/README.md
    assert names["5540"] == ("Kåfjord", "Gáivuotna", "Kaivuono")
    assert names["5544"] == ("Nordreisa", "Ráisa", "Raisi")
    assert names["5612"] == ("Kautokeino", "Guovdageaidnu", "")
    assert names["5622"] == ("Porsanger", "Porsángu", "Porsanki")
    assert names["5041"] == ("Snåsa", "Snåase", "")
    assert names["50"] == ("Trøndelag", "Trööndelage", "")
    assert names["55"] == ("Troms", "Romsa", "Tromssa")
    assert names["56"] == ("Finnmark", "Finnmárku", "Finmarkku")
    area = dict(Region.objects.filter(sami_language_area=True).values_list("code", "name"))
    assert area == SAMI_LANGUAGE_AREA
    assert Region.objects.get(code="5540").full_name == "Kåfjord – Gáivuotna – Kaivuono"
    assert Region.objects.get(code="4601").full_name == "Bergen"


@pytest.mark.django_db
def test_import_regions_is_idempotent_and_reports_what_changed() -> None:
    text = (DATA_DIR / "regions.csv").read_text(encoding="utf-8")
    assert import_regions(text) == (372, 0)
    assert import_regions(text) == (0, 0)
    changed = text.replace("5501;Tromsø;kommune;55;;;", "5501;Tromsø;kommune;55;Romsa;Tromssa;")
    assert import_regions(changed) == (0, 1)
    assert Region.objects.get(code="5501").full_name == "Tromsø – Romsa – Tromssa"


@pytest.mark.django_db
def test_import_regions_reads_an_old_four_column_file_and_keeps_the_names() -> None:
    import_regions((DATA_DIR / "regions.csv").read_text(encoding="utf-8"))
    old = (
        "code;name;kind;parent\n56;Finnmark;fylke;\n5612;Kautokeino;kommune;56\n9999;Ny;kommune;\n"
    )
    with pytest.raises(ValidationError):
        import_regions(old)  # 9999 has no fylke
    assert import_regions(old.replace("9999;Ny;kommune;\n", "5699;Ny;kommune;56\n")) == (1, 0)
    kautokeino = Region.objects.get(code="5612")
    assert (kautokeino.sami_name, kautokeino.sami_language_area) == ("Guovdageaidnu", True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("5612;Kautokeino;kommune;55;;;", "first two digits"),
        ("561;Kautokeino;kommune;56;;;", "four-digit"),
        ("5612;;kommune;56;;;", "name is empty"),
        ("5612;Kautokeino;by;56;;;", "unknown kind"),
        ("5612;Kautokeino;kommune;56;;;kanskje", "sami_language_area"),
        ("56;Finnmark;fylke;;;;", "more than once"),
    ],
)
def test_import_regions_refuses_a_bad_file_whole(row: str, problem: str) -> None:
    header = "code;name;kind;parent;sami_name;kven_name;sami_language_area\n"
    with pytest.raises(ValidationError, match=problem):
        import_regions(header + "56;Finnmark;fylke;;;;\n" + row + "\n")
    assert not Region.objects.exists()


@pytest.mark.django_db
def test_import_regions_command_reports_a_bad_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "regions.csv"
    path.write_text("code;name\n03;Oslo\n", encoding="utf-8")
    with pytest.raises(CommandError, match="columns"):
        call_command("import_regions", str(path))
    out = io.StringIO()
    call_command("import_regions", stdout=out)
    assert out.getvalue().strip() == "Regions: 372 created, 0 changed."
