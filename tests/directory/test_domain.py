"""create_organisation / update_organisation: permissions, validation, the change log."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from medvirk.common.models import ActivityLog
from medvirk.directory.domain.organisations import (
    CREATED,
    UPDATED,
    create_organisation,
    snapshot,
    update_organisation,
)
from medvirk.directory.enums import Level, OrganisationKind, ServiceKind
from medvirk.directory.models import Contact, Organisation
from tests.conftest import Tenant
from tests.factories import (
    ContactFactory,
    OrganisationFactory,
    RegionFactory,
    TargetGroupFactory,
    UmbrellaFactory,
    UserFactory,
)


def base_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Ny forening",
        "kind": OrganisationKind.USER_ORG,
        "service_kind": "",
        "org_number": "",
        "level": Level.LOCAL,
        "parent": None,
        "website": "",
        "description": "",
        "is_public": True,
    }
    data.update(overrides)
    return data


def state() -> tuple[list[dict[str, Any]], list[tuple[Any, ...]], int]:
    """Everything a failed write must leave untouched."""
    organisations = [snapshot(o) for o in Organisation.objects.order_by("pk")]
    contacts = list(Contact.objects.order_by("pk").values_list())
    return organisations, contacts, ActivityLog.objects.count()


# --- create ------------------------------------------------------------------------


def test_create_organisation_logs_every_field_as_created(secretariat: Any) -> None:
    region = RegionFactory()
    group = TargetGroupFactory()
    umbrella = UmbrellaFactory()
    org = create_organisation(
        by=secretariat,
        data=base_data(
            org_number="974 760 673",
            regions=[region],
            target_groups=[group],
            umbrellas=[umbrella],
        ),
        contacts=[{"name": "Kari", "email": "kari@example.org", "is_public": True}],
    )
    assert org.org_number == "974760673"
    assert list(org.regions.all()) == [region]
    assert [c.name for c in org.contacts.all()] == ["Kari"]
    entry = ActivityLog.objects.get(action=CREATED)
    assert entry.actor == secretariat
    assert entry.organisation == org
    assert entry.object_id == str(org.pk)
    changes = entry.data["changes"]
    assert changes["name"] == [None, "Ny forening"]
    assert changes["org_number"] == [None, "974760673"]
    assert changes["regions"] == [None, [region.pk]]
    assert changes["umbrellas"] == [None, [umbrella.pk]]
    assert changes["contacts"][0] is None
    assert [c["name"] for c in changes["contacts"][1]] == ["Kari"]


def test_create_organisation_denied_for_ordinary_users(org_a: Tenant) -> None:
    before = state()
    for user in (org_a.admin, org_a.member, UserFactory()):
        with pytest.raises(PermissionDenied):
            create_organisation(by=user, data=base_data())
    assert state() == before


def test_create_organisation_rejects_duplicate_org_number(secretariat: Any, org_a: Tenant) -> None:
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        create_organisation(
            by=secretariat, data=base_data(org_number=org_a.organisation.org_number)
        )
    assert excinfo.value.message_dict == {
        "org_number": [
            "En annen organisasjon er allerede registrert med dette organisasjonsnummeret."
        ]
    }
    assert state() == before


def test_create_organisation_saves_nothing_when_a_contact_is_invalid(secretariat: Any) -> None:
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        create_organisation(
            by=secretariat,
            data=base_data(),
            contacts=[{"name": "Kari", "email": "ikke-en-adresse"}],
        )
    assert excinfo.value.messages == ["Kontaktperson 1: Oppgi en gyldig e-postadresse"]
    assert state() == before


# --- update ------------------------------------------------------------------------


def test_update_organisation_logs_only_the_changes(org_a: Tenant) -> None:
    org = org_a.organisation
    group = TargetGroupFactory()
    update_organisation(org, by=org_a.admin, data={"name": "Nytt navn", "target_groups": [group]})
    entry = ActivityLog.objects.get(action=UPDATED)
    assert entry.actor == org_a.admin
    assert entry.organisation == org
    assert entry.data["changes"] == {
        "name": ["Organisasjon A", "Nytt navn"],
        "target_groups": [[], [group.pk]],
    }
    org.refresh_from_db()
    assert org.name == "Nytt navn"


def test_update_organisation_without_changes_logs_nothing(org_a: Tenant) -> None:
    update_organisation(org_a.organisation, by=org_a.admin, data={"name": "Organisasjon A"})
    assert ActivityLog.objects.count() == 0


def test_update_organisation_logs_contact_changes(org_a: Tenant) -> None:
    org = org_a.organisation
    public, secret = org.contacts.order_by("pk")
    update_organisation(
        org,
        by=org_a.admin,
        data={},
        contacts=[
            {"id": public.pk, "role": "Leder"},
            {"id": secret.pk, "delete": True},
        ],
    )
    assert list(org.contacts.values_list("name", "role")) == [("Offentlig Kontakt A", "Leder")]
    old, new = ActivityLog.objects.get(action=UPDATED).data["changes"]["contacts"]
    assert [c["name"] for c in old] == ["Offentlig Kontakt A", "Hemmelig Kontakt A"]
    assert [(c["name"], c["role"]) for c in new] == [("Offentlig Kontakt A", "Leder")]


@pytest.mark.parametrize("who", ["member", "admin_b", "stranger", "secretariat"])
def test_update_organisation_denied_for_outsiders(
    who: str, org_a: Tenant, org_b: Tenant, secretariat: Any
) -> None:
    user = {
        "member": org_a.member,
        "admin_b": org_b.admin,
        "stranger": UserFactory(),
        "secretariat": secretariat,
    }[who]
    before = state()
    with pytest.raises(PermissionDenied):
        update_organisation(org_a.organisation, by=user, data={"name": "Kapret"})
    assert state() == before


def test_update_organisation_allowed_for_platform_admin(org_a: Tenant, platform_admin: Any) -> None:
    update_organisation(org_a.organisation, by=platform_admin, data={"name": "Endret"})
    assert Organisation.objects.get(pk=org_a.organisation.pk).name == "Endret"


def test_update_organisation_rejects_parent_cycles(platform_admin: Any) -> None:
    national = OrganisationFactory(level=Level.NATIONAL)
    county = OrganisationFactory(level=Level.COUNTY, parent=national)
    local = OrganisationFactory(level=Level.LOCAL, parent=county)
    before = state()
    for parent in (local, county):
        with pytest.raises(ValidationError) as excinfo:
            update_organisation(national, by=platform_admin, data={"parent": parent})
        assert excinfo.value.message_dict == {
            "parent": ["Et overordnet ledd kan ikke ligge under sin egen underenhet."]
        }
    with pytest.raises(ValidationError):
        update_organisation(national, by=platform_admin, data={"parent": national})
    assert state() == before


def test_update_organisation_accepts_a_proper_hierarchy(platform_admin: Any) -> None:
    national = OrganisationFactory(level=Level.NATIONAL)
    local = OrganisationFactory(level=Level.LOCAL)
    update_organisation(local, by=platform_admin, data={"parent": national})
    assert Organisation.objects.get(pk=local.pk).parent == national


def test_update_organisation_rejects_non_umbrella_as_umbrella(org_a: Tenant, org_b: Tenant) -> None:
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        update_organisation(
            org_a.organisation, by=org_a.admin, data={"umbrellas": [org_b.organisation]}
        )
    assert excinfo.value.message_dict == {
        "umbrellas": ["Organisasjon B er ikke en paraplyorganisasjon."]
    }
    assert state() == before


def test_update_organisation_rejects_umbrella_as_its_own_member(platform_admin: Any) -> None:
    umbrella = UmbrellaFactory()
    with pytest.raises(ValidationError) as excinfo:
        update_organisation(umbrella, by=platform_admin, data={"umbrellas": [umbrella]})
    assert excinfo.value.message_dict == {
        "umbrellas": ["En organisasjon kan ikke være medlem av seg selv."]
    }
    assert umbrella.umbrellas.count() == 0


def test_update_organisation_allows_at_most_one_primary_contact(org_a: Tenant) -> None:
    org = org_a.organisation
    _public, secret = org.contacts.order_by("pk")
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        update_organisation(
            org,
            by=org_a.admin,
            data={"name": "Skal ikke lagres"},
            contacts=[{"id": secret.pk, "is_primary": True}],
        )
    assert excinfo.value.messages == ["Bare én kontaktperson kan være hovedkontakt."]
    assert state() == before


def test_update_organisation_moves_primary_contact(org_a: Tenant) -> None:
    org = org_a.organisation
    public, secret = org.contacts.order_by("pk")
    update_organisation(
        org,
        by=org_a.admin,
        data={},
        contacts=[{"id": public.pk, "is_primary": False}, {"id": secret.pk, "is_primary": True}],
    )
    assert list(org.contacts.filter(is_primary=True)) == [secret]


def test_update_organisation_never_touches_another_organisations_contact(
    org_a: Tenant, org_b: Tenant
) -> None:
    foreign = org_b.organisation.contacts.get()
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        update_organisation(
            org_a.organisation,
            by=org_a.admin,
            data={},
            contacts=[{"id": foreign.pk, "name": "Kapret", "delete": False}],
        )
    assert excinfo.value.messages == ["Kontaktpersonen finnes ikke i denne organisasjonen."]
    with pytest.raises(ValidationError):
        update_organisation(
            org_a.organisation,
            by=org_a.admin,
            data={},
            contacts=[{"id": foreign.pk, "delete": True}],
        )
    assert state() == before


def test_service_kind_required_for_service_providers(secretariat: Any) -> None:
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        create_organisation(by=secretariat, data=base_data(kind=OrganisationKind.SERVICE))
    assert excinfo.value.message_dict == {"service_kind": ["Velg hva slags tjenesteyter dette er."]}
    assert state() == before
    org = create_organisation(
        by=secretariat,
        data=base_data(kind=OrganisationKind.SERVICE, service_kind=ServiceKind.NAV),
    )
    assert org.service_kind == ServiceKind.NAV
    assert org.kind_display == "Nav-kontor"


def test_service_kind_cleared_for_other_kinds(platform_admin: Any) -> None:
    org = create_organisation(
        by=platform_admin,
        data=base_data(kind=OrganisationKind.UMBRELLA, service_kind=ServiceKind.KOMMUNE),
    )
    assert Organisation.objects.get(pk=org.pk).service_kind == ""
    update_organisation(
        org, by=platform_admin, data={"kind": OrganisationKind.USER_ORG, "service_kind": "nav"}
    )
    assert Organisation.objects.get(pk=org.pk).service_kind == ""


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"name": "x" * 201},
            "name",
            "Sørg for at denne verdien har 200 eller færre tegn (den har nå 201).",
        ),
        ({"name": ""}, "name", "Feltet kan ikke være blankt."),
        (
            {"org_number": "974760674"},
            "org_number",
            "Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke).",
        ),
        ({"website": "javascript:alert(1)"}, "website", "Oppgi en gyldig nettadresse."),
        (
            {"description": "x" * 4001},
            "description",
            "Sørg for at denne verdien har 4000 eller færre tegn (den har nå 4001).",
        ),
    ],
)
def test_update_organisation_rejects_bad_values(
    org_a: Tenant, data: dict[str, Any], field: str, message: str
) -> None:
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        update_organisation(org_a.organisation, by=org_a.admin, data=data)
    assert excinfo.value.message_dict == {field: [message]}
    assert state() == before


def test_update_organisation_stores_markup_as_typed(org_a: Tenant) -> None:
    text = '<script>alert("x")</script><b>fet</b>'
    update_organisation(org_a.organisation, by=org_a.admin, data={"description": text})
    assert Organisation.objects.get(pk=org_a.organisation.pk).description == text


def test_contact_changes_outside_the_organisation_are_not_needed(org_a: Tenant) -> None:
    # A contact added through the domain belongs to the organisation it was added to.
    ContactFactory(organisation=org_a.organisation, name="Tredje")
    update_organisation(org_a.organisation, by=org_a.admin, data={}, contacts=[{"name": "Fjerde"}])
    assert sorted(org_a.organisation.contacts.values_list("name", flat=True)) == [
        "Fjerde",
        "Hemmelig Kontakt A",
        "Offentlig Kontakt A",
        "Tredje",
    ]
