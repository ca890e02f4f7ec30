"""One definition of the directory's filters, shared by the page, the CSV export and the API."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext as _

from medvirk.common.csv_export import whole_result
from medvirk.common.forms import Menu
from medvirk.common.models import ActivityLog
from medvirk.directory.caching import MENUS
from medvirk.directory.enums import (
    CampaignStatus,
    OrganisationKind,
    RecipientState,
    RegionKind,
    ServiceKind,
)
from medvirk.directory.models import (
    Campaign,
    CampaignRecipient,
    Contact,
    ImportJob,
    Organisation,
    Region,
    TargetGroup,
    stale_cutoff,
)
from medvirk.directory.notifications import CAMPAIGN_REFERENCE, REMINDER, campaign_reference
from medvirk.notifications.models import MailStatus, OutboxMail


@dataclass(frozen=True)
class DirectoryFilter:
    q: str = ""
    kind: str = ""  # an OrganisationKind or a ServiceKind value
    region: Region | None = None
    target_group: TargetGroup | None = None
    umbrella: Organisation | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.q or self.kind or self.region or self.target_group or self.umbrella)


def filter_organisations(filters: DirectoryFilter) -> QuerySet[Organisation]:
    queryset = Organisation.objects.public()
    if filters.q:
        for word in filters.q.casefold().split():
            queryset = queryset.filter(search_text__contains=word)
    if filters.kind in OrganisationKind.values:
        queryset = queryset.filter(kind=filters.kind)
    elif filters.kind in ServiceKind.values:
        queryset = queryset.filter(kind=OrganisationKind.SERVICE, service_kind=filters.kind)
    if filters.region is not None:
        region_ids = Region.objects.filter(Q(pk=filters.region.pk) | Q(parent=filters.region))
        # A kommune also matches organisations serving its whole fylke.
        if filters.region.parent_id:
            region_ids = Region.objects.filter(pk__in=[filters.region.pk, filters.region.parent_id])
        queryset = queryset.filter(
            pk__in=Organisation.regions.through.objects.filter(region__in=region_ids).values(
                "organisation_id"
            )
        )
    if filters.target_group is not None:
        queryset = queryset.filter(
            pk__in=Organisation.target_groups.through.objects.filter(
                targetgroup=filters.target_group
            ).values("organisation_id")
        )
    if filters.umbrella is not None:
        queryset = queryset.filter(
            pk__in=Organisation.umbrellas.through.objects.filter(
                to_organisation=filters.umbrella
            ).values("from_organisation_id")
        )
    return queryset


def with_listing_data(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Everything a list row shows, fetched in a constant number of queries."""
    return queryset.select_related("parent").prefetch_related(
        "target_groups",
        "regions",
        # Only public umbrellas: a hidden organisation's name must not leak through its members.
        Prefetch("umbrellas", queryset=Organisation.objects.public().only("pk", "name")),
        Prefetch(
            "contacts", queryset=Contact.objects.filter(is_public=True), to_attr="public_contacts"
        ),
    )


def with_row_data(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """What a row of the directory page shows (less than the CSV and the API need)."""
    return queryset.select_related("parent").prefetch_related("target_groups")


# --- The CSV export: plain values from a server-side cursor, related names in bulk -------

EXPORT_COLUMNS = (
    "pk",
    "name",
    "kind",
    "service_kind",
    "org_number",
    "level",
    "parent__name",
    "parent__is_public",
    "website",
    "last_confirmed_at",
)


def export_values(queryset: QuerySet[Organisation], chunk_size: int = 2000) -> Iterator[Any]:
    """The export's rows as tuples of :data:`EXPORT_COLUMNS`, in the list's order, read
    ``chunk_size`` at a time (a server-side cursor on PostgreSQL, planned for every row):
    no model instances."""
    return whole_result(queryset.values_list(*EXPORT_COLUMNS), chunk_size)


def export_related(
    queryset: QuerySet[Organisation], language: str
) -> dict[str, dict[int, list[str]]]:
    """What the export shows of each organisation's relations, by organisation id, in one
    statement each (whatever the number of rows): its public umbrellas' names, its regions'
    and target groups' names (in ``language``) and its public contacts, each as text, in
    the order the entry page shows them."""
    ids = queryset.order_by().values("pk")
    umbrellas = Organisation.umbrellas.through.objects.filter(
        from_organisation_id__in=ids, to_organisation__is_public=True
    ).order_by("to_organisation__name", "to_organisation_id")
    regions = Organisation.regions.through.objects.filter(organisation_id__in=ids).order_by(
        "region__kind", "region__name"
    )
    names = [f"targetgroup__name_{code}" for code in ("nb", "nn", "en")]
    groups = Organisation.target_groups.through.objects.filter(organisation_id__in=ids).order_by(
        "targetgroup__position", "targetgroup__name_nb"
    )
    contacts = Contact.objects.filter(organisation_id__in=ids, is_public=True).order_by(
        "-is_primary", "name", "pk"
    )
    found: dict[str, dict[int, list[str]]] = {
        "umbrellas": {},
        "regions": {},
        "target_groups": {},
        "contacts": {},
    }
    for org_id, name in umbrellas.values_list("from_organisation_id", "to_organisation__name"):
        found["umbrellas"].setdefault(org_id, []).append(name)
    for org_id, name in regions.values_list("organisation_id", "region__name"):
        found["regions"].setdefault(org_id, []).append(name)
    # The name in the language, else the bokmål one (TranslatedName.name).
    column = names.index(f"targetgroup__name_{language}") if language in ("nn", "en") else 0
    for org_id, *translated in groups.values_list("organisation_id", *names):
        found["target_groups"].setdefault(org_id, []).append(translated[column] or translated[0])
    for org_id, *parts in contacts.values_list("organisation_id", "name", "role", "email", "phone"):
        found["contacts"].setdefault(org_id, []).append(", ".join(x for x in parts if x))
    return found


def region_by_code(code: str) -> Region | None:
    """A region by its number (fylke or kommune), or None."""
    return Region.objects.filter(code=code).first()


def target_group_by_slug(slug: str) -> TargetGroup | None:
    return TargetGroup.objects.filter(slug=slug).first()


def public_umbrella(pk: int) -> Organisation | None:
    return Organisation.objects.public().umbrellas().filter(pk=pk).first()


def public_service(pk: int) -> Organisation | None:
    return Organisation.objects.filter(pk=pk, kind=OrganisationKind.SERVICE, is_public=True).first()


def public_organisation_for_listing(pk: int) -> Organisation | None:
    """One public organisation with everything a list row (or the API) shows."""
    return with_listing_data(Organisation.objects.public()).filter(pk=pk).first()


def organisations_serving(region: Region) -> QuerySet[Any]:
    """The ids of organisations serving the region or a kommune in it (a values queryset)."""
    return Organisation.regions.through.objects.filter(
        Q(region=region) | Q(region__parent=region)
    ).values("organisation_id")


def organisations_for_detail_page() -> QuerySet[Organisation]:
    """Organisations with what the detail page shows: the parent, regions, target groups,
    and only the public ones of its umbrellas, children and members."""
    public_orgs = Organisation.objects.public().only("pk", "name")
    return Organisation.objects.select_related("parent").prefetch_related(
        "regions",
        "target_groups",
        Prefetch("umbrellas", queryset=public_orgs),
        # parent_id too: the prefetch hands each child to its parent by it (without it,
        # one statement per sub-organisation).
        Prefetch("children", queryset=public_orgs.only("pk", "name", "parent_id")),
        Prefetch("members", queryset=public_orgs),
    )


def public_arenas_of(service_id: int) -> list[Any]:
    """A service's public arenas (pk, name and kind), by name. Arenas sit above the
    directory in the layer order, so they are read through the owner's reverse relation."""
    return list(
        Organisation(pk=service_id)
        .arenas.filter(is_public=True)
        # owner_id too: the reverse relation sets each arena's owner from it
        .only("pk", "name", "kind", "owner_id")
        .order_by("name")
    )


# --- Confirmation campaigns: delivery figures from the outbox ------------------------------

MAIL_WAITING = (MailStatus.PENDING, MailStatus.SENDING)


def _mails_of_outer_recipient() -> QuerySet[OutboxMail]:
    """The outbox rows of the recipient in the enclosing query (``reference`` names it)."""
    reference = Concat(Value(CAMPAIGN_REFERENCE), Cast(OuterRef("pk"), output_field=CharField()))
    return OutboxMail.objects.filter(reference=reference)


def with_mail_status(
    recipients: QuerySet[CampaignRecipient],
) -> QuerySet[CampaignRecipient]:
    """Each recipient with its latest mail's outbox state (``mail_status``, ``mail_error``)
    and whether any of its mails was sent (``mail_sent``); NULL status: no mail."""
    mails = _mails_of_outer_recipient()
    latest = mails.order_by("-pk")
    return recipients.annotate(
        mail_status=Subquery(latest.values("status")[:1]),
        mail_error=Subquery(latest.values("last_error")[:1]),
        mail_sent=Exists(mails.filter(status=MailStatus.SENT)),
    )


def _state_counts() -> dict[str, Any]:
    states = RecipientState
    return {
        "total": Count("pk"),
        "opened": Count("pk", filter=Q(opened_at__isnull=False)),
        "reminded": Count("pk", filter=Q(reminded_at__isnull=False)),
        "confirmed": Count("pk", filter=Q(state=states.CONFIRMED)),
        "changed": Count("pk", filter=Q(state=states.CHANGED)),
        "no_contact": Count("pk", filter=Q(state=states.NO_CONTACT)),
        # From the outbox: at least one mail delivered; the latest mail failed; waiting.
        "sent": Count("pk", filter=Q(mail_sent=True)),
        "failed": Count("pk", filter=Q(mail_status=MailStatus.FAILED)),
        "pending": Count("pk", filter=Q(mail_status__in=MAIL_WAITING)),
    }


def campaign_figures(campaign: Campaign) -> dict[str, int]:
    """The dashboard's figures for one campaign; delivery figures come from the outbox."""
    return with_mail_status(campaign.recipients.order_by()).aggregate(**_state_counts())


def campaigns_with_figures() -> QuerySet[Campaign]:
    """Every campaign, newest first, with :func:`campaign_figures` as attributes."""
    per_campaign = with_mail_status(
        CampaignRecipient.objects.filter(campaign=OuterRef("pk")).order_by()
    ).values("campaign")
    figures = {
        name: Coalesce(
            Subquery(per_campaign.annotate(n=count).values("n")[:1]),
            0,
            output_field=IntegerField(),
        )
        for name, count in _state_counts().items()
    }
    return (
        Campaign.objects.select_related("region", "started_by")
        .annotate(**figures)
        .order_by("-started_at", "-pk")
    )


def campaign_recipients(campaign: Campaign, state: str) -> QuerySet[CampaignRecipient]:
    """The dashboard's list; "failed" and "pending" are the outbox's states of the latest
    mail, the other states the recipient's own."""
    recipients = with_mail_status(
        campaign.recipients.select_related("organisation").order_by("organisation__name", "pk")
    )
    if state == RecipientState.FAILED:
        return recipients.filter(Q(mail_status=MailStatus.FAILED))
    if state == RecipientState.PENDING:
        return recipients.filter(Q(mail_status__in=MAIL_WAITING))
    if state:
        return recipients.filter(state=state)
    return recipients


def reminder_was_sent(recipient_id: int) -> bool:
    """Whether the recipient's reminder has left the outbox (the first link then stops)."""
    return OutboxMail.objects.filter(
        reference=campaign_reference(recipient_id), kind=REMINDER, status=MailStatus.SENT
    ).exists()


def contacts_for_edit(organisation: Organisation | None) -> QuerySet[Contact]:
    """The contacts the edit form shows: the organisation's, or none for a new one."""
    return (
        Contact.objects.filter(organisation=organisation)
        if organisation
        else Contact.objects.none()
    )


def history_entries(organisation: Organisation) -> QuerySet[ActivityLog]:
    """The organisation's activity log entries with who made them (newest first, the log's
    own order)."""
    return ActivityLog.objects.filter(organisation=organisation).select_related("actor")


def names_by_kind(wanted: dict[str, set[int]]) -> dict[str, dict[int, str]]:
    """The names of the organisations, regions and target groups a history page mentions,
    by id (one query each)."""
    return {
        "organisation": dict(
            Organisation.objects.filter(pk__in=wanted["organisation"]).values_list("pk", "name")
        ),
        "region": dict(Region.objects.filter(pk__in=wanted["region"]).values_list("pk", "name")),
        "target_group": {
            t.pk: t.name for t in TargetGroup.objects.filter(pk__in=wanted["target_group"])
        },
    }


def entry_for_confirm_page(organisation_id: int) -> Organisation:
    """The entry as stored, for display on the confirm page, with its regions, target groups
    and contacts."""
    return Organisation.objects.prefetch_related("regions", "target_groups", "contacts").get(
        pk=organisation_id
    )


def organisation_by_pk(pk: int) -> Organisation:
    """One organisation by id (DoesNotExist if there is none)."""
    return Organisation.objects.get(pk=pk)


def all_target_groups() -> QuerySet[TargetGroup]:
    """Every target group, in the model's order."""
    return TargetGroup.objects.all()


def import_job_by_token(token: str) -> ImportJob | None:
    """The import job an import page's URL names (without the file's bytes)."""
    return ImportJob.objects.defer("raw").filter(token=token).first()


def all_regions() -> QuerySet[Region]:
    """Every fylke and kommune, in the model's order."""
    return Region.objects.all()


# --- The forms' long menus (issue 13), cached under directory:menus -----------------------


def organisation_menu(*kinds: str) -> Menu:
    """Organisations of ``kinds`` (every kind when none), by name, as a menu; read and
    escaped once per version of ``directory:menus``. Validate against
    :func:`organisations_of_kinds` with the same kinds."""

    def compute() -> Menu:
        rows = organisations_of_kinds(*kinds).order_by("name", "pk").values_list("pk", "name")
        return Menu.of(rows)

    return MENUS.get_or_set("organisations", *sorted(kinds), compute=compute, language=False)


def organisations_of_kinds(*kinds: str) -> QuerySet[Organisation]:
    """The organisations a menu from :func:`organisation_menu` lists (for validation)."""
    if not kinds:
        return Organisation.objects.only("pk", "name")
    return Organisation.objects.filter(kind__in=kinds).only("pk", "name")


def grouped_organisation_menu(*groups: tuple[str, Any]) -> Menu:
    """Organisations grouped by kind, ``groups`` being ``(kind, group label)`` in the order
    shown (umbrellas before user organisations in an invitation), each group by name."""
    kinds = [kind for kind, _label in groups]

    def compute() -> Menu:
        rows = organisations_of_kinds(*kinds).order_by("name", "pk")
        by_kind: dict[str, list[tuple[int, str]]] = {kind: [] for kind in kinds}
        for pk, name, kind in rows.values_list("pk", "name", "kind"):
            by_kind[kind].append((pk, name))
        return Menu.of((str(label), by_kind[kind]) for kind, label in groups)

    return MENUS.get_or_set("grouped", *kinds, compute=compute)


def region_choices(*, empty: bool = True) -> list[tuple[Any, Any]]:
    """Fylker, each followed by its kommuner, as grouped choices.

    Grouping keeps kommuner with the same name (Våler, Herøy) apart.
    """
    regions = list(Region.objects.order_by("name"))
    fylker = [r for r in regions if r.kind == RegionKind.FYLKE]
    by_parent: dict[int | None, list[Region]] = {}
    for region in regions:
        if region.kind == RegionKind.KOMMUNE:
            by_parent.setdefault(region.parent_id, []).append(region)
    choices: list[tuple[Any, Any]] = [("", _("Alle områder"))] if empty else []
    for fylke in fylker:
        group = [(str(fylke.pk), _("Hele %(fylke)s") % {"fylke": fylke.name})]
        group += [(str(k.pk), k.name) for k in by_parent.get(fylke.pk, [])]
        choices.append((fylke.name, group))
    return choices


def region_menu() -> Menu:
    """Every region, kommuner grouped under their fylke, as a menu (per language: "Hele
    Vestland")."""
    return MENUS.get_or_set("regions", compute=lambda: Menu.of(region_choices(empty=False)))


def kommune_menu() -> Menu:
    """Every kommune (no fylke to choose), grouped under its fylke, as a menu: the answer
    form of an experience call asks where it happened."""

    def compute() -> Menu:
        regions = list(
            Region.objects.order_by("name").values_list("pk", "name", "kind", "parent_id")
        )
        by_parent: dict[int | None, list[tuple[int, str]]] = {}
        for pk, name, kind, parent in regions:
            if kind == RegionKind.KOMMUNE:
                by_parent.setdefault(parent, []).append((pk, name))
        fylker = [(pk, name) for pk, name, kind, _parent in regions if kind == RegionKind.FYLKE]
        groups: list[tuple[Any, Any]] = [
            (name, by_parent[pk]) for pk, name in fylker if by_parent.get(pk)
        ]
        return Menu.of([*groups, *by_parent.get(None, [])])

    return MENUS.get_or_set("kommuner", compute=compute, language=False)


# Campaign recipients whose organisation has not answered yet (the link may be waiting
# in someone's inbox).
UNANSWERED_RECIPIENT_STATES = (RecipientState.PENDING, RecipientState.SENT, RecipientState.OPENED)


def entries_to_confirm(organisation_ids: Iterable[int]) -> QuerySet[Organisation]:
    """The organisations whose directory entry waits for its yearly confirmation: not
    confirmed for 13 months (``Organisation.is_stale``) or asked by a running campaign
    that they have not answered, by name; ``campaign_expires_at`` is that campaign link's
    expiry (None without one). One statement."""
    waiting = CampaignRecipient.objects.filter(
        organisation_id=OuterRef("pk"),
        campaign__status=CampaignStatus.RUNNING,
        state__in=UNANSWERED_RECIPIENT_STATES,
        responded_at__isnull=True,
    ).order_by("-expires_at")
    return (
        Organisation.objects.filter(pk__in=list(organisation_ids))
        .annotate(campaign_expires_at=Subquery(waiting.values("expires_at")[:1]))
        .filter(
            Q(campaign_expires_at__isnull=False)
            | Q(last_confirmed_at__isnull=True)
            | Q(last_confirmed_at__lt=stale_cutoff())
        )
        .only("id", "name", "kind", "last_confirmed_at")
        .order_by("name", "pk")
    )
