"""Model writes happen in domain modules only (issue 12 item 9).

The scan reads every module under src/medvirk with ``ast`` and reports each call of a
model-writing method (``.save(``, ``.create(``, ``.update(``, ``.delete(`` and the bulk and
get-or-create forms) outside the places allowed to write: domain modules, migrations, the
data generators and a short list of framework overrides, each with its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests import source_scan
from tests.source_scan import SRC, FunctionScanner

WRITE_METHODS = frozenset(
    {
        "save",
        "create",
        "get_or_create",
        "update_or_create",
        "update",
        "delete",
        "bulk_create",
        "bulk_update",
    }
)

# Receivers that are not models or querysets: a call on a plain name matching one of these
# is not a model write. Keep the list short; each entry says why.
NOT_MODELS = frozenset(
    {
        "cache",  # Django's cache (cache.delete): not the database
    }
)


def _allowed_path(relative: str) -> bool:
    parts = relative.split("/")
    return (
        "domain" in parts[:-1]  # */domain/*.py
        or parts[-1] == "domain.py"
        or "migrations" in parts
        or parts[0] == "scale"  # the national-scale data generator
        or parts[-1] in ("demo.py", "load_demo.py")  # demo data and the command loading it
        or "data" in parts[:-1]  # reference-data loaders (data/__init__.py), run by migrations
    )


# Framework overrides and the one logging helper: (module, function) pairs whose write
# calls are allowed, each with its reason.
ALLOWED_FUNCTIONS: dict[tuple[str, str], str] = {
    ("common/activity.py", "log_activity"): "the activity log's own write, from domain code",
    ("common/activity.py", "log_activity_each"): (
        "the activity log's own write, one entry per object in one INSERT, from domain code"
    ),
    ("accounts/models.py", "_create_user"): "UserManager: Django's create_user contract",
    ("common/periodic.py", "claim"): (
        "the periodic registry's usual claim (one conditional UPDATE of a timestamp), run by "
        "ops' runner inside the item's transaction; apps' own claims live in their domain"
    ),
    ("common/periodic.py", "lock_claim"): (
        "the registry's claim for jobs whose handler deletes the item (an UPDATE that "
        "changes nothing but takes the row lock), run by ops' runner in the item's transaction"
    ),
}


def _receiver_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return _receiver_name(node.func) + "()"
    return ""


class _Scanner(FunctionScanner):
    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in WRITE_METHODS:
            receiver = _receiver_name(func.value)
            if not _is_false_positive(func.attr, func.value, node, receiver) and not (
                _is_super_call(func.value) and func.attr == self.function
            ):
                # (A model's own save()/delete() override handing on to super() is allowed.)
                self.report(node.lineno, f"{receiver}.{func.attr}")
        self.generic_visit(node)


def _is_super_call(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


def _is_false_positive(method: str, receiver: ast.expr, call: ast.Call, name: str) -> bool:
    if name in NOT_MODELS:
        return True
    if method == "save" and any(
        k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in call.keywords
    ):
        return True  # form.save(commit=False) builds objects without writing them
    if method == "update":
        # dict.update / set.update take one positional mapping or iterable; a queryset's
        # update() takes keyword arguments only.
        if call.args and not call.keywords:
            return True
        # {...}.update(...) and dict(...).update(...)
        if isinstance(receiver, ast.Dict | ast.Set):
            return True
    return False


def scan_source(source: str, relative: str = "example.py") -> list[str]:
    """Each model write in ``source`` as "path:line function receiver.method"."""
    return source_scan.scan_source(source, relative, _Scanner, ALLOWED_FUNCTIONS)


def scan_tree(root: Path = SRC) -> list[str]:
    return source_scan.scan_tree(lambda relative: not _allowed_path(relative), scan_source, root)


def test_model_writes_happen_in_domain_modules_only() -> None:
    assert scan_tree() == []


def test_scan_finds_writes_outside_domain() -> None:
    source = """
def view(request, pk):
    Person.objects.filter(pk=pk).update(name="x")
    Person.objects.create(name="y")
    person.save(update_fields=["name"])
    form.save()
    Thing.objects.bulk_create([])
    obj.delete()
    Person.objects.get_or_create(name="z")
"""
    assert scan_source(source, "people/views.py") == [
        "people/views.py:3 view filter().update",
        "people/views.py:4 view objects.create",
        "people/views.py:5 view person.save",
        "people/views.py:6 view form.save",
        "people/views.py:7 view objects.bulk_create",
        "people/views.py:8 view obj.delete",
        "people/views.py:9 view objects.get_or_create",
    ]


def test_scan_ignores_dicts_sets_the_cache_and_save_overrides() -> None:
    source = """
class Person(Model):
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)

def helper(data, ids):
    data.update(other)
    ids.update({1, 2})
    {}.update(a=1)
    cache.delete("key")
    formset.save(commit=False)
"""
    assert scan_source(source, "people/models.py") == []


def test_scan_allows_domain_migrations_and_generators_only() -> None:
    assert [
        _allowed_path(path)
        for path in (
            "people/domain/profiles.py",
            "people/domain.py",
            "people/migrations/0001_initial.py",
            "scale/gen_people.py",
            "people/demo.py",
            "people/views.py",
            "people/forms.py",
            "api/api.py",
        )
    ] == [True, True, True, True, True, False, False, False]
