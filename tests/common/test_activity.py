"""log_activity, diff and the action label registry."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation

from medvirk.common.activity import diff, log_activity
from medvirk.common.activity_labels import action_label, register_action
from medvirk.common.models import ActivityLog
from medvirk.directory.domain.organisations import UPDATED
from medvirk.directory.models import Contact, Organisation
from tests.arenas.conftest import make_arena
from tests.conftest import Tenant
from tests.factories import ContactFactory, ServiceFactory
from tests.meetings.conftest import make_meeting


def test_log_activity_records_actor_object_and_tenant(org_a: Tenant) -> None:
    org = org_a.organisation
    contact = ContactFactory(organisation=org, name="Kari")
    entry = log_activity(
        action="test.contact.changed",
        actor=org_a.admin,
        obj=contact,
        organisation=org,
        data={"changes": {"name": ["Kari", "Kari N."]}},
    )
    entry = ActivityLog.objects.get(pk=entry.pk)
    assert entry.actor == org_a.admin
    assert entry.actor_label == "admin-a@example.org"
    assert entry.content_type == ContentType.objects.get_for_model(Contact)
    assert entry.object_id == str(contact.pk)
    assert entry.object_repr == "Kari"
    assert entry.organisation == org
    assert entry.data == {"changes": {"name": ["Kari", "Kari N."]}}
    assert list(ActivityLog.objects.for_object(contact)) == [entry]
    assert list(ActivityLog.objects.for_object(org)) == []


def test_log_activity_without_an_account(db: Any) -> None:
    entry = log_activity(action="test.system", actor=None, actor_label="bekreftelseslenke")
    assert entry.actor is None
    assert entry.actor_display == "bekreftelseslenke"
    assert entry.content_type is None
    assert entry.object_id == ""
    assert entry.organisation is None
    assert entry.data == {}


def test_log_activity_treats_anonymous_as_no_actor(db: Any) -> None:
    entry = log_activity(action="test.anonymous", actor=AnonymousUser())  # type: ignore[arg-type]
    assert entry.actor is None
    assert entry.actor_label == ""
    assert entry.actor_display == "systemet"


def test_log_activity_keeps_the_label_when_the_account_is_deleted(org_a: Tenant) -> None:
    entry = log_activity(action="test.x", actor=org_a.member)
    org_a.member.delete()
    entry.refresh_from_db()
    assert entry.actor is None
    assert entry.actor_display == "member-a@example.org"


def test_log_activity_truncates_long_object_names(db: Any) -> None:
    org = Organisation.objects.create(kind="user_org", name="N" * 200)
    org.name = "N" * 400  # longer than the log's column (never saved)
    entry = log_activity(action="test.long", actor=None, obj=org)
    assert entry.object_repr == "N" * 300


def test_log_activity_rolls_back_with_the_change(org_a: Tenant) -> None:
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        log_activity(action="test.rolled_back", actor=org_a.admin)
        raise Boom
    assert ActivityLog.objects.count() == 0


def test_entries_are_newest_first(db: Any) -> None:
    first = log_activity(action="test.first", actor=None)
    second = log_activity(action="test.second", actor=None)
    assert list(ActivityLog.objects.all()) == [second, first]


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ({}, {}, {}),
        ({"a": 1}, {"a": 1}, {}),
        ({"a": 1}, {"a": 2}, {"a": [1, 2]}),
        ({}, {"a": 1}, {"a": [None, 1]}),
        ({"a": 1}, {}, {"a": [1, None]}),
        ({"b": [1, 2], "a": "x"}, {"b": [1, 3], "a": "x"}, {"b": [[1, 2], [1, 3]]}),
        ({"a": ""}, {"a": None}, {"a": ["", None]}),
    ],
)
def test_diff(before: dict[str, Any], after: dict[str, Any], expected: dict[str, Any]) -> None:
    assert diff(before, after) == expected


def test_diff_lists_fields_in_order() -> None:
    assert list(diff({"b": 1, "a": 1}, {"b": 2, "a": 2})) == ["a", "b"]


def test_action_labels() -> None:
    code = register_action("test.labelled", "Testet")
    assert code == "test.labelled"
    assert action_label(code) == "Testet"
    assert action_label("test.unknown") == "test.unknown"
    assert action_label(UPDATED) == "Endret"


def test_log_activity_names_the_object_in_the_sites_language(db: Any) -> None:
    """A meeting's name holds its date; the log keeps it as bokmål writes it, whatever
    language the actor reads the site in."""
    owner = ServiceFactory()
    meeting = make_meeting(make_arena(owner), datetime.date(2026, 12, 7), title="Styremøte")
    with translation.override("en"):
        assert str(meeting) == "Styremøte 7 Dec 2026"
        entry = log_activity(action="test", actor=None, obj=meeting)
    assert entry.object_repr == "Styremøte 07.12.2026"
