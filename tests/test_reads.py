"""Reads live in the app's selectors, not in views (issue 12 item 7).

The scan reads every view module (``*/views.py``, ``*/views_*.py``) under src/medvirk with
``ast`` and reports each ``<Model>.objects`` access. A view may keep the one object its URL
names: ``Model.objects`` as the model argument of ``get_object_or_404``/``get_list_or_404``,
optionally narrowed by how it loads (``select_related``, ``only``, ``defer``), is allowed.
Everything else (lists, counts, filters, prefetches) is a named function in the app's
``selectors``.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests import source_scan
from tests.source_scan import SRC, FunctionScanner

SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})

# Loading options a view may add to the one object its URL names; anything that changes
# which rows come back (filter, exclude, annotate, order_by, prefetch with a queryset ...)
# belongs in the selectors.
LOADING_METHODS = frozenset({"select_related", "only", "defer"})

# (module, function) pairs whose ``.objects`` access cannot move, each with its reason.
# Keep it tiny.
ALLOWED: dict[tuple[str, str], str] = {}


def is_view_module(relative: str) -> bool:
    name = relative.split("/")[-1]
    return name == "views.py" or (name.startswith("views_") and name.endswith(".py"))


def _is_shortcut_model_argument(node: ast.expr) -> bool:
    """``Model.objects`` or ``Model.objects.select_related(...)[.only(...)...]``."""
    while isinstance(node, ast.Call):
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr in LOADING_METHODS):
            return False
        if any(_objects_accesses(arg) for arg in [*node.args, *(k.value for k in node.keywords)]):
            return False
        node = func.value
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "objects"
        and isinstance(node.value, ast.Name)
    )


def _objects_accesses(node: ast.AST) -> list[ast.Attribute]:
    return [n for n in ast.walk(node) if isinstance(n, ast.Attribute) and n.attr == "objects"]


def _shortcut_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


class _Scanner(FunctionScanner):
    def __init__(self) -> None:
        super().__init__()
        self.allowed: set[int] = set()  # id() of Attribute nodes passed to a shortcut

    def visit_Call(self, node: ast.Call) -> None:
        if _shortcut_name(node) in SHORTCUTS:
            model = node.args[0] if node.args else None
            for keyword in node.keywords:
                if keyword.arg == "klass":
                    model = keyword.value
            if model is not None and _is_shortcut_model_argument(model):
                self.allowed.update(id(n) for n in _objects_accesses(model))
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "objects" and id(node) not in self.allowed:
            self.report(node.lineno, ast.unparse(node.value) + ".objects")
        self.generic_visit(node)


def scan_source(source: str, relative: str = "example/views.py") -> list[str]:
    """Each ``<Model>.objects`` read in ``source`` as "path:line function Model.objects"."""
    return source_scan.scan_source(source, relative, _Scanner, ALLOWED)


def scan_tree(root: Path = SRC) -> list[str]:
    return source_scan.scan_tree(is_view_module, scan_source, root)


def test_views_read_through_the_selectors() -> None:
    assert scan_tree() == []


def test_scan_finds_queries_in_views() -> None:
    source = """
def view(request, pk):
    people = Person.objects.filter(user=request.user)
    count = models.Person.objects.count()
    person = get_object_or_404(Person.objects.filter(user=request.user), pk=pk)
    item = get_object_or_404(
        Item.objects.prefetch_related(Prefetch("docs", queryset=Doc.objects.all())), pk=pk
    )
    other = get_object_or_404(Person, pk=Person.objects.first().pk)
"""
    assert scan_source(source, "people/views.py") == [
        "people/views.py:3 view Person.objects",
        "people/views.py:4 view models.Person.objects",
        "people/views.py:5 view Person.objects",
        "people/views.py:7 view Item.objects",
        "people/views.py:7 view Doc.objects",
        "people/views.py:9 view Person.objects",
    ]


def test_scan_allows_the_object_the_url_names() -> None:
    source = """
def view(request, pk):
    person = get_object_or_404(Person, pk=pk)
    person = get_object_or_404(Person.objects, pk=pk)
    person = get_object_or_404(Person.objects.select_related("user").only("name"), pk=pk)
    people = shortcuts.get_list_or_404(klass=Person.objects.defer("notes"), name="x")
    item = get_object_or_404(selectors.items_for_advice(), pk=pk)
"""
    assert scan_source(source, "people/views.py") == []


def test_scan_reads_view_modules_only() -> None:
    assert [
        is_view_module(path)
        for path in (
            "people/views.py",
            "meetings/views_agenda.py",
            "people/selectors/__init__.py",
            "meetings/selectors.py",
            "api/api.py",
            "common/templatetags/views_helpers.txt",
        )
    ] == [True, True, False, False, False, False]
