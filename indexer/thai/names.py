"""One person under several spellings: which names the officials pages show as one.

News misspells officials' names, and each spelling would be a person of its
own, with its own count: ``อนุทิน ชาญวีรกูล`` (472 articles of thaigov
2016-2020) is also written ``อนุทิน ชาญวีรกุล`` (19) and ``อนุทิน ชาญวีกูล``
(3). The rule, measured in ``bench/people_quality.py`` on both corpora:

* two names are spellings of one person when one of their parts (first name,
  surname) is the same and the other differs by one edit, a letter or mark
  added, dropped or replaced, or two letters swapped (``ชาญวีรกูล`` /
  ``ชาญวีรกุล``, ``จันทร์โอชา`` / ``จันทร์ โอชา``);
* the part that differs has at least ``NAME_VARIANT_MIN_CHARS`` letters,
  as short names differ by one letter from other real names (``ณัฐ``, ``นัฐ``);
* a spelling goes to the one of those neighbours named in more articles
  than itself (the most named; on a tie, the one with more parts in
  PyThaiNLP's name lists, then by name), and on to that one's, so each
  person is shown under the spelling news uses most.

>>> one_edit("ชาญวีรกูล", "ชาญวีรกุล"), one_edit("ชาญวีรกูล", "ชาญวีกูล"), one_edit("ชาญวีรกูล", "ชาญวีกุล")
(True, True, False)
>>> canonical_names({"อนุทิน ชาญวีรกูล": 472, "อนุทิน ชาญวีรกุล": 19, "อนุทิน ชาญวีกูล": 3})
{'อนุทิน ชาญวีรกุล': 'อนุทิน ชาญวีรกูล', 'อนุทิน ชาญวีกูล': 'อนุทิน ชาญวีรกูล'}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from indexer.settings import NAME_VARIANT_MIN_CHARS

from .offices import name_form

__all__ = ["one_edit", "canonical_names"]


def one_edit(a: str, b: str) -> bool:
    """Do `a` and `b` differ by exactly one edit (add, drop, replace, or swap two neighbours)?"""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((i for i, (x, y) in enumerate(zip(short, long_)) if x != y), len(short))
    return short[i:] == long_[i + 1:]


def _neighbours(parts: Mapping[str, list[str]]) -> dict[str, set[str]]:
    """For each varying part of a group of names that share the other part, the
    parts one edit away (candidates found by the one-letter deletions both share)."""
    out: dict[str, set[str]] = defaultdict(set)
    for names in parts.values():
        if len(names) < 2:
            continue
        by_key: dict[str, list[str]] = defaultdict(list)
        for part in names:
            if len(part) < NAME_VARIANT_MIN_CHARS:
                continue
            for key in {part, *(part[:i] + part[i + 1:] for i in range(len(part)))}:
                by_key[key].append(part)
        for similar in by_key.values():
            for i, a in enumerate(similar):
                for b in similar[i + 1:]:
                    if a != b and one_edit(a, b):
                        out[a].add(b)
                        out[b].add(a)
    return out


def _listed(name: str) -> int:
    """How many parts of `name` PyThaiNLP's name lists hold (``กิติพงค์ พร้อมวงค์``: 1 or 2)."""
    from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names

    first, _, last = name.partition(" ")
    return ((name_form(first) in thai_male_names() or name_form(first) in thai_female_names())
            + (name_form(last) in thai_family_names()))


def canonical_names(articles: Mapping[str, int]) -> dict[str, str]:
    """Each name written another way than its person's usual spelling -> that spelling.

    `articles`: names (``first last``) with the number of articles naming
    them. Names that are their person's usual spelling are not keys.
    """
    by_first: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    close: dict[str, set[str]] = defaultdict(set)
    for first, _, last in (name.partition(" ") for name in articles if " " in name):
        by_first["first"][first].append(last)
        by_first["last"][last].append(first)
    for which, groups in by_first.items():
        near = _neighbours(groups)
        for fixed, parts in groups.items():
            varying = set(parts)
            for part in parts:
                for other in near.get(part, ()):
                    if other in varying:
                        a, b = (f"{fixed} {part}", f"{fixed} {other}") if which == "first" else \
                            (f"{part} {fixed}", f"{other} {fixed}")
                        close[a].add(b)
    rank = {name: (-count, -_listed(name), name) for name, count in articles.items()}
    step = {name: min(near, key=rank.__getitem__) for name, near in close.items()
            if rank[min(near, key=rank.__getitem__)] < rank[name]}
    out = {}
    for name in step:
        seen, to = {name}, step[name]
        while to in step and step[to] not in seen:
            seen.add(to)
            to = step[to]
        out[name] = to
    return out
