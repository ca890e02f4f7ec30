"""Reports from the public: problems with the service's accessibility."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessibilityFeedback(models.Model):
    """A report from the accessibility statement's form ("Meld fra om et problem").
    No IP address and no account are kept: only what the person wrote."""

    created_at = models.DateTimeField(_("mottatt"), auto_now_add=True, db_index=True)
    page = models.CharField(_("side"), max_length=500)
    description = models.TextField(_("hva skjedde"), max_length=5000)
    email = models.EmailField(_("e-post for svar"), blank=True)
    language = models.CharField(_("språk"), max_length=10, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("melding om tilgjengelighet")
        verbose_name_plural = _("meldinger om tilgjengelighet")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.page[:80]}"
