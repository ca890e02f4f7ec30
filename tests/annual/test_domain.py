"""The report's life: create, write, send for comments, comment, approve (once), revise,
publish; each write checks who may do it and what the input is."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from medvirk.annual.domain.reports import (
    approve_report,
    comment_on_report,
    create_report,
    publish_report,
    revise_report,
    send_for_comments,
    unpublish_report,
    update_report,
)
from medvirk.annual.enums import ReportStatus
from medvirk.annual.models import AnnualReport
from medvirk.common.models import ActivityLog
from tests.annual.conftest import YEAR, AnnualWorld
from tests.clock import freeze_time

pytestmark = pytest.mark.django_db


def test_the_secretariat_creates_a_report_once_per_arena_and_year(
    annual_world: AnnualWorld,
) -> None:
    report = annual_world.report()
    assert (report.arena, report.owner, report.year, report.status) == (
        annual_world.arena,
        annual_world.m.service,
        YEAR,
        ReportStatus.DRAFT,
    )
    assert ActivityLog.objects.filter(action="annual.report.created").count() == 1
    with pytest.raises(ValidationError) as error:
        annual_world.report()
    assert "year" in error.value.message_dict


@pytest.mark.parametrize("persona", ["member", "admin_a", "other_secretariat", "platform_admin"])
def test_only_the_owners_secretariat_creates_a_report(
    annual_world: AnnualWorld, persona: str
) -> None:
    with pytest.raises(PermissionDenied):
        create_report(
            by=annual_world.m.users[persona],
            service=annual_world.m.service,
            arena=annual_world.arena,
            year=YEAR,
        )


@pytest.mark.parametrize(
    ("year", "language"), [("tjuefemten", "nb"), (1999, "nb"), (2030, "nb"), (YEAR, "de")]
)
def test_bad_year_or_language_is_refused_on_its_field(
    annual_world: AnnualWorld, year: object, language: str
) -> None:
    with pytest.raises(ValidationError) as error:
        create_report(
            by=annual_world.secretariat,
            service=annual_world.m.service,
            arena=annual_world.arena,
            year=year,
            language=language,
        )
    assert set(error.value.message_dict) <= {"year", "language"}


def test_an_arena_of_another_service_is_refused(annual_world: AnnualWorld) -> None:
    from tests.arenas.conftest import make_arena

    foreign = make_arena(annual_world.m.other_service)
    with pytest.raises(ValidationError) as error:
        create_report(
            by=annual_world.secretariat, service=annual_world.m.service, arena=foreign, year=YEAR
        )
    assert "arena" in error.value.message_dict


def test_a_service_report_covers_the_service(annual_world: AnnualWorld) -> None:
    report = create_report(
        by=annual_world.secretariat, service=annual_world.m.service, arena=None, year=YEAR
    )
    assert (report.service, report.arena) == (annual_world.m.service, None)


def test_write_preface_and_highlights_from_the_year_only(annual_world: AnnualWorld) -> None:
    w = annual_world
    report = w.report()
    update_report(
        report,
        by=w.secretariat,
        preface="<p>Et godt år.</p><script>x</script>",
        language="nn",
        highlights=[(w.statement.pk, "Viktig sak"), (w.closed.pk, "")],
    )
    report.refresh_from_db()
    assert report.preface == "<p>Et godt år.</p>"
    assert report.language == "nn"
    assert [h.item_id for h in report.highlights.all()] == [w.statement.pk, w.closed.pk]
    with pytest.raises(ValidationError) as error:
        update_report(
            report,
            by=w.secretariat,
            preface="",
            language="nb",
            highlights=[(w.m.meeting.pk * 1000, "")],
        )
    assert "highlights" in error.value.message_dict


def test_send_for_comments_mails_the_members_and_checks_the_deadline(
    annual_world: AnnualWorld,
) -> None:
    w = annual_world
    report = w.report()
    with pytest.raises(ValidationError) as error:
        send_for_comments(report, by=w.secretariat, comment_deadline=None)
    assert "comment_deadline" in error.value.message_dict
    with pytest.raises(ValidationError):
        send_for_comments(report, by=w.secretariat, comment_deadline=datetime.date(2020, 1, 1))
    with pytest.raises(PermissionDenied):
        send_for_comments(report, by=w.m.member, comment_deadline=datetime.date(2026, 12, 1))
    sent = send_for_comments(report, by=w.secretariat, comment_deadline=datetime.date(2026, 12, 1))
    # Today's seat holders with an address: the meetings' world's four people and ours
    # without an e-mail address are not mailed.
    assert sent == len(mail.outbox) == 4
    assert "Årsmelding 2025" in mail.outbox[0].subject
    assert report.get_absolute_url() in mail.outbox[0].body
    report.refresh_from_db()
    assert report.status == ReportStatus.ON_COMMENT


def test_members_comment_while_on_comment_and_by_the_deadline(annual_world: AnnualWorld) -> None:
    w = annual_world
    report = w.report()
    with pytest.raises(PermissionDenied):
        comment_on_report(report, by=w.m.member, text="For tidlig")
    send_for_comments(report, by=w.secretariat, comment_deadline=datetime.date(2026, 12, 1))
    with pytest.raises(ValidationError) as error:
        comment_on_report(report, by=w.m.member, text="  ")
    assert "text" in error.value.message_dict
    comment = comment_on_report(report, by=w.m.member, text="Ta med fritidssaken.")
    assert comment.author_name == "Mona Medlem"
    with pytest.raises(PermissionDenied):
        comment_on_report(report, by=w.m.users["admin_b"], text="x")
    with freeze_time("2026-12-03T10:00:00"), pytest.raises(ValidationError):
        comment_on_report(report, by=w.m.member, text="For sent")


def test_approving_twice_is_refused_with_a_clear_message(annual_world: AnnualWorld) -> None:
    w = annual_world
    report = w.report()
    version = approve_report(report, by=w.secretariat)
    assert version.number == 1
    assert version.content["figures"]["meetings"]["held"] == 2
    with pytest.raises(ValidationError) as error:
        approve_report(report, by=w.secretariat)
    assert "allerede godkjent" in error.value.messages[0]
    with pytest.raises(ValidationError):
        update_report(report, by=w.secretariat, preface="x", language="nb", highlights=[])


def test_editing_after_approval_makes_a_new_version_with_a_change_note(
    annual_world: AnnualWorld,
) -> None:
    w = annual_world
    report = w.report()
    with pytest.raises(ValidationError):
        revise_report(report, by=w.secretariat, preface="x", change_note="tidlig")
    approve_report(report, by=w.secretariat)
    with pytest.raises(ValidationError) as error:
        revise_report(report, by=w.secretariat, preface="<p>Nytt forord</p>", change_note=" ")
    assert "change_note" in error.value.message_dict
    version = revise_report(
        report, by=w.secretariat, preface="<p>Nytt forord</p>", change_note="Rettet forordet."
    )
    report.refresh_from_db()
    assert (version.number, report.version) == (2, 2)
    assert report.versions.get(number=1).content["preface"] == ""
    assert version.content["preface"] == "<p>Nytt forord</p>"


def test_publish_needs_approval_and_can_be_undone(annual_world: AnnualWorld) -> None:
    w = annual_world
    report = w.report()
    with pytest.raises(ValidationError):
        publish_report(report, by=w.secretariat)
    approve_report(report, by=w.secretariat)
    with pytest.raises(PermissionDenied):
        publish_report(report, by=w.m.platform_admin)
    publish_report(report, by=w.secretariat)
    assert AnnualReport.objects.public().get() == report
    with pytest.raises(ValidationError):
        publish_report(report, by=w.secretariat)
    unpublish_report(report, by=w.secretariat)
    assert not AnnualReport.objects.public().exists()


def test_a_report_of_a_private_arena_is_never_public(annual_world: AnnualWorld) -> None:
    w = annual_world
    report = create_report(
        by=w.secretariat, service=w.m.service, arena=w.m.private_arena, year=YEAR
    )
    approve_report(report, by=w.secretariat)
    publish_report(report, by=w.secretariat)
    assert not AnnualReport.objects.public().exists()
    assert w.client("anonymous").get(report.get_absolute_url()).status_code == 404
    assert w.client("member").get(report.get_absolute_url()).status_code == 200
