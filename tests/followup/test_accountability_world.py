"""Shared data for the accountability tests (pages, CSV and the API): public advice in
two years, closed advice, advice in a private arena and in another service's arena.

No tests here; the fixture ``accountability_world`` is imported by the test modules."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from medvirk.arenas.models import Arena
from medvirk.followup.enums import AddresseeKind, AdviceStatus
from medvirk.followup.models import Advice, AdviceResponse
from tests.arenas.conftest import make_arena
from tests.followup import conftest as followup_conftest
from tests.followup.conftest import FollowupWorld

S = AdviceStatus

PUBLIC_TITLE = "Teleslynge i alle klasserom"
OLD_TITLE = "Trinnfri adkomst til biblioteket"
CLOSED_TITLE = "Hemmelig uttalelse om en enkeltsak"
PRIVATE_TITLE = "Råd fra den lukkede referansegruppen"
OTHER_TITLE = "Råd til en annen kommune"
SECRETS = (CLOSED_TITLE, PRIVATE_TITLE, "Hemmelig", "lukkede referansegruppen")


def make_advice(
    arena: Arena,
    title: str,
    given_on: datetime.date,
    *,
    status: str = S.SENT,
    due_on: datetime.date | None = None,
    first_answer_on: datetime.date | None = None,
    responses: Iterable[tuple[str, datetime.date]] = (),
    **fields: Any,
) -> Advice:
    advice = Advice.objects.create(
        arena=arena,
        title=title,
        text="<p>Rådet mener noe.</p>",
        addressee_kind=AddresseeKind.BODY,
        addressee_name=fields.pop("addressee_name", "Kommunedirektøren"),
        given_on=given_on,
        due_on=due_on or given_on + datetime.timedelta(days=42),
        status=status,
        first_answer_on=first_answer_on,
        **fields,
    )
    for response_status, day in responses:
        AdviceResponse.objects.create(
            advice=advice,
            status=response_status,
            text=f"Svar: {AdviceStatus(response_status).label}",
            responded_on=day,
            link="https://kommune.example.org/vedtak",
        )
    return advice


@dataclass
class AccountabilityWorld:
    f: FollowupWorld
    public: Advice  # this year, followed after 10 days, two responses, on the statement item
    old: Advice  # given 30.12 last year, not answered (overdue)
    closed: Advice  # is_public False (the closed statement item)
    private: Advice  # in the private arena
    other: Advice  # in another service's public arena
    other_arena: Arena

    @property
    def service(self) -> Any:
        return self.f.m.service

    @property
    def arena(self) -> Arena:
        return self.f.m.public_arena


@pytest.fixture(autouse=True)
def fresh_figures_cache() -> Iterator[None]:
    """The figures are cached (followup/caching.py) and these tests write advice directly,
    not through the domain functions that invalidate: every test starts with an empty
    cache. Import it into a test module to use it there."""
    cache.clear()
    yield
    cache.clear()


# The shared fixtures this one builds on.
meeting_world = followup_conftest.meeting_world
followup_world = followup_conftest.followup_world


@pytest.fixture
def accountability_world(followup_world: FollowupWorld) -> AccountabilityWorld:
    w = followup_world
    year = timezone.localdate().year
    jan1 = datetime.date(year, 1, 1)
    public = make_advice(
        w.m.public_arena,
        PUBLIC_TITLE,
        jan1,
        item=w.statement,
        meeting=w.past_meeting,
        status=S.FOLLOWED,
        first_answer_on=jan1 + datetime.timedelta(days=10),
        responses=[
            (S.RECEIVED, jan1 + datetime.timedelta(days=2)),
            (S.FOLLOWED, jan1 + datetime.timedelta(days=10)),
        ],
    )
    old = make_advice(w.m.public_arena, OLD_TITLE, datetime.date(year - 1, 12, 30))
    closed = make_advice(
        w.m.public_arena,
        CLOSED_TITLE,
        jan1,
        item=w.closed_statement,
        is_public=False,
        status=S.NOT_FOLLOWED,
        first_answer_on=jan1 + datetime.timedelta(days=1),
        responses=[(S.NOT_FOLLOWED, jan1 + datetime.timedelta(days=1))],
    )
    private = make_advice(w.m.private_arena, PRIVATE_TITLE, jan1)
    other_arena = make_arena(w.m.other_service, name="Eldrerådet i Annen kommune")
    other = make_advice(other_arena, OTHER_TITLE, jan1)
    return AccountabilityWorld(
        f=w,
        public=public,
        old=old,
        closed=closed,
        private=private,
        other=other,
        other_arena=other_arena,
    )


def main_html(content: bytes) -> str:
    """The page's <main> element: what the page says, without the header's account menu."""
    match = re.search(r"<main\b.*?</main>", content.decode(), re.DOTALL)
    assert match is not None
    return match.group(0)
