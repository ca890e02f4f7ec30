"""Reminders about advice: the windows before and after the due date, the secretariat's
overdue notice, and "once and only once" through the periodic jobs, the real task queue
and real SMTP."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from medvirk.common.models import ActivityLog
from medvirk.followup.domain.advice import OVERDUE_NOTIFIED, REMINDED
from medvirk.followup.domain.advice_reminders import AFTER, BEFORE, OVERDUE
from medvirk.followup.enums import AddresseeKind, AdviceStatus
from medvirk.followup.models import Advice
from medvirk.notifications.models import MailStatus, OutboxMail
from tests.conftest import Mailbox
from tests.followup.conftest import FollowupWorld
from tests.followup.test_advice_support import answer, give, mail_to, statement
from tests.periodic import deliver_due_mail, send_advice_reminders, send_reminder

DAY = datetime.timedelta(days=1)
SECRETARIAT = "sekretariat@example.org"
ADDRESSEE = "leder@example.org"


def subjects(address: str) -> list[str]:
    return [str(message.subject) for message in mail_to(address)]


# --- Windows (tasks run at once: the ImmediateBackend) ---------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days_before_due", "expected"),
    [
        (8, set()),
        (7, {BEFORE}),
        (3, {BEFORE}),
        (0, {BEFORE}),  # on the due date itself: still "before"
        (-1, {AFTER, OVERDUE}),  # the day after: overdue
        (-40, {AFTER, OVERDUE}),
    ],
)
def test_reminder_windows(
    followup_world: FollowupWorld, days_before_due: int, expected: set[str]
) -> None:
    advice = give(followup_world)
    day = advice.due_on - datetime.timedelta(days=days_before_due)
    mail.outbox.clear()

    assert send_advice_reminders(today=day) == len(expected)

    advice.refresh_from_db()
    claimed = {
        kind
        for kind, value in (
            (BEFORE, advice.reminded_before_at),
            (AFTER, advice.reminded_after_at),
            (OVERDUE, advice.overdue_notified_at),
        )
        if value is not None
    }
    assert claimed == expected
    to_addressee = subjects(ADDRESSEE)
    if BEFORE in expected:
        assert to_addressee == [
            f"Påminnelse: svarfrist {advice.due_on:%d.%m.%Y} for rådet «{advice.title}»"
        ]
        body = mail_to(ADDRESSEE)[0].body
        expected_line = (
            "Svarfristen er i dag" if days_before_due == 0 else f"om {days_before_due} dag"
        )
        assert expected_line in body
        assert f"/oppfolging/rad/{advice.pk}/" in body
    if AFTER in expected:
        assert to_addressee == [f"Svarfristen er passert for rådet «{advice.title}»"]
        (notice,) = mail_to(SECRETARIAT)
        assert notice.subject == f"Råd uten svar etter fristen: «{advice.title}»"
        assert f"Svarfristen var {advice.due_on:%d.%m.%Y}" in notice.body
        assert "leder@example.org" in notice.body
    if not expected:
        assert mail.outbox == []


@pytest.mark.django_db
def test_each_reminder_once_over_the_weeks(followup_world: FollowupWorld) -> None:
    advice = give(followup_world)
    mail.outbox.clear()
    due = advice.due_on
    sent = [send_advice_reminders(today=due + DAY * offset) for offset in range(-10, 5)]
    assert sent == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0]
    assert len(subjects(ADDRESSEE)) == 2
    assert len(subjects(SECRETARIAT)) == 1
    assert ActivityLog.objects.filter(action=REMINDED).count() == 2
    assert ActivityLog.objects.filter(action=OVERDUE_NOTIFIED).count() == 1


@pytest.mark.django_db
def test_acknowledged_advice_is_still_reminded_answered_advice_is_not(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    waiting = give(w)
    answered = give(w, w.closed_statement)
    answer(waiting, w.decision_maker, AdviceStatus.CONSIDERING, "")
    answer(answered, w.decision_maker, AdviceStatus.NOT_FOLLOWED, "Ingen penger.")
    mail.outbox.clear()

    assert send_advice_reminders(today=waiting.due_on + DAY) == 2

    assert Advice.objects.get(pk=answered.pk).reminded_after_at is None
    assert subjects(ADDRESSEE) == [f"Svarfristen er passert for rådet «{waiting.title}»"]


@pytest.mark.django_db
def test_a_second_run_the_same_day_sends_nothing(followup_world: FollowupWorld) -> None:
    advice = give(followup_world)
    mail.outbox.clear()
    day = advice.due_on + DAY
    assert send_advice_reminders(today=day) == 2
    assert send_advice_reminders(today=day) == 0
    # An overlapping run that listed them too claims nothing.
    assert send_reminder(advice.pk, kind=AFTER, today=day) is False
    assert send_reminder(advice.pk, kind=OVERDUE, today=day) is False
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_reminder_no_longer_due_is_not_sent(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    mail.outbox.clear()
    # Listed by a run for "before", answered since: the claim finds it not due.
    answer(advice, w.decision_maker, AdviceStatus.FOLLOWED, "Fulgt.")
    mail.outbox.clear()
    assert send_reminder(advice.pk, kind=BEFORE, today=advice.due_on) is False
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_body_without_email_is_claimed_and_logged_without_mail(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    advice = give(w, addressee_kind=AddresseeKind.BODY, addressee_name="Formannskapet")
    mail.outbox.clear()

    assert send_advice_reminders(today=advice.due_on) == 1

    advice.refresh_from_db()
    assert advice.reminded_before_at is not None
    assert mail.outbox == []
    log = ActivityLog.objects.get(action=REMINDED)
    assert log.data == {
        "kind": BEFORE,
        "due_on": advice.due_on.isoformat(),
        "mailed": False,
        "reason": "no e-mail address",
    }
    assert send_advice_reminders(today=advice.due_on) == 0


@pytest.mark.django_db
def test_reminder_to_a_body_has_no_login_link(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(
        w,
        addressee_kind=AddresseeKind.BODY,
        addressee_name="Kommunestyret",
        addressee_email="kommunestyret@example.org",
    )
    mail.outbox.clear()
    send_advice_reminders(today=advice.due_on + DAY)
    (reminder,) = mail_to("kommunestyret@example.org")
    assert "Send svaret til sekretariatet" in reminder.body
    assert "/oppfolging/rad/" not in reminder.body
    (notice,) = mail_to(SECRETARIAT)
    assert f"/oppfolging/rad/{advice.pk}/" in notice.body


@pytest.mark.django_db
def test_jobs_call_the_domain(followup_world: FollowupWorld) -> None:
    advice = give(followup_world)
    mail.outbox.clear()
    day = advice.due_on + DAY
    assert send_reminder(advice.pk, kind=AFTER, today=day) is True
    assert send_reminder(advice.pk, kind=AFTER, today=day) is False
    assert send_reminder(advice.pk, kind=OVERDUE, today=day) is True
    assert send_reminder(advice.pk, kind=OVERDUE, today=day) is False
    assert len(mail.outbox) == 2


# --- Once and only once, for real: the database queue and SMTP on loopback ----------------


def header(value: Any) -> str:
    """A header as one line (SMTP folds long encoded subjects)."""
    return " ".join(str(value).split())


def run_some(count: int) -> None:
    """A worker that processes ``count`` tasks and then stops (like a deploy restart)."""
    call_command(
        "db_worker",
        batch=True,
        queue_name="*",
        interval=0,
        startup_delay=False,
        verbosity=0,
        max_tasks=count,
    )


def test_reminders_once_and_only_once_across_a_worker_restart(
    followup_world: FollowupWorld, smtp_server: Mailbox, db_tasks: Any
) -> None:
    w = followup_world
    third = statement(w, "Uttalelse om skyss til dagsenter")
    advices = [
        give(w),
        give(
            w,
            w.closed_statement,
            addressee_kind=AddresseeKind.BODY,
            addressee_name="Kommunestyret",
            addressee_email="kommunestyret@example.org",
        ),
        give(
            w,
            third,
            text="<p>Rådet ber om skyss.</p>",
            addressee_kind=AddresseeKind.BODY,
            addressee_name="Eldrerådet",
            addressee_email="eldreradet@example.org",
        ),
    ]
    addressees = [ADDRESSEE, "kommunestyret@example.org", "eldreradet@example.org"]
    db_tasks()  # deliver the mails about the new advice
    assert len(smtp_server.messages) == 3
    smtp_server.messages.clear()
    day = advices[0].due_on + DAY

    # The periodic jobs run twice before any worker gets to the mail: the first run claims
    # every reminder and queues its mail, the second finds nothing due.
    assert send_advice_reminders(today=day) == 6
    assert send_advice_reminders(today=day) == 0
    assert DBTaskResult.objects.filter(status="READY").count() == 6

    # A worker delivers four mails and is stopped (a deploy restart).
    run_some(4)
    assert len(smtp_server.messages) == 4
    # Another worker takes the next delivery task and dies while running it: the task is
    # claimed by nobody alive, and its outbox row is still waiting.
    with transaction.atomic():  # as the worker does: lock, claim, commit
        crashed = DBTaskResult.objects.ready().get_locked()
        assert crashed is not None
        crashed.claim("worker-that-died")
    assert OutboxMail.objects.filter(status=MailStatus.PENDING).count() == 2

    # Restarted: the reminder jobs find nothing to claim again; the outbox's catch-up
    # sends both waiting rows (the lost task's too), and the worker's remaining task
    # finds its row sent and sends nothing.
    assert send_advice_reminders(today=day) == 0
    assert deliver_due_mail() == 2
    db_tasks()

    for advice, address in zip(advices, addressees, strict=True):
        assert [header(m["Subject"]) for m in smtp_server.to(address)] == [
            f"Svarfristen er passert for rådet «{advice.title}»"
        ]
    notices = sorted(header(m["Subject"]) for m in smtp_server.to(SECRETARIAT))
    assert notices == sorted(f"Råd uten svar etter fristen: «{advice.title}»" for advice in advices)
    assert len(smtp_server.messages) == 6
    assert ActivityLog.objects.filter(action=REMINDED).count() == 3
    assert ActivityLog.objects.filter(action=OVERDUE_NOTIFIED).count() == 3
    for advice in Advice.objects.all():
        assert advice.reminded_after_at is not None
        assert advice.overdue_notified_at is not None
        assert advice.reminded_before_at is None

    # The next day: nothing new.
    assert send_advice_reminders(today=day + DAY) == 0
    db_tasks()
    assert len(smtp_server.messages) == 6
