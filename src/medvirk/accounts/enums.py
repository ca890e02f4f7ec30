from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleKind(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    SECRETARIAT = "secretariat", _("Sekretariat")
    DECISION_MAKER = "decision_maker", _("Beslutningstaker")
    MEMBER = "member", _("Medlem")
    PAYROLL = "payroll", _("Lønn")


# Roles whose holders must protect their login with a second factor.
MFA_REQUIRED_ROLES = frozenset({RoleKind.SECRETARIAT})
