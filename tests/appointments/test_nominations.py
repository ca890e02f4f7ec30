from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from medvirk.appointments.domain.nominations import (
    check_consent_link,
    confirm_trust,
    nominate,
    respond_to_consent,
    withdraw_nomination,
)
from medvirk.appointments.domain.requests import cancel_request, close_request
from medvirk.appointments.enums import NominationStatus
from medvirk.appointments.models import AppointmentRequest, Nomination
from medvirk.common.models import ActivityLog
from medvirk.people.enums import AffiliationKind
from medvirk.people.models import Person
from tests.appointments.conftest import (
    ALL_PERSONAS,
    Scenario,
    nominate_candidate,
    persona_user,
    pool_person,
)

DAY = datetime.timedelta(days=1)


def test_nominate_from_pool_mails_candidate_consent_link(
    scenario: Scenario, mailoutbox: list
) -> None:
    request = scenario.make_request()
    mailoutbox.clear()
    nomination, token = nominate_candidate(
        scenario, request, motivation="Brenner for saken", level="national"
    )
    assert nomination.status == NominationStatus.AWAITING_CONSENT
    assert (nomination.motivation, nomination.level) == ("Brenner for saken", "national")
    assert [m.to for m in mailoutbox] == [["kandidat@example.org"]]
    assert mailoutbox[0].subject == f"Vil du bli foreslått til {scenario.arena.name}?"
    assert nomination.consent_token_hash != token
    assert len(nomination.consent_token_hash) == 64
    expected = timezone.now() + 14 * DAY
    assert nomination.consent_expires_at is not None
    assert abs((nomination.consent_expires_at - expected).total_seconds()) < 60
    assert ActivityLog.objects.filter(action="appointments.nomination.created").count() == 1


def test_nominate_new_person_creates_pool_member(scenario: Scenario, mailoutbox: list) -> None:
    request = scenario.make_request()
    nomination = nominate(
        request=request,
        by=scenario.org_a.admin,
        organisation=scenario.org_a.organisation,
        name="Nils Ny",
        email="nils@example.org",
    )
    person = nomination.person
    assert (person.name, person.email, person.created_by) == (
        "Nils Ny",
        "nils@example.org",
        scenario.org_a.organisation,
    )
    assert list(person.affiliations.values_list("organisation", "kind")) == [
        (scenario.org_a.organisation.pk, AffiliationKind.POOL)
    ]
    assert mailoutbox[-1].to == ["nils@example.org"]


def test_nominate_new_person_needs_name_and_email(scenario: Scenario) -> None:
    request = scenario.make_request()
    with pytest.raises(ValidationError) as error:
        nominate(request=request, by=scenario.org_a.admin, organisation=scenario.org_a.organisation)
    assert error.value.message_dict == {
        "name": ["Skriv navnet til den nye kandidaten."],
        "email": ["Skriv e-postadressen, så kandidaten kan samtykke."],
    }
    assert Nomination.objects.count() == 0


def test_nominate_via_umbrella_membership(scenario: Scenario) -> None:
    """Organisation A is not invited itself, but is a member of the invited umbrella."""
    request = scenario.make_request(invite=[scenario.umbrella])
    nomination, _token = nominate_candidate(scenario, request)
    assert nomination.organisation == scenario.org_a.organisation


def test_nominate_refused_for_uninvited_organisation(scenario: Scenario) -> None:
    request = scenario.make_request(invite=[scenario.umbrella])
    person = pool_person(scenario.org_b.organisation, "Berit B")
    with pytest.raises(ValidationError) as error:
        nominate(
            request=request,
            by=scenario.org_b.admin,
            organisation=scenario.org_b.organisation,
            person=person,
        )
    assert error.value.messages == [
        "Organisasjon B er ikke invitert til å foreslå kandidater, verken direkte "
        "eller gjennom en paraplyorganisasjon."
    ]
    assert Nomination.objects.count() == 0


def test_nominate_refused_after_deadline(scenario: Scenario, mailoutbox: list) -> None:
    request = scenario.make_request()
    AppointmentRequest.objects.filter(pk=request.pk).update(deadline=timezone.localdate() - DAY)
    mailoutbox.clear()
    with pytest.raises(ValidationError) as error:
        nominate_candidate(scenario, request)
    deadline = (timezone.localdate() - DAY).strftime("%d.%m.%Y")
    assert error.value.messages == [
        f"Fristen for forslag gikk ut {deadline}. Nye forslag kan ikke sendes."
    ]
    assert Nomination.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.parametrize("state", ["draft", "closed", "cancelled"])
def test_nominate_refused_when_not_open(scenario: Scenario, state: str) -> None:
    request = scenario.make_request(opened=state != "draft")
    if state == "closed":
        close_request(request, by=scenario.secretariat)
    if state == "cancelled":
        cancel_request(request, by=scenario.secretariat)
    request.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        nominate_candidate(scenario, request)
    assert error.value.messages == [
        f"Forespørselen tar ikke imot forslag (status: {request.get_status_display().lower()})."
    ]
    assert Nomination.objects.count() == 0


def test_nominate_refuses_duplicate_person(scenario: Scenario) -> None:
    request = scenario.make_request()
    nominate_candidate(scenario, request)
    with pytest.raises(ValidationError) as error:
        nominate_candidate(scenario, request)
    assert error.value.message_dict == {
        "person": ["Kari Kandidat er allerede foreslått til denne forespørselen."]
    }
    assert Nomination.objects.count() == 1


def test_nominate_refuses_person_outside_pool(scenario: Scenario) -> None:
    request = scenario.make_request()
    stranger = pool_person(scenario.org_b.organisation, "Berit B")
    with pytest.raises(ValidationError) as error:
        nominate_candidate(scenario, request, person=stranger)
    assert error.value.message_dict == {
        "person": ["Personen står ikke i organisasjonens oversikt over representanter."]
    }


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_nominate_permission_matrix(scenario: Scenario, persona: str) -> None:
    """Only an admin of organisation A (or a platform admin) may nominate for A."""
    request = scenario.make_request()
    user = persona_user(scenario, persona)
    if persona in ("admin_a", "platform_admin"):
        nominate(
            request=request,
            by=user,
            organisation=scenario.org_a.organisation,
            person=scenario.candidate,
        )
        assert Nomination.objects.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            nominate(
                request=request,
                by=user,
                organisation=scenario.org_a.organisation,
                person=scenario.candidate,
            )
        assert Nomination.objects.count() == 0


def test_consent_accept_then_link_is_used(scenario: Scenario) -> None:
    request = scenario.make_request()
    nomination, token = nominate_candidate(scenario, request)
    done = respond_to_consent(pk=nomination.pk, token=token, accept=True)
    assert done.status == NominationStatus.CONSENTED
    assert done.consented_at is not None
    with pytest.raises(ValidationError) as error:
        respond_to_consent(pk=nomination.pk, token=token, accept=False)
    assert error.value.messages == [
        "Du har allerede svart på denne forespørselen. Lenken virker bare én gang."
    ]
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.CONSENTED
    entry = ActivityLog.objects.get(action="appointments.nomination.consented")
    assert (entry.actor, entry.actor_label) == (None, "Kari Kandidat")


def test_consent_decline(scenario: Scenario) -> None:
    request = scenario.make_request()
    nomination, token = nominate_candidate(scenario, request)
    done = respond_to_consent(pk=nomination.pk, token=token, accept=False)
    assert (done.status, done.consented_at) == (NominationStatus.DECLINED, None)


def test_consent_link_expired_forged_and_other_nomination(scenario: Scenario) -> None:
    request = scenario.make_request()
    first, token = nominate_candidate(scenario, request)
    second, _other = nominate_candidate(
        scenario, request, pool_person(scenario.org_a.organisation, "Per Pool")
    )
    for pk, raw in [
        (first.pk, "forfalsket"),
        (second.pk, token),
        (9999, token),
        (first.pk, "x" * 200),
    ]:
        with pytest.raises(ValidationError) as error:
            respond_to_consent(pk=pk, token=raw, accept=True)
        assert error.value.messages == ["Lenken er ikke gyldig."]
    Nomination.objects.filter(pk=first.pk).update(consent_expires_at=timezone.now() - DAY)
    with pytest.raises(ValidationError) as error:
        check_consent_link(first.pk, token)
    assert error.value.messages == [
        "Lenken er utløpt. Be organisasjonen som foreslo deg om å sende en ny."
    ]
    assert set(Nomination.objects.values_list("status", flat=True)) == {
        NominationStatus.AWAITING_CONSENT
    }


def test_confirm_trust_only_after_consent(scenario: Scenario) -> None:
    request = scenario.make_request()
    nomination, token = nominate_candidate(scenario, request)
    with pytest.raises(ValidationError) as error:
        confirm_trust(nomination, by=scenario.org_a.admin)
    assert error.value.messages == [
        "Tillit kan bare bekreftes når kandidaten har samtykket "
        "(status nå: venter på kandidatens samtykke)."
    ]
    respond_to_consent(pk=nomination.pk, token=token, accept=True)
    done = confirm_trust(nomination, by=scenario.org_a.admin)
    assert (done.status, done.trust_confirmed_by) == (
        NominationStatus.CONFIRMED,
        scenario.org_a.admin,
    )


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_confirm_trust_permission_matrix(scenario: Scenario, persona: str) -> None:
    request = scenario.make_request()
    nomination, token = nominate_candidate(scenario, request)
    respond_to_consent(pk=nomination.pk, token=token, accept=True)
    user = persona_user(scenario, persona)
    if persona in ("admin_a", "platform_admin"):
        assert confirm_trust(nomination, by=user).status == NominationStatus.CONFIRMED
    else:
        with pytest.raises(PermissionDenied):
            confirm_trust(nomination, by=user)
        nomination.refresh_from_db()
        assert nomination.status == NominationStatus.CONSENTED


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_withdraw_permission_matrix(scenario: Scenario, persona: str) -> None:
    """The organisation's admin, the candidate through their account, or a platform admin."""
    request = scenario.make_request()
    nomination, _token = nominate_candidate(scenario, request)
    user = persona_user(scenario, persona)
    if persona in ("admin_a", "representative", "platform_admin"):
        assert withdraw_nomination(nomination, by=user).status == NominationStatus.WITHDRAWN
    else:
        with pytest.raises(PermissionDenied):
            withdraw_nomination(nomination, by=user)
        nomination.refresh_from_db()
        assert nomination.status == NominationStatus.AWAITING_CONSENT


def test_withdraw_twice_and_confirm_withdrawn_refused(scenario: Scenario) -> None:
    request = scenario.make_request()
    nomination, token = nominate_candidate(scenario, request)
    withdraw_nomination(nomination, by=scenario.org_a.admin)
    with pytest.raises(ValidationError) as error:
        withdraw_nomination(nomination, by=scenario.org_a.admin)
    assert error.value.messages == ["Forslaget kan ikke trekkes (status nå: trukket)."]
    with pytest.raises(ValidationError):
        confirm_trust(nomination, by=scenario.org_a.admin)
    with pytest.raises(ValidationError) as error:
        respond_to_consent(pk=nomination.pk, token=token, accept=True)
    assert error.value.messages == [
        "Du har allerede svart på denne forespørselen. Lenken virker bare én gang."
    ]


def test_withdraw_refused_when_request_cancelled(scenario: Scenario) -> None:
    request = scenario.make_request()
    nomination, _token = nominate_candidate(scenario, request)
    cancel_request(request, by=scenario.secretariat)
    with pytest.raises(ValidationError) as error:
        withdraw_nomination(nomination, by=scenario.org_a.admin)
    assert error.value.messages == ["Forespørselen er avlyst. Forslaget kan ikke endres."]
    assert Person.objects.filter(pk=scenario.candidate.pk).exists()
