"""The shape rule of docs/architecture.md kept by a test: no route view over 25 lines and no
function over 60 lines (counted from `def` to the end, docstring included) anywhere in
`scrutiny/`, so logic goes into services and small helpers rather than into long views."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "scrutiny"
MAX_VIEW = 25
MAX_FUNCTION = 60

#: Functions allowed over their limit, as "path" (every function in the file) or "path::name".
#: Empty: keep it so, and shorten rather than add.
ALLOWED: set[str] = set()


def _is_view(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Decorated with a blueprint route (`@bp.route`, `@bp.get`, `@bp.post`)."""
    for decorator in node.decorator_list:
        call = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(call, ast.Attribute) and call.attr in {"route", "get", "post"}:
            return True
    return False


def _allowed(path: str, name: str) -> bool:
    return path in ALLOWED or f"{path}::{name}" in ALLOWED


def too_long(source: str, path: str) -> list[str]:
    """The functions of one module over their limit, as "path:line name (N lines)"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        length = node.end_lineno - node.lineno + 1
        view = _is_view(node)
        limit = MAX_VIEW if view else MAX_FUNCTION
        if length > limit and not _allowed(path, node.name):
            kind = "view" if view else "function"
            found.append(f"{path}:{node.lineno} {kind} {node.name} ({length} lines > {limit})")
    return found


def test_no_view_over_25_lines_and_no_function_over_60():
    problems = []
    for file in sorted(PACKAGE.rglob("*.py")):
        path = file.relative_to(ROOT).as_posix()
        problems += too_long(file.read_text(encoding="utf-8"), path)
    assert problems == [], "Move logic into services or small helpers:\n" + "\n".join(problems)


def _body(lines: int) -> str:
    return "\n".join(f"    x{n} = {n}" for n in range(lines - 1))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (f"@bp.route('/a')\ndef view():\n{_body(25)}\n", []),
        (f"@bp.route('/a')\ndef view():\n{_body(26)}\n", ["view view (26 lines > 25)"]),
        (f"@bp.post('/a')\ndef view():\n{_body(26)}\n", ["view view (26 lines > 25)"]),
        (f"def helper():\n{_body(60)}\n", []),
        (f"def helper():\n{_body(61)}\n", ["function helper (61 lines > 60)"]),
        (f"@cache\ndef helper():\n{_body(40)}\n", []),
    ],
)
def test_the_check_counts_views_and_functions_as_the_rule_says(source, expected):
    found = [line.split(" ", 1)[1] for line in too_long(source, "scrutiny/x.py")]
    assert found == expected


def test_the_allow_list_covers_only_the_named_files_and_functions(monkeypatch):
    monkeypatch.setattr(f"{__name__}.ALLOWED", {"scrutiny/demo/generate.py::generate"})
    long_generate = f"def generate():\n{_body(70)}\n"
    long_other = long_generate.replace("def generate", "def other")
    assert too_long(long_generate, "scrutiny/demo/generate.py") == []
    assert too_long(long_other, "scrutiny/demo/generate.py") != []
    assert too_long(long_generate, "scrutiny/demo/council.py") != []
