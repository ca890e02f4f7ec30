"""``generate(...)``: the national-scale dataset, written into the configured database.

Order of work: check the database (refuse a non-empty one unless ``force``, which
wipes the generated tables first), load the reference data (regions, target
groups, competence areas, courses), write the shared sample files, then stream
everything through :class:`~medvirk.scale.gen_writer.Writer`: the directory, the
personas, the people, the arenas and — arena by arena — terms, meetings, agenda
items, documents, attendance, minutes, advice and report-backs; then the
appointment requests. Afterwards: sequences moved past the ids written, TOTP for
the secretariat persona, ``VACUUM ANALYZE`` on PostgreSQL, and the summary.

The same seed and anchor date give the same rows (ids included, on an empty
database); see docs/scale-data.md for what is generated and what is simplified.
"""

from __future__ import annotations

import datetime
import json
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.migrations.executor import MigrationExecutor

from medvirk.accounts.models import User
from medvirk.common.cache_registry import bump_all
from medvirk.common.demo import DEMO_PASSWORD
from medvirk.common.models import ActivityLog
from medvirk.directory.data import load_reference_data
from medvirk.directory.enums import RegionKind
from medvirk.directory.models import Organisation, Region, TargetGroup
from medvirk.meetings.demo import SAMPLE_PDF
from medvirk.people.data import load_people_reference_data
from medvirk.people.models import CompetenceArea, Course
from medvirk.scale.gen_agenda import SAMPLE_FILES
from medvirk.scale.gen_annual import generate_annual
from medvirk.scale.gen_appointments import generate_appointments
from medvirk.scale.gen_arenas import plan_arenas
from medvirk.scale.gen_compensation import generate_compensation
from medvirk.scale.gen_directory import SCALE_DOMAIN, generate_directory
from medvirk.scale.gen_experiences import generate_experiences
from medvirk.scale.gen_involvement import generate_involvement
from medvirk.scale.gen_meetings import generate_arena
from medvirk.scale.gen_network import generate_network
from medvirk.scale.gen_onboarding import generate_onboarding
from medvirk.scale.gen_people import PERSONA_EMAILS, generate_people, generate_personas
from medvirk.scale.gen_plan import OSLO, Ctx, Tables, counts_for
from medvirk.scale.gen_planning import generate_planning
from medvirk.scale.gen_surveys import generate_surveys
from medvirk.scale.gen_training import generate_training
from medvirk.scale.gen_writer import Writer

# A 1×1 transparent PNG: the odd illustration among the case documents.
SAMPLE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
# Apps whose tables --force empties (the reference tables excepted), plus every
# table that points into them.
WIPED_APPS = (
    "accounts",
    "directory",
    "people",
    "arenas",
    "appointments",
    "meetings",
    "followup",
    "experiences",
    "surveys",
    "involvement",
    "annual",
    "compensation",
    "onboarding",
    "planning",
    "network",
    "training",
)
KEPT_MODELS: tuple[type[models.Model], ...] = (Region, TargetGroup, CompetenceArea, Course)
EXTRA_WIPED: tuple[type[models.Model], ...] = (
    ActivityLog,
    EmailAddress,
    EmailConfirmation,
    Authenticator,
    Session,
)
DEFAULT_BATCH_SIZE = 100_000


class RefusedError(Exception):
    """The database is not empty (or not migrated) and ``force`` was not given."""


def summary_path_for(scale: float) -> Path:
    """``var/scale-<scale>.json``, e.g. ``var/scale-1.0.json``, ``var/scale-0.01.json``."""
    return Path(settings.VAR_DIR) / f"scale-{float(scale)!r}.json"


# --- Checks and wiping ----------------------------------------------------------------------


def _check_migrated(using: str) -> None:
    connection = connections[using]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RefusedError(
            "The database has unapplied migrations. Run `manage.py migrate` first, "
            "then generate_scale."
        )


def _check_empty(using: str) -> None:
    organisations = Organisation.objects.using(using).count()
    if organisations:
        raise RefusedError(
            f"The database already holds {organisations} organisations; generate_scale "
            "only fills an empty database. Use --force to wipe the generated tables "
            "(organisations, people, arenas, meetings, follow-up, users) first."
        )
    emails = list(PERSONA_EMAILS.values())
    users = User.objects.using(using)
    if (
        users.filter(email__in=emails).exists()
        or users.filter(email__endswith=f"@{SCALE_DOMAIN}").exists()
    ):
        raise RefusedError(
            "The database already holds users from an earlier generate_scale run. "
            "Use --force to wipe the generated tables first."
        )


def wiped_models() -> list[type[models.Model]]:
    """The generated tables, and every table that points into them (closure)."""
    chosen: set[type[models.Model]] = set(EXTRA_WIPED)
    for label in WIPED_APPS:
        chosen.update(apps.get_app_config(label).get_models(include_auto_created=True))
    chosen.difference_update(KEPT_MODELS)
    everything = apps.get_models(include_auto_created=True)
    grew = True
    while grew:
        grew = False
        for model in everything:
            if model in chosen or model in KEPT_MODELS:
                continue
            for f in model._meta.concrete_fields:
                target = f.related_model if f.is_relation else None
                if target in chosen:
                    chosen.add(model)
                    grew = True
                    break
    return sorted(chosen, key=lambda m: m._meta.db_table)


def _has_sqlite_sequence(cursor: Any) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")
    return cursor.fetchone() is not None


def restart_sequences(using: str = "default") -> None:
    """Every generated table's id counter just past its highest id (1 when it is empty),
    before the phases that write through the domain (with the database's next id): their
    rows get the same ids in every run, whatever earlier work used the counters for
    (PostgreSQL's sequences are not rolled back with a transaction)."""
    connection = connections[using]
    models_ = wiped_models()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in connection.ops.sequence_reset_sql(no_style(), models_):
                cursor.execute(statement)
        elif _has_sqlite_sequence(cursor):
            # SQLite counts on from the highest id when a table has no row here.
            tables = [m._meta.db_table for m in models_]
            marks = ", ".join("%s" for _ in tables)
            cursor.execute(f"DELETE FROM sqlite_sequence WHERE name IN ({marks})", tables)  # noqa: S608


def wipe(using: str = "default") -> None:
    """Empty the generated tables (PostgreSQL: TRUNCATE … RESTART IDENTITY CASCADE)."""
    connection = connections[using]
    qn = connection.ops.quote_name
    tables = [m._meta.db_table for m in wiped_models()]
    existing = set(connection.introspection.table_names())
    tables = [t for t in tables if t in existing]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Fire any deferred foreign-key checks still pending in an enclosing
            # transaction: TRUNCATE refuses tables with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(qn(t) for t in tables)} RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {qn(table)}")  # noqa: S608 - model tables
            # As RESTART IDENTITY does on PostgreSQL: rows the domain writes (with the
            # database's next id, not the writer's) get the same ids in every run.
            if "sqlite_sequence" in existing or _has_sqlite_sequence(cursor):
                marks = ", ".join("%s" for _ in tables)
                cursor.execute(f"DELETE FROM sqlite_sequence WHERE name IN ({marks})", tables)  # noqa: S608


# --- Reference data and files --------------------------------------------------------------


def _reference(ctx: Ctx, using: str) -> None:
    regions = Region.objects.using(using).order_by("code")
    ctx.fylker = [(r.pk, r.name) for r in regions if r.kind == RegionKind.FYLKE]
    ctx.kommuner = [
        (r.pk, r.name, r.parent_id) for r in regions if r.kind == RegionKind.KOMMUNE and r.parent_id
    ]
    ctx.target_groups = [
        (g.pk, g.name_nb) for g in TargetGroup.objects.using(using).order_by("slug")
    ]
    ctx.competence_ids = list(
        CompetenceArea.objects.using(using).order_by("slug").values_list("pk", flat=True)
    )
    courses = list(Course.objects.using(using).order_by("slug"))
    ctx.basic_course_id = next((c.pk for c in courses if c.is_basic_course), None)
    ctx.other_course_ids = [c.pk for c in courses if not c.is_basic_course]
    if not ctx.fylker or not ctx.kommuner or not ctx.target_groups or not ctx.competence_ids:
        raise RefusedError("The reference data (regions, target groups, competence) is missing.")


def write_sample_files() -> dict[str, int]:
    """The few shared files every case document points at, written once into MEDIA_ROOT."""
    contents = {"pdf": SAMPLE_PDF, "png": SAMPLE_PNG}
    sizes: dict[str, int] = {}
    for kind, (relative, _ext, _type) in SAMPLE_FILES.items():
        path = Path(settings.MEDIA_ROOT) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != contents[kind]:
            path.write_bytes(contents[kind])
        sizes[kind] = len(contents[kind])
    return sizes


# --- The run ---------------------------------------------------------------------------------


def generate(
    *,
    scale: float,
    seed: int,
    batch_size: int = DEFAULT_BATCH_SIZE,
    force: bool = False,
    anchor: datetime.date | None = None,
    summary_path: Path | None = None,
    vacuum: bool = True,
    using: str = "default",
    out: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Generate the dataset; returns the summary (also written to ``summary_path``)."""
    if not 0 < scale <= 10:
        raise ValueError("The scale must be above 0 and at most 10.")
    started = time.perf_counter()
    phases: dict[str, float] = {}

    def phase(name: str, since: float) -> float:
        now = time.perf_counter()
        phases[name] = round(now - since, 2)
        return now

    _check_migrated(using)
    if force:
        wipe(using)
    else:
        _check_empty(using)
    mark = phase("check_and_wipe", started)
    load_reference_data()
    load_people_reference_data()
    sizes = write_sample_files()
    mark = phase("reference_data", mark)

    today = anchor or datetime.datetime.now(tz=OSLO).date()
    writer = Writer(batch_size=batch_size, using=using)
    tables = Tables(writer)
    rng = random.Random(seed)  # noqa: S311 - test data, reproducible on purpose
    ctx = Ctx(
        w=writer,
        t=tables,
        rng=rng,
        seed=seed,
        counts=counts_for(
            scale, fylker=Region.objects.using(using).filter(kind=RegionKind.FYLKE).count()
        ),
        today=today,
        now=datetime.datetime(today.year, today.month, today.day, tzinfo=OSLO),
        password_hash=make_password(DEMO_PASSWORD),
    )
    _reference(ctx, using)
    out(
        f"Generating scale {scale} (seed {seed}, anchor {today}) into "
        f"{connections[using].vendor} database {connections[using].settings_dict['NAME']} …"
    )
    with writer.loading():
        generate_directory(ctx)
        generate_personas(ctx)
        generate_people(ctx)
        writer.flush()
        mark = phase("directory_and_people", mark)
        arenas = plan_arenas(ctx)
        step = max(1, len(arenas) // 10)
        for index, arena in enumerate(arenas, start=1):
            generate_arena(ctx, arena, sizes)
            if index % step == 0 or index == len(arenas):
                rows = sum(t.written + len(t.buffer) for t in writer.tables)
                out(
                    f"  arenas {index}/{len(arenas)}: {rows:,} rows, "
                    f"{time.perf_counter() - started:.0f} s"
                )
        mark = phase("arenas_and_meetings", mark)
        generate_appointments(ctx, arenas)
        writer.flush()
        mark = phase("appointments", mark)
        ctx.ids["experiences"] = generate_experiences(ctx, arenas, scale=scale)
        writer.flush()
        mark = phase("experiences", mark)
        generate_surveys(ctx, arenas)
        mark = phase("surveys", mark)
        ctx.ids["compensation"] = generate_compensation(ctx)
        mark = phase("compensation", mark)
        ctx.ids["network"] = generate_network(ctx, scale=scale)
        mark = phase("network", mark)
        ctx.ids["training"] = generate_training(ctx)
        mark = phase("training", mark)
    if writer.vendor == "postgresql":
        keys = writer.verify_foreign_keys()
        mark = phase("verify_foreign_keys", mark)
        out(f"  {keys} foreign keys verified")

    writer.reset_sequences()
    restart_sequences(using)
    ctx.ids["involvement"] = generate_involvement(ctx, scale=scale, using=using)
    mark = phase("involvement", mark)
    ctx.ids["onboarding"] = generate_onboarding(ctx, using=using)
    mark = phase("onboarding", mark)
    ctx.ids["planning"] = generate_planning(ctx, using=using)
    mark = phase("planning", mark)
    largest_id = max(ctx.advice_per_service.items(), key=lambda kv: (kv[1], -kv[0]))[0]
    ctx.ids["annual"] = generate_annual(
        ctx, using=using, busy_arena_id=arenas[0].id, largest_service_id=largest_id
    )
    mark = phase("annual", mark)
    for persona in ("secretariat", "platform_admin"):
        user = User.objects.using(using).get(pk=int(str(ctx.personas[persona]["user_id"])))
        _enable_totp(user, str(ctx.personas[persona]["totp_secret"]))
    mark = phase("sequences_and_totp", mark)
    if connections[using].vendor == "postgresql" and not connections[using].in_atomic_block:
        with connections[using].cursor() as cursor:
            for table in writer.tables:
                cursor.execute(
                    f"{'VACUUM (ANALYZE)' if vacuum else 'ANALYZE'} "
                    f"{connections[using].ops.quote_name(table.name)}"
                )
        mark = phase("vacuum_analyze" if vacuum else "analyze", mark)

    # The rows went in without signals (COPY, bulk inserts): retire every cached page.
    transaction.on_commit(bump_all, using=using)
    summary = _summary(ctx, writer, arenas, scale=scale, seed=seed, using=using)
    summary["seconds"] = round(time.perf_counter() - started, 1)
    summary["phases"] = phases
    summary["write_seconds_per_table"] = {
        k: round(v, 2) for k, v in sorted(writer.table_seconds.items(), key=lambda kv: -kv[1])
    }
    path = summary_path or summary_path_for(scale)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    summary["summary_file"] = str(path)
    return summary


def _enable_totp(user: User, secret: str) -> None:
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)


def _summary(
    ctx: Ctx, writer: Writer, arenas: list[Any], *, scale: float, seed: int, using: str
) -> dict[str, Any]:
    hub = ctx.hub
    big = ctx.big_org
    assert hub is not None and big is not None
    largest_id, largest_advice = max(ctx.advice_per_service.items(), key=lambda kv: (kv[1], -kv[0]))
    busy = arenas[0]
    rows = dict(sorted(writer.counts().items()))
    rows[Authenticator._meta.db_table] = 2  # the TOTP of the secretariat and platform admin
    connection = connections[using]
    return {
        "scale": scale,
        "seed": seed,
        "anchor_date": ctx.today.isoformat(),
        "database": {"vendor": connection.vendor, "name": str(connection.settings_dict["NAME"])},
        "generated_at": datetime.datetime.now(tz=OSLO).isoformat(timespec="seconds"),
        "password": "medvirk.common.demo.DEMO_PASSWORD",
        "rows": rows,
        "total_rows": sum(rows.values()),
        # What this generator fills: a data set made before an app was added lacks it
        # (scripts/bench.py regenerates then).
        "apps": list(WIPED_APPS),
        "ids": {
            "largest_service": {
                "id": largest_id,
                "name": ctx.orgs_by_id[largest_id].name,
                "advice": largest_advice,
                "is_persona_service": largest_id == hub.id,
            },
            "busy_arena": {
                "id": busy.id,
                "name": busy.name,
                "meetings": ctx.meetings_per_arena[busy.id],
                "owner_id": busy.owner.id,
            },
            "agenda_meeting": {
                "id": ctx.ids.get("agenda_meeting"),
                "items": 30,
                "arena_id": busy.id,
            },
            "open_request": {
                "id": ctx.ids.get("open_request"),
                "arena_id": busy.id,
                "invitations": ctx.ids.get("open_request_invitations"),
            },
            "local_request": {
                "id": ctx.ids.get("local_request"),
                "arena_id": busy.id,
                "invitations": ctx.ids.get("local_request_invitations"),
                "pool": ctx.ids.get("local_request_pool"),
            },
            "big_user_organisation": {"id": big.id, "name": big.name},
            "experiences": ctx.ids.get("experiences"),
            "involvement": ctx.ids.get("involvement"),
            "big_survey": {"id": ctx.ids.get("big_survey"), "owner_id": hub.id},
            # A published meeting of a public arena the big organisation gave input to.
            "big_org_input": ctx.ids.get("big_org_input"),
            "annual": ctx.ids.get("annual"),
            "compensation": ctx.ids.get("compensation"),
            "onboarding": ctx.ids.get("onboarding"),
            "planning": ctx.ids.get("planning"),
            "network": ctx.ids.get("network"),
            "training": ctx.ids.get("training"),
            "directory_search": "landsforeningen",
        },
        "personas": ctx.personas,
    }
