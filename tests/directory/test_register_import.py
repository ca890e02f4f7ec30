"""Import from Enhetsregisteret's bulk JSON: matching, per-row reasons, all or nothing."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from medvirk.common.models import ActivityLog
from medvirk.directory.domain.import_report import CREATE, REJECT, UNCHANGED, UPDATE
from medvirk.directory.domain.register_import import IMPORT_RUN, IMPORTED, import_register
from medvirk.directory.enums import Level, OrganisationKind, ServiceKind
from medvirk.directory.models import Organisation, Region
from medvirk.directory.validators import orgnr_check_digit
from tests.factories import KommuneFactory, OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


def orgnr(n: int) -> str:
    base = 98770000 + n * 3
    while orgnr_check_digit(str(base)) is None:
        base += 1
    return f"{base}{orgnr_check_digit(str(base))}"


@pytest.fixture
def kommuner() -> dict[str, Region]:
    troms = RegionFactory(code="55", name="Troms")
    nordland = RegionFactory(code="18", name="Nordland")
    return {
        "5501": KommuneFactory(code="5501", name="Tromsø", parent=troms),
        "1813": KommuneFactory(code="1813", name="Brønnøy", parent=nordland),
    }


def unit(number: str, name: str, **extra: Any) -> dict[str, Any]:
    return {
        "organisasjonsnummer": number,
        "navn": name,
        "organisasjonsform": {"kode": "FLI", "beskrivelse": "Forening/lag/innretning"},
        "forretningsadresse": {
            "land": "Norge",
            "landkode": "NO",
            "postnummer": "9008",
            "poststed": "TROMSØ",
            "adresse": ["Storgata 1"],
            "kommune": "TROMSØ",
            "kommunenummer": "5501",
        },
        "naeringskode1": {"kode": "94.991", "beskrivelse": "Aktiviteter i andre interesseorg."},
        **extra,
    }


def raw(*items: Any) -> bytes:
    return json.dumps(list(items), ensure_ascii=False).encode()


def test_register_import_creates_updates_and_leaves_unchanged(platform_admin, kommuner):
    changed = OrganisationFactory(org_number=orgnr(1), name="Gammelt navn")
    changed.regions.set([kommuner["1813"]])
    same = OrganisationFactory(org_number=orgnr(2), name="SAMME LAG")
    same.address, same.address_region = "Storgata 1, 9008 TROMSØ", kommuner["5501"]
    same.save()
    kommune = unit(orgnr(3), "TESTKOMMUNE", organisasjonsform={"kode": "KOMM"})

    report = import_register(
        by=platform_admin,
        raw=raw(unit(orgnr(1), "NYTT NAVN"), unit(orgnr(2), "SAMME LAG"), kommune),
        dry_run=False,
    )

    assert report.applied is True
    assert [(r.number, r.action) for r in report.rows] == [(1, UPDATE), (2, UNCHANGED), (3, CREATE)]
    assert sorted(report.rows[0].changed) == [
        "forretningsadresse",
        "forretningsadresse.kommunenummer",
        "navn",
    ]
    changed.refresh_from_db()
    assert (changed.name, changed.address, changed.address_region) == (
        "NYTT NAVN",
        "Storgata 1, 9008 TROMSØ",
        kommuner["5501"],
    )
    assert list(changed.regions.all()) == [kommuner["1813"]]  # its own areas stay
    assert changed.kind == OrganisationKind.USER_ORG
    new = Organisation.objects.get(org_number=orgnr(3))
    assert (new.kind, new.service_kind, new.level) == (
        OrganisationKind.SERVICE,
        ServiceKind.KOMMUNE,
        Level.LOCAL,
    )
    assert list(new.regions.all()) == [kommuner["5501"]]
    assert ActivityLog.objects.filter(action=IMPORTED).count() == 2
    run_log = ActivityLog.objects.get(action=IMPORT_RUN)
    assert run_log.data == {"created": 1, "updated": 1, "unchanged": 1}
    assert run_log.actor == platform_admin


def test_register_import_rejects_bad_rows_with_reasons_and_saves_nothing(platform_admin, kommuner):
    existing = OrganisationFactory(org_number=orgnr(1), name="Gammelt navn")
    items = [
        unit(orgnr(1), "NYTT NAVN"),  # fine on its own
        "not an object",
        unit("000000000", "NULLER"),
        unit("974760674", "FEIL KONTROLLSIFFER"),
        unit(orgnr(1), "DUPLIKAT"),
        unit(orgnr(4), "UKJENT KOMMUNE", forretningsadresse={"kommunenummer": "5401"}),
        {"navn": "UTEN NUMMER"},
        unit(orgnr(5), "RAR ADRESSE", forretningsadresse={"adresse": "Storgata 1"}),
    ]

    report = import_register(by=platform_admin, raw=raw(*items), dry_run=False)

    assert report.applied is False
    assert [r.action for r in report.rows] == [UPDATE] + [REJECT] * 7
    reasons = {r.number: r.reasons for r in report.rows}
    assert reasons[2] == ["Raden er ikke et JSON-objekt."]
    assert reasons[3] == [
        "«organisasjonsnummer»: Organisasjonsnummeret er ikke gyldig: numre i "
        "Enhetsregisteret begynner med 8 eller 9."
    ]
    assert reasons[4] == [
        "«organisasjonsnummer»: Organisasjonsnummeret er ikke gyldig "
        "(kontrollsifferet stemmer ikke)."
    ]
    assert reasons[5] == [
        "«organisasjonsnummer»: Organisasjonsnummeret står også på rad 1. "
        "Hver organisasjon kan bare stå én gang i filen."
    ]
    assert reasons[6] == [
        "«forretningsadresse.kommunenummer»: Ukjent kommunenummer «5401». Regiontabellen "
        "har kommunene fra 1. januar 2024 (import_regions)."
    ]
    assert reasons[7] == ["«organisasjonsnummer»: Feltet mangler eller er tomt."]
    assert reasons[8] == ["«forretningsadresse»: «adresse» skal være en liste med tekst."]
    existing.refresh_from_db()
    assert existing.name == "Gammelt navn"
    assert Organisation.objects.count() == 1
    assert not ActivityLog.objects.filter(action__in=[IMPORTED, IMPORT_RUN]).exists()


def test_register_import_dry_run_changes_nothing(platform_admin, kommuner):
    existing = OrganisationFactory(org_number=orgnr(1), name="Gammelt navn")
    report = import_register(
        by=platform_admin, raw=raw(unit(orgnr(1), "NYTT"), unit(orgnr(2), "NY")), dry_run=True
    )
    assert [r.action for r in report.rows] == [UPDATE, CREATE]
    assert report.applied is False
    existing.refresh_from_db()
    assert (existing.name, existing.address) == ("Gammelt navn", "")
    assert Organisation.objects.count() == 1
    assert not ActivityLog.objects.filter(action__in=[IMPORTED, IMPORT_RUN]).exists()


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"[{", "Filen er ikke gyldig JSON (linje 1, kolonne 3"),
        (b'{"enheter": 1}', "Filen skal inneholde en JSON-liste med enheter"),
        (b"[]", "Filen har ingen enheter."),
        ("[]".encode("utf-16"), "Filen er ikke lagret som UTF-8."),
    ],
)
def test_register_import_refuses_an_unreadable_file(platform_admin, content, error):
    report = import_register(by=platform_admin, raw=content, dry_run=False)
    assert report.errors[0].startswith(error)
    assert report.has_rejections and not report.applied


def test_register_import_reads_a_page_of_the_api(platform_admin, kommuner):
    page = {"_embedded": {"enheter": [unit(orgnr(1), "FRA API")]}, "page": {"number": 0}}
    report = import_register(by=platform_admin, raw=json.dumps(page).encode(), dry_run=True)
    assert [r.action for r in report.rows] == [CREATE]


@pytest.mark.parametrize("persona", ["member_a", "admin_a", "secretariat"])
def test_register_import_is_for_platform_admins_only(persona, org_a, secretariat, kommuner):
    user = {"member_a": org_a.member, "admin_a": org_a.admin, "secretariat": secretariat}[persona]
    with pytest.raises(PermissionDenied):
        import_register(by=user, raw=raw(unit(orgnr(1), "X")), dry_run=True)
    with pytest.raises(PermissionDenied):
        import_register(by=None, raw=raw(unit(orgnr(1), "X")), dry_run=True)


def test_import_register_command_dry_run_and_apply(tmp_path, kommuner):
    path = tmp_path / "enheter.json"
    path.write_bytes(raw(unit(orgnr(1), "NYTT LAG")))
    out = io.StringIO()
    call_command("import_register", str(path), "--dry-run", stdout=out)
    assert "Rad 1: opprettes – NYTT LAG" in out.getvalue()
    assert not Organisation.objects.exists()
    call_command("import_register", str(path), stdout=out)
    assert Organisation.objects.get().address_region == kommuner["5501"]
    path.write_bytes(raw(unit("123", "KORT")))
    with pytest.raises(CommandError, match="Ingenting ble lagret"):
        call_command("import_register", str(path), stdout=out)
