"""Importing final decisions from a service's case system: a CSV file (case number,
date, outcome, link; docs/import-format.md), checked in a dry run that shows each row's
result, then applied.

The upload becomes a :class:`~medvirk.followup.models.DecisionImport` row holding the
file, and a task (``run_decision_import``, queued when the row commits) checks it, as the
directory's organisation import does (``directory/domain/import_jobs.py``): the modes and
statuses are that import's, the file is read by its CSV reader (``parse_csv``), the
worker claims a job with ONE conditional UPDATE (queued → running), and a real run writes
its decisions and its "done" in one transaction. The work is set-based: one query reads
the service's advice with a case number, one the decisions they have, and the real run
writes with ``bulk_create``/``bulk_update``, so a file of thousands of rows takes well
under a second in the worker and nothing long runs in the request.

A real run saves the rows the check accepted (checked again against the data as it is
then) and skips the rejected ones, which the report lists with their line numbers.
"""

from __future__ import annotations

import datetime
import logging
import re
import secrets
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from medvirk.accounts.models import User
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.cache_registry import touch
from medvirk.common.logs import enqueue as traced_enqueue
from medvirk.common.logs import traced
from medvirk.directory.domain.import_csv import ParsedRow, parse_csv
from medvirk.directory.enums import ImportMode, ImportStatus
from medvirk.directory.models import Organisation
from medvirk.followup.domain.final_decisions import (
    case_number_error,
    decided_on_error,
    link_error,
    normalise_case_number,
)
from medvirk.followup.enums import DecisionOutcome
from medvirk.followup.models import Advice, DecisionImport, FinalDecision

logger = logging.getLogger(__name__)

COLUMNS = ("saksnummer", "dato", "utfall", "lenke")
REQUIRED = ("saksnummer", "dato", "utfall")
ALIASES = {"arkivreferanse": "saksnummer", "vedtaksdato": "dato", "url": "lenke"}
EXAMPLE_HEADER = "saksnummer;dato;utfall;lenke"

# The outcome column: the codes, and the words a case system or a person would write.
OUTCOME_VALUES = {
    **{value: value for value in DecisionOutcome.values},
    "i_tråd": DecisionOutcome.IN_LINE,
    "i_tråd_med_rådet": DecisionOutcome.IN_LINE,
    "fulgt": DecisionOutcome.IN_LINE,
    "delvis": DecisionOutcome.PARTLY,
    "delvis_i_tråd": DecisionOutcome.PARTLY,
    "delvis_fulgt": DecisionOutcome.PARTLY,
    "i_strid": DecisionOutcome.AGAINST,
    "i_strid_med_rådet": DecisionOutcome.AGAINST,
    "ikke_fulgt": DecisionOutcome.AGAINST,
    "utsatt": DecisionOutcome.POSTPONED,
    "sendt_tilbake": DecisionOutcome.POSTPONED,
    "annet": DecisionOutcome.OTHER,
}

NEW = "new"
CORRECT = "correct"
UNCHANGED = "unchanged"
REJECT = "reject"

IMPORTED = register_action(
    "followup.decisions.imported", gettext_lazy("Importerte endelige vedtak fra CSV")
)

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NORWEGIAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_date(value: str) -> datetime.date | None:
    """dd.mm.åååå (as Norwegian case systems and Excel write it) or åååå-mm-dd."""
    value = value.strip()
    try:
        if _ISO.match(value):
            return datetime.date.fromisoformat(value)
        if match := _NORWEGIAN.match(value):
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
    except ValueError:
        return None
    return None


def outcome_of(value: str) -> str | None:
    key = "_".join(value.strip().casefold().replace("-", " ").split())
    return OUTCOME_VALUES.get(key)


# --- The report -------------------------------------------------------------------------


@dataclass
class DecisionRow:
    line: int  # as in a spreadsheet: the header is line 1
    case_number: str
    action: str  # NEW, CORRECT, UNCHANGED or REJECT
    problems: list[str] = field(default_factory=list)
    advice_id: int | None = None
    advice_title: str = ""
    arena: str = ""
    decided_on: str = ""  # ISO date
    outcome: str = ""
    link: str = ""


@dataclass
class DecisionReport:
    dry_run: bool
    rows: list[DecisionRow] = field(default_factory=list)
    applied: bool = False

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def new(self) -> int:
        return self.count(NEW)

    @property
    def corrected(self) -> int:
        return self.count(CORRECT)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def rejected(self) -> int:
        return self.count(REJECT)

    @property
    def rejected_rows(self) -> list[DecisionRow]:
        return [row for row in self.rows if row.action == REJECT]

    @property
    def has_changes(self) -> bool:
        return self.new + self.corrected > 0

    def to_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "applied": self.applied,
            "rows": [asdict(row) for row in self.rows],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DecisionReport:
        return cls(
            dry_run=bool(data.get("dry_run")),
            applied=bool(data.get("applied")),
            rows=[DecisionRow(**row) for row in data.get("rows", [])],
        )


def report_of(job: DecisionImport) -> DecisionReport | None:
    data = job.result if job.mode == ImportMode.APPLY else job.report
    return DecisionReport.from_json(data) if data else None


# --- Reading and checking the file ------------------------------------------------------


def parse_file(raw: bytes) -> tuple[list[ParsedRow], list[str]]:
    parsed = parse_csv(
        raw,
        columns=COLUMNS,
        required=REQUIRED,
        aliases=ALIASES,
        example=EXAMPLE_HEADER,
        no_rows=_("Filen har ingen vedtak under overskriftsraden."),
    )
    return parsed.rows, parsed.errors


def _advice_by_number(service: Organisation) -> dict[str, list[dict[str, Any]]]:
    """The service's advice with a case number (ONE query), by case number."""
    found: dict[str, list[dict[str, Any]]] = {}
    rows = (
        Advice.objects.filter(arena__owner=service)
        .exclude(service_case_number="")
        .order_by("pk")
        .values("pk", "service_case_number", "title", "given_on", "arena__name")
    )
    for row in rows:
        found.setdefault(row["service_case_number"], []).append(dict(row))
    return found


def _check_row(
    parsed: ParsedRow,
    *,
    advice: dict[str, list[dict[str, Any]]],
    seen: dict[str, int],
    today: datetime.date,
) -> DecisionRow:
    values = parsed.values
    number = normalise_case_number(values.get("saksnummer", ""))
    row = DecisionRow(line=parsed.number, case_number=number, action=REJECT)
    row.problems = [problem.message for problem in parsed.problems]
    if row.problems:
        return row
    if not number:
        row.problems.append(_("Saksnummeret mangler."))
    elif problem := case_number_error(number):
        row.problems.append(problem)
    elif number in seen:
        row.problems.append(
            _("Saksnummeret «%(number)s» står også på rad %(line)s. Hver sak kan stå bare én gang.")
            % {"number": number, "line": seen[number]}
        )
    else:
        seen[number] = parsed.number
        matches = advice.get(number, [])
        if not matches:
            row.problems.append(
                _(
                    "Fant ikke noe råd fra tjenesten med saksnummer «%(number)s». "
                    "Registrer saksnummeret på rådet først."
                )
                % {"number": number}
            )
        elif len(matches) > 1:
            row.problems.append(
                _(
                    "Saksnummeret «%(number)s» står på %(count)s råd (%(titles)s). "
                    "Registrer vedtaket på hvert av dem for hånd."
                )
                % {
                    "number": number,
                    "count": len(matches),
                    "titles": "; ".join(f"{m['title']} – {m['arena__name']}" for m in matches),
                }
            )
        else:
            match = matches[0]
            row.advice_id = match["pk"]
            row.advice_title = match["title"]
            row.arena = match["arena__name"]
    written = values.get("dato", "")
    decided_on = parse_date(written)
    if decided_on is None:
        row.problems.append(
            _(
                "Datoen «%(value)s» kan ikke leses. Skriv den som dd.mm.åååå, for eksempel 14.03.2027."
            )
            % {"value": written}
        )
    else:
        row.decided_on = decided_on.isoformat()
        if row.advice_id is not None:
            given = Advice(given_on=advice[number][0]["given_on"])
            if problem := decided_on_error(given, decided_on, today):
                row.problems.append(problem)
    written = values.get("utfall", "")
    outcome = outcome_of(written)
    if outcome is None:
        row.problems.append(
            _("Utfallet «%(value)s» er ukjent. Bruk en av: %(allowed)s.")
            % {"value": written, "allowed": ", ".join(DecisionOutcome.values)}
        )
    else:
        row.outcome = outcome
    row.link = values.get("lenke", "")
    if problem := link_error(row.link):
        row.problems.append(problem)
    if not row.problems:
        row.action = NEW
    return row


def check_file(
    service: Organisation, raw: bytes, *, today: datetime.date | None = None
) -> tuple[DecisionReport, dict[int, FinalDecision]]:
    """Each row's outcome against the service's advice and decisions as they are now (a
    constant number of queries), and the existing decisions of the matched advice."""
    today = today or timezone.localdate()
    rows, errors = parse_file(raw)
    if errors:
        raise ValidationError({"file": errors})
    advice = _advice_by_number(service)
    seen: dict[str, int] = {}
    report = DecisionReport(dry_run=True)
    report.rows = [_check_row(row, advice=advice, seen=seen, today=today) for row in rows]
    matched = [row.advice_id for row in report.rows if row.action == NEW and row.advice_id]
    existing = {d.advice_id: d for d in FinalDecision.objects.filter(advice_id__in=matched)}
    for row in report.rows:
        decision = existing.get(row.advice_id or 0)
        if row.action == NEW and decision is not None:
            same = (
                decision.decided_on.isoformat() == row.decided_on
                and decision.outcome == row.outcome
                and decision.link == row.link
            )
            row.action = UNCHANGED if same else CORRECT
    return report, existing


# --- Starting, applying -----------------------------------------------------------------


def can_import(user: object, service: Organisation) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and rules.has_perm("followup.import_final_decisions", user, service)
    )


def start_decision_import(
    service: Organisation, *, by: User, filename: str, raw: bytes, language: str = ""
) -> DecisionImport:
    """Keep an uploaded file as a job and queue its check (the dry run)."""
    if not can_import(by, service):
        raise PermissionDenied
    rows, errors = parse_file(raw)
    if errors:
        raise ValidationError({"file": errors})
    with transaction.atomic():
        job = DecisionImport.objects.create(
            token=secrets.token_urlsafe(16),
            service=service,
            started_by=by,
            filename=filename[:200],
            language=language[:10],
            raw=raw,
            rows_total=len(rows),
        )
        transaction.on_commit(partial(enqueue, job.pk))
    return job


def request_apply(job: DecisionImport, *, by: User) -> bool:
    """Queue the real run of a checked file: ONE conditional UPDATE, so a double click
    runs it once. False when the check is not done or the file has been run."""
    if not rules.has_perm("followup.run_decision_import", by, job):
        raise PermissionDenied
    with transaction.atomic():
        taken = DecisionImport.objects.filter(
            pk=job.pk, mode=ImportMode.CHECK, status=ImportStatus.DONE
        ).update(mode=ImportMode.APPLY, status=ImportStatus.QUEUED, finished_at=None)
        if taken:
            transaction.on_commit(partial(enqueue, job.pk))
    return bool(taken)


def _apply(job: DecisionImport, report: DecisionReport, existing: dict[int, FinalDecision]) -> None:
    by = job.started_by
    name = by.name or by.email
    created: list[FinalDecision] = []
    changed: list[FinalDecision] = []
    for row in report.rows:
        if row.action not in (NEW, CORRECT) or row.advice_id is None:
            continue
        decision = existing.get(row.advice_id) or FinalDecision(advice_id=row.advice_id)
        decision.decided_on = datetime.date.fromisoformat(row.decided_on)
        decision.outcome = row.outcome
        decision.link = row.link
        decision.recorded_by = by
        decision.recorded_by_name = name
        decision.imported = True
        (changed if decision.pk else created).append(decision)
    FinalDecision.objects.bulk_create(created, batch_size=500)
    FinalDecision.objects.bulk_update(
        changed,
        ["decided_on", "outcome", "link", "recorded_by", "recorded_by_name", "imported"],
        batch_size=500,
    )
    if changed:
        FinalDecision.objects.filter(pk__in=[d.pk for d in changed]).update(
            updated_at=timezone.now()
        )
    # Bulk writes send no signals: retire the pages that show decisions of this service
    # (every row is of the same service, so one names its scope).
    if created or changed:
        touch(FinalDecision, (created + changed)[0])
    report.applied = True
    report.dry_run = False
    log_activity(
        action=IMPORTED,
        actor=by,
        obj=job,
        organisation=job.service,
        data={
            "filename": job.filename,
            "new": report.new,
            "corrected": report.corrected,
            "unchanged": report.unchanged,
            "rejected": report.rejected,
            "advice": [d.advice_id for d in created + changed],
        },
    )


# --- The worker -------------------------------------------------------------------------


def claim(job_id: int) -> bool:
    """THE worker's claim: ONE UPDATE, queued → running; only one worker wins."""
    return bool(
        DecisionImport.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
            status=ImportStatus.RUNNING
        )
    )


def run(job_id: int, *, today: datetime.date | None = None) -> str:
    """Check or apply a queued job (if this worker wins the claim); its status after."""
    if claim(job_id):
        job = DecisionImport.objects.select_related("service", "started_by").get(pk=job_id)
        try:
            with translation.override(job.language or None), transaction.atomic():
                if not can_import(job.started_by, job.service):
                    raise PermissionDenied
                report, existing = check_file(job.service, bytes(job.raw), today=today)
                outcome: dict[str, Any] = {}
                if job.mode == ImportMode.APPLY:
                    _apply(job, report, existing)
                    outcome = {"result": report.to_json(), "raw": b""}
                else:
                    outcome = {"report": report.to_json()}
                DecisionImport.objects.filter(pk=job.pk).update(
                    status=ImportStatus.DONE, finished_at=timezone.now(), **outcome
                )
        except Exception as error:
            if not isinstance(error, (PermissionDenied, ValidationError)):
                logger.exception("Decision import %s failed", job_id)
            DecisionImport.objects.filter(pk=job_id).update(
                status=ImportStatus.FAILED,
                error=f"{type(error).__name__}: {error}"[:2000],
                finished_at=timezone.now(),
            )
    return str(DecisionImport.objects.filter(pk=job_id).values_list("status", flat=True).first())


@task(queue_name="default")
@traced
def run_decision_import(job_id: int) -> str:
    """The worker's task: check or apply one decision import."""
    return run(job_id)


def enqueue(job_id: int) -> None:
    traced_enqueue(run_decision_import, job_id)
