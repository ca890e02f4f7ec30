"""The organisation's feed counts its pages from one grouped query of years and arenas
(issue 13): the counts follow the filters and what the reader may see, and the statements
do not grow with the reports, filtered or not."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from medvirk.accounts.models import User
from medvirk.followup.visibility import visible_reports, visible_reports_of
from tests.arenas.conftest import make_arena, make_person, seat
from tests.followup.conftest import FollowupWorld
from tests.followup.test_reports_support import DAY, make_report, text
from tests.followup.test_reports_views import feed_url
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


def reports(w: FollowupWorld, n: int, *, confidential_every: int = 0, prefix: str = "Rep") -> None:
    for i in range(n):
        person = make_person(f"{prefix} {i:02d}")
        seat(w.m.public_arena, person, represents=w.m.org_a.organisation)
        make_report(
            w, person, confidential=bool(confidential_every and i % confidential_every == 0)
        )


def old_reports(w: FollowupWorld, n: int) -> Any:
    """``n`` reports from last year's meeting of another arena."""
    other_arena = make_arena(w.m.service, name="Eldrerådet")
    last_year = timezone.localdate().replace(month=6, day=15) - datetime.timedelta(days=365)
    meeting = make_meeting(other_arena, last_year)
    for i in range(n):
        person = make_person(f"Gammel {i:02d}")
        seat(other_arena, person, represents=w.m.org_a.organisation)
        make_report(w, person, meeting=meeting, submitted_at=meeting.ends_at + DAY)
    return other_arena, last_year.year


def test_report_feed_pages_follow_the_filters(followup_world: FollowupWorld) -> None:
    w = followup_world
    reports(w, 25)
    other_arena, last_year = old_reports(w, 3)
    client = w.client("admin_a")
    assert "Side 1 av 2" in text(client.get(feed_url(w)))  # 28 reports
    this_year = text(client.get(feed_url(w), {"arena": w.m.public_arena.pk}))
    assert "Side 1 av 2" in this_year  # 25
    old = text(client.get(feed_url(w), {"ar": last_year}))
    assert "Side 1 av" not in old and old.count("<tr>") == 4  # 3, one page
    both = text(client.get(feed_url(w), {"ar": last_year, "arena": other_arena.pk}))
    assert both.count("<tr>") == 4
    none = text(client.get(feed_url(w), {"ar": last_year, "arena": w.m.public_arena.pk}))
    assert "Ingen tilbakemeldinger passer til valget ditt." in none
    assert f'<option value="{last_year}">' in text(client.get(feed_url(w)))
    assert "Eldrerådet" in text(client.get(feed_url(w)))  # the arena is offered


def test_report_feed_count_leaves_out_what_a_member_may_not_see(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    reports(w, 30, confidential_every=3)  # 10 confidential
    assert "Side 1 av 2" in text(w.client("admin_a").get(feed_url(w)))  # 30
    member = text(w.client("member_a").get(feed_url(w)))
    assert "Side 1 av" not in member  # 20: one page
    assert member.count("<tr>") == 21


def test_report_feed_statements_do_not_grow_filtered_or_paged(
    followup_world: FollowupWorld, django_assert_num_queries: Any
) -> None:
    w = followup_world
    reports(w, 1)
    other_arena, last_year = old_reports(w, 1)
    client = w.client("admin_a")
    queries = ("", f"?ar={last_year}", f"?arena={other_arena.pk}", "?page=2")
    counts: dict[str, int] = {}
    for query in queries:
        client.get(feed_url(w) + query)
        with CaptureQueriesContext(connection) as captured:
            client.get(feed_url(w) + query)
        counts[query] = len(captured.captured_queries)
    reports(w, 45, prefix="Ny")
    for query in queries:
        with django_assert_num_queries(counts[query]):
            assert client.get(feed_url(w) + query).status_code == 200


@pytest.mark.parametrize("persona", ["admin_a", "member_a", "admin_b", "secretariat", "anonymous"])
def test_visible_reports_of_an_organisation_are_the_visible_reports_in_it(
    followup_world: FollowupWorld, persona: str
) -> None:
    w = followup_world
    reports(w, 6, confidential_every=2)
    make_report(w, confidential=True)  # the member's own, confidential
    user = w.client(persona).session.get("_auth_user_id")
    reader = User.objects.get(pk=user) if user else AnonymousUser()
    organisation = w.m.org_a.organisation.pk
    expected = set(
        visible_reports(reader).filter(organisation_id=organisation).values_list("pk", flat=True)
    )
    assert set(visible_reports_of(reader, organisation).values_list("pk", flat=True)) == expected
