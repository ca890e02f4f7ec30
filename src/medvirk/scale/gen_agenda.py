"""Per meeting: the agenda items (accepted case proposals among them) and their documents."""

from __future__ import annotations

import datetime

from medvirk.meetings.enums import ClosedGround, ItemKind
from medvirk.scale import gen_text as text
from medvirk.scale.gen_arenas import ArenaPlan
from medvirk.scale.gen_plan import CLOSED_SHARE, DOCUMENTS_PER_ITEM, STATEMENT_SHARE, Ctx
from medvirk.scale.gen_types import Item, MeetingPlan

SAMPLE_FILES = {
    # file_type: (path under MEDIA_ROOT, original extension, content type)
    "pdf": ("scale/saksdokument.pdf", "pdf", "application/pdf"),
    "png": ("scale/illustrasjon.png", "png", "image/png"),
}
_GROUNDS = list(ClosedGround.values)
_TOPICS = text.ARENA_TOPICS


# --- Agenda items and documents ------------------------------------------------------------


def _items(
    ctx: Ctx,
    arena: ArenaPlan,
    meeting: MeetingPlan,
    counters: dict[int, int],
    sizes: dict[str, int],
) -> list[Item]:
    rng, t, w = ctx.rng, ctx.t, ctx.w
    random = rng.random
    year = meeting.day.year
    number = counters.get(year, 0)
    created = (meeting.published_at or meeting.starts_at) - datetime.timedelta(days=3)
    secretariat = arena.owner.secretariat_user_id
    items: list[Item] = []
    proposals = list(meeting.proposals)
    doc_cumulative = []
    total = 0.0
    for share in DOCUMENTS_PER_ITEM:
        total += share
        doc_cumulative.append(total)
    pdf_path, _ext, pdf_type = SAMPLE_FILES["pdf"]
    png_path, _ext, png_type = SAMPLE_FILES["png"]
    pdf_size, png_size = sizes["pdf"], sizes["png"]
    add_item, add_doc = t.item, t.document
    for position in range(1, meeting.items + 1):
        number += 1
        roll = random()
        if roll < STATEMENT_SHARE:
            kind = ItemKind.STATEMENT
        elif roll < STATEMENT_SHARE + 0.22:
            kind = ItemKind.INFORMATION
        elif roll < 0.97:
            kind = ItemKind.DISCUSSION
        else:
            kind = ItemKind.ELECTION
        proposal_id = None
        proposer = "Sekretariatet"
        if proposals and position >= 3:
            proposal_id, title, proposer = proposals.pop(0)
            kind = ItemKind.STATEMENT if roll < 0.7 else ItemKind.DISCUSSION
        else:
            templates = text.ITEM_TITLES[kind]
            title = templates[int(random() * len(templates))].format(
                topic=_TOPICS[int(random() * len(_TOPICS))]
            )
        closed = random() < CLOSED_SHARE
        ground = _GROUNDS[int(random() * len(_GROUNDS))] if closed else ""
        item_id = add_item.take_id()
        w.add(
            add_item,
            (
                item_id,
                meeting.id,
                arena.id,
                year,
                number,
                position,
                kind,
                title,
                text.ITEM_DESCRIPTIONS[int(random() * len(text.ITEM_DESCRIPTIONS))],
                closed,
                ground,
                text.CLOSED_NOTES[int(random() * len(text.CLOSED_NOTES))] if closed else "",
                proposer,
                proposal_id,
                created,
                created,
            ),
        )
        items.append(
            Item(
                item_id,
                number,
                year,
                position,
                kind,
                title,
                closed,
                ground,
                proposal_id,
                text.STATEMENTS[int(random() * len(text.STATEMENTS))],
            )
        )
        roll = random()
        documents = 0
        while documents < len(doc_cumulative) - 1 and roll >= doc_cumulative[documents]:
            documents += 1
        for index in range(documents):
            title_index = int(random() * len(text.DOCUMENT_TITLES))
            doc_title = text.DOCUMENT_TITLES[title_index]
            if index == 3:  # the odd illustration
                w.add(
                    add_doc,
                    (
                        add_doc.take_id(),
                        item_id,
                        doc_title,
                        png_path,
                        f"{doc_title}.png",
                        "png",
                        png_type,
                        png_size,
                        secretariat,
                        created,
                    ),
                )
            else:
                w.add(
                    add_doc,
                    (
                        add_doc.take_id(),
                        item_id,
                        doc_title,
                        pdf_path,
                        f"{doc_title}.pdf",
                        "pdf",
                        pdf_type,
                        pdf_size,
                        secretariat,
                        created,
                    ),
                )
    counters[year] = number
    return items
