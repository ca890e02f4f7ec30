"""Network data for tests: threads and replies written through the domain."""

from __future__ import annotations

from medvirk.accounts.models import User
from medvirk.directory.models import Organisation
from medvirk.network.domain import posts
from medvirk.network.models import Post, Thread


def fresh(user: User) -> User:
    """The user read again (roles and spaces are cached on the object)."""
    return User.objects.get(pk=user.pk)


def thread_in(
    organisation: Organisation, *, by: User, title: str = "Tips til første møte", text: str = ""
) -> Thread:
    return posts.start_thread(
        organisation,
        by=fresh(by),
        title=title,
        text=text or "Hva gjorde dere for å forberede dere til det første møtet?",
    )


def reply_to(thread: Thread, *, by: User, text: str = "Jeg leste sakspapirene to ganger.") -> Post:
    return posts.reply(Thread.objects.get(pk=thread.pk), by=fresh(by), text=text)
