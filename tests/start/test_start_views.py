"""The start page ("Min side") per persona: who sees which section, what each shows, the
empty states, and the statements it costs (the same with 1 and 3 rows in every list)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from medvirk.accounts.enums import RoleKind
from tests.factories import RoleFactory, UserFactory
from tests.followup.conftest import FollowupWorld
from tests.followup.test_reports_support import text
from tests.start.conftest import START, populate

pytestmark = pytest.mark.django_db

# Statements per persona: the session, the user, the roles (read once by the MFA check),
# the roles with their organisations for the page; a second factor's check for staff;
# then each section the persona's roles ask for (tests/start/test_sections.py says which).
QUERIES = {
    "member": 10,  # + seats, reports, meetings, answers given, answers to advice (in the
    # arenas of the seats read), open calls for experiences of the organisations represented
    "deputy": 10,
    "admin_a": 11,  # + seats, reports to write; requests, nominations, reports, entries,
    # answers waiting for moderation
    "umbrella_admin": 11,
    "secretariat": 14,  # + mfa, seats, reports; arenas, 2 x meetings, proposals, requests,
    # overdue advice, vacancies
    "decision_maker": 10,  # + seats, reports; arenas, figures, ids, rows
    "platform_admin": 7,  # + mfa, seats, reports
    "several_roles": 15,  # the member who is also organisation A's admin
}

SECTION_HEADINGS = {
    "Dine neste møter": {"member", "deputy", "several_roles"},
    "Tilbakemeldinger du skal skrive": {"member", "deputy", "several_roles"},
    "Forespørsler om kandidater": {"admin_a", "umbrella_admin", "several_roles"},
    "Nye rapporter fra representantene": {"admin_a", "umbrella_admin", "several_roles"},
    "Erfaringer fra medlemmene og spørreundersøkelser": {
        "admin_a",
        "umbrella_admin",
        "several_roles",
    },
    "Innspillsrunder i organisasjonene du representerer": {"member", "deputy", "several_roles"},
    "Erfaringer og spørreundersøkelser": {"secretariat"},
    "Oppnevninger under arbeid": {"secretariat"},
    "Møter med frister": {"secretariat"},
    "Råd uten svar etter fristen": {"secretariat"},
    "Ledige plasser": {"secretariat"},
    "Råd som venter på svar fra deg": {"decision_maker"},
    "Drift": {"platform_admin"},
}


def client_for(w: FollowupWorld, persona: str):
    if persona == "several_roles":
        RoleFactory(user=w.m.member, organisation=w.m.org_a.organisation, role=RoleKind.ADMIN)
        return w.client("member")
    return w.client(persona)


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("persona", list(QUERIES))
def test_start_page_statements_are_few_and_constant_in_rows(
    start_world: FollowupWorld, django_assert_num_queries, persona: str, rows: int
) -> None:
    populate(start_world, rows)
    client = client_for(start_world, persona)
    with django_assert_num_queries(QUERIES[persona]):
        response = client.get(START)
    assert response.status_code == 200
    assert QUERIES[persona] <= 15


@pytest.mark.parametrize("persona", list(QUERIES))
def test_start_page_shows_the_sections_of_the_roles_held(
    start_world: FollowupWorld, persona: str
) -> None:
    populate(start_world, 1)
    body = text(client_for(start_world, persona).get(START))
    for heading, personas in SECTION_HEADINGS.items():
        assert (heading in body) == (persona in personas), (heading, persona)
    # The links that were on the page before stay, lower down.
    assert "Sikkerhet" in body and "Mine roller" in body


def test_start_page_says_no_tasks_only_to_those_without_any(start_world: FollowupWorld) -> None:
    none_yet = "Du har ingen oppgaver her ennå."
    assert none_yet not in text(start_world.client("platform_admin").get(START))
    loner = UserFactory(email="ingen@example.org")
    client = Client()
    client.force_login(loner)
    assert none_yet in text(client.get(START))


def test_start_page_tells_a_representative_without_roles_where_the_seats_are(
    start_world: FollowupWorld,
) -> None:
    populate(start_world, 1)
    body = text(start_world.client("member").get(START))
    assert "Du har ingen rolle i en organisasjon, bare verv i råd og utvalg." in body
    assert "En administrator i organisasjonen din kan gi deg en rolle." not in body


def test_start_page_asks_anonymous_to_log_in(start_world: FollowupWorld) -> None:
    response = start_world.client("anonymous").get(START)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_start_page_url_is_kept(db: None) -> None:
    assert reverse("start:page") == "/konto/min-side/"


def test_start_page_without_roles_says_so(db: None, client) -> None:
    client.force_login(UserFactory())
    body = text(client.get(START))
    assert "Du har ingen oppgaver her ennå" in body
    assert "Dine neste møter" not in body


def test_representative_rows_link_to_where_the_work_is_done(start_world: FollowupWorld) -> None:
    made = populate(start_world, 1)
    w = start_world
    html = w.client("member").get(START).content.decode()
    body = text(w.client("member").get(START))
    assert made.soon[0].get_absolute_url() in html
    assert "Snart-møte 0" in body and "Kommer" in body and "Ikke publisert ennå" in body
    report = w.m.member_person.reports.get(meeting=made.past[0])
    assert reverse("followup:report_write", args=[report.pk]) in html
    assert made.answered[0].get_absolute_url() in html
    assert made.term_arenas[0].get_absolute_url() in html
    for name in ("meetings:my_meetings", "followup:due_now", "people:mine"):
        assert reverse(name) in html


def test_representative_empty_states(start_world: FollowupWorld) -> None:
    body = text(start_world.client("deputy").get(START))
    assert "Ingen tilbakemeldinger å skrive." in body
    assert "Ingen nye svar på råd de siste 30 dagene." in body
    assert "Ingen verv går ut de neste 90 dagene." in body


def test_deputy_sees_their_deputy_role_and_that_they_are_not_called_in(
    start_world: FollowupWorld,
) -> None:
    populate(start_world, 1)
    body = text(start_world.client("deputy").get(START))
    assert "Vararepresentant 1" in body
    assert "Ikke kalt inn" in body


def test_org_admin_rows_link_to_requests_reports_and_entry(start_world: FollowupWorld) -> None:
    made = populate(start_world, 1)
    w = start_world
    html = w.client("admin_a").get(START).content.decode()
    body = text(w.client("admin_a").get(START))
    assert made.requests[0].get_absolute_url() in html
    assert "Kandidat 0" in body  # waiting for consent
    assert html.count(reverse("appointments:mine")) == 1
    assert reverse("followup:report_feed", args=[w.m.org_a.organisation.pk]) in html
    assert "Sigurd Sekundær fra Brukerutvalget" in body
    assert reverse("directory:edit", args=[w.m.org_a.organisation.pk]) in html
    assert "aldri bekreftet" in body


def test_org_admin_of_another_organisation_sees_none_of_a(start_world: FollowupWorld) -> None:
    populate(start_world, 2)
    body = text(start_world.client("admin_b").get(START))
    assert "Ingen åpne forespørsler om kandidater." in body
    assert "Ingen forslag venter på kandidatens samtykke." in body
    assert "Ingen nye rapporter de siste 30 dagene." in body
    assert "Kandidater 0" not in body and "Sigurd Sekundær" not in body


def test_secretariat_rows_and_links(start_world: FollowupWorld) -> None:
    made = populate(start_world, 1)
    w = start_world
    html = w.client("secretariat").get(START).content.decode()
    body = text(w.client("secretariat").get(START))
    assert "Vent på forslag til fristen" in body
    assert "Fristen for sakskartet var" in body
    assert "Gammelt møte 0" in body  # minutes not approved
    assert reverse("meetings:proposal_list", args=[made.term_arenas[0].pk]) in html
    assert made.overdue[0].get_absolute_url() in html
    assert made.overdue[0].item.case_number in body
    assert "1 av 5 plasser besatt, 4 ledige" in body
    for name in (
        "appointments:service_requests",
        "meetings:dashboard",
        "followup:secretariat",
        "arenas:list",
    ):
        assert reverse(name) in html


def test_other_secretariat_sees_nothing_of_the_service(start_world: FollowupWorld) -> None:
    populate(start_world, 2)
    body = text(start_world.client("other_secretariat").get(START))
    for empty in (
        "Ingen oppnevninger under arbeid.",
        "Ingen sakskart har frist som er passert eller nær.",
        "Ingen protokoller venter på godkjenning.",
        "Ingen åpne saksforslag.",
        "Ingen råd har passert svarfristen uten svar.",
        "Ingen arenaer mangler medlemmer.",
    ):
        assert empty in body
    assert "Brukerutvalget" not in body


def test_decision_maker_sees_advice_waiting_by_due_date(start_world: FollowupWorld) -> None:
    made = populate(start_world, 3)
    body = text(start_world.client("decision_maker").get(START))
    assert "3 råd venter på svar, 3 har passert svarfristen." in body
    # Soonest due first: the last made is the most overdue.
    assert (
        body.index("Forsinket råd 2")
        < body.index("Forsinket råd 1")
        < body.index("Forsinket råd 0")
    )
    assert made.overdue[0].item.case_number in body
    assert "Besvart råd" not in body
    assert (
        reverse("followup:decision_maker")
        in start_world.client("decision_maker").get(START).content.decode()
    )


def test_decision_maker_empty_state(start_world: FollowupWorld) -> None:
    body = text(start_world.client("decision_maker").get(START))
    assert "Ingen råd venter på svar fra deg." in body
