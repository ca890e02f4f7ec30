"""Read queries of appointments: what "Mine oppdrag" shows (the representative's seats,
consent and open nominations).

"Mine oppdrag" joins a person with seats (arenas) and nominations (appointments), so its
reads live here, in the lowest app above both; people's own reads are in
``people/selectors.py``.

"Mine oppdrag" is read with two plain statements (issue 6).

Every representative opens this page, so it must stay cheap at national scale. Built
with the ORM (``select_related`` over four tables, model instances, ``get_FOO_display``
and ``{% url %}`` per row) it cost three times what the database did; here the person,
the consent and the number of open nominations come in one statement, the memberships
with their arena, service and organisation names in another, and each row's texts and
links are made once in Python. The open nominations themselves are read (with the ORM)
only when there are any.

The rows quack like :class:`~medvirk.arenas.models.Membership` for
``arenas/includes/person_memberships.html``, which the person page
(``arenas/views_person.py``) fills with real ones.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection

from medvirk.appointments.enums import (
    LIVE_REQUEST_STATUSES,
    OPEN_NOMINATION_STATUSES,
)
from medvirk.appointments.models import AppointmentRequest, Nomination
from medvirk.arenas.enums import EndReason, MemberRole
from medvirk.arenas.models import Arena, Membership
from medvirk.common.rows import aware, choice_labels, url_maker
from medvirk.directory.models import Organisation
from medvirk.people.models import Accommodation, Person

# The nominations "Mine oppdrag" counts: still waiting for someone, on a live request
# (the groups of ``Nomination.objects.open().on_live_requests()``, in plain SQL in
# ``own_person``); ``open_nominations`` reads them with the ORM.


@dataclass(frozen=True)
class Consent:
    consent_purpose: str
    consent_given_at: datetime.datetime | None


@dataclass(frozen=True)
class OwnPerson:
    pk: int
    name: str
    deletion_requested_at: datetime.datetime | None
    consent: Consent | None
    open_nominations: int


@dataclass(frozen=True)
class Named:
    name: str


@dataclass(frozen=True)
class ArenaRef:
    pk: int
    name: str
    owner: Named
    get_absolute_url: str


@dataclass(frozen=True)
class MembershipRow:
    pk: int
    arena: ArenaRef
    role: str
    get_role_display: str
    deputy_rank: int | None
    represents: Named | None
    starts_on: datetime.date
    ends_on: datetime.date
    ended_on: datetime.date | None
    end_reason: str
    get_end_reason_display: str
    resign_url: str


def own_person(user_id: int) -> OwnPerson | None:
    """The user's representative profile, consent and number of open nominations."""
    person, accommodation = Person._meta.db_table, Accommodation._meta.db_table
    nomination, request = Nomination._meta.db_table, AppointmentRequest._meta.db_table
    sql = f"""
        SELECT p.id, p.name, p.deletion_requested_at, a.id, a.consent_purpose,
               a.consent_given_at,
               (SELECT COUNT(*) FROM {nomination} n JOIN {request} r ON r.id = n.request_id
                WHERE n.person_id = p.id AND n.status IN (%s, %s, %s) AND r.status IN (%s, %s))
        FROM {person} p LEFT JOIN {accommodation} a ON a.person_id = p.id
        WHERE p.user_id = %s
        ORDER BY p.id
    """  # noqa: S608 - table names from the models, values as parameters
    params: list[str | int] = [
        *(str(status) for status in OPEN_NOMINATION_STATUSES),
        *(str(status) for status in LIVE_REQUEST_STATUSES),
        user_id,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    pk, name, deletion_requested_at, consent_id, purpose, given_at, open_count = row
    return OwnPerson(
        pk=pk,
        name=name,
        deletion_requested_at=aware(deletion_requested_at),
        consent=Consent(purpose, aware(given_at)) if consent_id is not None else None,
        open_nominations=open_count,
    )


def membership_rows(person_id: int) -> list[MembershipRow]:
    """Every membership of the person, newest first, ready to show."""
    membership, arena, organisation = (
        Membership._meta.db_table,
        Arena._meta.db_table,
        Organisation._meta.db_table,
    )
    sql = f"""
        SELECT m.id, m.role, m.deputy_rank, m.starts_on, m.ends_on, m.ended_on, m.end_reason,
               a.id, a.name, o.name, r.name
        FROM {membership} m
        JOIN {arena} a ON a.id = m.arena_id
        JOIN {organisation} o ON o.id = a.owner_id
        LEFT JOIN {organisation} r ON r.id = m.represents_id
        WHERE m.person_id = %s
        ORDER BY m.starts_on DESC, m.id
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [person_id])
        rows = cursor.fetchall()
    roles, reasons = choice_labels(MemberRole), choice_labels(EndReason)
    arena_url, resign_url = url_maker("arenas:detail"), url_maker("arenas:resign_confirm")
    return [
        MembershipRow(
            pk=pk,
            arena=ArenaRef(arena_id, arena_name, Named(owner_name), arena_url(arena_id)),
            role=role,
            get_role_display=roles.get(role, role),
            deputy_rank=deputy_rank,
            represents=Named(represents_name) if represents_name is not None else None,
            starts_on=starts_on,
            ends_on=ends_on,
            ended_on=ended_on,
            end_reason=end_reason,
            get_end_reason_display=reasons.get(end_reason, end_reason),
            resign_url=resign_url(pk),
        )
        for (
            pk,
            role,
            deputy_rank,
            starts_on,
            ends_on,
            ended_on,
            end_reason,
            arena_id,
            arena_name,
            owner_name,
            represents_name,
        ) in rows
    ]


def open_nominations(person_id: int) -> list[Nomination]:
    """Nominations still waiting for the person, the organisation or the secretariat."""
    return list(
        Nomination.objects.open()
        .on_live_requests()
        .filter(person_id=person_id)
        .select_related("request__arena__owner", "organisation")
        .only(
            "id",
            "status",
            "person_id",
            "request__id",
            "request__term_starts_on",
            "request__term_ends_on",
            "request__arena__id",
            "request__arena__name",
            "request__arena__owner__id",
            "request__arena__owner__name",
            "organisation__id",
            "organisation__name",
        )
        .order_by("request__deadline", "pk")
    )
