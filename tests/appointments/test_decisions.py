from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction

from medvirk.appointments.domain.decisions import DISPENSATION, decide, preview
from medvirk.appointments.enums import NominationStatus, RequestStatus
from medvirk.appointments.models import AppointedSeat, AppointmentRequest, Decision, Nomination
from medvirk.arenas.enums import MemberRole
from medvirk.arenas.models import Membership
from medvirk.common.models import ActivityLog
from medvirk.notifications.models import OutboxMail
from tests.appointments.decision_helpers import TERM_END, TERM_START, make_scenario
from tests.conftest import enable_totp
from tests.factories import OrganisationFactory, RoleFactory, ServiceFactory, UserFactory
from tests.factories.people import PersonFactory

REASON = "Ingen kvinner ble foreslått innen fristen."


@pytest.fixture
def scenario(secretariat: Any, org_a: Any) -> Any:
    return make_scenario(secretariat, org_a.organisation)


def good_choices(s: Any) -> list[Any]:
    return [
        (s.kari, MemberRole.CHAIR, None),
        (s.ola, MemberRole.MEMBER, None),
        (s.per, MemberRole.DEPUTY, 1),
    ]


def test_decide_appoints_members_with_term_dates(scenario: Any, secretariat: Any) -> None:
    decision = decide(scenario.request, by=secretariat, choices=good_choices(scenario))

    memberships = Membership.objects.filter(arena=scenario.arena).order_by("person__name")
    assert [(m.person.name, m.role, m.deputy_rank) for m in memberships] == [
        ("Kari Nordmann", MemberRole.CHAIR, None),
        ("Ola Nordmann", MemberRole.MEMBER, None),
        ("Per Hansen", MemberRole.DEPUTY, 1),
    ]
    assert {(m.starts_on, m.ends_on) for m in memberships} == {(TERM_START, TERM_END)}
    assert {m.represents_id for m in memberships} == {scenario.kari.organisation_id}
    seats = AppointedSeat.objects.filter(decision=decision)
    assert sorted(s.nomination.person.name for s in seats) == [
        "Kari Nordmann",
        "Ola Nordmann",
        "Per Hansen",
    ]
    assert all(s.membership is not None for s in seats)
    statuses = dict(Nomination.objects.values_list("person__name", "status"))
    assert statuses == {
        "Kari Nordmann": NominationStatus.APPOINTED,
        "Ola Nordmann": NominationStatus.APPOINTED,
        "Per Hansen": NominationStatus.APPOINTED,
        "Nina Berg": NominationStatus.NOT_APPOINTED,
    }
    scenario.request.refresh_from_db()
    assert scenario.request.status == RequestStatus.DECIDED
    assert decision.dispensation_reason == ""
    assert ActivityLog.objects.filter(action="appointments.decision.made").count() == 1


def test_decide_mails_letters_not_chosen_and_organisations(
    scenario: Any,
    secretariat: Any,
    org_a: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        decide(scenario.request, by=secretariat, choices=good_choices(scenario))

    by_recipient = {m.to[0]: m for m in mailoutbox}
    kari = by_recipient[scenario.kari.person.email]
    assert kari.subject == "Du er oppnevnt til Brukerutvalget"
    assert "01.01.2027–31.12.2028" in kari.body
    assert [a[2] for a in kari.attachments] == ["application/pdf"]
    assert kari.attachments[0][1][:5] == b"%PDF-"
    html = kari.alternatives[0]
    assert html[1] == "text/html"
    assert "Kari Nordmann" in html[0]
    per = by_recipient[scenario.per.person.email]
    assert "vara nr. 1" in per.body
    nina = by_recipient[scenario.nina.person.email]
    assert nina.subject == "Svar på forslaget til Brukerutvalget"
    assert "ble du ikke oppnevnt" in nina.body
    assert nina.attachments == []
    summary = by_recipient[org_a.admin.email]
    assert "- Nina Berg: ikke oppnevnt" in summary.body
    assert "- Kari Nordmann: oppnevnt som leder" in summary.body
    assert "- Per Hansen: oppnevnt som vararepresentant (vara nr. 1)" in summary.body
    assert len(mailoutbox) == 5


def test_decide_blocked_by_gender_balance_without_dispensation(
    scenario: Any, secretariat: Any
) -> None:
    choices = [(scenario.ola, MemberRole.MEMBER, None), (scenario.per, MemberRole.MEMBER, None)]
    codes = [f.code for f in preview(scenario.request, choices)]
    assert "gender_balance_members" in codes

    with pytest.raises(ValidationError) as error:
        decide(scenario.request, by=secretariat, choices=choices, dispensation_reason="kort")

    assert any("Kjønnsbalanse" in m for m in error.value.messages)
    assert any("grunn for dispensasjon" in m for m in error.value.messages)
    assert Decision.objects.count() == 0
    assert Membership.objects.count() == 0


def test_decide_with_dispensation_is_stored_and_logged(scenario: Any, secretariat: Any) -> None:
    choices = [(scenario.ola, MemberRole.MEMBER, None), (scenario.per, MemberRole.MEMBER, None)]

    decision = decide(scenario.request, by=secretariat, choices=choices, dispensation_reason=REASON)

    assert decision.dispensation_reason == REASON
    assert "gender_balance_members" in [f["code"] for f in decision.findings]
    entry = ActivityLog.objects.get(action=DISPENSATION)
    assert entry.data["reason"] == REASON
    assert [f["code"] for f in entry.data["findings"]] == ["gender_balance_members"]
    assert Membership.objects.filter(arena=scenario.arena).count() == 2


def test_decide_refuses_withdrawn_nominee(scenario: Any, secretariat: Any) -> None:
    Nomination.objects.filter(pk=scenario.ola.pk).update(status=NominationStatus.WITHDRAWN)

    with pytest.raises(ValidationError) as error:
        decide(scenario.request, by=secretariat, choices=good_choices(scenario))

    assert "Ola Nordmann er trukket som kandidat og kan ikke oppnevnes." in error.value.messages
    assert Decision.objects.count() == 0


def test_decide_refuses_unconfirmed_nominee(scenario: Any, secretariat: Any) -> None:
    Nomination.objects.filter(pk=scenario.ola.pk).update(status=NominationStatus.CONSENTED)

    with pytest.raises(ValidationError) as error:
        decide(scenario.request, by=secretariat, choices=good_choices(scenario))

    assert error.value.messages == [
        "Ola Nordmann kan ikke oppnevnes før kandidaten har samtykket og "
        "organisasjonen har bekreftet forslaget."
    ]


def test_decide_twice_is_refused(scenario: Any, secretariat: Any) -> None:
    decide(scenario.request, by=secretariat, choices=good_choices(scenario))

    with pytest.raises(ValidationError) as error:
        decide(scenario.request, by=secretariat, choices=good_choices(scenario))

    assert error.value.messages == ["Forespørselen er allerede avgjort."]
    assert Decision.objects.count() == 1
    assert Membership.objects.count() == 3


def test_decide_refuses_nomination_from_another_request(
    scenario: Any, secretariat: Any, org_a: Any
) -> None:
    other = AppointmentRequest.objects.create(
        arena=scenario.arena,
        title="Annen",
        member_seats=1,
        term_starts_on=TERM_START,
        term_ends_on=TERM_END,
        deadline=TERM_START,
        status=RequestStatus.OPEN,
    )
    stranger = Nomination.objects.create(
        request=other,
        organisation=org_a.organisation,
        person=PersonFactory(name="Fremmed Person", gender="female"),
        status=NominationStatus.CONFIRMED,
    )
    choices = [(stranger, MemberRole.MEMBER, None), (scenario.ola, MemberRole.MEMBER, None)]

    with pytest.raises(ValidationError) as error:
        decide(scenario.request, by=secretariat, choices=choices)

    assert error.value.messages == ["Fremmed Person er ikke foreslått til denne forespørselen."]


def test_decide_refuses_bad_roles_and_ranks(scenario: Any, secretariat: Any) -> None:
    choices = [
        (scenario.kari, MemberRole.CHAIR, None),
        (scenario.nina, MemberRole.CHAIR, None),
        (scenario.per, MemberRole.DEPUTY, 2),
        (scenario.ola, MemberRole.MEMBER, 1),
    ]

    with pytest.raises(ValidationError) as error:
        decide(scenario.request, by=secretariat, choices=choices)

    assert error.value.messages == [
        "Ola Nordmann er medlem. Bare vararepresentanter har varanummer.",
        "Bare én kan være leder.",
        "Varanumrene må være 1, 2, 3 … uten hull eller like numre. Nå er de 2.",
    ]


@pytest.mark.parametrize("status", [RequestStatus.DRAFT, RequestStatus.CANCELLED])
def test_decide_refuses_request_not_ready(scenario: Any, secretariat: Any, status: str) -> None:
    AppointmentRequest.objects.filter(pk=scenario.request.pk).update(status=status)

    with pytest.raises(ValidationError):
        decide(scenario.request, by=secretariat, choices=good_choices(scenario))

    assert Decision.objects.count() == 0


def decide_personas(scenario: Any, org_a: Any, org_b: Any, secretariat: Any, admin: Any) -> dict:
    other_secretariat = UserFactory(email="annen-sekretariat@example.org")
    RoleFactory(user=other_secretariat, organisation=ServiceFactory(), role="secretariat")
    enable_totp(other_secretariat)
    representative = UserFactory(email="representant@example.org")
    PersonFactory(user=representative, name="Rep")
    owner_admin = UserFactory(email="eier-admin@example.org")
    RoleFactory(user=owner_admin, organisation=scenario.arena.owner, role="admin")
    return {
        "representative": (representative, False),
        "admin_nominating_org": (org_a.admin, False),
        "admin_other_org": (org_b.admin, False),
        "umbrella_admin": (scenario.umbrella_admin, False),
        "secretariat_owner": (secretariat, True),
        "admin_owner": (owner_admin, True),
        "secretariat_other": (other_secretariat, False),
        "platform_admin": (admin, True),
    }


def test_decide_permission_per_persona(
    scenario: Any, org_a: Any, org_b: Any, secretariat: Any, platform_admin: Any
) -> None:
    from django.contrib.auth.models import AnonymousUser

    personas = decide_personas(scenario, org_a, org_b, secretariat, platform_admin)
    results = {}
    for name, (user, _allowed) in [("anonymous", (AnonymousUser(), False)), *personas.items()]:
        results[name] = user.has_perm("appointments.decide", scenario.request)
    assert results == {"anonymous": False} | {k: v[1] for k, v in personas.items()}
    with pytest.raises(PermissionDenied):
        decide(scenario.request, by=org_a.admin, choices=good_choices(scenario))
    with pytest.raises(PermissionDenied):
        decide(scenario.request, by=scenario.umbrella_admin, choices=good_choices(scenario))
    assert Decision.objects.count() == 0


def test_decide_concurrently_appoints_once(transactional_db: Any, secretariat: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    s = make_scenario(secretariat, OrganisationFactory(name="Organisasjon A"))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run() -> None:
        try:
            barrier.wait()
            decide(s.request, by=secretariat, choices=good_choices(s))
            outcomes.append("decided")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["Forespørselen er allerede avgjort.", "decided"]
    assert Decision.objects.count() == 1
    assert Membership.objects.filter(arena=s.arena).count() == 3
    assert AppointedSeat.objects.count() == 3


# --- Views -------------------------------------------------------------------------


def url(s: Any, name: str = "decision") -> str:
    from django.urls import reverse

    return reverse(f"appointments:{name}", kwargs={"pk": s.request.pk})


def reviewed(s: Any) -> str:
    """The signature the summary page carries: the sorted pks of the confirmed nominations."""
    pks = Nomination.objects.filter(request=s.request, status=NominationStatus.CONFIRMED)
    return ",".join(str(pk) for pk in sorted(pks.values_list("pk", flat=True)))


def form_data(s: Any, action: str, roles: dict[Any, tuple[str, str]], reason: str = "") -> dict:
    """The decision form's POST; ``decide`` carries the reviewed candidates' signature as
    the summary page would."""
    data = {"action": action, "dispensation_reason": reason}
    if action == "decide":
        data["reviewed"] = reviewed(s)
    for nomination in (s.kari, s.ola, s.per, s.nina):
        role, rank = roles.get(nomination, ("", ""))
        data[f"role_{nomination.pk}"] = role
        data[f"rank_{nomination.pk}"] = rank
    return data


def client_for(user: Any) -> Any:
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_decision_view_permission_per_persona(
    scenario: Any, org_a: Any, org_b: Any, secretariat: Any, platform_admin: Any
) -> None:
    personas = decide_personas(scenario, org_a, org_b, secretariat, platform_admin)
    from medvirk.people.models import Person

    assert Person.objects.filter(user=personas["representative"][0]).exists()
    anonymous = client_for(None).get(url(scenario))
    assert anonymous.status_code == 302
    codes = {
        name: client_for(user).get(url(scenario)).status_code
        for name, (user, _a) in personas.items()
    }
    # The owner's admin has no MFA set up; the MFA gate may redirect them (not 403).
    expected = {name: (200 if allowed else 403) for name, (_u, allowed) in personas.items()}
    if codes["admin_owner"] == 302:
        expected["admin_owner"] = 302
    assert codes == expected
    for name, (user, allowed) in personas.items():
        if not allowed:
            response = client_for(user).post(
                url(scenario), form_data(scenario, "decide", {scenario.kari: ("member", "")})
            )
            assert response.status_code == 403, name
    assert Decision.objects.count() == 0


def test_decision_view_check_shows_findings(scenario: Any, secretariat: Any) -> None:
    roles = {scenario.ola: ("member", ""), scenario.per: ("member", "")}
    response = client_for(secretariat).post(url(scenario), form_data(scenario, "check", roles))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Kjønnsbalanse: med 2 medlemmer må hvert kjønn ha minst 1 plass." in page
    assert 'value="member" selected' in page
    assert Decision.objects.count() == 0


def test_decision_view_htmx_preview_renders_partial(scenario: Any, secretariat: Any) -> None:
    roles = {scenario.kari: ("member", ""), scenario.ola: ("member", "")}
    response = client_for(secretariat).post(
        url(scenario, "decision_preview"),
        form_data(scenario, "check", roles),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" not in page
    assert "Kjønnsbalanse" not in page
    assert "Arenaen skal ha 1 vararepresentant, men bare 0 er foreslått." in page


def test_decision_view_blocked_keeps_choices_with_422(scenario: Any, secretariat: Any) -> None:
    roles = {scenario.ola: ("member", ""), scenario.per: ("member", "")}
    response = client_for(secretariat).post(
        url(scenario),
        form_data(scenario, "decide", roles),
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "Skjemaet har feil som må rettes" in page
    assert "Kjønnsbalanse" in page
    assert page.count('value="member" selected') == 2
    assert Decision.objects.count() == 0


def test_decision_view_review_is_refused_like_decide(scenario: Any, secretariat: Any) -> None:
    roles = {scenario.ola: ("member", ""), scenario.per: ("member", "")}
    response = client_for(secretariat).post(url(scenario), form_data(scenario, "review", roles))

    assert response.status_code == 422
    page = response.content.decode()
    assert "Skjemaet har feil som må rettes" in page
    assert "Kjønnsbalanse" in page
    assert page.count('value="member" selected') == 2
    assert "Se over oppnevningen" not in page


def test_decision_view_review_asks_for_confirmation_and_writes_nothing(
    scenario: Any, secretariat: Any
) -> None:
    roles = {
        scenario.ola: ("member", ""),
        scenario.per: ("member", ""),
        scenario.nina: ("deputy", "1"),
    }
    client = client_for(secretariat)
    response = client.post(url(scenario), form_data(scenario, "review", roles, reason=REASON))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="ds-heading" data-size="lg">Se over oppnevningen</h1>' in page
    assert "Nr. 1: Nina Berg" in page
    assert "Oppnevnes med dispensasjon:" in page
    assert REASON in page
    # Every choice rides along in hidden fields, and the binding button is "decide".
    assert f'type="hidden" name="role_{scenario.ola.pk}" value="member"' in page
    assert f'type="hidden" name="rank_{scenario.nina.pk}" value="1"' in page
    assert 'name="action" value="decide"' in page
    assert Decision.objects.count() == 0

    back = client.post(url(scenario), form_data(scenario, "edit", roles, reason=REASON))
    assert back.status_code == 200
    assert back.content.decode().count('value="member" selected') == 2
    assert Decision.objects.count() == 0


def test_decision_view_lists_nominations_that_cannot_be_chosen(
    scenario: Any, secretariat: Any
) -> None:
    scenario.per.status = NominationStatus.AWAITING_CONSENT
    scenario.per.save(update_fields=["status"])
    scenario.nina.status = NominationStatus.CONSENTED
    scenario.nina.save(update_fields=["status"])

    page = client_for(secretariat).get(url(scenario)).content.decode()

    assert "Forslag som ikke kan oppnevnes nå" in page
    assert (
        f"{scenario.per.person.name}</strong> ({scenario.per.organisation.name}): venter på kandidatens samtykke"
        in page
    )
    assert "kandidaten har samtykket, men organisasjonen har ikke bekreftet forslaget ennå" in page
    assert f'name="role_{scenario.per.pk}"' not in page


def test_decision_view_decides_with_dispensation(
    scenario: Any, secretariat: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    roles = {
        scenario.ola: ("member", ""),
        scenario.per: ("member", ""),
        scenario.nina: ("deputy", "1"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretariat).post(
            url(scenario), form_data(scenario, "decide", roles, reason=REASON)
        )

    assert response.status_code == 302
    assert response["Location"] == url(scenario, "decision_result")
    decision = Decision.objects.get()
    assert decision.dispensation_reason == REASON
    result = client_for(secretariat).get(url(scenario, "decision_result"))
    assert result.status_code == 200
    page = result.content.decode()
    assert "Nina Berg" in page
    assert REASON in page
    assert len(mailoutbox) == 5
    again = client_for(secretariat).get(url(scenario))
    assert again.status_code == 302


STALE = "Forslagene er endret siden du så over valget. Se over på nytt."


def good_roles(s: Any) -> dict[Any, tuple[str, str]]:
    return {s.kari: ("chair", ""), s.ola: ("member", ""), s.per: ("deputy", "1")}


def assert_nothing_decided(s: Any) -> None:
    assert Decision.objects.count() == 0
    assert Membership.objects.filter(arena=s.arena).count() == 0
    s.request.refresh_from_db()
    assert s.request.status == RequestStatus.CLOSED
    assert not Nomination.objects.filter(
        request=s.request,
        status__in=[NominationStatus.APPOINTED, NominationStatus.NOT_APPOINTED],
    ).exists()


@pytest.mark.parametrize("signature", [None, "", "1,2,3", "stale"])
def test_decision_view_decide_with_stale_or_missing_signature_writes_nothing(
    scenario: Any, secretariat: Any, signature: str | None
) -> None:
    data = form_data(scenario, "decide", good_roles(scenario))
    if signature is None:
        del data["reviewed"]
    else:
        data["reviewed"] = signature

    response = client_for(secretariat).post(url(scenario), data)

    assert response.status_code == 422
    page = response.content.decode()
    assert STALE in page
    assert 'value="chair" selected' in page
    assert page.count('value="member" selected') == 1
    assert_nothing_decided(scenario)


def test_decision_view_decide_refused_after_withdrawal_between_review_and_decide(
    scenario: Any, secretariat: Any, org_a: Any
) -> None:
    import re

    from medvirk.appointments.domain.nominations import withdraw_nomination

    client = client_for(secretariat)
    summary = client.post(url(scenario), form_data(scenario, "review", good_roles(scenario)))
    assert summary.status_code == 200
    match = re.search(r'name="reviewed" value="([^"]*)"', summary.content.decode())
    assert match is not None
    assert match.group(1) == reviewed(scenario)
    data = form_data(scenario, "decide", good_roles(scenario))
    data["reviewed"] = match.group(1)

    withdraw_nomination(scenario.nina, by=org_a.admin)  # meanwhile, Nina is withdrawn
    response = client.post(url(scenario), data)

    assert response.status_code == 422
    page = response.content.decode()
    assert STALE in page
    assert 'value="chair" selected' in page
    assert f'name="role_{scenario.nina.pk}"' not in page
    assert_nothing_decided(scenario)


@pytest.mark.parametrize("action", ["foo", None])
def test_decision_view_unknown_or_missing_action_writes_nothing(
    scenario: Any, secretariat: Any, action: str | None
) -> None:
    data = form_data(scenario, "decide", good_roles(scenario))
    if action is None:
        del data["action"]
    else:
        data["action"] = action

    response = client_for(secretariat).post(url(scenario), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="chair" selected' in page
    assert "Se over oppnevningen" not in page
    assert_nothing_decided(scenario)


def _add_confirmed(s: Any, n: int) -> None:
    for _i in range(n):
        Nomination.objects.create(
            request=s.request,
            organisation=OrganisationFactory(),
            person=PersonFactory(gender="female"),
            status=NominationStatus.CONFIRMED,
        )


def test_decision_view_review_queries_constant(scenario: Any, secretariat: Any) -> None:
    """The review POST (rules checked, summary rendered) runs the same number of
    statements with 1 and 3 confirmed nominations."""
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    client = client_for(secretariat)
    Nomination.objects.filter(request=scenario.request).exclude(pk=scenario.kari.pk).delete()
    data = {
        "action": "review",
        "dispensation_reason": REASON,
        f"role_{scenario.kari.pk}": "member",
        f"rank_{scenario.kari.pk}": "",
    }
    client.post(url(scenario), data)
    with CaptureQueriesContext(conn) as one:
        assert client.post(url(scenario), data).status_code == 200
    _add_confirmed(scenario, 2)
    with CaptureQueriesContext(conn) as three:
        assert client.post(url(scenario), data).status_code == 200
    assert len(three) == len(one)
    assert Decision.objects.count() == 0


def test_decision_view_queries_constant(
    secretariat: Any, org_a: Any, django_assert_num_queries: Any
) -> None:
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    from medvirk.appointments.models import Recommendation, RecommendationEntry
    from tests.factories import UmbrellaFactory
    from tests.factories.people import CompetenceAreaFactory

    s = make_scenario(secretariat, org_a.organisation)
    client = client_for(secretariat)
    area = CompetenceAreaFactory()
    umbrella = UmbrellaFactory()
    recommendation = Recommendation.objects.create(
        request=s.request, umbrella=umbrella, submitted_at="2026-12-02T10:00:00Z"
    )

    def add(n: int) -> None:
        for i in range(n):
            person = PersonFactory(gender="female")
            person.competence_areas.add(area)
            nomination = Nomination.objects.create(
                request=s.request,
                organisation=OrganisationFactory(),
                person=person,
                status=NominationStatus.CONFIRMED,
            )
            RecommendationEntry.objects.create(
                recommendation=recommendation,
                nomination=nomination,
                rank=100 + i + Nomination.objects.count(),
                justification="God",
            )

    Nomination.objects.filter(request=s.request).delete()
    add(1)
    client.get(url(s))
    with CaptureQueriesContext(conn) as one:
        assert client.get(url(s)).status_code == 200
    add(49)
    with CaptureQueriesContext(conn) as many:
        assert client.get(url(s)).status_code == 200
    assert len(many) == len(one)


def test_decide_letter_pdf_survives_the_mail_queue(
    scenario: Any, secretariat: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        decide(scenario.request, by=secretariat, choices=good_choices(scenario))

    (message,) = smtp_server.to(scenario.kari.person.email)
    attachments = list(message.iter_attachments())
    assert [a.get_content_type() for a in attachments] == ["application/pdf"]
    assert attachments[0].get_content()[:5] == b"%PDF-"
    assert message.get_body(preferencelist=("html",)) is not None


def test_decision_mails_are_outbox_rows_of_its_transaction(
    scenario: Any, secretariat: Any, settings: Any
) -> None:
    """Letters and outcome mails commit with the decision, and vanish with it."""
    settings.EMAIL_BACKEND = "medvirk.notifications.domain.outbox.OutboxBackend"
    with pytest.raises(RuntimeError), transaction.atomic():
        decide(scenario.request, by=secretariat, choices=good_choices(scenario))
        assert OutboxMail.objects.count() == 5
        raise RuntimeError("rolled back after the decision")
    assert OutboxMail.objects.count() == 0
    assert not Decision.objects.exists()
