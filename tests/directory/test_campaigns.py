"""Confirmation campaigns: starting, sending, the personal link, reminders, the dashboard."""

from __future__ import annotations

import hashlib
import re
import socket
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from medvirk.accounts.models import User
from medvirk.common.models import ActivityLog
from medvirk.directory.domain.campaigns import (
    INVITATION_SENT,
    LINK_OPENED,
    REMINDER_SENT,
    STARTED,
    LinkUsed,
    confirm,
    hash_token,
    start_campaign,
)
from medvirk.directory.domain.organisations import CONFIRMED
from medvirk.directory.enums import Level, RecipientState
from medvirk.directory.models import Campaign, CampaignRecipient, Contact, Organisation
from medvirk.directory.notifications import campaign_reference
from medvirk.directory.selectors import campaign_figures, campaign_recipients, with_mail_status
from medvirk.notifications.domain.delivery import MAX_ATTEMPTS, deliver
from medvirk.notifications.models import MailStatus, OutboxMail
from tests.clock import freeze_time
from tests.conftest import PERSONAS, Tenant
from tests.factories import (
    ContactFactory,
    KommuneFactory,
    OrganisationFactory,
    RegionFactory,
    TargetGroupFactory,
)
from tests.periodic import send_due_reminders

LINK = re.compile(r"https?://[^\s/]+(/katalog/kampanjer/bekreft/(\d+)/([A-Za-z0-9_-]+)/)")
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)  # 10:00 in Oslo


@pytest.fixture(autouse=True)
def _mail_to_outbox(settings: Any) -> None:
    """Campaign mail is written to the outbox (OutboxMail rows) and delivered after commit
    by the (immediate) task into the locmem mailbox ``mail.outbox``."""
    settings.EMAIL_BACKEND = "medvirk.notifications.domain.outbox.OutboxBackend"
    settings.MEDVIRK_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def give_up_delivery() -> None:
    """Run every retry of the waiting outbox rows, each when it falls due, until the
    outbox gives up (MAX_ATTEMPTS) or the mail is sent."""
    for _ in range(MAX_ATTEMPTS):
        for row in OutboxMail.objects.filter(status=MailStatus.PENDING):
            with freeze_time(row.next_attempt_at):
                deliver(row.pk)


def with_delivery(tenant: Tenant) -> CampaignRecipient:
    """The tenant's recipient with its mail's outbox state (``mail_status``, ``mail_error``)."""
    return with_mail_status(CampaignRecipient.objects.all()).get(organisation=tenant.organisation)


def run_campaign(
    capture: Any, by: User, name: str = "Årlig bekreftelse", region: Any = None
) -> Campaign:
    """Start a campaign and run what waits for the commit (queuing, and here sending)."""
    with capture(execute=True):
        return start_campaign(by=by, name=name, region=region)


def link_in(message: Any) -> tuple[str, int, str]:
    """(path, org pk, token) of the confirmation link in a message's text body."""
    body = message.body if hasattr(message, "body") else message
    match = LINK.search(body)
    assert match is not None, body
    return match.group(1), int(match.group(2)), match.group(3)


def mail_to(address: str) -> list[Any]:
    return [m for m in mail.outbox if address in m.to]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def assert_leaks_nothing(response: Any, *tenants: Tenant) -> None:
    content = response.content.decode()
    for tenant in tenants:
        organisation = tenant.organisation
        assert organisation.name not in content
        assert organisation.org_number not in content
        for contact in Contact.objects.filter(organisation=organisation):
            assert contact.name not in content
            assert contact.email not in content
    assert '<form method="post" novalidate' not in content


def correction_data(organisation: Organisation, **overrides: Any) -> dict[str, Any]:
    """What the correction form posts when nothing is changed, plus ``overrides``."""
    data: dict[str, Any] = {
        "action": "correct",
        "name": organisation.name,
        "org_number": organisation.org_number,
        "level": organisation.level,
        "regions": [r.pk for r in organisation.regions.all()],
        "target_groups": [t.pk for t in organisation.target_groups.all()],
        "website": organisation.website,
        "description": organisation.description,
    }
    contacts = list(organisation.contacts.order_by("-is_primary", "name", "pk"))
    data.update(
        {
            "contacts-TOTAL_FORMS": str(len(contacts) + 1),
            "contacts-INITIAL_FORMS": str(len(contacts)),
            "contacts-MIN_NUM_FORMS": "0",
            "contacts-MAX_NUM_FORMS": "30",
        }
    )
    for index, contact in enumerate(contacts):
        prefix = f"contacts-{index}-"
        data[prefix + "id"] = str(contact.pk)
        data[prefix + "name"] = contact.name
        data[prefix + "role"] = contact.role
        data[prefix + "email"] = contact.email
        data[prefix + "phone"] = contact.phone
        if contact.is_public:
            data[prefix + "is_public"] = "on"
        if contact.is_primary:
            data[prefix + "is_primary"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def sent_link(
    org_a: Tenant, platform_admin: User, django_capture_on_commit_callbacks: Any
) -> tuple[str, int, str]:
    """A campaign to org A's primary contact; the link from the mail."""
    run_campaign(django_capture_on_commit_callbacks, platform_admin)
    (message,) = mail_to("offentlig-a@example.org")
    return link_in(message)


def recipient_of(tenant: Tenant) -> CampaignRecipient:
    return CampaignRecipient.objects.get(organisation=tenant.organisation)


# --- Starting a campaign -------------------------------------------------------------


def test_start_campaign_for_all_creates_one_recipient_per_organisation(
    org_a: Tenant, org_b: Tenant, platform_admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    campaign = run_campaign(django_capture_on_commit_callbacks, platform_admin)

    recipients = {r.organisation_id: r for r in campaign.recipients.all()}
    assert set(recipients) == set(Organisation.objects.values_list("pk", flat=True))
    a = recipients[org_a.organisation.pk]
    assert (a.state, a.email) == (RecipientState.SENT, "offentlig-a@example.org")
    # Org B has a contact, but no primary contact: nobody to ask.
    b = recipients[org_b.organisation.pk]
    assert (b.state, b.email, b.sent_at) == (RecipientState.NO_CONTACT, "", None)
    assert [m.to for m in mail.outbox] == [["offentlig-a@example.org"]]
    log = ActivityLog.objects.get(action=STARTED)
    assert (log.actor, log.data["no_contact"]) == (platform_admin, len(recipients) - 1)
    assert ActivityLog.objects.filter(action=INVITATION_SENT).count() == 1


def test_start_campaign_for_a_fylke_includes_its_kommuner(
    platform_admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    fylke = RegionFactory(code="77", name="Testfylke")
    kommune = KommuneFactory(code="7701", name="Testkommune", parent=fylke)
    other = RegionFactory(code="78", name="Annet fylke")
    whole_fylke = OrganisationFactory(name="Hele fylket")
    whole_fylke.regions.set([fylke])
    in_kommune = OrganisationFactory(name="I kommunen")
    in_kommune.regions.set([kommune])
    OrganisationFactory(name="Annet sted").regions.set([other])
    OrganisationFactory(name="Uten område")

    by_fylke = run_campaign(django_capture_on_commit_callbacks, platform_admin, region=fylke)
    by_kommune = run_campaign(django_capture_on_commit_callbacks, platform_admin, region=kommune)

    assert sorted(by_fylke.recipients.values_list("organisation__name", flat=True)) == [
        "Hele fylket",
        "I kommunen",
    ]
    assert list(by_kommune.recipients.values_list("organisation__name", flat=True)) == [
        "I kommunen"
    ]


def test_start_campaign_stores_only_unique_hashes_of_the_tokens(
    platform_admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    for n in range(3):
        ContactFactory(organisation=OrganisationFactory(), is_primary=True, email=f"p{n}@x.no")

    run_campaign(django_capture_on_commit_callbacks, platform_admin)

    recipients = list(CampaignRecipient.objects.all())
    hashes = [r.token_hash for r in recipients]
    assert len(set(hashes)) == 3
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)
    tokens = {link_in(m)[2] for m in mail.outbox}
    assert len(tokens) == 3
    assert all(len(t) >= 43 for t in tokens)
    assert {hashlib.sha256(t.encode()).hexdigest() for t in tokens} == set(hashes)
    logged = str(list(ActivityLog.objects.values_list("data", flat=True)))
    assert all(t not in logged for t in tokens)
    # The outbox held the raw token until the mail was sent, and then blanked the body.
    rows = list(OutboxMail.objects.all())
    assert sorted(r.reference for r in rows) == sorted(campaign_reference(r.pk) for r in recipients)
    assert {(r.status, r.text, r.html) for r in rows} == {(MailStatus.SENT, "", "")}


def test_start_campaign_needs_the_platform_admin(org_a: Tenant) -> None:
    with pytest.raises(PermissionDenied):
        start_campaign(by=org_a.admin, name="Forsøk")
    assert Campaign.objects.count() == 0


def test_start_campaign_refuses_a_region_without_organisations(
    org_a: Tenant, platform_admin: User
) -> None:
    empty = RegionFactory(code="79", name="Tomt fylke")
    with pytest.raises(ValidationError) as error:
        start_campaign(by=platform_admin, name="Tomt", region=empty)
    assert list(error.value.message_dict) == ["region"]
    assert (Campaign.objects.count(), CampaignRecipient.objects.count()) == (0, 0)


def test_send_invitation_records_failure_when_smtp_refuses(
    org_a: Tenant, platform_admin: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MEDVIRK_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_TIMEOUT = 2

    campaign = run_campaign(django_capture_on_commit_callbacks, platform_admin)
    # A refused connection is temporary: the outbox tries again, with growing waits.
    assert with_delivery(org_a).mail_status == MailStatus.PENDING
    assert campaign_figures(campaign)["pending"] == 1

    give_up_delivery()

    recipient = with_delivery(org_a)
    assert recipient.mail_status == MailStatus.FAILED
    assert "ConnectionRefusedError" in recipient.mail_error
    row = OutboxMail.objects.get(reference=campaign_reference(recipient.pk))
    assert (row.sent_at, row.attempts) == (None, MAX_ATTEMPTS)
    assert (campaign_figures(campaign)["failed"], campaign_figures(campaign)["sent"]) == (1, 0)
    assert list(campaign_recipients(campaign, RecipientState.FAILED)) == [recipient]
    # Recorded where platform admins see failed mail (and can send it again).
    client = Client()
    client.force_login(platform_admin)
    assert list(client.get(reverse("notifications:failed")).context["failed"]) == [row]


def test_invitation_mail_is_bokmal_with_html_naming_organisation_and_deadline(
    org_a: Tenant, platform_admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    with freeze_time(T0), translation.override("en"):
        run_campaign(django_capture_on_commit_callbacks, platform_admin)

    (message,) = mail.outbox
    assert message.subject == "Er opplysningene om Organisasjon A riktige? Bekreft i Medvirk"
    assert "Organisasjon A" in message.body
    assert "31. mars 2025" in message.body
    assert "Du trenger ingen brukerkonto" in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert "31. mars 2025" in html
    path, _pk, _token = link_in(message)
    assert f'href="http://127.0.0.1:8000{path}"' in html
    recipient = recipient_of(org_a)
    assert recipient.sent_at == T0
    assert recipient.expires_at.isoformat() == "2025-03-31T21:59:59+00:00"  # 23:59:59 in Oslo


# --- The link ------------------------------------------------------------------------


def test_confirm_page_shows_the_entry_and_marks_it_opened_once(
    client: Client, org_a: Tenant, sent_link: tuple[str, int, str]
) -> None:
    path, _pk, _token = sent_link

    response = client.get(path)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Bekreft opplysningene om Organisasjon A" in content
    assert "Hemmelig Kontakt A" in content  # the link shows private contacts too
    assert "99887766" in content
    assert response["Cache-Control"].startswith("max-age=0")
    recipient = recipient_of(org_a)
    assert recipient.state == RecipientState.OPENED
    first_opened = recipient.opened_at
    assert first_opened is not None
    assert client.get(path).status_code == 200
    assert recipient_of(org_a).opened_at == first_opened
    assert ActivityLog.objects.filter(action=LINK_OPENED).count() == 1


def test_confirm_without_changes_stores_date_and_log(
    client: Client, org_a: Tenant, sent_link: tuple[str, int, str]
) -> None:
    path, _pk, _token = sent_link

    response = client.post(path, {"action": "confirm"})

    assert response.status_code == 302
    assert response["Location"] == reverse("directory:confirm_done")
    org = Organisation.objects.get(pk=org_a.organisation.pk)
    assert org.last_confirmed_at is not None
    assert org.is_stale is False
    recipient = recipient_of(org_a)
    assert recipient.state == RecipientState.CONFIRMED
    assert recipient.responded_at is not None
    log = ActivityLog.objects.get(action=CONFIRMED)
    assert (log.actor, log.actor_label, log.data) == (
        None,
        "offentlig-a@example.org",
        {"changes": {}},
    )
    done = client.get(response["Location"])
    assert "Oppføringen for Organisasjon A er bekreftet." in done.content.decode()


def test_confirm_with_corrections_updates_entry_and_contacts(
    client: Client, org_a: Tenant, sent_link: tuple[str, int, str]
) -> None:
    path, _pk, _token = sent_link
    organisation = org_a.organisation
    group = TargetGroupFactory()
    secret = Contact.objects.get(name="Hemmelig Kontakt A")
    data = correction_data(
        organisation,
        name="Organisasjon A (nytt navn)",
        level=Level.LOCAL,
        target_groups=[group.pk],
        website="a.example.org",
        **{
            "contacts-1-phone": "+47 41 23 45 67",
            "contacts-2-name": "Ny Person",
            "contacts-2-email": "ny@example.org",
            "contacts-2-is_public": "on",
        },
    )
    assert data["contacts-1-id"] == str(secret.pk)

    response = client.post(path, data)

    assert response.status_code == 302, response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Organisasjon A (nytt navn)"
    assert organisation.level == Level.LOCAL
    assert organisation.website == "https://a.example.org"
    assert list(organisation.target_groups.all()) == [group]
    assert organisation.last_confirmed_at is not None
    secret.refresh_from_db()
    assert secret.phone == "+47 41 23 45 67"
    assert organisation.contacts.filter(name="Ny Person", email="ny@example.org").exists()
    assert recipient_of(org_a).state == RecipientState.CHANGED
    log = ActivityLog.objects.get(action=CONFIRMED)
    assert log.data["changes"]["name"] == ["Organisasjon A", "Organisasjon A (nytt navn)"]
    done = client.get(reverse("directory:confirm_done")).content.decode()
    assert "Endringene er lagret" in done


def test_confirm_correction_without_real_changes_counts_as_confirmed(
    client: Client, org_a: Tenant, sent_link: tuple[str, int, str]
) -> None:
    path, _pk, _token = sent_link

    response = client.post(path, correction_data(org_a.organisation))

    assert response.status_code == 302
    assert recipient_of(org_a).state == RecipientState.CONFIRMED


def test_confirm_link_used_once_refuses_replay(
    client: Client, org_a: Tenant, sent_link: tuple[str, int, str]
) -> None:
    path, pk, token = sent_link
    assert client.post(path, {"action": "confirm"}).status_code == 302
    confirmed_at = Organisation.objects.get(pk=pk).last_confirmed_at

    again = client.get(path)
    replay = client.post(path, correction_data(org_a.organisation, name="Kapret"))

    for response in (again, replay):
        assert response.status_code == 410
        assert "Lenken er allerede brukt" in response.content.decode()
        assert_leaks_nothing(response, org_a)
    organisation = Organisation.objects.get(pk=pk)
    assert (organisation.name, organisation.last_confirmed_at) == ("Organisasjon A", confirmed_at)
    with pytest.raises(LinkUsed):
        confirm(org_pk=pk, token=token)
    assert ActivityLog.objects.filter(action=CONFIRMED).count() == 1


def test_confirm_link_expired_refuses_and_saves_nothing(
    client: Client, org_a: Tenant, platform_admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    with freeze_time(T0):
        run_campaign(django_capture_on_commit_callbacks, platform_admin)
    path, _pk, _token = link_in(mail.outbox[0])

    with freeze_time(T0 + timedelta(days=29)):
        assert client.get(path).status_code == 200
    with freeze_time(T0 + timedelta(days=31)):
        shown = client.get(path)
        posted = client.post(path, correction_data(org_a.organisation, name="For sent"))

    for response in (shown, posted):
        assert response.status_code == 410
        assert "Lenken har utløpt" in response.content.decode()
        assert_leaks_nothing(response, org_a)
    organisation = Organisation.objects.get(pk=org_a.organisation.pk)
    assert (organisation.name, organisation.last_confirmed_at) == ("Organisasjon A", None)
    assert recipient_of(org_a).responded_at is None


def test_confirm_link_forged_gets_generic_404(
    client: Client, org_a: Tenant, sent_link: tuple[str, int, str]
) -> None:
    _path, pk, token = sent_link
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    for bad in (forged, "x", "A" * 500):
        url = reverse("directory:confirm", kwargs={"org_pk": pk, "token": bad})
        for response in (client.get(url), client.post(url, {"action": "confirm"})):
            assert response.status_code == 404
            assert "Lenken er ikke gyldig" in response.content.decode()
            assert_leaks_nothing(response, org_a)
    assert Organisation.objects.get(pk=pk).last_confirmed_at is None
    assert recipient_of(org_a).opened_at is None


def test_confirm_link_for_organisation_a_used_against_b_is_refused(
    client: Client, org_a: Tenant, org_b: Tenant, sent_link: tuple[str, int, str]
) -> None:
    _path, _pk, token = sent_link
    url = reverse("directory:confirm", kwargs={"org_pk": org_b.organisation.pk, "token": token})

    shown = client.get(url)
    posted = client.post(url, correction_data(org_b.organisation, name="Kapret"))

    for response in (shown, posted):
        assert response.status_code == 404
        assert "Lenken er ikke gyldig" in response.content.decode()
        assert_leaks_nothing(response, org_a, org_b)
    for tenant in (org_a, org_b):
        organisation = Organisation.objects.get(pk=tenant.organisation.pk)
        assert organisation.last_confirmed_at is None
        assert organisation.name == tenant.organisation.name
    assert recipient_of(org_a).opened_at is None


@pytest.mark.parametrize(
    ("overrides", "typed"),
    [
        ({"contacts-0-email": "ikke-en-adresse"}, "ikke-en-adresse"),
        ({"contacts-1-phone": "12 34"}, "12 34"),
        ({"org_number": "123456789"}, "123456789"),
        ({"name": "N" * 201}, "N" * 201),
        ({"description": "lang " * 801}, "lang " * 801),
        ({"description": "Hei <script>alert(1)</script>"}, "Hei <script>alert(1)</script>"),
        ({"name": "<b>Fet</b> forening"}, "<b>Fet</b> forening"),
        ({"contacts-1-name": "<img src=x onerror=alert(1)>"}, "<img src=x onerror=alert(1)>"),
        ({"website": "javascript:alert(1)"}, "javascript:alert(1)"),
    ],
    ids=[
        "email",
        "phone",
        "orgnr",
        "long-name",
        "long-description",
        "script",
        "html-name",
        "html-contact",
        "js-url",
    ],
)
def test_confirm_invalid_correction_rerenders_and_saves_nothing(
    client: Client,
    org_a: Tenant,
    sent_link: tuple[str, int, str],
    overrides: dict[str, str],
    typed: str,
) -> None:
    path, pk, _token = sent_link
    contacts_before = list(Contact.objects.filter(organisation_id=pk).values())

    response = client.post(path, correction_data(org_a.organisation, **overrides))

    assert response.status_code == 422
    content = response.content.decode()
    assert "Skjemaet har feil som må rettes" in content
    assert escape(typed) in content
    assert "<script>alert" not in content
    organisation = Organisation.objects.get(pk=pk)
    assert (organisation.name, organisation.last_confirmed_at) == ("Organisasjon A", None)
    assert list(Contact.objects.filter(organisation_id=pk).values()) == contacts_before
    assert recipient_of(org_a).responded_at is None
    assert ActivityLog.objects.filter(action=CONFIRMED).count() == 0


def test_confirm_ignores_fields_a_contact_may_not_change(
    org_a: Tenant, sent_link: tuple[str, int, str]
) -> None:
    _path, pk, token = sent_link

    confirm(
        org_pk=pk,
        token=token,
        data={"name": "Nytt navn", "is_public": False, "kind": "service", "parent": None},
    )

    organisation = Organisation.objects.get(pk=pk)
    assert (organisation.name, organisation.is_public, organisation.kind) == (
        "Nytt navn",
        True,
        "user_org",
    )


def test_confirm_refuses_another_organisations_contact_and_saves_nothing(
    org_a: Tenant, org_b: Tenant, sent_link: tuple[str, int, str]
) -> None:
    _path, pk, token = sent_link
    other = Contact.objects.get(organisation=org_b.organisation)

    with pytest.raises(ValidationError):
        confirm(
            org_pk=pk,
            token=token,
            data={"name": "Nytt navn"},
            contacts=[{"id": other.pk, "name": "Kapret", "delete": False}],
        )

    other.refresh_from_db()
    assert other.name == "Hemmelig Kontakt B"
    organisation = Organisation.objects.get(pk=pk)
    assert (organisation.name, organisation.last_confirmed_at) == ("Organisasjon A", None)
    assert recipient_of(org_a).responded_at is None


def test_confirm_domain_refuses_markup(org_a: Tenant, sent_link: tuple[str, int, str]) -> None:
    _path, pk, token = sent_link

    with pytest.raises(ValidationError) as error:
        confirm(org_pk=pk, token=token, data={"description": "<script>x</script>"})

    assert list(error.value.message_dict) == ["description"]
    assert Organisation.objects.get(pk=pk).last_confirmed_at is None


# --- Reminders -----------------------------------------------------------------------


def test_send_due_reminders_after_14_days_with_a_new_link(
    client: Client, org_a: Tenant, platform_admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    answered = OrganisationFactory(name="Har svart")
    ContactFactory(organisation=answered, is_primary=True, email="svart@example.org")
    with freeze_time(T0):
        run_campaign(django_capture_on_commit_callbacks, platform_admin)
    old_path, _pk, _token = link_in(mail_to("offentlig-a@example.org")[0])
    _p, answered_pk, answered_token = link_in(mail_to("svart@example.org")[0])
    with freeze_time(T0 + timedelta(days=1)):
        confirm(org_pk=answered_pk, token=answered_token)
    mail.outbox.clear()

    with freeze_time(T0 + timedelta(days=13, hours=23)):
        assert send_due_reminders() == 0
    with (
        freeze_time(T0 + timedelta(days=14, minutes=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert send_due_reminders() == 1
        assert send_due_reminders() == 0

    (reminder,) = mail.outbox
    assert reminder.to == ["offentlig-a@example.org"]
    assert reminder.subject.startswith("Påminnelse:")
    assert "Lenken i den forrige e-posten virker ikke lenger" in reminder.body
    assert "31. mars 2025" in reminder.body
    new_path, _pk, _token = link_in(reminder)
    assert new_path != old_path
    recipient = recipient_of(org_a)
    assert recipient.reminded_at == T0 + timedelta(days=14, minutes=1)
    assert ActivityLog.objects.filter(action=REMINDER_SENT).count() == 1
    with freeze_time(T0 + timedelta(days=15)):
        assert client.get(old_path).status_code == 404
        assert client.get(new_path).status_code == 200


def test_run_periodic_command_sends_due_reminders(
    org_a: Tenant, platform_admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    with freeze_time(T0):
        run_campaign(django_capture_on_commit_callbacks, platform_admin)
    mail.outbox.clear()

    with (
        freeze_time(T0 + timedelta(days=15)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("run_periodic", verbosity=0)

    assert [m.subject.startswith("Påminnelse:") for m in mail.outbox] == [True]


def test_reminder_that_cannot_be_sent_keeps_the_first_link(
    client: Client,
    org_a: Tenant,
    platform_admin: User,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with freeze_time(T0):
        run_campaign(django_capture_on_commit_callbacks, platform_admin)
    path, _pk, _token = link_in(mail.outbox[0])
    settings.MEDVIRK_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_PORT = closed_port()

    with freeze_time(T0 + timedelta(days=15)):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_due_reminders() == 1
            assert send_due_reminders() == 0
        assert client.get(path).status_code == 200  # while the reminder waits
        give_up_delivery()
        recipient = with_delivery(org_a)
        assert recipient.mail_status == MailStatus.FAILED
        assert recipient.mail_error != ""
        assert client.get(path).status_code == 200


# --- The admin pages ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", ["campaign_list", "campaign_detail", "campaign_start"])
def test_campaign_pages_only_for_platform_admin(
    persona_client: Any, platform_admin: User, persona: str, url_name: str
) -> None:
    campaign = start_campaign(by=platform_admin, name="Kampanje")
    url = reverse(
        f"directory:{url_name}", kwargs={"pk": campaign.pk} if url_name == "campaign_detail" else {}
    )
    client = persona_client(persona)

    if url_name == "campaign_start":
        response = client.post(url, {"name": "Ny kampanje", "region": ""})
    else:
        response = client.get(url)

    expected = {"anonymous": 302, "platform_admin": 302 if url_name == "campaign_start" else 200}
    assert response.status_code == expected.get(persona, 403)
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
    expected_campaigns = 2 if (persona, url_name) == ("platform_admin", "campaign_start") else 1
    assert Campaign.objects.count() == expected_campaigns


def test_campaign_start_form_starts_and_shows_the_dashboard(
    org_a: Tenant, platform_admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    client.force_login(platform_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("directory:campaign_start"), {"name": "Vår 2025", "region": ""}
        )

    campaign = Campaign.objects.get()
    assert response["Location"] == campaign.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "Vår 2025" in page
    assert "Organisasjon A" in page
    assert "offentlig-a@example.org" in page
    listing = client.get(reverse("directory:campaign_list")).content.decode()
    assert campaign.get_absolute_url() in listing
    dashboard = client.get(reverse("start:page")).content.decode()
    assert reverse("directory:campaign_list") in dashboard


def test_campaign_start_form_with_errors_rerenders(platform_admin: User) -> None:
    client = Client()
    client.force_login(platform_admin)

    response = client.post(reverse("directory:campaign_start"), {"name": "   ", "region": "999999"})

    assert response.status_code == 422
    content = response.content.decode()
    assert "Skjemaet har feil som må rettes" in content
    assert Campaign.objects.count() == 0


def test_campaign_dashboard_counts_each_state(
    org_a: Tenant, org_b: Tenant, platform_admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    ContactFactory(organisation=OrganisationFactory(), is_primary=True, email="c@example.org")
    campaign = run_campaign(django_capture_on_commit_callbacks, platform_admin)
    _path, pk, token = link_in(mail_to("offentlig-a@example.org")[0])
    confirm(org_pk=pk, token=token, data={"name": "Endret navn"})
    client = Client()
    client.force_login(platform_admin)

    response = client.get(campaign.get_absolute_url())

    counts = response.context["counts"]
    assert {k: counts[k] for k in ("total", "sent", "changed", "no_contact", "pending")} == {
        "total": Organisation.objects.count(),
        "sent": 2,
        "changed": 1,
        "no_contact": Organisation.objects.count() - 2,
        "pending": 0,
    }
    filtered = client.get(campaign.get_absolute_url(), {"state": "changed"})
    assert [r.organisation.name for r in filtered.context["page"].object_list] == ["Endret navn"]
    (listed,) = client.get(reverse("directory:campaign_list")).context["campaigns"]
    assert (listed.total, listed.sent, listed.changed, listed.failed, listed.pending) == (
        Organisation.objects.count(),
        2,
        1,
        0,
        0,
    )


def _dashboard_queries(platform_admin: User, organisations: int) -> tuple[int, int]:
    Campaign.objects.all().delete()
    for n in range(organisations):
        organisation = OrganisationFactory()
        if n % 2:
            ContactFactory(organisation=organisation, is_primary=True)
    campaign = start_campaign(by=platform_admin, name=f"Med {organisations}")
    start_campaign(by=platform_admin, name=f"Enda en med {organisations}")
    client = Client()
    client.force_login(platform_admin)
    client.get(reverse("directory:campaign_list"))  # warm up session and caches
    with CaptureQueriesContext(connection) as detail:
        assert client.get(campaign.get_absolute_url()).status_code == 200
    with CaptureQueriesContext(connection) as listing:
        assert client.get(reverse("directory:campaign_list")).status_code == 200
    Organisation.objects.all().delete()
    return len(detail), len(listing)


def test_campaign_dashboard_query_count_is_constant(platform_admin: User) -> None:
    assert _dashboard_queries(platform_admin, 1) == _dashboard_queries(platform_admin, 50)


# --- The whole path over real SMTP and the real task queue ------------------------------------


def test_campaign_mail_over_smtp_link_correct_and_replay(
    client: Client,
    org_a: Tenant,
    platform_admin: User,
    smtp_server: Any,
    db_tasks: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    run_campaign(django_capture_on_commit_callbacks, platform_admin)
    assert smtp_server.messages == []  # queued, not yet sent
    db_tasks()

    (message,) = smtp_server.to("offentlig-a@example.org")
    assert "Organisasjon A" in str(message["Subject"])
    path, pk, token = link_in(smtp_server.text(message))
    assert message.get_body(preferencelist=("html",)) is not None
    page = client.get(path)
    assert page.status_code == 200
    assert "Hemmelig Kontakt A" in page.content.decode()

    response = client.post(
        path, correction_data(org_a.organisation, **{"contacts-1-phone": "41 00 00 00"})
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=pk)
    assert organisation.last_confirmed_at is not None
    assert organisation.contacts.get(name="Hemmelig Kontakt A").phone == "41 00 00 00"
    log = ActivityLog.objects.get(action=CONFIRMED, organisation=organisation)
    assert log.actor_label == "offentlig-a@example.org"
    assert "contacts" in log.data["changes"]
    recipient = recipient_of(org_a)
    assert recipient.state == RecipientState.CHANGED
    replay = client.get(path)
    assert replay.status_code == 410
    assert "Lenken er allerede brukt" in replay.content.decode()
    assert hash_token(token) == recipient.token_hash
