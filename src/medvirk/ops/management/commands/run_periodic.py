from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from medvirk.common.periodic import registered_jobs
from medvirk.ops.domain import beat, run_jobs


class Command(BaseCommand):
    help = (
        "Run the registered periodic jobs (reminders, deadlines, report requests). Safe to "
        "run every few minutes and to overlap: each item is claimed once (docs/periodic.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--job",
            action="append",
            dest="jobs",
            metavar="NAME",
            help="Run only this job (may be given more than once).",
        )
        parser.add_argument("--list", action="store_true", help="List the jobs and stop.")

    def handle(self, *args: Any, jobs: list[str] | None, **options: Any) -> None:
        known = registered_jobs()
        if options["list"]:
            for name, job in known.items():
                self.stdout.write(f"{name:<32} {job.description}")
            return
        unknown = sorted(set(jobs or []) - set(known))
        if unknown:
            raise CommandError(f"Unknown job(s): {', '.join(unknown)}; known: {', '.join(known)}")
        runs = run_jobs(jobs)
        if not jobs:
            # The scheduled run (every job): the heartbeats the readiness endpoint reads
            # (/helse/klar/), this runner's and a task on every queue that a worker records
            # when it takes it. A run of named jobs is an operator's, not the schedule.
            beat()
        for run in runs:
            # A job asked for by name always reports, even when another run took every
            # item (two overlapping cron runs: one of them may do nothing).
            asked = bool(jobs) and options["verbosity"] > 0
            if asked or options["verbosity"] > 1 or run.items_done or run.items_failed or run.error:
                self.stdout.write(
                    f"{run.job}: {run.items_done} done, {run.items_failed} failed, "
                    f"{run.items_skipped} taken by another run"
                )
        failed = [run.job for run in runs if run.items_failed or run.error]
        if failed:
            raise CommandError(f"Failed: {', '.join(failed)}; see the run log at /drift/.")
