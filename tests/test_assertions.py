"""No test holds an assertion that cannot fail (issue 23).

Read from the source of every test module: `... or True`, an expression
compared with itself, and a count or length compared with `>= 0` (a count is
never negative) pass whatever the code does.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
SOURCES = sorted(p for p in TESTS.rglob("*.py") if "node_modules" not in p.parts)
# what a call or a key is named when it is a count
_COUNTS = {"len", "count", "total", "size", "sum"}


def _is_count(node: ast.expr) -> bool:
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        return name in _COUNTS
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        return node.slice.value in _COUNTS
    if isinstance(node, ast.Attribute):
        return node.attr in _COUNTS
    return False


def _is_zero(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int and node.value == 0


def vacuous(source: str) -> list[tuple[int, str]]:
    """(line, what) for each expression of `source` that is true whatever it tests."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            if any(isinstance(v, ast.Constant) and v.value is True for v in node.values):
                found.append((node.lineno, "`or True`"))
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for op, left, right in zip(node.ops, operands, operands[1:]):
                if isinstance(op, (ast.Eq, ast.Is, ast.LtE, ast.GtE)) and ast.dump(left) == ast.dump(right):
                    found.append((node.lineno, f"compares {ast.unparse(left)} with itself"))
                elif isinstance(op, ast.GtE) and _is_count(left) and _is_zero(right):
                    found.append((node.lineno, f"{ast.unparse(left)} >= 0"))
                elif isinstance(op, ast.LtE) and _is_zero(left) and _is_count(right):
                    found.append((node.lineno, f"0 <= {ast.unparse(right)}"))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(TESTS)))
def test_no_assertion_that_cannot_fail(path):
    assert vacuous(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_each_kind():
    source = (
        "assert f(x) or True\n"
        "assert normalize('a') == normalize('a')\n"
        "assert page.locator('a').count() >= 0\n"
        "assert len(hits) >= 0\n"
        "assert 0 <= result['total']\n"
        "assert f(x) == f(y) and len(hits) >= 1 and n >= 0\n"
    )
    assert [line for line, _ in vacuous(source)] == [1, 2, 3, 4, 5]
