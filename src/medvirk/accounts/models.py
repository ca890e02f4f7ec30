from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from medvirk.accounts.enums import MFA_REQUIRED_ROLES, RoleKind


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person with a login. The e-mail address is the login name.

    A platform admin is a superuser; every other power comes from a
    :class:`Role` in an organisation.
    """

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-postadresse"), unique=True)
    name = models.CharField(_("navn"), max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def is_platform_admin(self) -> bool:
        return bool(self.is_active and self.is_superuser)

    @property
    def must_use_mfa(self) -> bool:
        """Platform admins and secretariats may not log in without a second factor."""
        if self.is_platform_admin:
            return True
        # The roles the permission rules read anyway (cached on the user): no extra query.
        from medvirk.accounts.rules import roles_by_organisation

        return any(kinds & MFA_REQUIRED_ROLES for kinds in roles_by_organisation(self).values())


class Role(models.Model):
    """User U has role R in organisation O."""

    user = models.ForeignKey(
        User, verbose_name=_("bruker"), on_delete=models.CASCADE, related_name="roles"
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisasjon"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    role = models.CharField(_("rolle"), max_length=20, choices=RoleKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="role_unique_per_org"
            )
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"
