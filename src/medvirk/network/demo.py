"""Invented demo data for the network: in the demo organisation's space (the one the
demo organisation admin runs) an active thread started by the demo member with replies
from the admin and the member (one mentioning the member), a reply the admin has hidden
after a report, and a second, quieter thread. Written through the domain, then dated
over the last days (the domain dates everything now)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import Role, User
from medvirk.directory.models import Organisation
from medvirk.network.domain import moderation, posts
from medvirk.network.models import Post, Thread

ADMIN_EMAIL = "orgadmin@medvirk.test"
MEMBER_EMAIL = "medlem@medvirk.test"


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def load() -> None:
    org = (
        Organisation.objects.filter(roles__role=RoleKind.ADMIN, roles__user__email=ADMIN_EMAIL)
        .order_by("pk")
        .first()
    )
    admin, member = _user(ADMIN_EMAIL), _user(MEMBER_EMAIL)
    if org is None or admin is None or member is None:
        return
    if not Role.objects.filter(user=member, organisation=org).exists():
        return
    thread = posts.start_thread(
        org,
        by=member,
        title="Hvordan forbereder dere dere til det første møtet?",
        text=(
            "Jeg har nettopp fått mitt første verv i et brukerutvalg, og det første møtet "
            "er om to uker.\nHva gjør dere for å bli klare? Leser dere alle sakspapirene?"
        ),
    )
    replies = [
        (
            admin,
            f"Velkommen! Vi har et formøte i foreningen uka før. @{member.name}, "
            "du får invitasjon fra oss.\nLes forslag til vedtak først, så resten.",
        ),
        (
            member,
            "Takk, det hjelper. Er det greit å spørre sekretariatet om ting jeg ikke "
            "forstår i papirene?",
        ),
        (
            admin,
            "Ja, absolutt. De vil heller ha spørsmålet før møtet enn at du lurer i møtet.",
        ),
        (
            member,
            "En på avdelingen min fortalte meg om diagnosen sin, skal jeg ta det opp?",
        ),
    ]
    written = [posts.reply(thread, by=by, text=text) for by, text in replies]
    posts.report(written[-1], by=admin, reason="Handler om helsen til en annen person.")
    moderation.hide_post(written[-1], by=admin)
    quiet = posts.start_thread(
        org,
        by=admin,
        title="Godtgjøring for reisetid: hvordan gjør dere det?",
        text="Noen tjenester betaler for reisetid, andre ikke. Hva er deres erfaring?",
    )
    # Spread the posts over the last days, oldest first.
    now = timezone.now()
    start = now - datetime.timedelta(days=4)
    for index, post in enumerate(Post.objects.filter(thread=thread).order_by("pk")):
        Post.objects.filter(pk=post.pk).update(
            created_at=start + datetime.timedelta(hours=9 * index + 2)
        )
    last = start + datetime.timedelta(hours=9 * len(replies) + 2)
    Thread.objects.filter(pk=thread.pk).update(
        created_at=start + datetime.timedelta(hours=2), last_post_at=last
    )
    earlier = now - datetime.timedelta(days=9)
    Post.objects.filter(thread=quiet).update(created_at=earlier)
    Thread.objects.filter(pk=quiet.pk).update(created_at=earlier, last_post_at=earlier)
