"""The whole way of one experience, in Chromium: answered anonymously on a phone-sized
screen by keyboard alone, moderated, grouped into a theme, turned into a case proposal,
accepted onto an agenda that is then published, and the contributor's mail about it
received over real SMTP. Every stop is checked by `Journey.stop` (page structure,
axe-core at 1280 and 320 CSS px, no page wider than the window, screenshots in
var/journeys/); after the short address the journey moves by visible links and buttons
only. Then the umbrella's administrator reads the theme in the experience bank.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.arenas.models import Arena
from medvirk.directory.models import Organisation
from medvirk.experiences.domain.themes import recount
from medvirk.experiences.enums import Audience, ExperienceStatus
from medvirk.experiences.models import Experience, ExperienceCall, Theme, ThemeCase
from medvirk.meetings.enums import ProposalStatus
from medvirk.meetings.models import AgendaItem, Meeting
from tests.arenas.conftest import make_person, seat
from tests.browser.journey import Journey
from tests.browser.test_journeys import with_totp
from tests.conftest import Mailbox
from tests.factories import (
    PASSWORD,
    KommuneFactory,
    OrganisationFactory,
    RoleFactory,
    ServiceFactory,
    UmbrellaFactory,
    UserFactory,
)
from tests.factories.experiences import (
    ApprovedExperienceFactory,
    ExperienceCallFactory,
    ThemeFactory,
)
from tests.factories.people import ArenaFactory
from tests.meetings.conftest import local_dt, make_meeting
from tests.periodic import deliver_due_mail

DAY = datetime.timedelta(days=1)
CALL = "Reisen til behandling"
THEME = "Ingen å ringe når drosjen er sen"
ARENA = "Brukerutvalget i Testkommune"
MEETING = "Desembermøtet"
CONTRIBUTOR = "kari@example.org"
EARLIER = "tor@example.org"  # gave an answer earlier, but no consent to be contacted
# What the contributor wrote (with a name the moderator's prefilled text takes out).
WHAT_HAPPENED = "Jeg heter Kari Nordmann. Drosjen kom ikke, og ingen tok telefonen."


@dataclass
class World:
    organisation: Organisation
    moderator: User
    secretariat: User
    secret: str
    arena: Arena
    meeting: Meeting
    call: ExperienceCall
    earlier: Experience


def make_world() -> World:
    """A user organisation whose administrator moderates, represented in an arena of the
    service Testkommune with a meeting ahead; the organisation's open call, tied to the
    arena, with one answer approved already (a theme needs two)."""
    today = timezone.localdate()
    organisation = OrganisationFactory(name="Pasientforeningen")
    moderator = UserFactory(email="moderator@example.org", name="Mona Moderator")
    RoleFactory(user=moderator, organisation=organisation, role=RoleKind.ADMIN)
    service = ServiceFactory(name="Testkommune")
    secretariat = UserFactory(email="sekretariat@example.org", name="Siri Sekretær")
    RoleFactory(user=secretariat, organisation=service, role=RoleKind.SECRETARIAT)
    secret = with_totp(secretariat)
    arena = ArenaFactory(name=ARENA, owner=service)
    representative = make_person("Rita Representant", organisation=organisation)
    seat(arena, representative, represents=organisation, starts_on=today - 100 * DAY)
    day = today + 30 * DAY
    meeting = make_meeting(
        arena, day, title=MEETING, starts_at=local_dt(day, 10), ends_at=local_dt(day, 12)
    )
    bodo = KommuneFactory(name="Bodø")
    call = ExperienceCallFactory(
        organisation=organisation,
        title=CALL,
        audience=Audience.EVERYONE,
        min_theme_size=2,
        opens_on=today - 10 * DAY,
        closes_on=today + 40 * DAY,
    )
    call.arenas.set([arena])
    earlier = ApprovedExperienceFactory(
        call=call,
        contact_name="Tor Tidligere",
        contact_email=EARLIER,
        contact_consent=False,
        kommune=bodo,
        shared_what_happened="Drosjen kom en time for sent, og ingen svarte på telefonen.",
    )
    return World(organisation, moderator, secretariat, secret, arena, meeting, call, earlier)


def test_an_experience_from_the_phone_to_the_agenda_and_back_by_mail(
    page: Page, live_server: Any, a11y: Any, smtp_server: Mailbox
) -> None:
    w = make_world()

    # 1. The contributor: anonymous, 320 CSS px, keyboard only, from the poster's address.
    journey = Journey(page, a11y, "experience contributor", keyboard=True, narrow=True)
    page.goto(f"/i/{w.call.code}")
    journey.stop(CALL)
    journey.fill("Hva skjedde?", WHAT_HAPPENED)
    journey.fill("Hvilken tjeneste gjaldt det?", "Pasientreiser")
    journey.fill("Hvor?", "Bodø")  # a focused select picks the option typed
    journey.fill("Navn", "Kari", exact=True)
    journey.fill("E-post", CONTRIBUTOR, exact=True)
    journey.check("Dere kan kontakte meg på e-post om svaret")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    journey.press("Send svaret")
    journey.stop("Takk for svaret")
    answer = Experience.objects.exclude(pk=w.earlier.pk).get()
    assert answer.status == ExperienceStatus.PENDING
    assert (answer.contact_email, answer.contact_consent) == (CONTRIBUTOR, True)
    assert answer.kommune is not None and answer.kommune.name == "Bodø"

    # 2. The moderator: from Min side to the answer, approved with the prefilled text.
    journey = Journey(page, a11y, "experience moderator")
    page.goto("/")
    journey.stop()
    journey.log_in(w.moderator.email, PASSWORD)
    journey.stop("Min side")
    participation = page.locator("section[aria-labelledby=start-participation-heading]")
    expect(participation).to_contain_text("1 svar venter på moderering")
    journey.follow("Innspillsrunder", exact=True)
    journey.stop()
    journey.follow(CALL, exact=True)
    journey.stop(CALL)
    journey.follow("Moderer svarene")
    journey.stop()
    journey.follow(f"Svar {answer.pk}", exact=True)
    journey.stop()
    shared = page.get_by_label("Hva skjedde (til deling)")
    expect(shared).not_to_have_value(WHAT_HAPPENED)
    expect(shared).to_have_value("Jeg heter [fjernet]. Drosjen kom ikke, og ingen tok telefonen.")
    journey.press("Godkjenn med denne teksten")
    expect(page.locator("#messages")).to_contain_text("godkjent")
    journey.stop()
    answer.refresh_from_db()
    assert answer.status == ExperienceStatus.APPROVED
    assert "Kari Nordmann" not in answer.shared_what_happened

    # 3. The theme of both answers, and the case proposal from it to the arena.
    journey.follow("Min side", within="header")
    journey.stop("Min side")
    journey.follow("Innspillsrunder", exact=True)
    journey.follow(CALL, exact=True)
    journey.stop(CALL)
    journey.follow("Temaer i runden")
    journey.stop(f"Temaer i «{CALL}»")
    journey.follow("Nytt tema")
    journey.stop("Nytt tema")
    journey.fill("Tittel", THEME)
    journey.fill("Sammendrag", "Flere forteller at ingen tar telefonen når drosjen er sen.")
    journey.press("Opprett temaet")
    journey.stop(THEME)
    page.get_by_label(f"Svar {w.earlier.pk}").check()
    page.get_by_label(f"Svar {answer.pk}").check()
    journey.press("Legg valgte svar til temaet")
    expect(page.get_by_text("2 svar er lagt til temaet.")).to_be_visible()
    journey.stop(THEME)
    assert WHAT_HAPPENED not in page.content()
    theme = Theme.objects.get(title=THEME)
    assert theme.answer_count == 2 and theme.is_large_enough
    journey.follow("Lag saksforslag")
    journey.stop("Lag saksforslag fra temaet")
    page.get_by_label(ARENA).check()
    journey.press("Gå videre")
    journey.stop("Saksforslag fra temaet")
    journey.press("Send saksforslaget")
    expect(page.get_by_text("Saksforslaget er sendt til 1 arena.")).to_be_visible()
    journey.stop(THEME)
    case = ThemeCase.objects.get(theme=theme)
    proposal = case.proposal
    assert (proposal.arena, proposal.status) == (w.arena, ProposalStatus.SUBMITTED)

    # 4. The secretariat: the open proposal onto the meeting's agenda, then published.
    page.context.clear_cookies()
    journey = Journey(page, a11y, "experience secretariat")
    page.goto("/")
    journey.stop()
    journey.log_in(w.secretariat.email, PASSWORD, totp_secret=w.secret)
    journey.stop("Min side")
    journey.follow(ARENA, within="section[aria-labelledby=start-proposals-heading]")
    journey.stop()
    journey.follow(proposal.title, exact=True)
    journey.stop(proposal.title)
    # The only meeting ahead ("<date> <title> – frist for saksforslag <date>").
    page.get_by_label("Møte", exact=True).select_option(index=1)
    journey.choose("Type sak", "Drøfting")
    journey.press("Sett på sakskartet")
    expect(page.locator("#messages")).to_contain_text("er satt på sakskartet")
    journey.stop(proposal.title)
    # The new item, and up the breadcrumbs to its meeting.
    item = AgendaItem.objects.get(proposal=proposal)
    journey.follow(f"Sak {item.case_number} {proposal.title}")
    journey.stop(f"Sak {item.case_number}: {proposal.title}")
    day = timezone.localtime(w.meeting.starts_at).strftime("%d.%m.%Y")
    journey.follow(f"Møte {day}", within="nav.ds-breadcrumbs", exact=True)
    journey.stop(MEETING)
    journey.follow("Publiser sakskartet")
    journey.stop("Publiser sakskartet")
    journey.press("Publiser og send e-post")
    expect(page.get_by_text("Sakskartet er publisert og sendt")).to_be_visible()
    journey.stop()
    w.meeting.refresh_from_db()
    assert w.meeting.is_published

    # 5. The trail job, as cron runs it; its mail leaves through the outbox over SMTP.
    deliver_due_mail()
    smtp_server.messages.clear()  # the proposal's and the agenda's own mails
    call_command("run_periodic", "--job", "experiences.trail_agenda")
    deliver_due_mail()
    (mail,) = smtp_server.to(CONTRIBUTOR)
    subject = " ".join(str(mail["Subject"]).split())
    assert subject == f"Saken «{proposal.title}» er satt på sakskartet"
    body = Mailbox.text(mail)
    assert "Hei Kari," in body and f"sakskartet til {ARENA} for møtet {day}" in body
    assert live_server.url + item.get_absolute_url() in body
    assert WHAT_HAPPENED not in body
    assert smtp_server.to(EARLIER) == []
    assert len(smtp_server.messages) == 1
    case.refresh_from_db()
    assert case.agenda_notified_at is not None


def test_umbrella_admin_reads_the_experience_bank(page: Page, live_server: Any, a11y: Any) -> None:
    w = make_world()
    umbrella = UmbrellaFactory(name="Paraplyen")
    w.organisation.umbrellas.add(umbrella)
    admin = UserFactory(email="paraply@example.org", name="Per Paraply")
    RoleFactory(user=admin, organisation=umbrella, role=RoleKind.ADMIN)
    theme = ThemeFactory(call=w.call, title=THEME, min_size=2, is_shared=True)
    theme.experiences.add(w.earlier, ApprovedExperienceFactory(call=w.call))
    recount(theme)
    other = ThemeFactory(call=w.call, title="Et tema som ikke deles", min_size=2)
    other.experiences.add(w.earlier, ApprovedExperienceFactory(call=w.call))
    recount(other)

    journey = Journey(page, a11y, "umbrella experience bank")
    page.goto("/")
    journey.stop()
    journey.log_in(admin.email, PASSWORD)
    journey.stop("Min side")
    journey.follow("Erfaringsbank")
    journey.stop("Erfaringsbank")
    bank = page.locator("main")
    expect(bank.get_by_role("row").filter(has_text=THEME)).to_contain_text("Bodø")
    expect(bank).not_to_contain_text("Et tema som ikke deles")
    journey.follow(THEME, exact=True)
    journey.stop(THEME)
    main = page.locator("main")
    expect(main).to_contain_text(theme.summary)
    expect(main).not_to_contain_text(w.earlier.shared_what_happened)
