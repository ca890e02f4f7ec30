"""The one way cached data is invalidated: a registry of models and the namespaces that show
them (issue 12).

Each app declares, in its own ``<app>/caching.py``, the namespaces of what it caches and
the models each one shows::

    ARENA_PAGE = namespace(
        "arenas:page",
        models={Arena: lambda arena: [arena.pk], Membership: lambda m: [m.arena_id], ...},
        scoped=True,
    )

and reads through the namespace: ``ARENA_PAGE.get_or_set("parts", day, compute=...,
scopes=[arena.pk])`` builds the key from the namespace's current version (or the versions
of the scopes given) and computes a miss under the stampede guard
(:func:`medvirk.common.cache.get_or_set`). Nothing else bumps anything:

- a ``post_save``, ``post_delete`` or ``m2m_changed`` of a registered model bumps every
  namespace that shows it, at once and again when the transaction commits (a reader in
  between caches the old rows under the first new version, which the second retires);
- writes that send no signals (``QuerySet.update``, ``bulk_create``, ``bulk_update``) on a
  registered model call :func:`touch` with the model (and the objects when known);
- data written outside Django (``generate_scale``) ends with :func:`bump_all`.

Scopes. A namespace is either one version for everything (``scoped=False``: any change
retires every entry) or a version per scope id (a service, an arena, a meeting): then each
model maps an instance to the scope ids it shows in (or ``None``: all of them, for
reference data), so a change in one service does not rebuild every other service's pages.
Scope ``0`` (:data:`ANY`) changes with every change in the namespace: for entries that show
every scope at once (the accountability index).

A version lives in the default cache without expiry, so a shared cache (Redis,
``MEDVIRK_CACHE_URL``) is required with more than one process: with per-process
``locmem://`` caches a bump reaches only the process that made the change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.apps import apps as django_apps
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.safestring import SafeString, mark_safe

from medvirk.common import cache

T = TypeVar("T")

# Maps an instance of a registered model to the scope ids it shows in; None: every scope.
Scope = Callable[[Any], Iterable[int] | None]

# The scope id that every change in a scoped namespace bumps too (no row has id 0).
ANY = 0


@dataclass(frozen=True)
class Namespace:
    """What one kind of cached data shows, and its versions."""

    name: str
    models: dict[type[Model], Scope | None]
    scoped: bool = False
    timeout: int = cache.TIMEOUT
    doc: str = field(default="", compare=False)

    # --- Reading -----------------------------------------------------------------------

    def version(self) -> str:
        """The namespace's version: for an unscoped namespace the only one; for a scoped
        one the version of what shows every scope (:data:`ANY`)."""
        if not self.scoped:
            return cache.version(self.name)
        return self.versions([ANY])[ANY]

    def versions(self, scopes: Iterable[int]) -> dict[int, str]:
        """The current version of each scope (one cache round trip; created when
        missing). Each includes the namespace-wide version, which changes when a change
        cannot be scoped."""
        wanted = list(dict.fromkeys(scopes))
        found = cache.versions(self.name, wanted)
        whole = cache.version(self.name)
        return {pk: f"{whole}:{found[pk]}" for pk in wanted}

    def key(
        self,
        name: str,
        *parts: Any,
        scopes: Iterable[int] | None = None,
        language: bool = True,
    ) -> str:
        """A cache key for ``name`` and ``parts`` under the current version(s): of the
        scopes given, else of the whole namespace (any scope's change retires it); with
        the active language unless ``language`` is False."""
        if scopes is None:
            current: Any = self.version()
        else:
            current = sorted(self.versions(scopes).items())
        return cache.make_key(f"{self.name}:{name}", current, *parts, language=language)

    def get_or_set(
        self,
        name: str,
        *parts: Any,
        compute: Callable[[], T],
        scopes: Iterable[int] | None = None,
        timeout: int | None = None,
        keep: Callable[[T], bool] | None = None,
        language: bool = True,
    ) -> T:
        """The cached value for ``name`` and ``parts``, computed on a miss by one caller
        at a time (the stampede guard). ``keep`` decides whether a computed value is
        stored (an error answer is not)."""
        key = self.key(name, *parts, scopes=scopes, language=language)
        return cache.get_or_set(key, compute, timeout or self.timeout, keep=keep)

    def html(
        self,
        name: str,
        *parts: Any,
        render: Callable[[], str],
        scopes: Iterable[int] | None = None,
    ) -> SafeString:
        """Rendered HTML for ``name`` and ``parts``, kept like :meth:`get_or_set` (per
        language). ``render`` must not depend on the request: no CSRF token, no user
        beyond what the key says (a list's forms post through a form outside it)."""
        html = self.get_or_set(f"html:{name}", *parts, compute=lambda: str(render()), scopes=scopes)
        return mark_safe(html)  # noqa: S308 - rendered by our templates (autoescaped)

    # --- Invalidating --------------------------------------------------------------------

    def bump(self, scopes: Iterable[int] | None = None) -> None:
        """New versions now: of the scopes given (and :data:`ANY`), else of everything."""
        if scopes is None or not self.scoped:
            cache.bump(self.name)
        else:
            cache.bump_versions(self.name, {*scopes, ANY})

    def bump_on_commit(self, scopes: Iterable[int] | None = None) -> None:
        """The same bump once the current transaction commits (at once outside one)."""
        frozen = None if scopes is None else list(scopes)
        transaction.on_commit(lambda: self.bump(frozen))

    def changed(self, instance: Model | None, model: type[Model]) -> None:
        """``instance`` of ``model`` (or, with None, rows of it not known) changed: bump at
        once and again on commit."""
        scopes: Iterable[int] | None = None
        if instance is not None and self.scoped:
            scope = self.models[model]
            scopes = scope(instance) if scope is not None else None
        frozen = None if scopes is None else [pk for pk in scopes if pk is not None]
        self.bump(frozen)
        self.bump_on_commit(frozen)


REGISTRY: dict[str, Namespace] = {}


def namespace(
    name: str,
    *,
    models: dict[type[Model], Scope | None] | Iterable[type[Model] | str],
    scoped: bool = False,
    timeout: int = cache.TIMEOUT,
    doc: str = "",
) -> Namespace:
    """Declare a namespace and the models it shows (each with its scope function when
    ``scoped``), and hang its invalidation on those models' signals."""
    # A model of a higher app is named by its label ("arenas.Arena"), as a ForeignKey
    # would name it, so that a lower app's page can say it shows it without importing it.
    mapping = (
        dict(models)
        if isinstance(models, dict)
        else dict.fromkeys(
            django_apps.get_model(model) if isinstance(model, str) else model for model in models
        )
    )
    if name in REGISTRY:
        raise ValueError(f"cache namespace {name!r} declared twice")
    ns = Namespace(name=name, models=mapping, scoped=scoped, timeout=timeout, doc=doc)
    REGISTRY[name] = ns
    for model in mapping:
        _connect(model)
    return ns


def namespaces_showing(model: type[Model]) -> list[Namespace]:
    return [ns for ns in REGISTRY.values() if model in ns.models]


def touch(model: type[Model], *objects: Model) -> None:
    """Rows of ``model`` were written without signals (``QuerySet.update``,
    ``bulk_create``): retire what shows them, for the ``objects`` given (their scopes) or,
    without objects, everything that shows the model."""
    for ns in namespaces_showing(model):
        if not objects:
            ns.changed(None, model)
        for obj in objects:
            ns.changed(obj, model)


def bump_all() -> None:
    """Retire every cached entry of every namespace (data loaded outside Django)."""
    for ns in REGISTRY.values():
        ns.bump()


# --- Signals ---------------------------------------------------------------------------

_connected: set[type[Model]] = set()


def _on_change(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    for ns in namespaces_showing(sender):
        ns.changed(instance, sender)


def _on_m2m(sender: Any, instance: Model, action: str, **kwargs: Any) -> None:
    if not action.startswith("post_"):
        return
    model = type(instance)
    if namespaces_showing(model) and not kwargs.get("reverse"):
        for ns in namespaces_showing(model):
            ns.changed(instance, model)
        return
    # From the other side (e.g. a target group's organisations): the registered model's
    # rows are known by pk only.
    related: type[Model] = kwargs["model"]
    for ns in namespaces_showing(related):
        ns.changed(None, related)


def _connect(model: type[Model]) -> None:
    if model in _connected:
        return
    _connected.add(model)
    uid = f"cache-registry-{model._meta.label}"
    post_save.connect(_on_change, sender=model, dispatch_uid=uid)
    post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}-delete")
    for m2m in model._meta.many_to_many:
        through = m2m.remote_field.through  # type: ignore[attr-defined]
        m2m_changed.connect(_on_m2m, sender=through, dispatch_uid=f"{uid}-{m2m.name}")


def autodiscover() -> None:
    """Import every app's ``caching`` module, where it declares its namespaces."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("caching")
