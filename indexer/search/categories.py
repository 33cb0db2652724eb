"""Category names for people: ``politics`` is shown as ``การเมือง``.

The names are in ``data/categories.txt`` (``value = Thai | English``, one a
line), an editable file shipped with the project; a category not listed
is shown as the corpus spells it. Read once per process.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = ["category_names", "category_label", "CATEGORIES_FILE"]

CATEGORIES_FILE = Path(__file__).resolve().parents[1] / "data" / "categories.txt"


@lru_cache(maxsize=4)
def category_names(path: str | Path = CATEGORIES_FILE) -> dict[str, tuple[str, str]]:
    """``{value: (thai, english)}`` from the mapping file (empty if it is missing)."""
    names: dict[str, tuple[str, str]] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return names
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if "=" not in line:
            continue
        value, _, label = line.partition("=")
        thai, _, english = label.partition("|")
        value, thai, english = value.strip(), thai.strip(), english.strip()
        if value and thai:
            names[value] = (thai, english or thai)
    return names


def category_label(value: str | None, lang: str = "th") -> str:
    """The name of a category in ``lang`` (``th`` or ``en``); the value itself if unlisted."""
    if not value:
        return ""
    if value == "none":  # the facet's bucket of the articles with no category
        return "No section" if lang == "en" else "ไม่มีหมวด"
    names = category_names().get(value)
    if names is None:
        return value
    return names[1] if lang == "en" else names[0]
