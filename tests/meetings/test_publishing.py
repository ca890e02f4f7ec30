"""Publishing the agenda: refusals, the late reason, and who is mailed what."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from medvirk.common.models import ActivityLog
from medvirk.directory.models import Contact
from medvirk.meetings.domain.publishing import is_late, publish_agenda
from medvirk.meetings.models import Meeting
from tests.arenas.conftest import make_person, seat
from tests.conftest import Mailbox
from tests.factories import OrganisationFactory
from tests.meetings.agenda_helpers import (
    CLOSED_DESCRIPTION,
    CLOSED_DOC_TITLE,
    CLOSED_NOTE,
    CLOSED_TITLE,
    PUBLIC_DOC_TITLE,
    PUBLIC_TITLE,
    build_agenda,
    fresh,
    item,
    mark_published,
    meeting_in,
)
from tests.meetings.conftest import MeetingWorld

pytestmark = pytest.mark.django_db

SEAT_HOLDERS = ["medlem@example.org", "sigurd@example.org", "vara@example.org", "viggo@example.org"]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def mails_to(address: str) -> list[Any]:
    return [m for m in mail.outbox if address in m.to]


def render_section(meeting: Meeting, user: Any) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load agenda_tags %}{% agenda_section meeting %}")
    return template.render(Context({"meeting": meeting, "request": request}))


# --- Refusals ------------------------------------------------------------------------


def test_publish_refused_without_items(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    with pytest.raises(ValidationError) as caught:
        publish_agenda(w.meeting, by=w.secretariat)
    assert caught.value.messages == ["Sakskartet har ingen saker. Legg til minst én sak først."]
    w.meeting.refresh_from_db()
    assert w.meeting.agenda_published_at is None
    assert mail.outbox == []


def test_publish_refused_when_cancelled(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    item(w.meeting, w.secretariat)
    Meeting.objects.filter(pk=w.meeting.pk).update(status="cancelled")
    with pytest.raises(ValidationError, match="avlyst"):
        publish_agenda(w.meeting, by=w.secretariat)
    assert mail.outbox == []


def test_publish_twice_refused(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    item(w.meeting, w.secretariat)
    publish_agenda(w.meeting, by=w.secretariat)
    sent = len(mail.outbox)
    with pytest.raises(ValidationError, match="kan ikke publiseres på nytt"):
        publish_agenda(w.meeting, by=w.secretariat)
    assert len(mail.outbox) == sent
    assert ActivityLog.objects.filter(action="meetings.agenda.published").count() == 1


# --- Late publishing -----------------------------------------------------------------


def test_late_publishing_needs_a_reason_that_is_shown(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    late = meeting_in(5, w)  # agenda deadline 14 days before: passed
    assert is_late(late)
    item(late, w.secretariat, PUBLIC_TITLE)
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as caught:
            publish_agenda(late, by=w.secretariat, late_reason=reason)
        assert list(caught.value.message_dict) == ["late_reason"]
        assert (
            "Fristen for å publisere sakskartet var" in caught.value.message_dict["late_reason"][0]
        )
    late.refresh_from_db()
    assert late.agenda_published_at is None
    assert mail.outbox == []

    publish_agenda(late, by=w.secretariat, late_reason=" Saksframlegget kom sent fra kommunen. ")
    late.refresh_from_db()
    assert late.agenda_late_reason == "Saksframlegget kom sent fra kommunen."
    entry = ActivityLog.objects.get(action="meetings.agenda.published")
    assert entry.data["late"] is True
    assert entry.data["late_reason"] == "Saksframlegget kom sent fra kommunen."
    for user in (fresh(None), fresh(w.member), fresh(w.secretariat)):
        html = render_section(late, user)
        assert "Sakskartet ble publisert etter fristen." in html
        assert "Saksframlegget kom sent fra kommunen." in html
    assert "Saksframlegget kom sent fra kommunen." in mails_to("medlem@example.org")[0].body


def test_deadline_day_itself_is_not_late(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    on_deadline = meeting_in(14, w)
    assert on_deadline.agenda_deadline == timezone.localdate()
    assert not is_late(on_deadline)
    assert is_late(on_deadline, today=timezone.localdate() + datetime.timedelta(days=1))
    item(on_deadline, w.secretariat)
    publish_agenda(on_deadline, by=w.secretariat, late_reason="ikke nødvendig")
    on_deadline.refresh_from_db()
    assert on_deadline.agenda_late_reason == ""  # only a late agenda carries a reason
    assert "etter fristen" not in render_section(on_deadline, fresh(None))


# --- Mails ---------------------------------------------------------------------------


def test_publish_mails_seat_holders_everything_and_organisations_public_only(
    meeting_world: MeetingWorld,
) -> None:
    w = meeting_world
    agenda = build_agenda(w)
    publish_agenda(w.meeting, by=w.secretariat)
    w.meeting.refresh_from_db()
    assert w.meeting.agenda_published_at is not None

    assert sorted(a for m in mail.outbox for a in m.to) == sorted(
        [*SEAT_HOLDERS, "admin-a@example.org"]
    )
    # Seat holders (members and deputies) get the full list, closed items marked closed.
    for address in SEAT_HOLDERS:
        (message,) = mails_to(address)
        assert message.subject.startswith("Sakskart for Brukerutvalget ")
        assert PUBLIC_TITLE in message.body and PUBLIC_DOC_TITLE in message.body
        assert CLOSED_TITLE in message.body and CLOSED_DOC_TITLE in message.body
        assert "LUKKET SAK – Taushetsplikt etter lov (offentleglova § 13)" in message.body
        assert f"/moter/dokumenter/{agenda.closed_doc.pk}/" in message.body
        assert f"/moter/dokumenter/{agenda.public_doc.pk}/" in message.body
        assert f"/moter/{w.meeting.pk}/sakskart.pdf" in message.body
        assert message.body.startswith("Hei ")
    # The organisation gets the public items and documents only.
    (org_mail,) = mails_to("admin-a@example.org")
    assert PUBLIC_TITLE in org_mail.body and PUBLIC_DOC_TITLE in org_mail.body
    assert f"/moter/dokumenter/{agenda.public_doc.pk}/" in org_mail.body
    for secret in (CLOSED_TITLE, CLOSED_DOC_TITLE, CLOSED_DESCRIPTION, CLOSED_NOTE, "LUKKET"):
        assert secret not in org_mail.body and secret not in org_mail.subject
    assert f"/moter/dokumenter/{agenda.closed_doc.pk}/" not in org_mail.body
    assert f"/moter/saker/{agenda.closed.pk}/" not in org_mail.body
    assert org_mail.body.startswith("Til Organisasjon A,")

    entry = ActivityLog.objects.get(action="meetings.agenda.published")
    assert entry.data == {
        "items": 2,
        "late": False,
        "late_reason": "",
        "people_mailed": 4,
        "organisations_mailed": ["Organisasjon A"],
    }
    assert entry.actor == w.secretariat and entry.organisation == w.service


def test_each_person_is_mailed_in_their_language(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    w.second_member_person.preferred_language = "en"
    w.second_member_person.save()
    w.deputy_person.preferred_language = "nn"
    w.deputy_person.save()
    item(w.meeting, w.secretariat)
    publish_agenda(w.meeting, by=w.secretariat)
    assert "Kind regards, Medvirk" in mails_to("sigurd@example.org")[0].body
    assert "Helsing Medvirk" in mails_to("vara@example.org")[0].body
    assert "Hilsen Medvirk" in mails_to("medlem@example.org")[0].body


def test_who_is_left_out(meeting_world: MeetingWorld) -> None:
    """No address: no mail. A seat that ends before the meeting: no mail. The organisation
    of a former member: no mail. An organisation with only a primary contact: the contact."""
    w = meeting_world
    w.second_deputy_person.email = ""
    w.second_deputy_person.save()
    today = timezone.localdate()
    gone = make_person("Gunnar Går", email="gunnar@example.org")
    org_gone = OrganisationFactory(name="Forening som går ut")
    Contact.objects.create(organisation=org_gone, name="Post", email="post@gone.example.org")
    seat(
        w.public_arena,
        gone,
        represents=org_gone,
        ends_on=today + datetime.timedelta(days=10),
    )
    new = make_person("Nina Ny", email="nina@example.org")
    org_new = OrganisationFactory(name="Ny forening")
    Contact.objects.create(
        organisation=org_new, name="Post", email="post@ny.example.org", is_primary=True
    )
    seat(w.public_arena, new, represents=org_new)
    item(w.meeting, w.secretariat)
    publish_agenda(w.meeting, by=w.secretariat)
    addresses = sorted(a for m in mail.outbox for a in m.to)
    assert "viggo@example.org" not in addresses
    assert "gunnar@example.org" not in addresses
    assert "nina@example.org" in addresses
    assert "post@ny.example.org" in addresses
    assert "post@gone.example.org" not in addresses


def test_private_arena_mails_organisations_no_items(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    public = item(w.private_meeting, w.secretariat, "Åpen sak i lukket gruppe")
    publish_agenda(w.private_meeting, by=w.secretariat)
    (member_mail,) = mails_to("medlem@example.org")
    assert public.title in member_mail.body
    (org_mail,) = mails_to("admin-a@example.org")
    assert public.title not in org_mail.body
    assert "Arenaen er ikke offentlig" in org_mail.body


def test_mail_goes_out_over_real_smtp(
    meeting_world: MeetingWorld, smtp_server: Mailbox, django_capture_on_commit_callbacks: Any
) -> None:
    w = meeting_world
    build_agenda(w)
    with django_capture_on_commit_callbacks(execute=True):
        publish_agenda(w.meeting, by=w.secretariat)
    (member,) = smtp_server.to("medlem@example.org")
    assert CLOSED_TITLE in Mailbox.text(member)
    (organisation,) = smtp_server.to("admin-a@example.org")
    assert PUBLIC_TITLE in Mailbox.text(organisation)
    assert CLOSED_TITLE not in Mailbox.text(organisation)


def test_rolled_back_publish_sends_nothing(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    mark_published(w.meeting)
    with pytest.raises(ValidationError):
        publish_agenda(w.meeting, by=w.secretariat)
    assert mail.outbox == []
