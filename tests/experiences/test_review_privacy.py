"""Review of experience gathering: every page and every write as each persona (the
original text and the contact reach the moderators' moderation pages only, and no one
else changes anything), the purge clears the account an answer was sent from,
withdrawal recounts the umbrella themes above, an umbrella theme's case draft leaves out
sources no longer shown, and the moderation page's marking escapes what it marks."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from medvirk.common.tokens import hash_token
from medvirk.experiences import pii
from medvirk.experiences.domain import themes
from medvirk.experiences.domain.answers import withdraw_answer
from medvirk.experiences.domain.cases import case_draft
from medvirk.experiences.models import Experience, ExperienceCall, Theme
from medvirk.ops.domain import run_job
from tests.clock import freeze_time
from tests.experiences.themes_support import (  # noqa: F401
    ORIGINAL,
    THEME_PERSONAS,
    ThemeWorld,
    answer,
    make_theme,
    meeting_world,
    share,
    theme_world_fixture,
)
from tests.factories import KommuneFactory
from tests.factories.experiences import (
    ApprovedExperienceFactory,
    ExperienceCallFactory,
    ExperienceFactory,
)

pytestmark = pytest.mark.django_db

CONTACTS = ("Siri Samtykke", "siri@example.org", "nils@example.org")


def _urls(w: ThemeWorld) -> list[str]:
    call, theme, org = w.call, w.theme, w.organisation
    return [
        reverse("experiences:org_calls", args=[org.pk]),
        reverse("experiences:call_create", args=[org.pk]),
        reverse("experiences:call_detail", args=[call.pk]),
        reverse("experiences:call_edit", args=[call.pk]),
        reverse("experiences:call_publish", args=[call.pk]),
        reverse("experiences:call_qr", args=[call.pk]),
        reverse("experiences:call_poster", args=[call.pk]),
        reverse("experiences:moderation_list", args=[call.pk]),
        reverse("experiences:moderate", args=[w.in_theme[0].pk]),
        reverse("experiences:moderate", args=[w.pending.pk]),
        reverse("experiences:theme_list", args=[call.pk]),
        reverse("experiences:theme_create", args=[call.pk]),
        reverse("experiences:individual_case", args=[call.pk]),
        reverse("experiences:theme_detail", args=[theme.pk]),
        reverse("experiences:theme_edit", args=[theme.pk]),
        reverse("experiences:theme_add_answers", args=[theme.pk]),
        reverse("experiences:theme_remove_answer", args=[theme.pk]),
        reverse("experiences:theme_sharing", args=[theme.pk]),
        reverse("experiences:theme_case", args=[theme.pk]),
        reverse("experiences:bank"),
        reverse("experiences:bank_combine"),
        reverse("experiences:public_calls"),
        reverse("experiences:answer", args=[call.code]),
    ]


def _state(w: ThemeWorld) -> tuple[Any, ...]:
    call = ExperienceCall.objects.get(pk=w.call.pk)
    theme = Theme.objects.get(pk=w.theme.pk)
    return (
        call.title,
        call.published_at,
        theme.title,
        theme.is_shared,
        theme.answer_count,
        sorted(theme.experiences.values_list("pk", flat=True)),
        sorted(Experience.objects.values_list("pk", "status", "shared_what_happened")),
        Theme.objects.count(),
        ExperienceCall.objects.count(),
    )


@pytest.mark.parametrize("persona", [p for p in THEME_PERSONAS if p != "moderator"])
def test_no_page_or_write_gives_others_the_original_text(
    theme_world: ThemeWorld, persona: str
) -> None:
    w = theme_world
    share(w.theme, w.m.public_arena)
    client = w.client(persona)
    before = _state(w)
    post = {
        "title": "Kapret",
        "summary": "Kapret",
        "what_happened": "Kapret",
        "experiences": [one.pk for one in w.outside],
        "experience": w.in_theme[0].pk,
        "is_shared": "",
        "confirm": "1",
        "decision": "approve",
        "shared_what_happened": "Kapret",
        "sources": [w.theme.pk],
        "arenas": [w.m.public_arena.pk],
        "problem_why": "Kapret",
        "proposed_solution": "Kapret",
    }
    for url in _urls(w):
        for response in (client.get(url), client.post(url, post)):
            body = response.content.decode(errors="replace")
            assert ORIGINAL not in body, (persona, url, response.status_code)
            assert not any(contact in body for contact in CONTACTS), (persona, url)
            if persona in ("anonymous", "platform_admin", "admin_b") and "/svar/" in url:
                assert response.status_code in (302, 403, 404, 405) or url.endswith(
                    f"/svar/{w.call.code}/"
                ), (persona, url, response.status_code)
    # The public answer form may store an answer; nothing else changed.
    Experience.objects.filter(what_happened="Kapret").delete()
    assert _state(w) == before


def test_moderators_see_the_original_only_on_moderation_pages(theme_world: ThemeWorld) -> None:
    w = theme_world
    client = w.client("moderator")
    moderation = {
        reverse("experiences:moderation_list", args=[w.call.pk]),
        reverse("experiences:moderate", args=[w.in_theme[0].pk]),
        reverse("experiences:moderate", args=[w.pending.pk]),
    }
    for url in _urls(w):
        if url in moderation:
            continue
        body = client.get(url).content.decode(errors="replace")
        assert ORIGINAL not in body, url
        assert not any(contact in body for contact in CONTACTS), url
    body = client.get(reverse("experiences:moderate", args=[w.in_theme[0].pk])).content.decode()
    assert "Kari Nordmann" in body and "siri@example.org" in body


def test_purge_clears_the_account_the_answer_was_sent_from(theme_world: ThemeWorld) -> None:
    w = theme_world
    call = ExperienceCallFactory(
        organisation=w.organisation,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 1, 31),
        retention_months=6,
    )
    sent = ApprovedExperienceFactory(
        call=call,
        submitted_by=w.users["representative"],
        contact_name="Per",
        contact_email="per@example.org",
    )
    with freeze_time("2026-08-01T12:00:00"):
        assert run_job("experiences.purge_answers").items_done == 1
    sent.refresh_from_db()
    assert sent.purged_at is not None
    assert sent.submitted_by_id is None


def test_withdrawal_recounts_the_umbrella_theme_above(theme_world: ThemeWorld) -> None:
    w = theme_world
    second = make_theme(w, 3, title="Ventetid på drosje")
    Experience.objects.filter(pk=second.experiences.first().pk).update(
        withdraw_token_hash=hash_token("trekk-meg"), contact_email="x@example.org"
    )
    share(w.theme)
    share(second)
    combined = themes.combine_themes(
        w.umbrella, by=w.user("umbrella_admin"), sources=[w.theme, second], title="Samlet"
    )
    assert combined.answer_count == 7
    withdraw_answer(token="trekk-meg")
    second.refresh_from_db()
    combined.refresh_from_db()
    assert second.answer_count == 2  # now under its minimum of 3 ...
    assert combined.answer_count == 4  # ... so it counts for nothing above
    html = w.client("umbrella_admin").get(combined.get_absolute_url()).content.decode()
    assert "Ventetid på drosje" not in html


def test_umbrella_case_draft_leaves_out_hidden_sources(theme_world: ThemeWorld) -> None:
    w = theme_world
    hidden_place = KommuneFactory(name="Skjultvik")
    second = make_theme(w, 3, title="Ventetid på drosje")
    for one in second.experiences.all():
        Experience.objects.filter(pk=one.pk).update(kommune=hidden_place, service="Skjult")
    share(w.theme)
    share(second)
    combined = themes.combine_themes(
        w.umbrella, by=w.user("umbrella_admin"), sources=[w.theme, second], title="Samlet"
    )
    assert "Skjultvik" in case_draft(combined)["problem_where"]
    themes.set_sharing(second, by=w.user("moderator"), is_shared=False)
    combined.refresh_from_db()
    draft = case_draft(combined)
    assert "Skjultvik" not in draft["problem_where"] and "Skjult" not in draft["problem_where"]
    assert "Saken bygger på 4 erfaringer" in draft["problem_why"]
    assert not any(ORIGINAL in value for value in draft.values())


@pytest.mark.parametrize(
    ("text", "contains", "absent"),
    [
        ("<script>alert(1)</script>", ["&lt;script&gt;"], ["<script>"]),
        ("Hun skrev &lt;b&gt; til meg", ["&amp;lt;b&amp;gt;"], ["&lt;b&gt; til"]),
        (
            'Jeg møtte <b onclick="x">Kari Nordmann</b> der.',
            ["&lt;b onclick=&quot;x&quot;&gt;<mark", "Kari Nordmann</mark>&lt;/b&gt;"],
            ["<b ", 'onclick="x"'],
        ),
        ("Ring 912 34 567<img src=x onerror=alert(1)>", ["&lt;img"], ["<img"]),
    ],
)
def test_marking_escapes_everything_around_and_inside_marks(
    text: str, contains: list[str], absent: list[str]
) -> None:
    html = str(pii.highlighted(text))
    for part in contains:
        assert part in html, html
    for part in absent:
        assert part not in html, html


def test_moderation_page_escapes_a_script_in_the_answer(theme_world: ThemeWorld) -> None:
    w = theme_world
    one = answer(w.call, what_happened="<script>alert('Kari Nordmann')</script> & mer")
    body = w.client("moderator").get(reverse("experiences:moderate", args=[one.pk])).content
    body = body.decode()
    assert "<script>alert(" not in body
    assert "&lt;script&gt;" in body


def test_a_member_that_leaves_the_umbrella_takes_its_themes_along(
    theme_world: ThemeWorld,
) -> None:
    w = theme_world
    second = make_theme(w, 3, title="Ventetid på drosje")
    share(w.theme)
    share(second)
    combined = themes.combine_themes(
        w.umbrella, by=w.user("umbrella_admin"), sources=[w.theme, second], title="Samlet"
    )
    client = w.client("umbrella_admin")
    assert "Ventetid på drosje" in client.get(combined.get_absolute_url()).content.decode()
    w.organisation.umbrellas.remove(w.umbrella)
    html = client.get(combined.get_absolute_url()).content.decode()
    assert "Ventetid på drosje" not in html and w.theme.title not in html
    assert "Bodø" not in html and "Tromsø" not in html
    draft = case_draft(combined)
    assert "Bodø" not in draft["problem_where"] and "Pasientreiser" not in draft["problem_where"]
    assert themes.recount(combined) == 0


def test_the_service_as_written_passes_moderation_before_anyone_sees_it(
    theme_world: ThemeWorld,
) -> None:
    """The service is free text from the public, yet counted and shown outside the
    moderators (theme figures, the bank, a case proposal's where): the moderator approves
    it like the texts."""
    w = theme_world
    one = ExperienceFactory(call=w.call, service="Fastlege Ola Hansen, tlf 912 34 567")
    client = w.client("moderator")
    url = reverse("experiences:moderate", args=[one.pk])
    page = client.get(url).content.decode()
    assert '<mark class="mv-pii">' in page.split("Tjeneste</dt>")[1].split("</dd>")[0]
    assert 'name="service"' in page
    response = client.post(
        url,
        {
            "decision": "approve",
            "shared_what_happened": "Legen svarte ikke.",
            "service": "Fastlege",
        },
    )
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.status == "approved" and one.service == "Fastlege"
    themes.add_answers(w.theme, by=w.user("moderator"), experiences=[one])
    share(w.theme, w.m.public_arena)
    assert "Ola Hansen" not in case_draft(w.theme)["problem_where"]
    html = w.client("secretariat").get(w.theme.get_absolute_url()).content.decode()
    assert "Fastlege" in html and "Ola Hansen" not in html


def test_approving_keeps_the_service_unless_the_moderator_gives_one(
    theme_world: ThemeWorld,
) -> None:
    from medvirk.experiences.domain.answers import approve_answer

    w = theme_world
    one = ExperienceFactory(call=w.call, service="Legevakt")
    approve_answer(one, by=w.user("moderator"), shared_what_happened="Tekst")
    one.refresh_from_db()
    assert one.service == "Legevakt"
    with pytest.raises(ValidationError) as raised:
        approve_answer(one, by=w.user("moderator"), shared_what_happened="T", service="x" * 201)
    assert "service" in raised.value.message_dict
