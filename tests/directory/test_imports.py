"""CSV import of organisations: the domain function, the command and the pages."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from medvirk.common.models import ActivityLog
from medvirk.directory.data import DATA_DIR, load_reference_data
from medvirk.directory.domain.import_csv import COLUMNS, Problem, parse_organisation_csv
from medvirk.directory.domain.import_report import ImportReport, RowOutcome
from medvirk.directory.domain.import_rows import IMPORT_RUN, IMPORTED
from medvirk.directory.domain.imports import import_organisations
from medvirk.directory.enums import Level, OrganisationKind, ServiceKind
from medvirk.directory.models import Contact, Organisation
from medvirk.directory.validators import orgnr_check_digit
from tests.conftest import PERSONAS
from tests.factories import (
    ContactFactory,
    OrganisationFactory,
    RegionFactory,
    TargetGroupFactory,
    UmbrellaFactory,
)

pytestmark = pytest.mark.django_db


def orgnr(n: int) -> str:
    """A valid organisation number that the factories never hand out."""
    base = 98760000 + n * 3
    while orgnr_check_digit(str(base)) is None:
        base += 1
    return f"{base}{orgnr_check_digit(str(base))}"


def make_csv(
    *rows: dict[str, str],
    header: tuple[str, ...] | list[str] = COLUMNS,
    delimiter: str = ";",
    encoding: str = "utf-8",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return buffer.getvalue().encode(encoding)


def run(raw: bytes, by: Any, *, dry_run: bool = True) -> ImportReport:
    return import_organisations(by=by, raw=raw, dry_run=dry_run)


def only_row(report: ImportReport) -> RowOutcome:
    assert report.errors == []
    assert len(report.rows) == 1
    return report.rows[0]


def columns_of(outcome: RowOutcome) -> list[str]:
    return [problem.column for problem in outcome.problems]


USER_ORG = {"navn": "Foreningen for test", "type": "brukerorganisasjon"}


# --- Creating, updating, dry run, all or nothing -------------------------------------


def test_import_dry_run_reports_create_and_saves_nothing(platform_admin):
    report = run(make_csv({**USER_ORG, "organisasjonsnummer": orgnr(1)}), platform_admin)

    assert [(r.number, r.action, r.name, r.org_number) for r in report.rows] == [
        (2, "create", "Foreningen for test", orgnr(1))
    ]
    assert report.applied is False
    assert Organisation.objects.filter(name="Foreningen for test").exists() is False
    assert ActivityLog.objects.filter(action=IMPORTED).count() == 0


def test_import_apply_creates_organisations_with_relations_and_contact(platform_admin):
    region = RegionFactory(code="11", name="Rogaland")
    group = TargetGroupFactory(slug="syn")
    raw = make_csv(
        {
            "organisasjonsnummer": orgnr(1),
            "navn": "Paraplyen",
            "type": "paraplyorganisasjon",
            "nivå": "nasjonalt",
        },
        {
            "organisasjonsnummer": orgnr(2),
            "navn": "Lokallaget",
            "type": "user_org",
            "nivå": "fylke",
            "overordnet": orgnr(1),
            "paraplyer": orgnr(1),
            "områder": "11",
            "målgrupper": "syn",
            "nettsted": "lokallaget.example.org",
            "beskrivelse": "Første linje\nandre linje; med semikolon",
            "kontakt_navn": "Kari Nordmann",
            "kontakt_rolle": "Leder",
            "kontakt_epost": "kari@example.org",
            "kontakt_telefon": "+47 912 34 567",
            "kontakt_offentlig": "ja",
        },
    )

    report = run(raw, platform_admin, dry_run=False)

    assert report.applied is True
    assert [(r.action, r.problems) for r in report.rows] == [("create", []), ("create", [])]
    umbrella = Organisation.objects.get(org_number=orgnr(1))
    local = Organisation.objects.get(org_number=orgnr(2))
    assert [r.organisation_id for r in report.rows] == [umbrella.pk, local.pk]
    assert (umbrella.kind, umbrella.level) == (OrganisationKind.UMBRELLA, Level.NATIONAL)
    assert local.parent == umbrella
    assert list(local.umbrellas.all()) == [umbrella]
    assert list(local.regions.all()) == [region]
    assert list(local.target_groups.all()) == [group]
    assert local.website == "https://lokallaget.example.org"
    assert local.description == "Første linje\nandre linje; med semikolon"
    contact = local.contacts.get()
    assert (contact.name, contact.role, contact.email, contact.phone) == (
        "Kari Nordmann",
        "Leder",
        "kari@example.org",
        "+47 912 34 567",
    )
    assert (contact.is_primary, contact.is_public) == (True, True)
    entries = ActivityLog.objects.filter(action=IMPORTED).order_by("pk")
    assert [(e.organisation, e.actor, e.data["row"]) for e in entries] == [
        (umbrella, platform_admin, 2),
        (local, platform_admin, 3),
    ]
    summary = ActivityLog.objects.get(action=IMPORT_RUN)
    assert summary.data == {"created": 2, "updated": 0, "unchanged": 0}


def test_import_updates_existing_organisation_by_org_number(platform_admin):
    existing = OrganisationFactory(
        name="Gammelt navn", org_number=orgnr(1), description="Beholdes", level=Level.LOCAL
    )
    primary = ContactFactory(
        organisation=existing, name="Ola", email="ola@example.org", is_primary=True
    )
    raw = make_csv(
        {
            "organisasjonsnummer": f"{orgnr(1)[:3]} {orgnr(1)[3:6]} {orgnr(1)[6:]}",
            "navn": "Nytt navn",
            "kontakt_epost": "ola@example.org",
            "kontakt_telefon": "99 88 77 66",
        }
    )

    dry = only_row(run(raw, platform_admin))
    assert (dry.action, dry.changed) == ("update", ["kontaktperson", "navn"])

    report = run(raw, platform_admin, dry_run=False)

    assert report.applied is True
    existing.refresh_from_db()
    primary.refresh_from_db()
    assert (existing.name, existing.description, existing.level) == (
        "Nytt navn",
        "Beholdes",
        Level.LOCAL,
    )
    assert (primary.name, primary.phone, primary.is_primary) == ("Ola", "99 88 77 66", True)
    assert Organisation.objects.filter(org_number=orgnr(1)).count() == 1
    entry = ActivityLog.objects.get(action=IMPORTED)
    assert (entry.organisation, entry.data["created"]) == (existing, False)
    assert entry.data["changes"]["name"] == ["Gammelt navn", "Nytt navn"]


def test_import_new_contact_becomes_primary_and_demotes_the_old_one(platform_admin):
    existing = OrganisationFactory(org_number=orgnr(1))
    old = ContactFactory(organisation=existing, name="Gammel", is_primary=True)
    raw = make_csv(
        {"organisasjonsnummer": orgnr(1), "navn": existing.name, "kontakt_navn": "Ny Person"}
    )

    assert run(raw, platform_admin, dry_run=False).applied is True

    old.refresh_from_db()
    new = existing.contacts.get(name="Ny Person")
    assert (old.is_primary, new.is_primary, new.is_public) == (False, True, False)


def test_import_row_without_changes_is_reported_unchanged(platform_admin):
    existing = OrganisationFactory(org_number=orgnr(1))

    outcome = only_row(
        run(make_csv({"organisasjonsnummer": orgnr(1), "navn": existing.name}), platform_admin)
    )

    assert (outcome.action, outcome.changed) == ("unchanged", [])


def test_import_real_run_with_one_rejected_row_saves_nothing(platform_admin):
    existing = OrganisationFactory(org_number=orgnr(1), name="Uendret")
    raw = make_csv(
        {"organisasjonsnummer": orgnr(1), "navn": "Endret"},
        {**USER_ORG, "organisasjonsnummer": orgnr(2)},
        {"navn": "Uten type"},
    )

    report = run(raw, platform_admin, dry_run=False)

    assert [r.action for r in report.rows] == ["update", "create", "reject"]
    assert (report.applied, report.has_rejections) == (False, True)
    existing.refresh_from_db()
    assert existing.name == "Uendret"
    assert Organisation.objects.filter(org_number=orgnr(2)).exists() is False
    assert ActivityLog.objects.filter(action__in=[IMPORTED, IMPORT_RUN]).count() == 0
    assert [r.organisation_id for r in report.rows] == [None, None, None]


def test_import_parent_and_umbrella_may_come_later_in_the_file(platform_admin):
    raw = make_csv(
        {**USER_ORG, "organisasjonsnummer": orgnr(1), "overordnet": orgnr(2)},
        {**USER_ORG, "navn": "Hovedleddet", "organisasjonsnummer": orgnr(2), "paraplyer": orgnr(3)},
        {"navn": "Paraply", "type": "paraplyorganisasjon", "organisasjonsnummer": orgnr(3)},
    )

    assert run(raw, platform_admin, dry_run=False).applied is True

    child = Organisation.objects.get(org_number=orgnr(1))
    assert child.parent is not None
    assert child.parent.org_number == orgnr(2)
    assert [u.org_number for u in child.parent.umbrellas.all()] == [orgnr(3)]


def test_import_rejects_parent_cycle_within_the_file(platform_admin):
    raw = make_csv(
        {**USER_ORG, "organisasjonsnummer": orgnr(1), "overordnet": orgnr(2)},
        {**USER_ORG, "navn": "Andre", "organisasjonsnummer": orgnr(2), "overordnet": orgnr(1)},
    )

    report = run(raw, platform_admin)

    assert [r.action for r in report.rows] == ["create", "reject"]
    assert report.rows[1].problems == [
        Problem("overordnet", "Et overordnet ledd kan ikke ligge under sin egen underenhet.")
    ]


def test_import_reference_to_rejected_row_names_that_row(platform_admin):
    raw = make_csv(
        {"navn": "Mangler type", "organisasjonsnummer": orgnr(1)},
        {**USER_ORG, "organisasjonsnummer": orgnr(2), "overordnet": orgnr(1)},
    )

    report = run(raw, platform_admin)

    assert report.rows[1].problems == [
        Problem("overordnet", f"{orgnr(1)} står på rad 2, som er avvist.")
    ]


# --- Organisation numbers and names --------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12345", "Organisasjonsnummeret må ha nøyaktig 9 sifre."),
        ("9876543210", "Organisasjonsnummeret må ha nøyaktig 9 sifre."),
        ("abcdefghi", "Organisasjonsnummeret må ha nøyaktig 9 sifre."),
        ("987654320", "Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke)."),
    ],
)
def test_import_rejects_invalid_org_number(platform_admin, value, message):
    outcome = only_row(run(make_csv({**USER_ORG, "organisasjonsnummer": value}), platform_admin))

    assert (outcome.action, outcome.problems) == (
        "reject",
        [Problem("organisasjonsnummer", message)],
    )
    assert outcome.problems[0].describe(outcome.number) == (
        f"Rad 2, kolonne «organisasjonsnummer»: {message}"
    )


def test_import_rejects_duplicate_org_number_within_the_file(platform_admin):
    raw = make_csv(
        {**USER_ORG, "organisasjonsnummer": orgnr(1)},
        {**USER_ORG, "navn": "Annen", "organisasjonsnummer": orgnr(1)},
    )

    report = run(raw, platform_admin)

    assert [r.action for r in report.rows] == ["create", "reject"]
    assert report.rows[1].problems == [
        Problem(
            "organisasjonsnummer",
            "Organisasjonsnummeret står også på rad 2. "
            "Hver organisasjon kan bare stå én gang i filen.",
        )
    ]


def test_import_org_number_in_database_updates_instead_of_duplicating(platform_admin):
    OrganisationFactory(org_number=orgnr(1), name="Fra før")

    report = run(
        make_csv({**USER_ORG, "organisasjonsnummer": orgnr(1)}), platform_admin, dry_run=False
    )

    assert [r.action for r in report.rows] == ["update"]
    assert list(
        Organisation.objects.filter(org_number=orgnr(1)).values_list("name", flat=True)
    ) == ["Foreningen for test"]


def test_import_rejects_name_of_existing_organisation_without_org_number(platform_admin):
    OrganisationFactory(name="Foreningen for test", org_number=orgnr(1))
    OrganisationFactory(name="Uten nummer", org_number="")
    raw = make_csv({**USER_ORG, "navn": "foreningen for TEST"}, {**USER_ORG, "navn": "Uten nummer"})

    report = run(raw, platform_admin)

    assert [r.problems for r in report.rows] == [
        [
            Problem(
                "navn",
                "Det finnes allerede en organisasjon med dette navnet. Oppgi "
                "organisasjonsnummeret for å oppdatere den. "
                f"Organisasjonsnummer i katalogen: {orgnr(1)}.",
            )
        ],
        [
            Problem(
                "navn",
                "Det finnes allerede en organisasjon med dette navnet. Oppgi "
                "organisasjonsnummeret for å oppdatere den. Den har ikke organisasjonsnummer "
                "i katalogen; legg det inn i skjemaet først, eller endre den der.",
            )
        ],
    ]


def test_import_rejects_same_name_twice_in_file_without_org_number(platform_admin):
    report = run(make_csv(USER_ORG, USER_ORG), platform_admin)

    assert [r.action for r in report.rows] == ["create", "reject"]
    assert columns_of(report.rows[1]) == ["navn"]


# --- Field values ----------------------------------------------------------------------


def test_import_rejects_bad_email_and_phone(platform_admin):
    raw = make_csv(
        {
            **USER_ORG,
            "kontakt_navn": "Kari",
            "kontakt_epost": "kari(at)example",
            "kontakt_telefon": "123",
            "kontakt_offentlig": "kanskje",
        }
    )

    outcome = only_row(run(raw, platform_admin))

    assert outcome.action == "reject"
    assert sorted(columns_of(outcome)) == ["kontakt_epost", "kontakt_offentlig", "kontakt_telefon"]
    assert (
        Problem(
            "kontakt_telefon",
            "Skriv et telefonnummer med 8 sifre, eventuelt med landskode (+47 …).",
        )
        in outcome.problems
    )


def test_import_new_contact_needs_a_name(platform_admin):
    outcome = only_row(
        run(make_csv({**USER_ORG, "kontakt_epost": "a@example.org"}), platform_admin)
    )

    assert outcome.problems == [
        Problem("kontakt_navn", "Navnet må fylles ut for en ny kontaktperson.")
    ]


def test_import_rejects_overlong_fields(platform_admin):
    raw = make_csv(
        {
            **USER_ORG,
            "navn": "N" * 201,
            "beskrivelse": "b" * 4001,
            "kontakt_navn": "Kari",
            "kontakt_rolle": "r" * 201,
        }
    )

    outcome = only_row(run(raw, platform_admin))

    assert outcome.action == "reject"
    assert columns_of(outcome) == ["navn", "beskrivelse", "kontakt_rolle"]
    assert outcome.problems[0] == Problem(
        "navn", "Sørg for at denne verdien har 200 eller færre tegn (den har nå 201)."
    )


def test_import_stores_html_as_plain_text(platform_admin):
    name = "<script>alert('x')</script> Forening"
    raw = make_csv({**USER_ORG, "navn": name, "beskrivelse": "<b>fet</b> & <img src=x onerror=y>"})

    assert run(raw, platform_admin, dry_run=False).applied is True

    organisation = Organisation.objects.get(name=name)
    assert organisation.description == "<b>fet</b> & <img src=x onerror=y>"


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [
        (
            {"type": "forening"},
            "type",
            "Ukjent verdi «forening». "
            "Bruk brukerorganisasjon, paraplyorganisasjon eller tjenesteyter.",
        ),
        (
            {"type": "tjenesteyter", "tjenestetype": "sykehus"},
            "tjenestetype",
            "Ukjent verdi «sykehus». Bruk kommune, fylkeskommune, nav, helseforetak, rhf, "
            "kompetansesenter, statlig eller annen.",
        ),
        (
            {"nivå": "global"},
            "nivå",
            "Ukjent verdi «global». Bruk nasjonalt, fylke eller lokalt.",
        ),
        (
            {"områder": "9999"},
            "områder",
            "Ukjent område «9999». Bruk fylkesnummer eller kommunenummer, "
            "for eksempel 03 eller 0301.",
        ),
        (
            {"målgrupper": "ukjent"},
            "målgrupper",
            "Ukjent målgruppe «ukjent». Gyldige koder: syn.",
        ),
        (
            {"paraplyer": orgnr(9)},
            "paraplyer",
            f"Fant ingen organisasjon med organisasjonsnummer {orgnr(9)}, "
            "verken i katalogen eller i filen.",
        ),
        (
            {"overordnet": orgnr(9)},
            "overordnet",
            f"Fant ingen organisasjon med organisasjonsnummer {orgnr(9)}, "
            "verken i katalogen eller i filen.",
        ),
        (
            {"overordnet": "123"},
            "overordnet",
            "123: Organisasjonsnummeret må ha nøyaktig 9 sifre.",
        ),
        (
            {"type": "tjenesteyter"},
            "tjenestetype",
            "Velg hva slags tjenesteyter dette er.",
        ),
        (
            {"type": ""},
            "type",
            "Typen må fylles ut for nye organisasjoner: "
            "brukerorganisasjon, paraplyorganisasjon eller tjenesteyter.",
        ),
    ],
)
def test_import_rejects_unknown_values(platform_admin, values, column, message):
    TargetGroupFactory(slug="syn")

    outcome = only_row(run(make_csv({**USER_ORG, **values}), platform_admin))

    assert (outcome.action, outcome.problems) == ("reject", [Problem(column, message)])


def test_import_rejects_umbrella_that_is_not_an_umbrella(platform_admin):
    OrganisationFactory(org_number=orgnr(5), name="Vanlig forening")

    outcome = only_row(run(make_csv({**USER_ORG, "paraplyer": orgnr(5)}), platform_admin))

    assert outcome.problems == [
        Problem("paraplyer", "Vanlig forening er ikke en paraplyorganisasjon.")
    ]


def test_import_accepts_enum_values_and_region_codes_without_leading_zero(platform_admin):
    oslo = RegionFactory(code="03", name="Oslo")
    kommune = RegionFactory(code="0301", name="Oslo kommune", kind="kommune")
    umbrella = UmbrellaFactory(org_number=orgnr(5))
    raw = make_csv(
        {
            "navn": "Statlig etat",
            "type": "service",
            "tjenestetype": "statlig",
            "nivå": "national",
            "områder": "3|301",
            "paraplyer": orgnr(5),
        }
    )

    assert run(raw, platform_admin, dry_run=False).applied is True

    organisation = Organisation.objects.get(name="Statlig etat")
    assert (organisation.kind, organisation.service_kind, organisation.level) == (
        OrganisationKind.SERVICE,
        ServiceKind.STATE_AGENCY,
        Level.NATIONAL,
    )
    assert set(organisation.regions.all()) == {oslo, kommune}
    assert list(organisation.umbrellas.all()) == [umbrella]


# --- Malformed files, encodings, delimiters ---------------------------------------------


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"", "Filen er tom."),
        (b"\xef\xbb\xbf\r\n  \r\n", "Filen er tom."),
        (
            b"organisasjonsnummer;type\r\n987654321;brukerorganisasjon\r\n",
            "Overskriftsraden (rad 1) mangler kolonnen «navn». Første rad i filen må inneholde "
            "kolonnenavnene, for eksempel organisasjonsnummer;navn;type.",
        ),
        (
            b"Foreningen;brukerorganisasjon\r\n",
            "Overskriftsraden (rad 1) mangler kolonnen «navn». Første rad i filen må inneholde "
            "kolonnenavnene, for eksempel organisasjonsnummer;navn;type.",
        ),
        (
            b"navn;type;navn\r\nA;brukerorganisasjon;A\r\n",
            "Kolonnen «navn» står flere ganger i overskriftsraden.",
        ),
        (b"navn;type\r\n", "Filen har ingen organisasjoner under overskriftsraden."),
        (
            bytes(range(256)) * 4,
            "Filen ser ikke ut til å være en tekstfil. Last opp en CSV-fil.",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x01\x02\x03",
            "Filen ser ikke ut til å være en tekstfil. Last opp en CSV-fil.",
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00",
            "Filen ser ut til å være et Excel-regneark (.xlsx), ikke CSV. "
            "Lagre den som «CSV UTF-8 (kommadelt)» og last den opp på nytt.",
        ),
        (
            "navn;type\r\n".encode("utf-16"),
            "Filen er lagret som UTF-16 («Unicode-tekst»). "
            "Lagre den som «CSV UTF-8 (kommadelt)» og last den opp på nytt.",
        ),
        (b"navn\n" + b"x" * (2 * 1024 * 1024), "Filen er for stor. Den kan være høyst 2 MB."),
    ],
)
def test_parse_rejects_malformed_file(raw, error):
    assert parse_organisation_csv(raw).errors == [error]


def test_import_of_malformed_file_reports_file_error_and_no_rows(platform_admin):
    report = run(b"", platform_admin, dry_run=False)

    assert (report.errors, report.rows, report.applied) == (["Filen er tom."], [], False)


def test_import_rejects_rows_with_wrong_column_count(platform_admin):
    raw = (
        "navn;type\r\n"
        "Rett;brukerorganisasjon\r\n"
        "For få\r\n"
        "For;mange;kolonner\r\n"
        "\r\n"
        "Tom til slutt;brukerorganisasjon;\r\n"
    ).encode()

    report = run(raw, platform_admin)

    assert [(r.number, r.action) for r in report.rows] == [
        (2, "create"),
        (3, "reject"),
        (4, "reject"),
        (6, "create"),
    ]
    assert report.rows[1].problems == [
        Problem(
            "",
            "Raden har 1 kolonner, men overskriftsraden har 2. Kontroller skilletegnene, "
            "og at tekst som inneholder «;» står i anførselstegn.",
        )
    ]
    assert report.rows[1].problems[0].describe(3).startswith("Rad 3: Raden har 1 kolonner")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_import_reads_utf8_with_and_without_bom(platform_admin, encoding):
    raw = make_csv(
        {"navn": "Blåbærforeningen Ærø", "type": "brukerorganisasjon"}, encoding=encoding
    )

    report = run(raw, platform_admin)

    assert (only_row(report).name, report.notes) == ("Blåbærforeningen Ærø", [])


def test_import_falls_back_to_windows_1252_and_says_so(platform_admin):
    raw = make_csv(
        {"navn": "Blåbærforeningen – Ærø", "type": "brukerorganisasjon", "nivå": "lokalt"},
        encoding="cp1252",
    )

    report = run(raw, platform_admin, dry_run=False)

    assert report.notes == [
        "Filen er ikke lagret som UTF-8, så den er lest som Windows-1252 (vanlig for "
        "CSV-filer fra Excel). Kontroller at æ, ø og å ser riktige ut."
    ]
    assert report.applied is True
    assert Organisation.objects.get(name="Blåbærforeningen – Ærø").level == Level.LOCAL


def test_import_reads_latin1_file(platform_admin):
    raw = "navn;type\r\nØstfold blindeforbund;brukerorganisasjon\r\n".encode("latin-1")

    assert only_row(run(raw, platform_admin)).name == "Østfold blindeforbund"


def test_import_sniffs_comma_delimiter_and_ignores_unknown_columns(platform_admin):
    raw = make_csv(
        {"navn": "Komma, med sitat", "type": "brukerorganisasjon", "sist_bekreftet": "2024"},
        header=["navn", "type", "sist_bekreftet"],
        delimiter=",",
    )

    report = run(raw, platform_admin)

    assert only_row(report).action == "create"
    assert only_row(report).name == "Komma, med sitat"
    assert report.notes == [
        "Filen bruker komma som skilletegn.",
        "Disse kolonnene er ukjente og blir ikke lest: «sist_bekreftet».",
    ]


def test_parse_accepts_header_without_norwegian_letters():
    parsed = parse_organisation_csv(b"Navn;NIVA;omrader;malgrupper\r\nA;lokalt;03;syn\r\n")

    assert parsed.columns == ["navn", "nivå", "områder", "målgrupper"]
    assert parsed.rows[0].values == {
        "navn": "A",
        "nivå": "lokalt",
        "områder": "03",
        "målgrupper": "syn",
    }


# --- Permission, command, example file -------------------------------------------------


@pytest.mark.parametrize("persona", ["member_a", "admin_a", "secretariat"])
def test_import_domain_refuses_everyone_but_platform_admins(org_a, secretariat, persona):
    user = {"member_a": org_a.member, "admin_a": org_a.admin, "secretariat": secretariat}[persona]

    with pytest.raises(PermissionDenied):
        run(make_csv(USER_ORG), user, dry_run=False)

    assert Organisation.objects.filter(name=USER_ORG["navn"]).exists() is False


def test_import_without_user_needs_the_explicit_system_flag(db):
    with pytest.raises(PermissionDenied):
        import_organisations(by=None, raw=make_csv(USER_ORG), dry_run=True)

    report = import_organisations(by=None, system=True, raw=make_csv(USER_ORG), dry_run=False)

    assert report.applied is True
    summary = ActivityLog.objects.get(action=IMPORT_RUN)
    assert (summary.actor, summary.actor_label) == (None, "import_organisations (kommandolinjen)")


def test_import_command_dry_runs_by_default_and_applies_with_flag(tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(make_csv({**USER_ORG, "organisasjonsnummer": orgnr(1)}))
    out = io.StringIO()

    call_command("import_organisations", str(path), stdout=out)

    assert Organisation.objects.filter(org_number=orgnr(1)).exists() is False
    assert "Rad 2: opprettes – Foreningen for test" in out.getvalue()

    call_command("import_organisations", str(path), "--apply", stdout=io.StringIO())

    assert Organisation.objects.get(org_number=orgnr(1)).name == "Foreningen for test"


def test_import_command_fails_on_rejected_rows(tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(make_csv({"navn": "Uten type"}))
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_organisations", str(path), "--apply", stdout=out)

    assert "Rad 2, kolonne «type»" in out.getvalue()
    assert Organisation.objects.exists() is False


def test_import_example_file_imports_cleanly(platform_admin):
    load_reference_data()

    report = run((DATA_DIR / "import_example.csv").read_bytes(), platform_admin, dry_run=False)

    assert [(r.action, r.problems) for r in report.rows] == [("create", [])] * 4
    council = Organisation.objects.get(name="Eldrerådet i Eksempel kommune")
    assert council.parent is not None
    assert council.parent.name == "Eksempel kommune"


# --- Pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", ["directory:import", "directory:import_example"])
def test_import_pages_only_for_platform_admins(persona_client, persona, url_name):
    response = persona_client(persona).get(reverse(url_name))

    expected = {"anonymous": 302, "platform_admin": 200}.get(persona, 403)
    assert response.status_code == expected
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["anonymous", "member_a", "admin_a", "admin_b", "secretariat"])
def test_import_upload_post_refused_for_others(persona_client, persona):
    response = persona_client(persona).post(
        reverse("directory:import"), {"file": SimpleUploadedFile("a.csv", make_csv(USER_ORG))}
    )

    assert response.status_code == (302 if persona == "anonymous" else 403)
    assert Organisation.objects.filter(name=USER_ORG["navn"]).exists() is False


def upload(client: Any, raw: bytes, name: str = "organisasjoner.csv") -> Any:
    """Upload a file; the check's task runs when the request commits (immediate tasks)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("directory:import"),
            {"file": SimpleUploadedFile(name, raw, content_type="text/csv")},
        )


def apply(client: Any, token: str) -> Any:
    """Press "Importer organisasjonene"; the real run's task runs when the request commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("directory:import_apply", args=[token]))


def test_import_flow_upload_report_apply_result(persona_client):
    client = persona_client("platform_admin")
    raw = make_csv({**USER_ORG, "organisasjonsnummer": orgnr(1), "beskrivelse": "<b>fet</b>"})

    response = upload(client, raw)
    assert response.status_code == 302
    report_url = response["Location"]

    response = client.get(report_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Foreningen for test" in html
    assert "Opprettes" in html
    assert "Importer organisasjonene" in html
    assert Organisation.objects.filter(org_number=orgnr(1)).exists() is False

    token = report_url.rstrip("/").rsplit("/", 1)[-1]
    response = apply(client, token)
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:import_result", args=[token])
    organisation = Organisation.objects.get(org_number=orgnr(1))

    response = client.get(response["Location"])
    assert response.status_code == 200
    assert organisation.get_absolute_url() in response.content.decode()

    # The file has been imported: applying twice is not possible.
    response = apply(client, token)
    assert response["Location"] == reverse("directory:import")
    assert Organisation.objects.filter(org_number=orgnr(1)).count() == 1


def test_import_report_with_rejections_has_no_apply_button(persona_client):
    client = persona_client("platform_admin")
    raw = make_csv(USER_ORG, {"navn": "Uten type"})

    response = client.get(upload(client, raw)["Location"])

    html = response.content.decode()
    assert response.status_code == 200
    assert "Importer organisasjonene" not in html
    assert "Ingenting blir importert før filen er rettet" in html
    assert "«type»: Typen må fylles ut for nye organisasjoner" in html


def test_import_apply_refuses_when_directory_changed_since_dry_run(persona_client):
    client = persona_client("platform_admin")
    report_url = upload(client, make_csv(USER_ORG))["Location"]
    token = report_url.rstrip("/").rsplit("/", 1)[-1]
    OrganisationFactory(name=USER_ORG["navn"])

    response = apply(client, token)
    assert response["Location"] == reverse("directory:import_result", args=[token])
    response = client.get(response["Location"])

    assert response.status_code == 422
    assert "Importen ble ikke gjennomført, og ingenting er lagret." in response.content.decode()
    assert Organisation.objects.filter(name=USER_ORG["navn"]).count() == 1


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x00\x01\x02binary", "Filen ser ikke ut til å være en tekstfil. Last opp en CSV-fil."),
        (b"", "Filen er tom."),
        (b"navn\n" + b"x" * (2 * 1024 * 1024), "Filen er for stor. Den kan være høyst 2 MB."),
    ],
)
def test_import_upload_rejects_unreadable_file_with_422(persona_client, raw, message):
    client = persona_client("platform_admin")

    response = upload(client, raw)

    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert "directory_import_pending" not in client.session


def test_import_report_of_someone_elses_token_redirects_to_upload(persona_client, platform_admin):
    client = persona_client("platform_admin")
    upload(client, make_csv(USER_ORG))

    response = persona_client("platform_admin").get(
        reverse("directory:import_report", args=["not-the-token"])
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("directory:import")


def test_imported_html_is_escaped_on_the_detail_and_report_pages(persona_client):
    client = persona_client("platform_admin")
    name = "<script>alert('x')</script>Forening"
    raw = make_csv({**USER_ORG, "navn": name, "beskrivelse": "<img src=x onerror=alert(1)>"})
    report_url = upload(client, raw)["Location"]

    report_html = client.get(report_url).content.decode()
    assert "<script>alert(" not in report_html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;Forening" in report_html

    token = report_url.rstrip("/").rsplit("/", 1)[-1]
    apply(client, token)
    organisation = Organisation.objects.get(name=name)

    html = persona_client("anonymous").get(organisation.get_absolute_url()).content.decode()
    assert "<script>alert(" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;Forening" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_import_example_download_is_the_example_file(persona_client):
    response = persona_client("platform_admin").get(reverse("directory:import_example"))

    assert response.content == (DATA_DIR / "import_example.csv").read_bytes()
    assert response["Content-Disposition"] == 'attachment; filename="medvirk-import-eksempel.csv"'


def test_dashboard_links_to_import_for_platform_admin(persona_client):
    html = persona_client("platform_admin").get(reverse("start:page")).content.decode()

    assert reverse("directory:import") in html


def test_contact_count_unchanged_after_dry_run(platform_admin):
    run(make_csv({**USER_ORG, "kontakt_navn": "Kari"}), platform_admin)

    assert Contact.objects.count() == 0
