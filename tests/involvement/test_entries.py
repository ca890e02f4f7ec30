"""Hand-made entries: who may keep them (persona matrix), validation that names the
field and keeps the input, the log entry, and automatic entries staying read-only."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from medvirk.arenas.enums import Influence, Level
from medvirk.common.models import ActivityLog
from medvirk.involvement.domain.collect import collect_year, refresh_log
from medvirk.involvement.domain.entries import create_entry, delete_entry, update_entry
from medvirk.involvement.enums import EntryKind
from medvirk.involvement.models import InvolvementEntry
from tests.involvement.conftest import FOLLOWUP_PERSONAS, LogWorld, recent

pytestmark = pytest.mark.django_db

KEEPERS = {"secretariat"}


def values(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "date": recent(4),
        "title": "Dialogkonferanse om hverdagsrehabilitering",
        "kind": EntryKind.DIALOGUE_CONFERENCE,
        "level": Level.SYSTEM,
        "degree": Influence.DIALOGUE,
    }
    base.update(changes)
    return base


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_only_the_services_secretariat_adds_changes_and_deletes_entries(
    log_world: LogWorld, persona: str
) -> None:
    user = log_world.f.user(persona)
    allowed = persona in KEEPERS
    if allowed:
        made = create_entry(log_world.service, by=user, **values())  # type: ignore[arg-type]
        assert made.source is None and made.created_by == user
        update_entry(made, by=user, people=[], organisations=[], title="Ny tittel")
        delete_entry(made, by=user)
        actions = ActivityLog.objects.filter(action__startswith="involvement.entry_")
        assert sorted(actions.values_list("action", flat=True)) == [
            "involvement.entry_changed",
            "involvement.entry_created",
            "involvement.entry_deleted",
        ]
    else:
        with pytest.raises(PermissionDenied):
            create_entry(log_world.service, by=user, **values())  # type: ignore[arg-type]
        with pytest.raises(PermissionDenied):
            update_entry(log_world.hand_made, by=user, people=[], organisations=[])
        with pytest.raises(PermissionDenied):
            delete_entry(log_world.hand_made, by=user)
        with pytest.raises(PermissionDenied):
            refresh_log(log_world.service, by=user, year=timezone.localdate().year)


def test_an_automatic_entry_cannot_be_changed_or_deleted(log_world: LogWorld) -> None:
    collect_year(log_world.service, year=log_world.advice.given_on.year)
    automatic = InvolvementEntry.objects.get(source=f"advice:{log_world.advice.pk}")
    secretariat = log_world.f.m.secretariat
    with pytest.raises(PermissionDenied):
        update_entry(automatic, by=secretariat, people=[], organisations=[], title="Nei")
    with pytest.raises(PermissionDenied):
        delete_entry(automatic, by=secretariat)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": None}, "date"),
        ({"date": datetime.date(2200, 1, 1)}, "date"),
        ({"date": datetime.date(1980, 1, 1)}, "date"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"kind": "party"}, "kind"),
        ({"level": "galaxy"}, "level"),
        ({"degree": "total"}, "degree"),
        ({"description": "x" * 4001}, "description"),
    ],
)
def test_bad_input_names_the_field(
    log_world: LogWorld, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        create_entry(log_world.service, by=log_world.f.m.secretariat, **values(**changes))  # type: ignore[arg-type]
    assert field in raised.value.error_dict


def test_another_services_arena_people_and_organisations_are_refused(log_world: LogWorld) -> None:
    from tests.arenas.conftest import make_arena, make_person

    w = log_world.f.m
    foreign = make_arena(w.other_service, name="Annet råd")
    stranger = make_person("Ukjent Person")
    with pytest.raises(ValidationError) as raised:
        create_entry(
            w.service,
            by=w.secretariat,
            arena=foreign,
            people=[stranger],
            organisations=[w.org_b.organisation],
            **values(),  # type: ignore[arg-type]
        )
    assert set(raised.value.error_dict) == {"arena", "people", "organisations"}


def test_an_entry_of_a_private_arena_cannot_be_public(log_world: LogWorld) -> None:
    w = log_world.f.m
    with pytest.raises(ValidationError) as raised:
        create_entry(
            w.service,
            by=w.secretariat,
            arena=w.private_arena,
            is_public=True,
            **values(),  # type: ignore[arg-type]
        )
    assert "is_public" in raised.value.error_dict
    made = create_entry(
        w.service,
        by=w.secretariat,
        arena=w.private_arena,
        is_public=False,
        **values(),  # type: ignore[arg-type]
    )
    assert not InvolvementEntry.objects.public().filter(pk=made.pk).exists()


def test_the_form_keeps_what_was_typed_and_links_the_error(log_world: LogWorld) -> None:
    w = log_world.f.m
    client = log_world.client("secretariat")
    url = reverse("involvement:entry_create", args=[w.service.pk])
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = client.post(
        url,
        {
            "date": future,
            "title": "Referansegruppe for nytt helsehus",
            "kind": EntryKind.REFERENCE_GROUP,
            "level": Level.SYSTEM,
            "degree": Influence.DIALOGUE,
            "organisations": [w.org_a.organisation.pk],
            "is_public": "on",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Referansegruppe for nytt helsehus" in page
    assert 'href="#id_date"' in page
    assert "Datoen kan ikke være i fremtiden" in page
    assert not InvolvementEntry.objects.filter(title="Referansegruppe for nytt helsehus")
    good = client.post(
        url,
        {
            "date": recent(1).isoformat(),
            "title": "Referansegruppe for nytt helsehus",
            "kind": EntryKind.REFERENCE_GROUP,
            "level": Level.SYSTEM,
            "degree": Influence.DIALOGUE,
            "organisations": [w.org_a.organisation.pk],
            "people": [w.member_person.pk],
            "is_public": "on",
        },
    )
    assert good.status_code == 302
    made = InvolvementEntry.objects.get(title="Referansegruppe for nytt helsehus")
    assert list(made.organisations.all()) == [w.org_a.organisation]
    assert list(made.people.all()) == [w.member_person]


def test_a_value_not_in_the_menu_is_a_form_error(log_world: LogWorld) -> None:
    w = log_world.f.m
    response = log_world.client("secretariat").post(
        reverse("involvement:entry_create", args=[w.service.pk]),
        {**{k: str(v) for k, v in values().items()}, "arena": "999999", "people": ["abc"]},
    )
    assert response.status_code == 422


def test_edit_and_delete_pages(log_world: LogWorld) -> None:
    client = log_world.client("secretariat")
    entry = log_world.hand_made
    edit = reverse("involvement:entry_edit", args=[entry.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "date": entry.date.isoformat(),
            "title": "Arbeidsgruppe for ny nettside",
            "kind": entry.kind,
            "level": entry.level,
            "degree": entry.degree,
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Arbeidsgruppe for ny nettside"
    assert not entry.is_public  # the box left empty
    delete = reverse("involvement:entry_delete", args=[entry.pk])
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not InvolvementEntry.objects.filter(pk=entry.pk).exists()
    assert log_world.client("admin_a").get(edit).status_code in (403, 404)


def test_refresh_collects_the_chosen_year(log_world: LogWorld) -> None:
    w = log_world.f.m
    year = log_world.advice.given_on.year
    client = log_world.client("secretariat")
    response = client.post(reverse("involvement:refresh", args=[w.service.pk]), {"year": year})
    assert response.status_code == 302
    assert InvolvementEntry.objects.filter(source=f"advice:{log_world.advice.pk}").exists()
    bad = client.post(reverse("involvement:refresh", args=[w.service.pk]), {"year": "2999"})
    assert bad.status_code == 302
    assert client.get(reverse("involvement:refresh", args=[w.service.pk])).status_code == 405


def test_the_form_lists_the_chosen_arenas_people_not_the_whole_service(
    log_world: LogWorld,
) -> None:
    """A national service has had thousands of people in its arenas: an arena lists
    everyone who has sat there, no arena lists nobody; people already chosen stay listed;
    choosing an arena keeps what was typed and saves nothing."""
    from tests.factories.people import MembershipFactory, PersonFactory

    w = log_world.f.m
    today = timezone.localdate()
    former = PersonFactory(name="Frida Tidligere")
    MembershipFactory(
        arena=w.private_arena,
        person=former,
        starts_on=today - datetime.timedelta(days=900),
        ends_on=today - datetime.timedelta(days=200),
    )
    client = log_world.client("secretariat")
    url = reverse("involvement:entry_create", args=[w.service.pk])
    page = client.get(url).content.decode()
    assert w.member_person.name not in page and "Frida Tidligere" not in page
    assert "Velg en arena for å se personene" in page
    page = client.get(url, {"arena": w.public_arena.pk}).content.decode()
    assert w.member_person.name in page and "Frida Tidligere" not in page
    page = client.get(url, {"arena": w.private_arena.pk}).content.decode()
    assert "Frida Tidligere" in page and f"«{w.private_arena.name}»" in page
    # Without JavaScript: the button posts the form back, nothing is saved or refused.
    response = client.post(
        url,
        {
            "title": "Arbeidsgruppe",
            "arena": str(w.private_arena.pk),
            "people": [str(w.member_person.pk)],
            "vis-arena": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'value="Arbeidsgruppe"' in page
    assert "Frida Tidligere" in page and w.member_person.name in page
    assert (
        "error-summary" not in page
        and not InvolvementEntry.objects.filter(title="Arbeidsgruppe").exists()
    )
    # Someone who never sat in the service's arenas is not listed, even if asked for.
    stranger = PersonFactory(name="Sofie Utenfor")
    page = client.get(url, {"arena": "", "people": [str(stranger.pk)]}).content.decode()
    assert "Sofie Utenfor" not in page
    # Saving with a former member of another arena chosen works.
    response = client.post(
        url,
        {
            **{k: str(v) for k, v in values().items()},
            "people": [str(former.pk)],
        },
    )
    assert response.status_code == 302
    made = InvolvementEntry.objects.get(title=values()["title"])
    assert list(made.people.all()) == [former]
    edit = client.get(reverse("involvement:entry_edit", args=[made.pk])).content.decode()
    assert "Frida Tidligere" in edit
