"""The tree shows the architecture, and stays as indexer/__init__.py describes it.

- README's layout section is what ``scripts/layout.py`` makes from the
  docstrings (so a new module, or a changed purpose, changes the README);
- each sub-package of ``indexer`` imports only those before it in the
  dependency order, and ``webui`` only the search service and below;
- parsing a query needs no index: ``indexer.query`` imports no Whoosh index,
  matching or search code.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# indexer/__init__.py: settings, errors and the facet table below everything, cli above
LAYERS = ["settings", "errors", "facet_table", "thai", "ingest", "index", "query", "matching", "search", "cli"]
# what each layer may import besides itself and the layers below it
EXTRA = {"query": {"thai", "settings", "errors", "facet_table"}}


def _imports(path: Path) -> set[str]:
    """The ``indexer`` sub-packages a module imports (absolute or relative)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(ROOT).with_suffix("").parts
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[:len(package) - node.level])
                names = [".".join(base + ([node.module] if node.module else []))]
            else:
                names = [node.module or ""]
        for name in names:
            parts = name.split(".")
            if parts[0] == "indexer" and len(parts) > 1:
                found.add(parts[1])
    return found


def _layer(path: Path) -> str:
    part = path.relative_to(ROOT / "indexer").parts[0]
    return part.removesuffix(".py")


def test_readme_layout_is_made_from_the_docstrings():
    made = subprocess.run([sys.executable, str(ROOT / "scripts" / "layout.py")], capture_output=True, text=True,
                          check=True).stdout.strip()
    assert made in (ROOT / "README.md").read_text(encoding="utf-8"), \
        "README.md's layout section is stale: run python scripts/layout.py --write"


@pytest.mark.parametrize("path", sorted((ROOT / "indexer").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_a_package_imports_only_what_is_below_it(path):
    layer = _layer(path)
    if layer == "__init__":
        return  # the lazy public API
    below = set(LAYERS[:LAYERS.index(layer) + 1]) if layer in LAYERS else set(LAYERS)
    allowed = EXTRA.get(layer, below)
    assert _imports(path) <= allowed | {layer}, f"{path.relative_to(ROOT)} imports {_imports(path) - allowed}"


def _names_from(path: Path, package: str) -> set[str]:
    """The names a module imports from `package` and its modules (``from package.x import name``)."""
    return {alias.name for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom) and node.module and not node.level
            and (node.module == package or node.module.startswith(package + "."))
            for alias in node.names}


def test_the_web_app_reads_the_index_through_the_search_service():
    for path in (ROOT / "webui").glob("*.py"):
        assert "matching" not in _imports(path), f"{path.name} reaches past the search service"
        # of the index layer, only the error a missing index raises
        assert _names_from(path, "indexer.index") <= {"IndexMissing"}, f"{path.name} reads the index itself"


# still edit sys.path (issue 23; another branch edits them): to go
BENCH_SYS_PATH_LEFT: set[str] = set()  # none left


def _edits_sys_path(path: Path) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "path" and isinstance(n.value, ast.Name)
               and n.value.id == "sys" for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))


def _bench_imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of each ``bench.x`` import of a file (inside functions too)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if node.module == "bench":
                out += [(f"bench.{a.name}", []) for a in node.names]
            elif node.module.startswith("bench."):
                out.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names if a.name.startswith("bench.")]
    return out


def test_bench_is_a_package_without_cycles_or_path_edits():
    bench = ROOT / "bench"
    assert (bench / "__init__.py").exists()
    graph = {}
    for path in sorted(bench.glob("*.py")):
        if path.name not in BENCH_SYS_PATH_LEFT:
            assert not _edits_sys_path(path), f"{path.name} edits sys.path"
        imports = _bench_imports(path)
        private = [(m, n) for m, names in imports for n in names if n.startswith("_")]
        assert not private, f"{path.name} imports private names {private}"
        graph[f"bench.{path.stem}"] = {m for m, _ in imports}

    def cycle_from(module, seen):
        for nxt in graph.get(module, ()):
            if nxt in seen:
                return [*seen, nxt]
            found = cycle_from(nxt, [*seen, nxt])
            if found:
                return found
        return None

    for module in graph:
        assert cycle_from(module, [module]) is None, " -> ".join(cycle_from(module, [module]))


def test_no_test_edits_sys_path():
    """Tests import ``indexer``, ``webui`` and ``bench.x`` as installed, or from the root."""
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if "node_modules" not in path.parts and path.name not in BENCH_SYS_PATH_LEFT:
            assert not _edits_sys_path(path), f"{path.name} edits sys.path"


def test_thai_character_classes_live_in_thai_chars():
    """A range of Thai code points (``\\u0e01-\\u0e2e``, ``"\\u0e01" <= ch``) is spelt only in
    ``indexer/thai/chars.py``; the rest of the tree names its classes."""
    spelt = re.compile(r'\\u0e[0-9a-f]{2}"?\s*(?:-|<=)\s*"?\\u0e|<=\s*"\\u0e', re.IGNORECASE)
    for path in sorted((ROOT / "indexer").rglob("*.py")) + sorted((ROOT / "webui").rglob("*.py")):
        if path.relative_to(ROOT).as_posix() != "indexer/thai/chars.py":
            found = spelt.search(path.read_text(encoding="utf-8"))
            assert found is None, f"{path.relative_to(ROOT)}: {found and found.group()}"


def _top_level_imports(path: Path) -> set[str]:
    """Every top-level package a module imports, at any depth of its code (function-level too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_no_package_imports_one_above_it():
    """indexer never imports webui or bench (the CLI's `serve` lives in webui.cli);
    webui never imports bench: the packages' order is indexer < webui < bench."""
    for path in sorted((ROOT / "indexer").rglob("*.py")):
        assert not _top_level_imports(path) & {"webui", "bench"}, f"{path.relative_to(ROOT)} imports upward"
    for path in sorted((ROOT / "webui").rglob("*.py")):
        assert "bench" not in _top_level_imports(path), f"{path.relative_to(ROOT)} imports bench"


_THAI = re.compile("[\u0e00-\u0e7f]")
# webui modules whose Thai strings are not messages: publishers' names (cite), the
# warm-up query (engine), the legacy reading of a DateError's sentence (i18n)
_THAI_NOT_MESSAGES = {"messages.py", "cite.py", "engine.py", "i18n.py"}


def _thai_literals(path: Path) -> list[str]:
    """The string constants of a module that hold Thai, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and _THAI.search(node.value)]


def test_every_word_a_page_says_is_in_messages():
    """A Thai reader and an English one see the same page in their language: no template
    spells Thai, and no web module but the message catalogue says it."""
    for path in sorted((ROOT / "webui" / "templates").glob("*.html")):
        found = _THAI.search(path.read_text(encoding="utf-8"))
        assert found is None, f"{path.name} spells Thai: put it in webui/messages.py"
    for path in sorted((ROOT / "webui").glob("*.py")):
        if path.name not in _THAI_NOT_MESSAGES:
            assert not _thai_literals(path), f"{path.name}: {_thai_literals(path)}"


def test_the_searcher_offers_the_search_service_and_nothing_more():
    """The web layer and the CLI call ``SearchService``, the interface another backend (a
    sharded index) implements; ``Searcher``'s public methods are exactly it (benchmarks
    and tests reach further through ``indexer.search.probes``)."""
    from indexer.search.results import SearchService
    from indexer.search.service import Searcher

    def public(cls) -> set[str]:
        return {name for name in vars(cls) if not name.startswith("_")}

    assert public(Searcher) == public(SearchService)
    called = set()
    for path in (ROOT / "webui").glob("*.py"):
        called |= set(re.findall(r"get_searcher\(\)\.(\w+)", path.read_text(encoding="utf-8")))
    assert called and called <= public(SearchService), called - public(SearchService)
