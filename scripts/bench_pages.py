"""Which pages the load benchmark requests, and as whom. Needs Django set up.

The ids come from the summary ``manage.py generate_scale`` writes (the benchmark keeps
one per database, ``var/scale-<scale>-<database>.json``)
(:func:`ids_from_scale_file`); without it (demo data, an older database) they are found
by query (:func:`ids_from_queries`), so the benchmark also runs on ``load_demo`` data.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

# The personas generate_scale creates (see its module docstring).
SECRETARIAT_EMAIL = "bench-secretariat@medvirk.test"
REP_EMAIL = "bench-rep@medvirk.test"
ORGADMIN_EMAIL = "bench-orgadmin@medvirk.test"
DECISION_EMAIL = "bench-decision@medvirk.test"


@dataclass(frozen=True)
class Page:
    key: str
    name: str
    url: str
    persona: str | None  # the user's e-mail; None for anonymous


@dataclass(frozen=True)
class BenchIds:
    organisation: int
    largest_service: int
    arena: int
    meeting: int
    open_request: int  # the national request: every umbrella invited
    local_request: int  # the local request: a fixed number of chapters invited
    search_word: str
    rep_email: str
    secretariat_email: str
    source: str  # where the ids came from, for the results


def pages_for(ids: BenchIds) -> list[Page]:
    """The pages of issue 6, the floor first."""
    return [
        Page("floor", "Floor (bare view)", "/helse/", None),
        Page("search", "Directory search", f"/katalog/?q={quote(ids.search_word)}", None),
        Page("organisation", "Organisation", f"/katalog/{ids.organisation}/", None),
        Page("arena", "Arena", f"/arenaer/{ids.arena}/", None),
        Page("agenda", "Meeting agenda", f"/moter/{ids.meeting}/", None),
        Page(
            "accountability",
            "Accountability, largest service",
            f"/oppfolging/tjeneste/{ids.largest_service}/",
            None,
        ),
        Page("mine", "Mine oppdrag", "/personer/mine-oppdrag/", ids.rep_email),
        Page("dashboard", "Secretariat dashboard", "/moter/sekretariat/", ids.secretariat_email),
        Page("api", "API organisation list", "/api/v1/organisations", None),
        Page(
            "matching_local",
            "Candidate matching, local request",
            f"/oppnevning/{ids.local_request}/kandidater/",
            ids.secretariat_email,
        ),
        Page(
            "matching",
            "Candidate matching, national request",
            f"/oppnevning/{ids.open_request}/kandidater/",
            ids.secretariat_email,
        ),
    ]


# --- from the generator's file ----------------------------------------------------------


def _id(ids: dict[str, Any], name: str) -> int:
    value = ids[name]
    return int(value["id"] if isinstance(value, dict) else value)


def ids_from_scale_file(data: dict[str, Any]) -> BenchIds | None:
    """The ids in the generator's summary (``ids`` and ``personas``); None if one is missing.

    ``ids`` holds ``largest_service``, ``busy_arena`` (the arena with the most meetings),
    ``agenda_meeting`` (30 items), ``open_request`` (every umbrella invited),
    ``local_request`` (a fixed number of chapters invited) and ``big_user_organisation``,
    each ``{"id": …}``, and ``directory_search``, a word many organisation names contain.
    A summary from before the local request existed gives None: the data is regenerated."""
    ids = data.get("ids") or {}
    personas = data.get("personas") or {}
    try:
        return BenchIds(
            organisation=_id(ids, "big_user_organisation"),
            largest_service=_id(ids, "largest_service"),
            arena=_id(ids, "busy_arena"),
            meeting=_id(ids, "agenda_meeting"),
            open_request=_id(ids, "open_request"),
            local_request=_id(ids, "local_request"),
            search_word=str(ids.get("directory_search") or common_search_word()),
            rep_email=(personas.get("representative") or {}).get("email", REP_EMAIL),
            secretariat_email=(personas.get("secretariat") or {}).get("email", SECRETARIAT_EMAIL),
            source="generate_scale",
        )
    except (KeyError, TypeError, ValueError):
        return None


# --- by query (demo data) ---------------------------------------------------------------


def common_search_word() -> str:
    """The commonest word (4+ letters) in the names of public organisations."""
    from medvirk.directory.models import Organisation

    names = Organisation.objects.public().order_by("pk").values_list("name", flat=True)[:5000]
    words = Counter(
        word for name in names for word in re.findall(r"\w{4,}", name.casefold()) if word.isalpha()
    )
    return words.most_common(1)[0][0] if words else "org"


def ids_from_queries() -> BenchIds:
    """Suitable ids found in whatever data the database holds. Raises LookupError naming
    what is missing. Turns TOTP on for the chosen secretariat user when it is off (the
    benchmark's own database): the MFA middleware would redirect it otherwise."""
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Count, Q

    from medvirk.accounts.enums import RoleKind
    from medvirk.accounts.models import Role, User
    from medvirk.appointments.enums import RequestStatus
    from medvirk.appointments.models import AppointmentRequest
    from medvirk.arenas.models import Arena
    from medvirk.directory.enums import OrganisationKind
    from medvirk.directory.models import Organisation
    from medvirk.meetings.visibility import visible_meetings
    from medvirk.people.models import Person

    def need(value: Any, what: str) -> Any:
        if value is None:
            raise LookupError(f"the database has no {what}")
        return value

    public = Organisation.objects.public()
    organisation = need(
        public.filter(kind=OrganisationKind.USER_ORG)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first(),
        "public user organisation",
    )
    service = need(
        public.filter(kind=OrganisationKind.SERVICE)
        .annotate(n=Count("arenas", filter=Q(arenas__is_public=True)))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first(),
        "public service",
    )
    arena = need(
        Arena.objects.filter(is_public=True)
        .annotate(n=Count("meetings"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first(),
        "public arena",
    )
    meeting = need(
        visible_meetings(AnonymousUser())
        .annotate(n=Count("items"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first(),
        "public meeting",
    )
    secretariat_orgs = Role.objects.filter(role=RoleKind.SECRETARIAT).values("organisation_id")
    requests = AppointmentRequest.objects.filter(arena__owner_id__in=secretariat_orgs)
    request = need(
        requests.filter(status=RequestStatus.OPEN).order_by("pk").first()
        or requests.order_by("pk").first(),
        "appointment request in an arena whose owner has a secretariat user",
    )
    # The local request: of the same service's other open requests with invitations,
    # the one inviting the fewest (the national one when there is no other).
    local_request = (
        requests.filter(arena__owner_id=request.arena.owner_id, status=RequestStatus.OPEN)
        .exclude(pk=request.pk)
        .annotate(n=Count("invitations"))
        .filter(n__gt=0)
        .order_by("n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    secretariat = need(
        User.objects.filter(
            roles__role=RoleKind.SECRETARIAT, roles__organisation_id=request.arena.owner_id
        )
        .order_by("pk")
        .first(),
        "secretariat user",
    )
    _ensure_totp(secretariat)
    rep = need(
        Person.objects.filter(user__isnull=False)
        .annotate(n=Count("memberships"))
        .order_by("-n", "pk")
        .select_related("user")
        .first(),
        "person with a login",
    )
    return BenchIds(
        organisation=organisation,
        largest_service=service,
        arena=arena,
        meeting=meeting,
        open_request=request.pk,
        local_request=local_request or request.pk,
        search_word=common_search_word(),
        rep_email=rep.user.email,
        secretariat_email=secretariat.email,
        source="found by query (no generate_scale file)",
    )


def _ensure_totp(user: Any) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import is_mfa_enabled

    if not is_mfa_enabled(user):
        print(f"  turning on TOTP for {user.email} (the benchmark's own database)", flush=True)
        TOTP.activate(user, generate_totp_secret())
