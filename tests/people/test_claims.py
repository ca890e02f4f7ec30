"""An organisation registers a person, mails a link, and the person claims the profile."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from medvirk.common.models import ActivityLog
from medvirk.people.domain.claims import (
    claim_person,
    claim_registered_person,
    send_claim_invitation,
)
from medvirk.people.models import Person
from tests.conftest import Tenant
from tests.factories import UserFactory
from tests.factories.people import PersonFactory


def invite(org_a: Tenant, mailoutbox, settings) -> tuple[Person, str]:
    settings.SITE_URL = "http://testserver"
    person = PersonFactory(created_by=org_a.organisation, email="ny@example.org", name="Ny Person")
    send_claim_invitation(person, by=org_a.admin)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ny@example.org"]
    match = re.search(r"http://testserver(/personer/krav/[^/\s]+/)", mailoutbox[0].body)
    assert match is not None
    return person, match.group(1)


def test_claim_flow_through_the_link(org_a: Tenant, mailoutbox, settings) -> None:
    person, path = invite(org_a, mailoutbox, settings)
    person.refresh_from_db()
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert token not in person.claim_token_hash
    assert person.claim_expires_at is not None
    assert person.claim_expires_at - timezone.now() > timedelta(days=13)

    anonymous = Client()
    response = anonymous.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    user = UserFactory(email="ny@example.org")
    client = Client()
    client.force_login(user)
    page = client.get(path)
    assert page.status_code == 200
    assert "Ny Person" in page.content.decode()
    assert client.post(path).status_code == 302
    person.refresh_from_db()
    assert person.user == user
    assert person.claim_token_hash == ""
    assert ActivityLog.objects.filter(action="people.claim.claimed").count() == 1
    # Used: the same link does nothing more.
    assert client.get(path).status_code == 404
    other = Client()
    other.force_login(UserFactory())
    assert other.post(path).status_code == 400
    person.refresh_from_db()
    assert person.user == user


def test_claim_expired_link_refused(org_a: Tenant, mailoutbox, settings) -> None:
    person, path = invite(org_a, mailoutbox, settings)
    Person.objects.filter(pk=person.pk).update(claim_expires_at=timezone.now() - timedelta(1))
    token = path.rstrip("/").rsplit("/", 1)[1]
    with pytest.raises(ValidationError) as error:
        claim_person(token, by=UserFactory())
    assert error.value.code == "expired"
    person.refresh_from_db()
    assert person.user is None


def test_claim_forged_token_refused(org_a: Tenant, mailoutbox, settings) -> None:
    invite(org_a, mailoutbox, settings)
    with pytest.raises(ValidationError):
        claim_person("forfalsket-token", by=UserFactory())
    with pytest.raises(ValidationError):
        claim_person("x" * 500, by=UserFactory())
    client = Client()
    client.force_login(UserFactory())
    assert client.get("/personer/krav/forfalsket/").status_code == 404
    assert Person.objects.filter(user__isnull=False).count() == 0


def test_claim_refused_when_user_already_has_a_person(org_a: Tenant, mailoutbox, settings) -> None:
    person, path = invite(org_a, mailoutbox, settings)
    user = UserFactory()
    PersonFactory(user=user)
    token = path.rstrip("/").rsplit("/", 1)[1]
    with pytest.raises(ValidationError) as error:
        claim_person(token, by=user)
    assert error.value.code == "has_person"
    person.refresh_from_db()
    assert person.user is None


def test_invitation_refused_for_claimed_person_and_others(
    org_a: Tenant, org_b: Tenant, mailoutbox
) -> None:
    claimed = PersonFactory(created_by=org_a.organisation, user=UserFactory())
    with pytest.raises(PermissionDenied):
        send_claim_invitation(claimed, by=org_a.admin)
    unclaimed = PersonFactory(created_by=org_a.organisation)
    with pytest.raises(PermissionDenied):
        send_claim_invitation(unclaimed, by=org_b.admin)
    no_email = PersonFactory(created_by=org_a.organisation, email="")
    with pytest.raises(ValidationError):
        send_claim_invitation(no_email, by=org_a.admin)
    assert mailoutbox == []


def test_invitation_through_real_smtp(
    org_a: Tenant, smtp_server, django_capture_on_commit_callbacks
) -> None:
    person = PersonFactory(created_by=org_a.organisation, email="smtp@example.org")
    client = Client()
    client.force_login(org_a.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:invite", args=[person.pk]))
    assert response.status_code == 302
    messages = smtp_server.to("smtp@example.org")
    assert len(messages) == 1
    assert "/personer/krav/" in smtp_server.text(messages[0])


# --- Claiming by a verified e-mail address (after a national login) -------------------


def test_claim_registered_person_by_verified_email_links_and_logs(org_a: Tenant) -> None:
    person = Person.objects.create(
        name="Kari", email="KARI@example.org", created_by=org_a.organisation
    )
    user = UserFactory(email="kari@example.org")

    claim_registered_person(person, by=user)

    person.refresh_from_db()
    assert person.user == user
    entry = ActivityLog.objects.get(action="people.claim.claimed")
    assert entry.data == {"by": "e-mail"}
    # A second person with the address cannot be claimed by the same account.
    other = Person.objects.create(
        name="Kari 2", email="kari@example.org", created_by=org_a.organisation
    )
    with pytest.raises(ValidationError):
        claim_registered_person(other, by=user)
    # An unverified address claims nothing.
    stranger = UserFactory(email="ola@example.org")
    EmailAddress.objects.filter(user=stranger).update(verified=False)
    third = Person.objects.create(
        name="Ola", email="ola@example.org", created_by=org_a.organisation
    )
    with pytest.raises(PermissionDenied):
        claim_registered_person(third, by=stranger)


def test_claim_registered_person_refuses_another_address(org_a: Tenant) -> None:
    person = Person.objects.create(
        name="Kari", email="kari@example.org", created_by=org_a.organisation
    )

    with pytest.raises(PermissionDenied):
        claim_registered_person(person, by=UserFactory(email="ola@example.org"))
    person.refresh_from_db()
    assert person.user is None
