from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from medvirk.appointments.domain.requests import (
    cancel_request,
    close_request,
    create_request,
    open_request,
    update_request,
)
from medvirk.appointments.enums import RequestStatus
from medvirk.appointments.models import AppointmentRequest
from medvirk.common.models import ActivityLog
from tests.appointments.conftest import ALL_PERSONAS, Scenario, persona_user, request_data
from tests.periodic import run_on

DAY = datetime.timedelta(days=1)


def test_create_request_saves_draft_with_invitations(scenario: Scenario) -> None:
    request = scenario.make_request(
        invite=[scenario.umbrella, scenario.org_b.organisation], opened=False
    )
    assert request.status == RequestStatus.DRAFT
    assert sorted(request.invitations.values_list("organisation__name", flat=True)) == [
        "Organisasjon B",
        "Paraplyen U",
    ]
    assert list(request.invitations.values_list("notified_at", flat=True)) == [None, None]
    assert ActivityLog.objects.filter(action="appointments.request.created").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"member_seats": 0}, "member_seats", "Forespørselen må gjelde minst én medlemsplass."),
        (
            {"term_ends_on": timezone.localdate() + 30 * DAY},
            "term_ends_on",
            "Perioden må slutte etter at den starter.",
        ),
        (
            {"term_ends_on": timezone.localdate() + 60 * DAY + 3 * 366 * DAY},
            "term_ends_on",
            "Perioden kan være høyst 2 år for denne arenaen.",
        ),
        ({"deadline": timezone.localdate() - DAY}, "deadline", "Fristen kan ikke være passert."),
        (
            {"deadline": timezone.localdate() + 61 * DAY},
            "deadline",
            "Fristen for forslag må være før perioden starter.",
        ),
    ],
)
def test_create_request_refuses_invalid_data(
    scenario: Scenario, overrides: dict, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        create_request(
            arena=scenario.arena,
            by=scenario.secretariat,
            data=request_data(**overrides),
            organisations=[scenario.umbrella],
        )
    assert error.value.message_dict[field] == [message]
    assert AppointmentRequest.objects.count() == 0


def test_create_request_refuses_service_or_no_organisation(scenario: Scenario) -> None:
    for organisations, message in [
        ([], "Velg minst én organisasjon som skal inviteres."),
        ([scenario.service], "Bare brukerorganisasjoner og paraplyorganisasjoner kan inviteres."),
    ]:
        with pytest.raises(ValidationError) as error:
            create_request(
                arena=scenario.arena,
                by=scenario.secretariat,
                data=request_data(),
                organisations=organisations,
            )
        assert error.value.message_dict["organisations"] == [message]
    assert AppointmentRequest.objects.count() == 0


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_create_request_permission_matrix(scenario: Scenario, persona: str) -> None:
    user = persona_user(scenario, persona)
    if persona in ("secretariat", "platform_admin"):
        create_request(
            arena=scenario.arena,
            by=user,
            data=request_data(),
            organisations=[scenario.umbrella],
        )
        assert AppointmentRequest.objects.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            create_request(
                arena=scenario.arena,
                by=user,
                data=request_data(),
                organisations=[scenario.umbrella],
            )
        assert AppointmentRequest.objects.count() == 0


def test_update_request_only_in_draft(scenario: Scenario) -> None:
    request = scenario.make_request(opened=False)
    update_request(
        request,
        by=scenario.secretariat,
        data=request_data(title="Ny tittel"),
        organisations=[scenario.org_b.organisation],
    )
    request.refresh_from_db()
    assert request.title == "Ny tittel"
    assert list(request.invitations.values_list("organisation__name", flat=True)) == [
        "Organisasjon B"
    ]
    open_request(request, by=scenario.secretariat)
    with pytest.raises(ValidationError) as error:
        update_request(
            request,
            by=scenario.secretariat,
            data=request_data(title="For sent"),
            organisations=[scenario.umbrella],
        )
    assert error.value.messages == ["Forespørselen er sendt og kan ikke endres lenger."]
    request.refresh_from_db()
    assert request.title == "Ny tittel"


def test_open_request_mails_invited_admins_and_stamps_notified(
    scenario: Scenario, mailoutbox: list
) -> None:
    request = scenario.make_request(invite=[scenario.umbrella, scenario.org_b.organisation])
    assert request.status == RequestStatus.OPEN
    assert request.opened_at is not None
    assert sorted(tuple(m.to) for m in mailoutbox) == [
        ("admin-b@example.org",),
        ("admin-u@example.org",),
    ]
    umbrella_mail = next(m for m in mailoutbox if m.to == ["admin-u@example.org"])
    assert umbrella_mail.subject == f"Forespørsel om kandidater til {scenario.arena.name}"
    assert "/oppnevning/mine/" in umbrella_mail.body
    assert "innstilling" in umbrella_mail.body
    assert all(i.notified_at is not None for i in request.invitations.all())


def test_open_request_falls_back_to_primary_contact(scenario: Scenario, mailoutbox: list) -> None:
    from tests.factories import ContactFactory, OrganisationFactory

    orphan = OrganisationFactory(name="Uten admin")
    ContactFactory(organisation=orphan, is_primary=True, email="leder@example.org")
    scenario.make_request(invite=[orphan])
    assert [m.to for m in mailoutbox] == [["leder@example.org"]]


def test_request_illegal_transitions_are_refused(scenario: Scenario, mailoutbox: list) -> None:
    request = scenario.make_request()
    with pytest.raises(ValidationError) as error:
        open_request(request, by=scenario.secretariat)
    assert error.value.messages == [
        "Bare utkast kan sendes. Denne forespørselen er allerede sendt."
    ]
    draft = scenario.make_request(opened=False)
    with pytest.raises(ValidationError) as error:
        close_request(draft, by=scenario.secretariat)
    assert error.value.messages == ["Bare åpne forespørsler kan lukkes."]
    cancel_request(draft, by=scenario.secretariat)
    with pytest.raises(ValidationError) as error:
        cancel_request(draft, by=scenario.secretariat)
    assert error.value.messages == ["Forespørselen er allerede avlyst og kan ikke avlyses."]
    with pytest.raises(ValidationError):
        open_request(draft, by=scenario.secretariat)
    draft.refresh_from_db()
    assert draft.status == RequestStatus.CANCELLED
    close_request(request, by=scenario.secretariat)
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED


def test_open_request_refused_when_deadline_passed(scenario: Scenario, mailoutbox: list) -> None:
    request = scenario.make_request(opened=False)
    AppointmentRequest.objects.filter(pk=request.pk).update(deadline=timezone.localdate() - DAY)
    with pytest.raises(ValidationError) as error:
        open_request(request, by=scenario.secretariat)
    assert error.value.messages == [
        "Fristen er passert. Endre fristen før du sender forespørselen."
    ]
    request.refresh_from_db()
    assert request.status == RequestStatus.DRAFT
    assert mailoutbox == []


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_request_transitions_permission_matrix(scenario: Scenario, persona: str) -> None:
    user = persona_user(scenario, persona)
    request = scenario.make_request(opened=False)
    allowed = persona in ("secretariat", "platform_admin")
    for action in (open_request, close_request, cancel_request):
        if allowed:
            action(request, by=user)
        else:
            with pytest.raises(PermissionDenied):
                action(request, by=user)
    request.refresh_from_db()
    assert request.status == (RequestStatus.CANCELLED if allowed else RequestStatus.DRAFT)


def close_due_requests(day: datetime.date) -> int:
    """The periodic job that closes requests at their deadline, run on ``day``."""
    return run_on(day, "appointments.close_due_requests")


def test_close_due_requests_closes_only_past_deadline(scenario: Scenario) -> None:
    due = scenario.make_request()
    later = scenario.make_request()
    deadline = due.deadline
    assert close_due_requests(deadline) == 0
    assert close_due_requests(deadline + DAY) == 2
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, later.status) == (RequestStatus.CLOSED, RequestStatus.CLOSED)
    entry = ActivityLog.objects.filter(action="appointments.request.closed").first()
    assert entry is not None
    assert entry.data == {"automatic": True}


def test_run_periodic_closes_due_requests(scenario: Scenario) -> None:
    request = scenario.make_request()
    AppointmentRequest.objects.filter(pk=request.pk).update(deadline=timezone.localdate() - DAY)
    call_command("run_periodic", verbosity=0)
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED
