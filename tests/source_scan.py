"""What the source scans share (tests/test_layers.py: model writes; tests/test_reads.py:
queries in views): the source tree, a visitor that knows which function it is in, and
the report lines "path:line function what", minus an allow-list of (module, function)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "medvirk"


class FunctionScanner(ast.NodeVisitor):
    """Collects findings as (line, enclosing function, what); subclasses call ``report``."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.found: list[tuple[int, str, str]] = []

    @property
    def function(self) -> str:
        return self.stack[-1] if self.stack else "<module>"

    def report(self, line: int, what: str) -> None:
        self.found.append((line, self.function, what))

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]


def scan_source(
    source: str,
    relative: str,
    scanner: type[FunctionScanner],
    allowed: Mapping[tuple[str, str], str],
) -> list[str]:
    """Each finding in ``source`` as "path:line function what", unless allowed."""
    visitor = scanner()
    visitor.visit(ast.parse(source))
    return [
        f"{relative}:{line} {function} {what}"
        for line, function, what in visitor.found
        if (relative, function) not in allowed
    ]


def scan_tree(
    include: Callable[[str], bool], scan: Callable[[str, str], list[str]], root: Path = SRC
) -> list[str]:
    """``scan(source, relative path)`` over every module under ``root`` that ``include``s."""
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if include(relative):
            found += scan(path.read_text(encoding="utf-8"), relative)
    return found
