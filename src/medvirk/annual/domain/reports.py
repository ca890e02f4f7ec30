"""Annual reports: created for a year, written (preface and highlighted cases), sent to
the members for comments, approved, published; revised after approval as a new version.

Every approval freezes the figures and the texts in an ``AnnualReportVersion`` (JSON, see
:func:`snapshot`), like meetings' minutes: what members and the public read after
approval is always a version. Approving twice is refused; a change after approval is a
revision with a required change note, which recounts the figures.

Permissions with ``rules.has_perm`` (``annual/rules.py``): the owner's secretariat and
admins write; the members comment. Platform admins do not write.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.annual.enums import EDITABLE_STATUSES, ReportLanguage, ReportStatus
from medvirk.annual.figures import year_figures
from medvirk.annual.models import AnnualReport, AnnualReportComment, AnnualReportVersion, Highlight
from medvirk.annual.notifications import send_report_on_comment
from medvirk.annual.selectors import candidate_items, highlight_rows, report_members
from medvirk.arenas.models import Arena
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.dates import format_date
from medvirk.common.richtext import clean_rich_text
from medvirk.directory.models import Organisation

if TYPE_CHECKING:
    from medvirk.accounts.models import User

CREATED = register_action("annual.report.created", gettext_lazy("Opprettet årsmelding"))
SAVED = register_action("annual.report.saved", gettext_lazy("Lagret utkast til årsmelding"))
SENT = register_action(
    "annual.report.sent", gettext_lazy("Sendte årsmeldingen til medlemmene for merknader")
)
COMMENTED = register_action("annual.report.commented", gettext_lazy("Ga merknad til årsmeldingen"))
APPROVED = register_action("annual.report.approved", gettext_lazy("Godkjente årsmeldingen"))
REVISED = register_action(
    "annual.report.revised", gettext_lazy("Godkjente en ny versjon av årsmeldingen")
)
PUBLISHED = register_action("annual.report.published", gettext_lazy("Publiserte årsmeldingen"))
UNPUBLISHED = register_action(
    "annual.report.unpublished", gettext_lazy("Trakk tilbake publiseringen av årsmeldingen")
)

MAX_PREFACE = 20000
MAX_NOTE = 2000
MAX_HIGHLIGHTS = 12
FIRST_YEAR = 2000


def _check(perm: str, by: User, obj: Any) -> None:
    if not rules.has_perm(perm, by, obj):
        raise PermissionDenied


def _lock(report: AnnualReport) -> AnnualReport:
    return (
        AnnualReport.objects.select_for_update(of=("self",))
        .select_related("arena", "service", "owner")
        .get(pk=report.pk)
    )


def _clean_year(year: Any) -> int:
    latest = timezone.localdate().year
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Skriv et årstall.")}) from None
    if not FIRST_YEAR <= value <= latest:
        raise ValidationError(
            {
                "year": _("Velg et år mellom %(first)s og %(last)s.")
                % {"first": FIRST_YEAR, "last": latest}
            }
        )
    return value


def _clean_language(language: str) -> str:
    if language not in ReportLanguage.values:
        raise ValidationError({"language": _("Velg bokmål, nynorsk eller engelsk.")})
    return language


@transaction.atomic
def create_report(
    *,
    by: User,
    service: Organisation,
    arena: Arena | None,
    year: Any,
    language: str = ReportLanguage.NB,
) -> AnnualReport:
    """A draft report for ``arena`` (one of ``service``'s arenas), or for the whole
    service when ``arena`` is None."""
    _check("annual.add_report", by, service)
    if arena is not None and arena.owner_id != service.pk:
        raise ValidationError({"arena": _("Arenaen hører ikke til denne tjenesten.")})
    value = _clean_year(year)
    language = _clean_language(language)
    duplicate = AnnualReport.objects.filter(year=value)
    duplicate = (
        duplicate.filter(arena=arena) if arena is not None else duplicate.filter(service=service)
    )
    if duplicate.exists():
        raise ValidationError(
            {"year": _("Det finnes allerede en årsmelding for %(year)s.") % {"year": value}}
        )
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                arena=arena,
                service=None if arena is not None else service,
                owner=service,
                year=value,
                language=language,
                created_by=by,
            )
    except IntegrityError:
        raise ValidationError(
            {"year": _("Det finnes allerede en årsmelding for %(year)s.") % {"year": value}}
        ) from None
    log_activity(
        action=CREATED,
        actor=by,
        obj=report,
        organisation=service,
        data={"year": value, "arena": arena.pk if arena else None},
    )
    return report


def _clean_highlights(
    report: AnnualReport, highlights: Sequence[tuple[int, str]]
) -> list[tuple[int, str]]:
    allowed = set(candidate_items(report).values_list("pk", flat=True))
    cleaned: list[tuple[int, str]] = []
    seen: set[int] = set()
    for item_id, note in highlights:
        if item_id not in allowed:
            raise ValidationError({"highlights": _("Velg saker som ble behandlet i året.")})
        note = (note or "").strip()
        if len(note) > MAX_NOTE:
            raise ValidationError(
                {"highlights": _("Omtalen av en sak kan være på høyst 2000 tegn.")}
            )
        if item_id not in seen:
            seen.add(item_id)
            cleaned.append((item_id, note))
    if len(cleaned) > MAX_HIGHLIGHTS:
        raise ValidationError({"highlights": _("Velg høyst 12 saker å trekke fram.")})
    return cleaned


def _clean_preface(preface: str) -> str:
    cleaned = clean_rich_text(preface or "")
    if len(cleaned) > MAX_PREFACE:
        raise ValidationError({"preface": _("Forordet kan være på høyst 20 000 tegn.")})
    return cleaned


@transaction.atomic
def update_report(
    report: AnnualReport,
    *,
    by: User,
    preface: str,
    language: str,
    highlights: Sequence[tuple[int, str]],
) -> AnnualReport:
    """Save the preface, the language and the highlighted cases (item id, note) of a
    report not yet approved."""
    _check("annual.manage_report", by, report)
    locked = _lock(report)
    if locked.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Årsmeldingen er godkjent. Endringer må gjøres som en ny versjon med begrunnelse.")
        )
    locked.preface = _clean_preface(preface)
    locked.language = _clean_language(language)
    chosen = _clean_highlights(locked, highlights)
    locked.save(update_fields=["preface", "language", "updated_at"])
    Highlight.objects.filter(report=locked).delete()
    Highlight.objects.bulk_create(
        Highlight(report=locked, item_id=item_id, note=note, position=index)
        for index, (item_id, note) in enumerate(chosen)
    )
    log_activity(
        action=SAVED,
        actor=by,
        obj=locked,
        organisation=locked.owner,
        data={"highlights": [item_id for item_id, _note in chosen]},
    )
    return locked


def report_link(report: AnnualReport) -> str:
    return settings.SITE_URL.rstrip("/") + report.get_absolute_url()


@transaction.atomic
def send_for_comments(
    report: AnnualReport, *, by: User, comment_deadline: datetime.date | None
) -> int:
    """Send the draft to the members (mail to each with an address); the number mailed."""
    _check("annual.manage_report", by, report)
    locked = _lock(report)
    if locked.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Årsmeldingen er allerede godkjent og kan ikke sendes til merknader.")
        )
    if comment_deadline is None:
        raise ValidationError({"comment_deadline": _("Velg en frist for merknader.")})
    if comment_deadline < timezone.localdate():
        raise ValidationError(
            {"comment_deadline": _("Fristen for merknader kan ikke være før i dag.")}
        )
    locked.status = ReportStatus.ON_COMMENT
    locked.comment_deadline = comment_deadline
    locked.sent_at = timezone.now()
    locked.save(update_fields=["status", "comment_deadline", "sent_at", "updated_at"])
    mailed = 0
    for person in report_members(locked):
        mailed += send_report_on_comment(
            person,
            {
                "subject_name": locked.subject_name,
                "year": locked.year,
                "deadline": comment_deadline,
                "link": report_link(locked),
                "site_url": settings.SITE_URL,
            },
        )
    log_activity(
        action=SENT,
        actor=by,
        obj=locked,
        organisation=locked.owner,
        data={"deadline": comment_deadline.isoformat(), "recipients": mailed},
    )
    return mailed


def deadline_passed(report: AnnualReport) -> bool:
    return report.comment_deadline is not None and timezone.localdate() > report.comment_deadline


@transaction.atomic
def comment_on_report(report: AnnualReport, *, by: User, text: str) -> AnnualReportComment:
    """A member's comment on the report while it is on comment, by the deadline."""
    locked = _lock(report)
    if not rules.has_perm("annual.comment_report", by, locked):
        if (
            rules.has_perm("annual.view_report", by, locked)
            and locked.status != ReportStatus.ON_COMMENT
        ):
            raise ValidationError(_("Årsmeldingen er ikke til merknader nå."))
        raise PermissionDenied
    if deadline_passed(locked):
        assert locked.comment_deadline is not None
        raise ValidationError(
            _("Fristen for merknader gikk ut %(date)s.")
            % {"date": format_date(locked.comment_deadline, "SHORT_DATE_FORMAT")}
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Skriv merknaden din.")})
    if len(text) > 4000:
        raise ValidationError({"text": _("Merknaden kan være på høyst 4000 tegn.")})
    person = getattr(by, "person", None)
    comment = AnnualReportComment.objects.create(
        report=locked, author=by, author_name=person.name if person else by.email, text=text
    )
    log_activity(
        action=COMMENTED,
        actor=by,
        obj=locked,
        organisation=locked.owner,
        data={"comment": comment.pk},
    )
    return comment


def snapshot(report: AnnualReport) -> dict[str, Any]:
    """Everything an approved version shows: the subject, the texts and the figures."""
    return {
        "subject": report.subject_name,
        "year": report.year,
        "language": report.language,
        "preface": report.preface,
        "highlights": highlight_rows(report),
        "figures": year_figures(
            arena_id=report.arena_id,
            service_id=report.service_id,
            year=report.year,
            language=report.language,
        ),
    }


def _new_version(report: AnnualReport, *, by: User, change_note: str = "") -> AnnualReportVersion:
    now = timezone.now()
    number = report.version + 1
    version = AnnualReportVersion.objects.create(
        report=report,
        number=number,
        content=snapshot(report),
        change_note=change_note,
        approved_at=now,
        approved_by=by,
    )
    if report.status != ReportStatus.PUBLISHED:
        report.status = ReportStatus.APPROVED
    report.version = number
    report.approved_at = now
    report.approved_by = by
    report.save(update_fields=["status", "version", "approved_at", "approved_by", "updated_at"])
    return version


@transaction.atomic
def approve_report(report: AnnualReport, *, by: User) -> AnnualReportVersion:
    """Approve the draft as version 1. Approving twice is refused."""
    _check("annual.manage_report", by, report)
    locked = _lock(report)
    if locked.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _(
                "Årsmeldingen er allerede godkjent. Endringer må gjøres som en ny versjon "
                "med begrunnelse."
            )
        )
    version = _new_version(locked, by=by)
    log_activity(
        action=APPROVED,
        actor=by,
        obj=locked,
        organisation=locked.owner,
        data={"version": version.number},
    )
    return version


@transaction.atomic
def revise_report(
    report: AnnualReport, *, by: User, preface: str, change_note: str
) -> AnnualReportVersion:
    """Change an approved report: the new preface and the figures recounted become the
    next version, with the change note shown beside it."""
    _check("annual.manage_report", by, report)
    locked = _lock(report)
    if locked.status in EDITABLE_STATUSES:
        raise ValidationError(
            _(
                "Årsmeldingen er ikke godkjent ennå. Endre utkastet i stedet for å lage en ny versjon."
            )
        )
    change_note = (change_note or "").strip()
    if not change_note:
        raise ValidationError(
            {
                "change_note": _(
                    "Skriv hva som er endret, og hvorfor. Begrunnelsen vises med årsmeldingen."
                )
            }
        )
    if len(change_note) > 4000:
        raise ValidationError({"change_note": _("Begrunnelsen kan være på høyst 4000 tegn.")})
    locked.preface = _clean_preface(preface)
    locked.save(update_fields=["preface", "updated_at"])
    version = _new_version(locked, by=by, change_note=change_note)
    log_activity(
        action=REVISED,
        actor=by,
        obj=locked,
        organisation=locked.owner,
        data={"version": version.number},
    )
    return version


@transaction.atomic
def publish_report(report: AnnualReport, *, by: User) -> AnnualReport:
    """Publish an approved report (the public archive shows it, unless its arena is
    private: then only members and the secretariat read it)."""
    _check("annual.manage_report", by, report)
    locked = _lock(report)
    if locked.status == ReportStatus.PUBLISHED:
        raise ValidationError(_("Årsmeldingen er allerede publisert."))
    if locked.status != ReportStatus.APPROVED:
        raise ValidationError(_("Årsmeldingen må godkjennes før den publiseres."))
    locked.status = ReportStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    log_activity(action=PUBLISHED, actor=by, obj=locked, organisation=locked.owner)
    return locked


@transaction.atomic
def unpublish_report(report: AnnualReport, *, by: User) -> AnnualReport:
    """Take a published report out of the public archive (it stays approved)."""
    _check("annual.manage_report", by, report)
    locked = _lock(report)
    if locked.status != ReportStatus.PUBLISHED:
        raise ValidationError(_("Årsmeldingen er ikke publisert."))
    locked.status = ReportStatus.APPROVED
    locked.published_at = None
    locked.save(update_fields=["status", "published_at", "updated_at"])
    log_activity(action=UNPUBLISHED, actor=by, obj=locked, organisation=locked.owner)
    return locked
