"""The daily digest: followed threads and mentions, in the reader's language; a hidden
or removed post never reaches it."""

from __future__ import annotations

import datetime

from django.core import mail

from medvirk.network.domain import moderation, posts
from medvirk.network.models import DigestState, Post
from medvirk.ops.domain import run_job
from tests.clock import freeze_time
from tests.conftest import Mailbox
from tests.factories.network import fresh, reply_to, thread_in
from tests.network.conftest import World
from tests.periodic import deliver_due_mail

T0 = datetime.datetime(2026, 11, 16, 8, 0, tzinfo=datetime.UTC)


def _mails_to(address: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if address in message.to]


def test_digest_holds_followed_threads_and_mentions_never_hidden_posts(world: World) -> None:
    with freeze_time(T0):
        followed = thread_in(world.org, by=world.member, title="Første møte")
        elsewhere = thread_in(world.org, by=world.admin, title="Reiseregninger")
    with freeze_time(T0 + datetime.timedelta(hours=1)):
        reply_to(followed, by=world.affiliated, text="Svar som er synlig")
        hidden = reply_to(followed, by=world.admin, text="Svar som blir skjult")
        removed = reply_to(followed, by=world.admin, text="Svar som blir fjernet")
        reply_to(elsewhere, by=world.affiliated, text="Spør @Mona Medlem om det")
        secret = reply_to(elsewhere, by=world.affiliated, text="Skjult omtale av @Mona Medlem")
    with freeze_time(T0 + datetime.timedelta(hours=2)):
        reply_to(elsewhere, by=world.admin, text="Ingen nevnt her")
        moderation.hide_post(hidden, by=fresh(world.admin))
        moderation.remove_post(removed, by=fresh(world.admin), reason="Personopplysninger")
        moderation.hide_post(secret, by=fresh(world.admin))
    mail.outbox.clear()
    with freeze_time(T0 + datetime.timedelta(days=1, minutes=1)):
        run_job("network.digest")

    (digest,) = _mails_to(world.member.email)
    assert "Svar som er synlig" in digest.body
    assert "Spør @Mona Medlem om det" in digest.body
    assert "(nevnte deg)" in digest.body
    # "Reiseregninger" is not followed: only the post naming the member comes along.
    for never in ("skjult", "fjernet", "Skjult omtale", "Ingen nevnt her"):
        assert never not in digest.body
    assert digest.subject == "Nytt i nettverket: 2 innlegg"
    # The affiliated member follows "Første møte" (replied there) and reads nynorsk.
    (nynorsk,) = _mails_to(world.affiliated.email)
    assert nynorsk.outbox_language == "nn"  # type: ignore[attr-defined]
    assert "Hei Tor Tilknyttet," in nynorsk.body
    assert "Svar som er synlig" not in nynorsk.body  # one's own posts are not news
    assert "Ingen nevnt her" in nynorsk.body
    assert "skjult" not in nynorsk.body
    assert _mails_to(world.outsider.email) == []

    # Claimed for a day: a second run sends nothing, nor does a day with no news.
    mail.outbox.clear()
    with freeze_time(T0 + datetime.timedelta(days=1, minutes=2)):
        assert run_job("network.digest").items_done == 0
    with freeze_time(T0 + datetime.timedelta(days=2, minutes=2)):
        run_job("network.digest")
    assert mail.outbox == []


def test_a_post_hidden_before_the_digest_after_being_written_stays_out(world: World) -> None:
    with freeze_time(T0):
        thread = thread_in(world.org, by=world.member)
    with freeze_time(T0 + datetime.timedelta(hours=2)):
        post = reply_to(thread, by=world.affiliated, text="Et innlegg med noe galt")
    with freeze_time(T0 + datetime.timedelta(hours=20)):
        moderation.hide_post(Post.objects.get(pk=post.pk), by=fresh(world.admin))
    mail.outbox.clear()
    with freeze_time(T0 + datetime.timedelta(days=1, minutes=1)):
        run_job("network.digest")
    assert _mails_to(world.member.email) == []
    # Shown again later, it is not news any more either (the window has moved on).
    assert DigestState.objects.get(user=world.member).sent_until > post.created_at


def test_unfollowed_thread_and_left_space_send_nothing(world: World) -> None:
    with freeze_time(T0):
        thread = thread_in(world.org, by=world.member)
        posts.unfollow(thread, by=fresh(world.member))
    with freeze_time(T0 + datetime.timedelta(hours=1)):
        reply_to(thread, by=world.affiliated)
    mail.outbox.clear()
    with freeze_time(T0 + datetime.timedelta(days=1, minutes=1)):
        run_job("network.digest")
    assert _mails_to(world.member.email) == []


def test_replies_in_a_thread_hidden_by_its_opening_post_stay_out(world: World) -> None:
    with freeze_time(T0):
        thread = thread_in(world.org, by=world.member)
    with freeze_time(T0 + datetime.timedelta(hours=1)):
        reply_to(thread, by=world.affiliated, text="Et svar i en tråd som blir skjult")
        opening = Post.objects.get(thread=thread, is_opening=True)
        moderation.hide_post(opening, by=fresh(world.admin))
    mail.outbox.clear()
    with freeze_time(T0 + datetime.timedelta(days=1, minutes=1)):
        run_job("network.digest")
    assert _mails_to(world.member.email) == []


def test_digest_is_delivered_over_smtp_in_the_readers_language(
    world: World, smtp_server: Mailbox
) -> None:
    with freeze_time(T0):
        thread = thread_in(world.org, by=world.affiliated, title="Reisetid")
    with freeze_time(T0 + datetime.timedelta(hours=1)):
        reply_to(thread, by=world.member, text="Vi får betalt for reisetid.")
    smtp_server.messages.clear()
    with freeze_time(T0 + datetime.timedelta(days=1, minutes=1)):
        run_job("network.digest")
        deliver_due_mail()
    (message,) = smtp_server.to(world.affiliated.email)
    assert " ".join(str(message["Subject"]).split()) == "Nytt i nettverket: 1 innlegg"
    body = Mailbox.text(message)
    assert "Her er det nye i trådane du følgjer i nettverket" in body
    assert "Vi får betalt for reisetid." in body and thread.get_absolute_url() in body
    assert smtp_server.to(world.member.email) == []


def test_a_reader_who_left_the_organisation_gets_no_digest(world: World) -> None:
    from medvirk.people.models import Affiliation

    with freeze_time(T0):
        thread = thread_in(world.org, by=world.affiliated)
    with freeze_time(T0 + datetime.timedelta(hours=1)):
        reply_to(thread, by=world.member, text="Et svar etter at Tor gikk ut")
    Affiliation.objects.filter(person__user=world.affiliated).update(
        until=datetime.date(2026, 11, 1)
    )
    mail.outbox.clear()
    with freeze_time(T0 + datetime.timedelta(days=1, minutes=1)):
        run_job("network.digest")
    assert _mails_to(world.affiliated.email) == []
