"""Where the index lives, and the small files kept beside it.

``thainews.json`` records the schema version and segmenter an index was
built with; ``manifest.json`` maps each source file to its content hash and
the article ids it produced, which is what makes re-indexing incremental.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from whoosh import index as whoosh_index

from .schema import SCHEMA_VERSION, make_schema
from .segment import engine_name

__all__ = ["default_index_dir", "open_index", "create_index", "index_exists",
           "read_manifest", "write_manifest", "IndexMissing"]

META = "thainews.json"
MANIFEST = "manifest.json"


class IndexMissing(FileNotFoundError):
    """No thainews index at the given directory."""


def default_index_dir() -> Path:
    """``$THAINEWS_INDEX``, else ``$XDG_DATA_HOME/thainews/index`` (~/.local/share)."""
    env = os.environ.get("THAINEWS_INDEX")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "thainews" / "index"


def index_exists(index_dir: str | Path) -> bool:
    path = Path(index_dir)
    return path.is_dir() and whoosh_index.exists_in(str(path))


def create_index(index_dir: str | Path):
    path = Path(index_dir)
    path.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(path), make_schema())
    _write_json(path / META, {"schema_version": SCHEMA_VERSION, "segmenter": engine_name()})
    _write_json(path / MANIFEST, {"files": {}})
    return ix


def open_index(index_dir: str | Path):
    """Open an existing index, refusing one built with an older schema."""
    path = Path(index_dir)
    if not index_exists(path):
        raise IndexMissing(f"no index at {path}: build one with `thainews index`")
    meta = _read_json(path / META) or {}
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise IndexMissing(
            f"the index at {path} was built by another thainews version "
            f"(schema {meta.get('schema_version')}, need {SCHEMA_VERSION}): rebuild it with `thainews index --rebuild`"
        )
    return whoosh_index.open_dir(str(path))


def read_manifest(index_dir: str | Path) -> dict:
    return _read_json(Path(index_dir) / MANIFEST) or {"files": {}}


def write_manifest(index_dir: str | Path, manifest: dict) -> None:
    _write_json(Path(index_dir) / MANIFEST, manifest)


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
