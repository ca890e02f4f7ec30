"""Search across agenda items, case proposals and approved minutes (meetings/search.py).

The words searched for occur in the text in exactly the form typed, so the tests
hold for the PostgreSQL full-text search (Norwegian stemming) and for the SQLite
fallback alike."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from medvirk.accounts.models import User
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.enums import ItemKind, MinutesStatus, ProposalStatus, ProposerKind
from medvirk.meetings.models import AgendaItem, CaseProposal, Meeting, Minutes, MinutesEntry
from medvirk.meetings.search import ITEM, MINUTES, PROPOSAL, plain_text, search, snippet
from tests.meetings.conftest import MEETING_PERSONAS, MeetingWorld, make_meeting


@dataclass
class SearchWorld:
    world: MeetingWorld
    published: Meeting  # public arena, agenda published, minutes approved
    draft: Meeting  # public arena, agenda not published
    private: Meeting  # private arena, agenda published
    public_item: AgendaItem
    closed_item: AgendaItem
    draft_item: AgendaItem
    private_item: AgendaItem
    proposal: CaseProposal
    private_proposal: CaseProposal


def publish(meeting: Meeting) -> None:
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["agenda_published_at"])


def make_proposal(world: MeetingWorld, arena: Any, title: str, **fields: Any) -> CaseProposal:
    values: dict[str, Any] = {
        "problem_why": "Det er vanskelig.",
        "proposed_solution": "Gjør noe med det.",
        "proposer_kind": ProposerKind.MEMBER,
        "proposer_name": "Mona Medlem",
        "proposer_email": "medlem@example.org",
        "submitted_by": world.member,
    }
    values.update(fields)
    return CaseProposal.objects.create(arena=arena, title=title, **values)


def approve_minutes(meeting: Meeting, texts: dict[AgendaItem, str]) -> Minutes:
    minutes = Minutes.objects.create(
        meeting=meeting,
        status=MinutesStatus.APPROVED,
        approved_at=timezone.now(),
        version=1,
    )
    for item, text in texts.items():
        MinutesEntry.objects.create(minutes=minutes, item=item, text=text)
    return minutes


def build_search_world(world: MeetingWorld) -> SearchWorld:
    by = world.secretariat
    past = timezone.localdate() - datetime.timedelta(days=20)
    published = make_meeting(world.public_arena, past)
    public_item = add_item(
        published,
        by=by,
        kind=ItemKind.DISCUSSION,
        title="Ledelinjer ved bussholdeplasser",
        description="<p>Mange <strong>holdeplasser</strong> mangler taktile felt.</p>",
    )
    closed_item = add_item(
        published,
        by=by,
        kind=ItemKind.INFORMATION,
        title="Personalsak om sekretariatet",
        description="<p>Fortrolig lønnsvurdering.</p>",
        is_closed=True,
        closed_ground="kl_11_5_2a",
        closed_note="Gjelder en ansatt.",
    )
    publish(published)
    approve_minutes(
        published,
        {
            public_item: "<p>Rådet gir enstemmig tilslutning.</p>",
            closed_item: "<p>Saken ble avsluttet med forlik.</p>",
        },
    )
    draft_item = add_item(
        world.meeting,
        by=by,
        kind=ItemKind.STATEMENT,
        title="Budsjettforslag for neste år",
        description="<p>Utkast til budsjett.</p>",
    )
    # Draft minutes are never searchable, not even for the secretariat.
    Minutes.objects.create(meeting=world.meeting, status=MinutesStatus.CIRCULATED)
    MinutesEntry.objects.create(
        minutes=world.meeting.minutes, item=draft_item, text="<p>Utkastformulering.</p>"
    )
    private_item = add_item(
        world.private_meeting,
        by=by,
        kind=ItemKind.INFORMATION,
        title="Kantinemeny i rådhuset",
    )
    publish(world.private_meeting)
    proposal = make_proposal(
        world,
        world.public_arena,
        "Flere benker i parken",
        problem_why="Eldre trenger hvileplasser på vei til butikken.",
        proposed_solution="Sett opp benker langs gangveien.",
    )
    private_proposal = make_proposal(
        world,
        world.private_arena,
        "Referanseforslag om innkjøp",
        submitted_by=None,
        proposer_kind=ProposerKind.SECRETARIAT,
    )
    return SearchWorld(
        world=world,
        published=published,
        draft=world.meeting,
        private=world.private_meeting,
        public_item=public_item,
        closed_item=closed_item,
        draft_item=draft_item,
        private_item=private_item,
        proposal=proposal,
        private_proposal=private_proposal,
    )


@pytest.fixture
def sw(meeting_world: MeetingWorld) -> SearchWorld:
    return build_search_world(meeting_world)


# word searched for → what it finds
WORDS = {
    "ledelinjer": "public item",
    "lønnsvurdering": "closed item",
    "budsjettforslag": "draft item",
    "kantinemeny": "private item",
    "hvileplasser": "proposal",
    "referanseforslag": "private proposal",
    "enstemmig": "public minutes",
    "forlik": "closed minutes",
    "utkastformulering": "draft minutes",
}

EVERYONE = {"public item", "public minutes"}
# What each persona finds. Members see closed items in arenas they sit in; the
# deputy sits only in the public arena; admins of represented organisations and
# outsiders see public content only; platform admins see every arena's public
# content but not closed items, drafts or proposals.
EXPECTED = {
    "anonymous": EVERYONE,
    "member": EVERYONE
    | {"closed item", "closed minutes", "private item", "proposal", "private proposal"},
    "deputy": EVERYONE | {"closed item", "closed minutes", "proposal"},
    "admin_a": EVERYONE,
    "admin_b": EVERYONE,
    "secretariat": EVERYONE
    | {
        "closed item",
        "closed minutes",
        "draft item",
        "private item",
        "proposal",
        "private proposal",
    },
    "other_secretariat": EVERYONE,
    "platform_admin": EVERYONE | {"private item"},
}


def found(user: User | None, **kwargs: Any) -> set[str]:
    hits = set()
    for word, label in WORDS.items():
        results = search(user, word, **kwargs)
        if results:
            hits.add(label)
    return hits


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_search_finds_exactly_what_the_persona_may_see(sw: SearchWorld, persona: str) -> None:
    assert found(sw.world.users[persona]) == EXPECTED[persona]


def test_search_result_fields_for_each_kind(sw: SearchWorld) -> None:
    user = sw.world.secretariat
    [item] = search(user, "ledelinjer", kinds={ITEM})
    assert item.kind == ITEM
    assert item.kind_label == "Sak"
    assert item.title == "Ledelinjer ved bussholdeplasser"
    assert item.case_number == sw.public_item.case_number
    assert item.arena_name == "Brukerutvalget"
    assert item.meeting_date == sw.published.local_date
    assert item.url == sw.public_item.get_absolute_url()
    assert item.snippet == "Mange holdeplasser mangler taktile felt."

    [proposal] = search(user, "hvileplasser")
    assert proposal.kind == PROPOSAL
    assert proposal.case_number == ""
    assert proposal.url == sw.proposal.get_absolute_url()
    assert "<mark>hvileplasser</mark>" in proposal.snippet

    [minutes] = search(user, "enstemmig")
    assert minutes.kind == MINUTES
    assert minutes.kind_label == "Protokoll"
    assert minutes.title == "Ledelinjer ved bussholdeplasser"
    assert minutes.case_number == sw.public_item.case_number
    assert minutes.url == reverse("meetings:minutes", args=[sw.published.pk])
    assert minutes.snippet == "Rådet gir <mark>enstemmig</mark> tilslutning."


@pytest.mark.parametrize("persona", ["anonymous", "admin_b", "other_secretariat", "platform_admin"])
def test_closed_item_and_its_minutes_are_not_found_by_outsiders_in_any_way(
    sw: SearchWorld, persona: str
) -> None:
    user = sw.world.users[persona]
    for query in ("saken ble avsluttet", "personalsak", "fortrolig", sw.closed_item.case_number):
        assert search(user, query) == []


def test_search_requires_every_word(sw: SearchWorld) -> None:
    user = sw.world.secretariat
    assert len(search(user, "ledelinjer holdeplasser")) == 1
    assert search(user, "ledelinjer kantinemeny") == []


def test_search_excludes_words_with_a_minus(sw: SearchWorld) -> None:
    user = sw.world.member
    assert [r.title for r in search(user, "benker")] == ["Flere benker i parken"]
    assert search(user, "benker -parken") == []
    assert [r.title for r in search(user, "benker -kantinemeny")] == ["Flere benker i parken"]


def test_search_ignores_case(sw: SearchWorld) -> None:
    user = sw.world.member
    assert [r.title for r in search(user, "LEDELINJER")] == ["Ledelinjer ved bussholdeplasser"]
    assert [r.title for r in search(user, "Lønnsvurdering", kinds={ITEM})] == [
        "Personalsak om sekretariatet"
    ]
    assert [r.title for r in search(user, "LØNNSVURDERING", kinds={ITEM})] == [
        "Personalsak om sekretariatet"
    ]


def test_search_does_not_match_html_tags(sw: SearchWorld) -> None:
    assert search(sw.world.secretariat, "strong") == []


def test_search_by_kind(sw: SearchWorld) -> None:
    user = sw.world.member
    # "ledelinjer" is in the item's title; the minutes entry of that item says "enstemmig".
    assert {r.kind for r in search(user, "ledelinjer")} == {ITEM}
    assert search(user, "ledelinjer", kinds={PROPOSAL, MINUTES}) == []
    assert search(user, "enstemmig", kinds={ITEM}) == []
    assert [r.kind for r in search(user, "enstemmig", kinds={MINUTES})] == [MINUTES]
    assert [r.kind for r in search(user, "hvileplasser", kinds={PROPOSAL})] == [PROPOSAL]
    assert search(user, "hvileplasser", kinds={"unknown"}) == []


def test_search_by_case_number(sw: SearchWorld) -> None:
    number = sw.closed_item.case_number
    secretariat = {(r.kind, r.title) for r in search(sw.world.secretariat, number)}
    assert secretariat == {
        (ITEM, "Personalsak om sekretariatet"),
        (MINUTES, "Personalsak om sekretariatet"),
    }
    assert search(None, number) == []
    assert [r.title for r in search(None, sw.public_item.case_number, kinds={ITEM})] == [
        "Ledelinjer ved bussholdeplasser"
    ]


def test_title_hits_rank_before_body_hits(sw: SearchWorld) -> None:
    by = sw.world.secretariat
    add_item(
        sw.published,
        by=by,
        kind=ItemKind.INFORMATION,
        title="Orientering om kollektivtrafikk",
        description="<p>Vi ser også på bussholdeplasser i sentrum.</p>",
    )
    titles = [r.title for r in search(None, "bussholdeplasser")]
    assert titles == ["Ledelinjer ved bussholdeplasser", "Orientering om kollektivtrafikk"]


@pytest.mark.parametrize("query", ["", "   ", '""', "- + ()"])
def test_empty_query_finds_nothing_without_queries(
    sw: SearchWorld, query: str, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        assert search(sw.world.secretariat, query) == []


def test_limit(sw: SearchWorld) -> None:
    for n in range(5):
        make_proposal(sw.world, sw.world.public_arena, f"Benker nummer {n}")
    assert len(search(sw.world.secretariat, "benker")) == 6
    assert len(search(sw.world.secretariat, "benker", limit=3)) == 3


def test_snippet_strips_tags_escapes_and_marks_hits() -> None:
    text = "<p>Første &lt;b&gt;avsnitt</p><p>" + "fyll " * 40 + "ledelinjer <em>her</em></p>"
    result = snippet([text], ["ledelinjer"])
    assert "<mark>ledelinjer</mark> her" in result
    assert result.startswith("…")
    assert "<p>" not in result and "<em>" not in result
    # An escaped tag in the text stays escaped in the snippet.
    assert "&lt;b&gt;" in snippet([text], ["avsnitt"])
    assert "<b>" not in snippet([text], ["avsnitt"])
    # A word that looks like markup is escaped, never injected.
    assert snippet(["a &lt;script&gt; b"], ["<script>"]) == "a <mark>&lt;script&gt;</mark> b"
    assert plain_text("<p>A&amp;B</p>\n<p>C</p>") == "A&B C"


def test_proposal_text_is_plain_text_escaped_as_typed(sw: SearchWorld) -> None:
    make_proposal(
        sw.world,
        sw.world.public_arena,
        "Trapper",
        proposed_solution="Høyst <b>3</b> trinn &amp; rekkverk på trappeløpene.",
    )
    [result] = search(sw.world.member, "trappeløpene")
    assert result.snippet == (
        "Høyst &lt;b&gt;3&lt;/b&gt; trinn &amp;amp; rekkverk på <mark>trappeløpene</mark>."
    )


def test_snippet_of_long_text_is_short() -> None:
    result = snippet(["ord " * 500], ["ord"])
    assert len(strip_tags(result)) < 260
    assert result.endswith("…")


# Statements that read no rows: the savepoint around the search and the one that sets
# its time limit (PostgreSQL, meetings/search_pg.py).
NOT_READS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK", "BEGIN", "SELECT set_config(")


def reads(captured: list[dict[str, Any]]) -> list[str]:
    """The SQL of the captured statements that read rows."""
    return [q["sql"] for q in captured if not q["sql"].startswith(NOT_READS)]


def populate(sw: SearchWorld, count: int) -> None:
    """`count` more items, proposals and approved minutes entries that match "tilgjengelighet"."""
    by = sw.world.secretariat
    day = timezone.localdate() - datetime.timedelta(days=60)
    meeting = make_meeting(sw.world.public_arena, day)
    entries = {}
    for n in range(count):
        item = add_item(
            meeting,
            by=by,
            kind=ItemKind.DISCUSSION,
            title=f"Tilgjengelighet {n}",
            is_closed=n % 2 == 1,
            closed_ground="kl_11_5_2a" if n % 2 else "",
            closed_note="Lukket." if n % 2 else "",
        )
        entries[item] = f"<p>Vedtak om tilgjengelighet {n}.</p>"
        make_proposal(
            sw.world,
            sw.world.public_arena,
            f"Forslag {n}",
            problem_why="Mangler tilgjengelighet.",
            status=ProposalStatus.SUBMITTED,
        )
    publish(meeting)
    approve_minutes(meeting, entries)


@pytest.mark.parametrize("persona", ["anonymous", "member", "secretariat"])
def test_search_query_count_does_not_grow(
    meeting_world: MeetingWorld, persona: str, django_assert_max_num_queries: Any
) -> None:
    sw = build_search_world(meeting_world)
    populate(sw, 1)

    def run() -> tuple[int, int]:
        user = (
            User.objects.get(pk=meeting_world.users[persona].pk) if persona != "anonymous" else None
        )
        with CaptureQueriesContext(connection) as context:
            results = search(user, "tilgjengelighet")
        return len(reads(context.captured_queries)), len(results)

    few_queries, few = run()
    populate(sw, 50)
    many_queries, many = run()
    assert many > few
    assert many_queries == few_queries
    assert few_queries <= 5
