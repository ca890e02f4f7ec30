"""Retention: experiences.purge_answers clears the free text and contact of every answer
once the call's retention has run out (claimed with one UPDATE, run by the periodic
runner); themes keep their summaries and counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from medvirk.common.models import ActivityLog
from medvirk.common.tokens import hash_token
from medvirk.experiences.domain.answers import (
    ANSWERS_PURGED,
    _last_close_date_due,
    calls_due_for_purge,
)
from medvirk.experiences.enums import ExperienceStatus
from medvirk.experiences.models import ExperienceCall
from medvirk.ops.domain import run_job
from tests.clock import freeze_time
from tests.factories.experiences import (
    ApprovedExperienceFactory,
    ExperienceCallFactory,
    ExperienceFactory,
    ThemeFactory,
)

CLOSED = datetime.date(2026, 1, 31)


def closed_call(**kwargs: Any) -> ExperienceCall:
    return ExperienceCallFactory(
        opens_on=datetime.date(2026, 1, 1), closes_on=CLOSED, retention_months=6, **kwargs
    )


def test_purge_due_on_counts_months_from_the_close_date() -> None:
    call = ExperienceCall(closes_on=CLOSED, retention_months=6)
    assert call.purge_due_on == datetime.date(2026, 7, 28)
    call = ExperienceCall(closes_on=datetime.date(2026, 11, 10), retention_months=14)
    assert call.purge_due_on == datetime.date(2028, 1, 10)


@pytest.mark.parametrize(
    ("close", "months"),
    [
        (datetime.date(2026, 1, 31), 6),
        (datetime.date(2026, 2, 28), 1),
        (datetime.date(2025, 12, 15), 1),
        (datetime.date(2025, 11, 27), 60),
        (datetime.date(2024, 1, 29), 13),
    ],
)
def test_due_matches_purge_due_on_around_the_day(
    db: Any, close: datetime.date, months: int
) -> None:
    call = ExperienceCallFactory(opens_on=close, closes_on=close, retention_months=months)
    due_on = call.purge_due_on
    for day, expected in (
        (due_on - datetime.timedelta(days=1), False),
        (due_on, True),
        (due_on + datetime.timedelta(days=3), True),
    ):
        now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        assert calls_due_for_purge(now).filter(pk=call.pk).exists() is expected, (day, due_on)


def test_last_close_date_due_on_the_28th_and_later() -> None:
    assert _last_close_date_due(1, datetime.date(2026, 3, 28)) == datetime.date(2026, 2, 28)
    assert _last_close_date_due(1, datetime.date(2026, 3, 27)) == datetime.date(2026, 2, 27)
    assert _last_close_date_due(2, datetime.date(2026, 1, 30)) == datetime.date(2025, 11, 30)


def test_purge_job_clears_text_and_contact_but_keeps_themes(db: Any) -> None:
    call = closed_call()
    approved = ApprovedExperienceFactory(
        call=call,
        contact_name="Kari",
        contact_email="kari@example.org",
        contact_consent=True,
        withdraw_token_hash=hash_token("t"),
    )
    rejected = ExperienceFactory(call=call, status=ExperienceStatus.REJECTED, reject_reason="Feil")
    theme = ThemeFactory(call=call, organisation=call.organisation, answer_count=1)
    theme.experiences.add(approved)
    other = ExperienceCallFactory()  # still open: untouched
    kept = ExperienceFactory(call=other)
    with freeze_time("2026-07-27T12:00:00"):
        run = run_job("experiences.purge_answers")
    assert run.items_done == 0
    with freeze_time("2026-07-28T12:00:00"):
        run = run_job("experiences.purge_answers")
    assert run.items_done == 1
    call.refresh_from_db()
    assert call.answers_purged_at is not None
    for answer in (approved, rejected):
        answer.refresh_from_db()
        assert answer.purged_at == call.answers_purged_at
        assert answer.what_happened == answer.impact == answer.would_have_helped == ""
        assert answer.shared_what_happened == answer.shared_impact == ""
        assert answer.contact_name == answer.contact_email == ""
        assert answer.contact_consent is False
        assert answer.withdraw_token_hash == ""
        assert answer.reject_reason == ""
    approved.refresh_from_db()
    assert approved.status == ExperienceStatus.APPROVED  # the coarse facts stay
    assert approved.service == "Pasientreiser"
    theme.refresh_from_db()
    assert theme.answer_count == 1
    assert theme.summary.startswith("Mange forteller")
    kept.refresh_from_db()
    assert kept.what_happened and kept.purged_at is None
    entry = ActivityLog.objects.get(action=ANSWERS_PURGED)
    assert entry.data == {"answers": 2, "retention_months": 6}
    # Once: a second run finds nothing.
    with freeze_time("2026-08-28T12:00:00"):
        assert run_job("experiences.purge_answers").items_done == 0
    assert ActivityLog.objects.filter(action=ANSWERS_PURGED).count() == 1


def test_withdrawal_link_dead_after_purge(client: Any, db: Any) -> None:
    call = closed_call()
    ExperienceFactory(call=call, withdraw_token_hash=hash_token("tok"), contact_email="a@b.no")
    with freeze_time("2026-08-01T12:00:00"):
        run_job("experiences.purge_answers")
    assert client.get("/erfaringer/trekk/tok/").status_code == 404


def test_purged_call_cannot_be_changed(db: Any, org_a: Any) -> None:
    from django.core.exceptions import ValidationError

    from medvirk.experiences.domain.calls import update_call

    call = closed_call(organisation=org_a.organisation, answers_purged_at=timezone.now())
    with pytest.raises(ValidationError):
        update_call(call, by=org_a.admin, arenas=[], title="Nytt")
