"""The run log of periodic jobs (read-only in the admin at /drift/)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    """One run of one periodic job: when, how many items it handled and how many failed."""

    job = models.CharField(_("jobb"), max_length=100, db_index=True)
    started_at = models.DateTimeField(_("startet"), db_index=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)
    items_done = models.PositiveIntegerField(_("utført"), default=0)
    items_failed = models.PositiveIntegerField(_("feilet"), default=0)
    # Items another run claimed first (overlapping runs): neither done nor failed here.
    items_skipped = models.PositiveIntegerField(_("tatt av en annen kjøring"), default=0)
    error = models.TextField(_("feil"), blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("periodisk kjøring")
        verbose_name_plural = _("periodiske kjøringer")

    def __str__(self) -> str:
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M}"


class Heartbeat(models.Model):
    """The last sign of life of a background part: ``worker:<queue>`` is written by a
    task that ``run_periodic`` enqueues on every queue (so it proves the periodic runner,
    the queue and a worker together), ``periodic`` by ``run_periodic`` itself. The
    readiness endpoint (/helse/klar/) reads them (docs/operations-runtime.md)."""

    name = models.CharField(_("navn"), max_length=100, primary_key=True)
    beat_at = models.DateTimeField(_("sist sett"))

    class Meta:
        verbose_name = _("livstegn")
        verbose_name_plural = _("livstegn")

    def __str__(self) -> str:
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M}"
