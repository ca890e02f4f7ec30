"""One call style for permissions: ``rules.has_perm(perm, user, obj)``.

``user.has_perm``/``user.has_perms`` (and Django's PermissionRequiredMixin and
permission_required, which call them) let every active superuser through before the
rules are asked, so "platform admins must not see closed items or health data" would
depend on the call site. Templates use no ``perms.`` and no ``{% has_perm %}`` (rules'
template tag calls ``user.has_perm`` too). This test scans src/ and fails on any other
style; the predicates decide the platform-admin case themselves."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "medvirk"

FORBIDDEN_NAMES = {"PermissionRequiredMixin", "permission_required"}
TEMPLATE_PATTERN = re.compile(r"\bperms\.|\{%-?\s*has_perm\b")


def python_offences(source: str, name: str = "<string>") -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"has_perm", "has_perms"}
            and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "rules")
        ):
            found.append(f"{name}:{node.lineno}: .{node.func.attr}() on a user")
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in FORBIDDEN_NAMES:
                    found.append(f"{name}:{node.lineno}: imports {alias.name}")
    return found


def template_offences(text: str, name: str = "<string>") -> list[str]:
    return [
        f"{name}:{text.count(chr(10), 0, match.start()) + 1}: {match.group(0)!r}"
        for match in TEMPLATE_PATTERN.finditer(text)
    ]


def test_python_calls_rules_has_perm_only() -> None:
    offences = []
    for path in sorted(SRC.rglob("*.py")):
        offences += python_offences(path.read_text(encoding="utf-8"), str(path.relative_to(SRC)))
    assert offences == []


def test_templates_use_no_perms_and_no_has_perm_tag() -> None:
    offences = []
    for path in sorted(SRC.rglob("templates/**/*")):
        if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".svg"}:
            text = path.read_text(encoding="utf-8")
            offences += template_offences(text, str(path.relative_to(SRC)))
    assert offences == []


def test_the_scanner_finds_each_other_style() -> None:
    source = (
        "import rules\n"
        "from django.contrib.auth.mixins import PermissionRequiredMixin\n"
        "rules.has_perm('a.b', user, obj)\n"
        "request.user.has_perm('a.b', obj)\n"
        "by.has_perms(['a.b'])\n"
    )
    assert python_offences(source) == [
        "<string>:2: imports PermissionRequiredMixin",
        "<string>:4: .has_perm() on a user",
        "<string>:5: .has_perms() on a user",
    ]
    template = "{% if perms.people.view_person %}\n{% has_perm 'a.b' user obj as ok %}"
    assert template_offences(template) == [
        "<string>:1: 'perms.'",
        "<string>:2: '{% has_perm'",
    ]
