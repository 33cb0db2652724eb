#!/usr/bin/env python3
"""Print the README's layout section, made from the packages' and modules' own docstrings.

    python scripts/layout.py            # print it
    python scripts/layout.py --write    # replace it in README.md (between the layout markers)

The first line of each docstring is the entry, so the layout cannot drift
from the code: tests/test_layout.py fails when README.md differs from this.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- layout: made by scripts/layout.py -->", "<!-- /layout -->"
# Directories that are not packages, described here.
OTHER = {
    "bench": "evaluation harness and benchmarks, a package (bench/README.md; the tests run small pieces of it)",
    "corpus": "the embedded default corpus (the seed article)",
    "scripts": "tools for developers and CI (this layout, the browser install)",
    "tests": "unit, integration, crash, fuzz and browser tests (tests/browser)",
}
# The order packages are listed in: indexer's dependency order (indexer/__init__.py).
ORDER = ["settings.py", "errors.py", "facet_table.py", "thai", "ingest", "index", "query", "matching", "search",
         "cli.py"]


def first_line(path: Path) -> str:
    """The docstring's first paragraph, on one line."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    paragraph = doc.strip().split("\n\n")[0]
    return " ".join(paragraph.split()).rstrip(".")


def _entries(package: Path, depth: int) -> list[tuple[str, str]]:
    out = []
    names = sorted(p.name for p in package.iterdir() if (p.suffix == ".py" and p.name != "__init__.py")
                   or (p.is_dir() and (p / "__init__.py").exists()))
    if package.name == "indexer":
        names = [n for n in ORDER if n in names] + [n for n in names if n not in ORDER]
    for name in names:
        path = package / name
        if path.is_dir():
            out.append(("  " * depth + name + "/", first_line(path / "__init__.py")))
            out.extend(_entries(path, depth + 1))
        else:
            out.append(("  " * depth + name, first_line(path)))
    return out


def layout() -> str:
    rows = []
    for top in ("indexer", "webui"):
        rows.append((top + "/", first_line(ROOT / top / "__init__.py")))
        rows.extend(_entries(ROOT / top, 1))
    rows.extend((name + "/", text) for name, text in OTHER.items())
    width = max(len(name) for name, _ in rows) + 2
    body = "\n".join(f"{name:<{width}}{text}".rstrip() for name, text in rows)
    return f"{START}\n```\n{body}\n```\n{END}"


def main() -> int:
    text = layout()
    if "--write" in sys.argv[1:]:
        readme = ROOT / "README.md"
        current = readme.read_text(encoding="utf-8")
        start, end = current.index(START), current.index(END) + len(END)
        readme.write_text(current[:start] + text + current[end:], encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
