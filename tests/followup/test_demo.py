"""The demo holds advice in every status across two years, with answers, reminders,
report-back (one confidential) and input before the next meeting."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

from medvirk.followup.enums import AdviceStatus, ReportStatus
from medvirk.followup.figures import figures_for
from medvirk.followup.models import Advice, AdviceResponse, OrganisationInput, Report
from medvirk.followup.visibility import public_advice


def test_demo_has_advice_in_every_status_across_two_years(
    db: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    assert set(Advice.objects.values_list("status", flat=True)) == set(AdviceStatus.values)
    years = {advice.given_on.year for advice in Advice.objects.all()}
    assert len(years) >= 2
    assert AdviceResponse.objects.filter(status=AdviceStatus.NOT_FOLLOWED).exclude(text="").exists()
    assert Advice.objects.filter(reminded_after_at__isnull=False).exists()
    assert Advice.objects.filter(is_public=False).exists()
    statuses = set(Report.objects.values_list("status", flat=True))
    assert statuses == set(ReportStatus.values)
    assert Report.objects.filter(is_confidential=True, status=ReportStatus.SUBMITTED).exists()
    assert OrganisationInput.objects.exists()
    # The accountability figures have something to say.
    figures = figures_for(public_advice())
    assert figures


def test_demo_has_final_decisions_by_hand_and_by_import(
    db: Any, settings: Any, tmp_path: Any
) -> None:
    from medvirk.followup.models import DecisionImport, FinalDecision

    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    assert FinalDecision.objects.filter(imported=False).count() >= 2
    assert FinalDecision.objects.filter(imported=True).count() >= 2
    assert DecisionImport.objects.filter(mode="apply", status="done").exists()
    waiting = Advice.objects.exclude(service_case_number="").filter(final_decision__isnull=True)
    assert waiting.exists()
    assert figures_for(public_advice()).total.decided >= 4
