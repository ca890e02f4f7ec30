"""The network's pages: logins, members only, the personal-data check before posting,
bad input kept, moderation through the pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from medvirk.network.domain import posts
from medvirk.network.enums import PostStatus
from medvirk.network.models import Post, Report, Thread
from tests.factories.network import fresh, reply_to, thread_in
from tests.network.conftest import World


def _client(user: object | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


def _urls(world: World) -> list[str]:
    thread = thread_in(world.org, by=world.member)
    post = reply_to(thread, by=world.affiliated)
    return [
        reverse("network:space", args=[world.org.pk]),
        reverse("network:new_thread", args=[world.org.pk]),
        reverse("network:reports", args=[world.org.pk]),
        thread.get_absolute_url(),
        reverse("network:report", args=[post.pk]),
        reverse("network:moderate", args=[post.pk]),
    ]


def test_anonymous_is_sent_to_login(world: World) -> None:
    for url in [reverse("network:spaces"), *_urls(world)]:
        response = _client().get(url)
        assert response.status_code == 302
        assert "/login" in response["Location"] or "logg-inn" in response["Location"]


@pytest.mark.parametrize("persona", ["outsider", "former", "platform_admin"])
def test_non_members_get_nothing(world: World, persona: str) -> None:
    client = _client(getattr(world, persona))
    for url in _urls(world):
        assert client.get(url).status_code in (403, 404), url
    assert world.org.name not in client.get(reverse("network:spaces")).content.decode()


def test_member_pages_and_moderator_only_pages(world: World) -> None:
    urls = _urls(world)
    member = _client(world.member)
    assert [member.get(url).status_code for url in urls] == [200, 200, 403, 200, 200, 403]
    admin = _client(world.admin)
    assert [admin.get(url).status_code for url in urls[:4]] == [200, 200, 200, 200]
    assert admin.get(urls[5]).status_code == 200
    spaces = member.get(reverse("network:spaces")).content.decode()
    assert world.org.name in spaces and world.umbrella.name in spaces


def test_start_thread_with_personal_data_is_checked_first(world: World) -> None:
    client = _client(world.member)
    url = reverse("network:new_thread", args=[world.org.pk])
    data = {"title": "Ringe meg?", "text": "Ring meg på 912 34 567 om du vil."}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<mark class="mv-pii">' in page and "912 34 567" in page
    assert 'name="post_anyway"' in page
    assert Thread.objects.count() == 0
    token = response.context["check"]["token"]
    # A changed text is checked again; the same text with the token is posted.
    changed = client.post(
        url, {**data, "text": data["text"] + " Eller 913 00 000.", "post_anyway": token}
    )
    assert Thread.objects.count() == 0 and changed.context["check"]
    posted = client.post(url, {**data, "post_anyway": token})
    thread = Thread.objects.get()
    assert posted["Location"] == thread.get_absolute_url()


def test_start_thread_without_personal_data_and_bad_input(world: World) -> None:
    client = _client(world.member)
    url = reverse("network:new_thread", args=[world.org.pk])
    response = client.post(url, {"title": "", "text": "hva gjør dere før møtene?"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "hva gjør dere før møtene?" in page and 'href="#id_title"' in page
    response = client.post(url, {"title": "Forberedelser", "text": "hva gjør dere før møtene?"})
    assert response.status_code == 302
    assert Post.objects.get().text == "hva gjør dere før møtene?"


def test_thread_page_shows_reply_form_and_moderated_posts(world: World) -> None:
    thread = thread_in(world.org, by=world.member)
    post = reply_to(thread, by=world.affiliated, text="<b>fet</b>\nny linje")
    posts.report(post, by=fresh(world.member), reason="Sjekk dette")
    member_page = _client(world.member).get(thread.get_absolute_url()).content.decode()
    assert "&lt;b&gt;fet&lt;/b&gt;<br>ny linje" in member_page
    assert 'id="id_text"' in member_page
    assert "Moderer" not in member_page
    admin = _client(world.admin)
    response = admin.post(
        reverse("network:moderate", args=[post.pk]), {"action": "remove", "reason": ""}
    )
    assert response.status_code == 422
    response = admin.post(
        reverse("network:moderate", args=[post.pk]), {"action": "remove", "reason": "Krenkende"}
    )
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).status == PostStatus.REMOVED
    assert Report.objects.get().status == "handled"
    member_page = _client(world.member).get(thread.get_absolute_url()).content.decode()
    assert "Fjernet av en moderator: Krenkende" in member_page and "fet" not in member_page


def test_locked_thread_has_no_reply_form_and_refuses_posts(world: World) -> None:
    thread = thread_in(world.org, by=world.member)
    admin = _client(world.admin)
    assert admin.post(reverse("network:lock", args=[thread.pk]), {"locked": "1"}).status_code == 302
    member = _client(world.member)
    page = member.get(thread.get_absolute_url()).content.decode()
    assert 'id="id_text"' not in page and "låst" in page
    assert (
        member.post(reverse("network:reply", args=[thread.pk]), {"text": "Hei"}).status_code == 403
    )
    assert (
        member.post(reverse("network:lock", args=[thread.pk]), {"locked": "0"}).status_code == 403
    )


def test_reply_report_follow_through_pages(world: World) -> None:
    thread = thread_in(world.org, by=world.member)
    client = _client(world.affiliated)
    response = client.post(reverse("network:reply", args=[thread.pk]), {"text": ""})
    assert response.status_code == 422
    response = client.post(reverse("network:reply", args=[thread.pk]), {"text": "Godt spørsmål"})
    assert response.status_code == 302
    opening = Post.objects.get(thread=thread, is_opening=True)
    url = reverse("network:report", args=[opening.pk])
    assert client.post(url, {"reason": ""}).status_code == 422
    assert client.post(url, {"reason": "Ikke greit"}).status_code == 302
    report = Report.objects.get()
    queue = _client(world.admin).get(reverse("network:reports", args=[world.org.pk]))
    assert "Ikke greit" in queue.content.decode()
    assert (
        _client(world.admin).post(reverse("network:dismiss", args=[report.pk])).status_code == 302
    )
    assert (
        client.post(reverse("network:follow", args=[thread.pk]), {"follow": "0"}).status_code == 302
    )
    assert not thread.follows.filter(user=world.affiliated).exists()


def test_a_mention_is_no_personal_data_but_a_name_is(world: World) -> None:
    from medvirk.network.personal_data import findings

    assert findings("Spør @Mona Medlem om det.") == []
    assert [f.kind for f in findings("Spør Mona Medlem om det.")] == ["name"]


def test_umbrella_space_page_for_member_organisations(world: World) -> None:
    thread = thread_in(world.umbrella, by=world.sibling_member, title="Felles erfaringer")
    url = reverse("network:space", args=[world.umbrella.pk])
    for persona in ("member", "sibling_member", "umbrella_admin"):
        page = _client(getattr(world, persona)).get(url)
        assert page.status_code == 200 and "Felles erfaringer" in page.content.decode()
    assert _client(world.outsider).get(url).status_code == 403
    assert _client(world.outsider).get(thread.get_absolute_url()).status_code == 404
    # A service has no space.
    from tests.factories import ServiceFactory

    service = ServiceFactory()
    assert _client(world.member).get(reverse("network:space", args=[service.pk])).status_code == 404


def test_moderation_page_refuses_what_does_not_apply(world: World) -> None:
    thread = thread_in(world.org, by=world.member)
    post = reply_to(thread, by=world.affiliated)
    admin = _client(world.admin)
    url = reverse("network:moderate", args=[post.pk])
    assert admin.post(url, {"action": "hide"}).status_code == 302
    again = admin.post(url, {"action": "hide"})
    assert again.status_code == 422
    assert "allerede skjult" in again.content.decode()
    assert admin.post(url, {"action": "nothing"}).status_code == 422
    assert admin.post(url, {"action": "show"}).status_code == 302
    assert Post.objects.get(pk=post.pk).status == PostStatus.VISIBLE


def test_report_queue_is_paged_oldest_first(world: World) -> None:
    """A national space gathers hundreds of open reports: 25 a page, oldest first, and
    each button's number for screen readers counts on across pages."""
    thread = thread_in(world.org, by=world.member)
    post = reply_to(thread, by=world.affiliated, text="Et innlegg")
    from datetime import timedelta

    from django.utils import timezone

    for number in range(27):
        Report.objects.create(
            post=post,
            reporter=world.member,
            reason=f"Grunn {number:02d}",
            created_at=timezone.now() - timedelta(minutes=60 - number),
        )
    url = reverse("network:reports", args=[world.org.pk])
    first = _client(world.admin).get(url).content.decode()
    assert "27 meldinger venter." in first
    assert first.count("Avvis meldingen") == 25
    assert first.index("Grunn 00") < first.index("Grunn 24") and "Grunn 25" not in first
    assert "Side 1 av 2" in first
    second = _client(world.admin).get(url, {"side": 2}).content.decode()
    assert second.count("Avvis meldingen") == 2
    assert "(melding 26)" in second and "Grunn 26" in second
    assert _client(world.admin).get(url, {"side": "x"}).status_code == 200


def test_a_long_thread_is_paged_and_a_post_link_finds_its_page(world: World) -> None:
    """The busiest national threads hold over a hundred posts: 50 a page, numbered on
    across pages, and a link to one post (mail, report, after a reply) opens its page."""
    thread = thread_in(world.org, by=world.member)
    replies = [reply_to(thread, by=world.affiliated, text=f"Svar {n:03d}") for n in range(60)]
    client = _client(world.member)
    first = client.get(thread.get_absolute_url()).content.decode()
    assert "Innlegg 1–50 av 61" in first and "Side 1 av 2" in first
    assert "Svar 048" in first and "Svar 049" not in first
    second = client.get(thread.get_absolute_url(), {"side": 2}).content.decode()
    assert 'start="51"' in second and "Svar 049" in second and "Svar 059" in second
    assert "(innlegg 61)" in second
    # A post's own address goes to the page that shows it.
    late = replies[55]
    response = client.get(late.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_absolute_url()}?side=2#innlegg-{late.pk}"
    early = replies[0]
    response = client.get(early.get_absolute_url())
    assert response["Location"] == f"{thread.get_absolute_url()}#innlegg-{early.pk}"
    # A post of another thread, or no number: the thread's first page.
    other = reply_to(thread_in(world.org, by=world.member), by=world.affiliated)
    for value in (str(other.pk), "x", ""):
        response = client.get(thread.get_absolute_url(), {"innlegg": value})
        assert response["Location"] == thread.get_absolute_url()
    # A reply lands on the last page, at the new post.
    response = _client(world.affiliated).post(
        reverse("network:reply", args=[thread.pk]), {"text": "Det siste svaret"}, follow=True
    )
    assert "Det siste svaret" in response.content.decode()
    assert len(response.redirect_chain) == 1  # straight to the page, not through ?innlegg=
    assert response.redirect_chain[-1][0].startswith(f"{thread.get_absolute_url()}?side=2")
