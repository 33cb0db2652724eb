"""Abbreviations of titles and agencies, matched both ways in queries.

`ผวจ.สงขลา` and `ผู้ว่าราชการจังหวัดสงขลา` name the same office; news uses
both. Rules live in ``data/synonyms.txt`` (documented there). PyThaiNLP's
abbreviation expander (khamyo) needs a model download, so this is a small
editable list instead.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from .normalize import normalize
from .segment import is_word, segment

__all__ = ["load_rules", "variants", "longer_titles", "titles_in", "dotted_titles"]


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Parse the rule file into (short form, full forms) pairs."""
    text = Path(path).read_text(encoding="utf-8") if path else \
        files("indexer").joinpath("data/synonyms.txt").read_text(encoding="utf-8")
    rules = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if "=" not in line:
            continue
        short, full = line.split("=", 1)
        short = normalize(short).replace(" ", "")
        fulls = tuple(normalize(f).replace(" ", "") for f in full.split("|") if f.strip())
        if short and fulls:
            rules.append((short, fulls))
    return tuple(rules)


def variants(unit: str, limit: int = 6) -> list[str]:
    """`unit` and the same unit with abbreviations expanded or contracted.

    A short form is replaced where it is a whole segment of the unit, spelt
    with its dots (or is the whole unit, dots typed or not); a full form is
    replaced wherever it occurs. Typed bare, a short form that is also a
    dictionary word stands for itself and its dotted form only: `กห` finds
    `กห.`, not every `กระทรวงกลาโหม` (a reader typing the letters meant them).

    A short form also stands for the other short forms of its full forms
    (``_siblings``): `ผู้ว่าฯขอนแก่น` finds `ผวจ.ขอนแก่น`, `นายกฯ` finds `นรม.`.

    >>> variants("ผวจ.")[:2], variants("กห")
    (['ผวจ.', 'ผู้ว่าราชการจังหวัด'], ['กห', 'กห.'])
    >>> variants("ผู้ว่าฯขอนแก่น")
    ['ผู้ว่าฯขอนแก่น', 'ผู้ว่าราชการจังหวัดขอนแก่น', 'ผู้ว่าราชการกรุงเทพมหานครขอนแก่น', 'ผวจ.ขอนแก่น']
    """
    out = [unit]
    pieces = segment(unit)
    siblings = _siblings()
    for short, fulls in load_rules():
        bare = short.replace(".", "")
        if unit == bare != short:
            # typed without its dots: the dotted form, and the full forms unless the bare
            # letters are a dictionary word of their own (`กห`, `พณ`: read as written)
            out.extend((short,) if is_word(bare) else (short, *fulls, *siblings[short]))
            continue
        if unit == short:
            out.extend((*fulls, *siblings[short]))
            continue
        if short in unit and (short in pieces or _joined_pieces_hold(pieces, short)):
            for full in (*fulls, *siblings[short]):
                out.append(unit.replace(short, full))
        for full in fulls:
            if full in unit and _aligned(pieces, unit, full):
                out.append(unit.replace(full, short))
    seen: list[str] = []
    for v in out:
        if v and v not in seen:
            seen.append(v)
    return seen[:limit]


@lru_cache(maxsize=4)
def _siblings(path: str | None = None) -> dict[str, tuple[str, ...]]:
    """Per short form, the other short forms of its full forms (`ผู้ว่าฯ`: `ผวจ.`; `นายกฯ`:
    `นรม.`), so that one step from a short form reaches them as a reader does: the rules
    are one line a short form, and a full form may have several."""
    rules = load_rules(path)
    shorts_of: dict[str, list[str]] = {}
    for short, fulls in rules:
        for full in fulls:
            shorts_of.setdefault(full, []).append(short)
    return {short: tuple(dict.fromkeys(other for full in fulls for other in shorts_of[full] if other != short))
            for short, fulls in rules}


def _aligned(pieces: list[str], unit: str, part: str) -> bool:
    """True when `part` starts and ends on segment boundaries of `unit`.

    Keeps `รัฐมนตรี` inside `นายกรัฐมนตรี` from becoming `นายกรมต.`.
    """
    bounds = {0}
    offset = 0
    for piece in pieces:
        offset += len(piece)
        bounds.add(offset)
    start = unit.find(part)
    while start != -1:
        if start in bounds and start + len(part) in bounds:
            return True
        start = unit.find(part, start + 1)
    return False


def _joined_pieces_hold(pieces: list[str], short: str) -> bool:
    """True when consecutive segments spell `short` exactly (``ผบ.`` ``ตร.``)."""
    for i in range(len(pieces)):
        acc = ""
        for piece in pieces[i:]:
            acc += piece
            if acc == short:
                return True
            if not short.startswith(acc):
                break
    return False


@lru_cache(maxsize=4)
def _titles(path: str | None = None) -> frozenset[str]:
    """Every form the rules name, short and full, with dots (`พล.อ.`, `พลเอก`), and the
    officials lexicon's abbreviated titles (`ร.ต.อ.`, `ส.ต.ท.`)."""
    from .offices import lexicon

    return frozenset(text for short, fulls in load_rules(path) for text in (short, *fulls)) | lexicon().dotted_titles


def dotted_titles() -> frozenset[str]:
    """The abbreviated titles and offices written with dots (`ดร.`, `พล.อ.`, `ผวจ.`)."""
    return frozenset(t for t in _titles() if "." in t)


def longer_titles(text: str, path: str | None = None) -> tuple[str, ...]:
    """What, written right after `text`, would make its last title part of a longer one.

    `พล.อ.` followed by `อ.` is `พล.อ.อ.` (พลอากาศเอก), another rank, so an
    occurrence of `พล.อ.` (or of a unit ending with it) followed by `อ.` is not
    one of `พล.อ.`; likewise `พล.ต.` before `อ.`, `ท.`, `ต.` (police ranks).

    >>> longer_titles("พล.อ.")
    ('ต.', 'ท.', 'อ.')
    """
    longer = _longer(path)
    out = {rest for at in range(len(text)) for rest in longer.get(text[at:], ())}
    return tuple(sorted(out, key=lambda t: (len(t), t)))


@lru_cache(maxsize=4)
def _longer(path: str | None = None) -> dict[str, frozenset[str]]:
    """Per abbreviated title that a further abbreviation makes another (`พล.อ.` + `อ.`:
    `พล.อ.อ.`, another rank), what the longer ones add: a unit's endings are looked
    up, not every title tried against it.

    Only an abbreviation added after the dot makes another title. A name written
    out goes on into a longer one of the same kind: a `รัฐมนตรีว่าการกระทรวง...`
    is a `รัฐมนตรี`, a `รมว.คลัง` a `รมว.`, and each is found where it is written.

    >>> sorted(_longer()["พล.อ."]), "รัฐมนตรี" in _longer(), "รมว." in _longer()
    (['ต.', 'ท.', 'อ.'], False, False)
    """
    titles = [t for t in _titles(path) if "." in t]
    out: dict[str, set[str]] = {}
    for title in titles:
        for longer in titles:
            if len(longer) > len(title) and longer.startswith(title) and "." in longer[len(title):]:
                out.setdefault(title, set()).add(longer[len(title):])
    return {title: frozenset(rests) for title, rests in out.items()}


def titles_in(text: str, path: str | None = None) -> frozenset[str]:
    """The abbreviated titles of the rules that `text` holds, with a dot or a paiyannoi
    (`พล.อ.` in `พล.อ.ประวิตร`, `รองนายกฯ` in `รองนายกฯประวิตร`): a unit split into
    words keeps them whole, not `พล` + `อ.`, nor `รอง` + `นายกฯ` (a deputy is not the
    prime minister beside any `รอง`).

    >>> sorted(titles_in("รองนายกฯประวิตร"))
    ['นายกฯ', 'รองนายกฯ']
    """
    if "." not in text and "ฯ" not in text:
        return frozenset()  # each of them has one
    return frozenset(t for t in _titles(path) if ("." in t or "ฯ" in t) and t in text)
