"""Thai word segmentation: PyThaiNLP's dictionary-based newmm.

The Rust build of newmm (nlpO3) is the default: on the thaigov sample it cuts
Thai text at the same places as PyThaiNLP's Python newmm (99.95% of word
boundaries inside Thai runs agree, see README) and runs about 7x faster. Set
``THAINEWS_SEGMENTER=newmm`` to use the pure-Python engine instead.

The dictionary is PyThaiNLP's word list plus ``data/words.txt`` (terms news
needs kept whole) plus any words added at run time (names of officials found
in the corpus), so that a name is one token wherever it appears.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

__all__ = ["segment", "engine_name", "add_words", "extra_words"]

_lock = threading.Lock()
_extra: set[str] = set()
_state: dict[str, object] = {}


def engine_name() -> str:
    """The segmentation engine in use: ``nlpo3`` or ``newmm``."""
    name = os.environ.get("THAINEWS_SEGMENTER", "nlpo3").strip().lower()
    if name not in ("nlpo3", "newmm"):
        raise ValueError(f"THAINEWS_SEGMENTER must be nlpo3 or newmm, not {name!r}")
    return name


@lru_cache(maxsize=1)
def _base_words() -> tuple[str, ...]:
    from pythainlp.corpus import thai_words

    own = files("indexer").joinpath("data/words.txt").read_text(encoding="utf-8")
    mine = (w.strip() for w in own.splitlines())
    return tuple(sorted(set(thai_words()) | {w for w in mine if w and not w.startswith("#")}))


def extra_words() -> frozenset[str]:
    """Words added with :func:`add_words` in this process."""
    return frozenset(_extra)


def add_words(words: Iterable[str]) -> None:
    """Add words to the segmentation dictionary of this process.

    Call it before indexing or searching so both sides segment alike; the
    index stores the words it was built with and loads them on open.
    """
    new = {w.strip() for w in words if w and w.strip()} - _extra
    if new:
        with _lock:
            _extra.update(new)
            _state.clear()


def _nlpo3_dict() -> str:
    """Load the merged dictionary into nlpO3 once; return its name.

    nlpO3 reads dictionaries from files only and never replaces a loaded
    name, so each distinct word set gets a file and a name of its own.
    """
    name = _state.get("nlpo3")
    if name:
        return name  # type: ignore[return-value]
    with _lock:
        words = sorted(set(_base_words()) | _extra)
        blob = "\n".join(words).encode("utf-8")
        name = "thainews-" + hashlib.sha1(blob).hexdigest()[:16]
        path = Path(tempfile.gettempdir()) / f"{name}.txt"
        if not path.exists():
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(blob)
            os.replace(tmp, path)
        from nlpo3 import load_dict

        load_dict(str(path), name)
        _state["nlpo3"] = name
        return name


def _newmm_trie():
    trie = _state.get("newmm")
    if trie is None:
        from pythainlp.util import dict_trie

        with _lock:
            trie = dict_trie(set(_base_words()) | _extra)
            _state["newmm"] = trie
    return trie


def segment(text: str) -> list[str]:
    """Cut `text` into tokens whose concatenation is exactly `text`."""
    if not text:
        return []
    if engine_name() == "nlpo3":
        from nlpo3 import segment as o3_segment

        # nlpO3's safe mode returns pieces that do not add up to the input
        # (seen with nlpo3 1.4.0 on the seed article), so it stays off, and
        # any output that does not rebuild the text falls back to newmm.
        pieces = o3_segment(text, _nlpo3_dict(), safe=False)
        if "".join(pieces) == text:
            return pieces
    from pythainlp.tokenize.newmm import segment as newmm_segment

    return newmm_segment(text, _newmm_trie())
