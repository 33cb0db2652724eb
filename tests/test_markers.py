"""Markers say what a test needs (issue 23): ``corpus`` for ../shared, ``browser`` for chromium.

Read from the source: a test that names ../shared (``SHARED``, ``CORPORA``,
``THAIGOV_SAMPLE``, ``DAILYNEWS``, ``need(...)``), itself or through a helper
of its module, carries ``@pytest.mark.corpus`` (a test using a fixture of
``conftest.CORPUS_FIXTURES`` is marked at collection); every test under
``tests/browser`` carries ``browser``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import CORPUS_FIXTURES

TESTS = Path(__file__).resolve().parent
SHARED_NAMES = {"SHARED", "CORPORA", "THAIGOV_SAMPLE", "DAILYNEWS", "need"}


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | \
        {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}


def _marks(node: ast.FunctionDef | ast.Module) -> set[str]:
    decorators = node.decorator_list if isinstance(node, ast.FunctionDef) else [
        s.value for s in node.body if isinstance(s, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in s.targets)]
    return {n.attr for d in decorators for n in ast.walk(d) if isinstance(n, ast.Attribute)}


def unmarked(source: str, browser: bool = False) -> list[str]:
    """The tests of a module that need ../shared (or the browser) and are not marked so."""
    tree = ast.parse(source)
    functions = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
    # module functions that name ../shared (not fixtures: one of those that needs it is in CORPUS_FIXTURES)
    helpers = {name for name, f in functions.items() if not name.startswith("test_") and _names(f) & SHARED_NAMES
               and "fixture" not in _marks(f) | {n.id for d in f.decorator_list for n in ast.walk(d)
                                                  if isinstance(n, ast.Name)}}
    module_marks = _marks(tree)
    out = []
    for name, f in functions.items():
        if not name.startswith("test_"):
            continue
        marks = module_marks | _marks(f)
        params = {a.arg for a in f.args.args}
        needs_shared = bool(_names(f) & (SHARED_NAMES | helpers)) and not params & CORPUS_FIXTURES
        if needs_shared and "corpus" not in marks or browser and "browser" not in marks:
            out.append(name)
    return out


@pytest.mark.parametrize("path", sorted(TESTS.rglob("test_*.py")), ids=lambda p: str(p.relative_to(TESTS)))
def test_what_a_test_needs_is_marked(path):
    assert unmarked(path.read_text(encoding="utf-8"), browser="browser" in path.parts) == []


def test_the_check_finds_an_unmarked_test():
    source = ("import pytest\n"
              "def _corpus():\n    return need(SHARED)\n"
              "def test_a():\n    _corpus()\n"
              "@pytest.mark.corpus\ndef test_b():\n    need(CORPORA)\n"
              "def test_c(sample_index):\n    need(SHARED)\n"
              "def test_d():\n    pass\n")
    assert unmarked(source) == ["test_a"]
    assert unmarked(source, browser=True) == ["test_a", "test_b", "test_c", "test_d"]
