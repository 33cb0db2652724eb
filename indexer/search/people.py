"""The officials directory, an official's page and card.

Officials, their positions and their articles come from the substring
index's officials table (``matching.view.PeopleTable``) and the publish days
from the view's columns: counting an official's articles or positions is
numpy, whatever the official; stored articles are read only for the page of
articles shown.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import accumulate
from typing import NamedTuple

import numpy as np

from indexer.index.textcodec import NO_DAY
from indexer.matching.view import IndexView
from indexer.settings import PERSON_PAGE
from indexer.thai.abbreviations import variants
from indexer.thai.normalize import normalize
from indexer.thai.officials import name_key, without_title
from indexer.thai.segment import segment

from .articles import summary

__all__ = ["Officials", "Named", "directory", "person_page", "person_summary", "most_named"]


class Officials:
    """The officials an index generation names, with their positions, and how to read
    their articles (the search service keeps one per generation)."""

    def __init__(self, searcher, view: IndexView):
        self.searcher, self.view, self.table = searcher, view, view.people
        self.roles = self.table.all_positions()
        # most articles first, then by name: the directory's order
        self.ranked = sorted(self.roles, key=lambda n: (-self.articles(n), n))
        # each official's positions as a query is compared with them (``_plain``): a name
        # after a position (``_in_office``), and what a directory query is looked for in
        self._plain_positions = {n: tuple(map(_plain, ps)) for n, ps in self.roles.items()}
        self.searchable = {n: "\n".join((*map(_plain, self.table.spellings(n)), *self._plain_positions[n]))
                           for n in self.roles}
        # a full name typed with or without its space, a first name, a surname, in any of its spellings
        self._by_key: dict[str, list[str]] = defaultdict(list)
        for name in self.roles:
            for spelling in self.table.spellings(name):
                if " " in spelling:
                    first, _, last = spelling.partition(" ")
                    for key in {spelling.replace(" ", ""), first, last}:
                        self._by_key[key].append(name)

    def main_role(self, name: str) -> str | None:
        """The position `name` is most named with (cleaned), or None (`นายกรัฐมนตรี`)."""
        held = _roles_over_time(self, name) if name in self.roles else []
        return max(held, key=lambda r: (r["articles"], r["position"]))["position"] if held else None

    def articles(self, name: str) -> int:
        """How many live articles name `name`."""
        code = self.table.code(name)
        return int(self.table.articles_per_name[code]) if code is not None else 0

    def find(self, q: str) -> str | None:
        """The official a query names, or None.

        ``person:NAME`` or the whole query as a full name (``ประยุทธ์ จันทร์โอชา``,
        with or without the space, with or without a title: ``นายกลินท์``,
        ``พล.อ.ประยุทธ์``, in any of its spellings), one first name or surname
        known for exactly that official (the best-covered one when several
        share it), or such a name after a position the official held
        (``นายกประยุทธ์``, ``รมว.สาธารณสุขอนุทิน``; ``Named``).
        """
        return most_named({n: self.articles(n) for n in self.named_by(q).chosen()})

    def named_by(self, q: str) -> Named:
        """The officials the query could name, each way it can name them (``Named``)."""
        text = q.strip()
        if text.lower().startswith("person:"):
            text = text[7:].strip().strip('"')
        if not text or '"' in text or ":" in text or len(text) > 80:
            return Named(set(), set(), {})
        flat = _flat(text)
        typed = set(self._by_key.get(flat, []))
        # the title taken off before the dots (`พล.อ.` is a title, `พลอ` is not)
        untitled = {n for key in {_flat(without_title(name_key(text))), _flat(without_title(normalize(text)))}
                    for n in self._by_key.get(key, [])}
        return Named(typed, untitled, {} if typed or untitled else self._in_office(text, flat))

    def _in_office(self, text: str, flat: str) -> dict[str, bool]:
        """The officials named after a position (``Named.in_office``): each whose name or
        surname ends the query, after a rank or not, the query written out or with its
        abbreviations expanded (``นายกฯ พล.อ.ประยุทธ์``: ``นายกรัฐมนตรี`` + ``พล.อ.`` +
        ``ประยุทธ์``), and whether a position this index has them in starts with what
        comes before (`flat`: the query as ``_flat``). `นายก` starts `นายกรัฐมนตรี`;
        `นายกอบต.` only a subdistrict chief's position. The name begins a word: `มนตรี`
        of `นายกรัฐมนตรี` is no name after `นายกรัฐ`."""
        if not any(flat[cut:] in self._by_key for cut in range(2, len(flat))):
            return {}  # no name ends the query: not segmented, not expanded (most queries)
        typed = normalize(text).strip().replace(" ", "")
        out: dict[str, bool] = {}
        for form in dict.fromkeys([typed, *variants(typed)]):
            for cut in accumulate(map(len, segment(form)[:-1])):
                office, rest = _flat(form[:cut]), form[cut:]
                for name in self._by_key.get(_flat(rest)) or self._by_key.get(_flat(without_title(rest)), []):
                    out[name] = out.get(name, False) or any(
                        position.startswith(office) for position in self._plain_positions.get(name, ()))
        return out

    def also_written(self, name: str) -> list[dict]:
        """The other spellings of the official `name`, each with its articles:
        ``[{"name": "อนุทิน ชาญวีรกุล", "articles": 19}]`` (``PeopleTable``)."""
        return [{"name": v, "articles": n} for v, n in self.table.also_written.get(name, ())]


class Named(NamedTuple):
    """The officials a query names, three ways, the first that names any chosen
    (``chosen``): kept apart so that a sharded archive chooses by every shard's
    names, as one index does by all of its own (``router_people``)."""

    typed: set[str]  # the query is their name (`ประยุทธ์ จันทร์โอชา`, `ประยุทธ์`)
    untitled: set[str]  # without its title (`นายกลินท์`: นาย + กลินท์, `พล.อ.ประยุทธ์`)
    # their name after what may be a position (`นายกประยุทธ์`): do they hold one it starts?
    in_office: dict[str, bool]

    def chosen(self) -> set[str]:
        return self.typed or self.untitled or {n for n, held in self.in_office.items() if held}


def most_named(articles: dict[str, int]) -> str | None:
    """Of officials with their articles, the most named (ties: the first in Thai order), or None."""
    return max(articles, key=lambda n: (articles[n], [-ord(c) for c in n])) if articles else None


def _days(view: IndexView, docnums) -> np.ndarray:
    days = view.days_of(docnums)
    return days[days != NO_DAY].astype("datetime64[D]")


def _dates(view: IndexView, docnums) -> tuple[str | None, str | None]:
    """The first and last publish date of the articles (ISO), from the view's day column."""
    days = _days(view, docnums)
    return (str(days.min()), str(days.max())) if len(days) else (None, None)


def _query_keys(q: str) -> list[str]:
    """What a directory query matches, dots left out: the query and its
    abbreviations expanded or contracted (``ผวจ.เชียงใหม่`` also reads
    ``ผู้ว่าราชการจังหวัดเชียงใหม่``, and the other way), ``abbreviations.variants``."""
    keys = [q]
    if len(q) <= 80:
        keys += variants(normalize(q).strip().replace(" ", ""))
    return list(dict.fromkeys(k for k in map(_flat, keys) if k))


def _flat(text: str) -> str:
    """A name or position as the directory compares it: no dots, no spaces."""
    return _plain(name_key(text))


def _plain(text: str) -> str:
    """A stored name or position (normalised already) as ``_flat`` writes a query."""
    return text.replace(".", "").replace(" ", "")


def directory(officials: Officials, q: str = "", limit: int = 50, offset: int = 0) -> dict:
    """People with their positions, article counts and first and last dates.

    Sorted by number of articles; `q` keeps names or positions containing it,
    written out or abbreviated (``ผวจ.เชียงใหม่``, ``ผู้ว่าราชการจังหวัดเชียงใหม่``).
    Positions the most-named first.
    """
    keys = _query_keys(q) if q.strip() else []
    names = [n for n in officials.ranked if not keys or any(key in officials.searchable[n] for key in keys)]
    page = []
    for name in names[offset:offset + limit]:
        first, last = _dates(officials.view, officials.table.articles_of(name))
        held = sorted(_roles_over_time(officials, name), key=lambda r: (-r["articles"], r["position"]))
        page.append({"name": name, "positions": [r["position"] for r in held], "articles": officials.articles(name),
                     "first_date": first, "last_date": last, "also_written": officials.also_written(name)})
    return {"query": q, "total": len(names), "offset": offset, "limit": limit, "people": page}


def person_page(officials: Officials, name: str, page: int = 1, per_page: int = PERSON_PAGE) -> dict | None:
    """One person's positions over time and a page of their articles, newest first.

    ``positions``: the positions, alphabetically; ``roles``: each with
    its first and last dates and article count, in order of first date;
    ``articles``: page `page` of `per_page` (``count`` in all; ``page``,
    ``per_page``); undated articles last.
    """
    card = person_summary(officials, name)
    if card is None:
        return None
    docnums = officials.table.articles_of(card["name"])
    days = officials.view.days_of(docnums).astype(np.int64)
    # a day's articles by id, the last first (``IndexView.id_ranks``: the same in one index or in shards)
    ranks = officials.view.ranks_of(docnums)
    order = np.lexsort((-ranks, np.where(days == NO_DAY, np.iinfo(np.int64).max, -days)))
    shown = docnums[order[(page - 1) * per_page:page * per_page]]
    card.update(articles=[summary(*officials.view.locate(int(d))) for d in shown], page=page, per_page=per_page,
                positions=sorted(p for p in officials.roles.get(card["name"], ()) if p))
    return card


def _roles_over_time(officials: Officials, name: str) -> list[dict]:
    """``[{"position", "first_date", "last_date", "articles"}]`` by first date
    (one pass of numpy over the official's rows)."""
    docnums, codes = officials.table.roles_of(name)
    if not len(docnums):
        return []
    found, group_of = np.unique(codes, return_inverse=True)
    # each article once per position
    span = int(docnums.max()) + 1
    pairs = np.unique(group_of * span + docnums)
    groups, docs = pairs // span, pairs % span
    articles = np.bincount(groups, minlength=len(found))
    days = officials.view.days_of(docs).astype(np.int64)
    dated = days != NO_DAY
    first = np.full(len(found), np.iinfo(np.int64).max)
    last = np.full(len(found), np.iinfo(np.int64).min)
    np.minimum.at(first, groups[dated], days[dated])
    np.maximum.at(last, groups[dated], days[dated])
    out = []
    for i, code in enumerate(found.tolist()):
        seen = first[i] <= last[i]
        out.append({"position": officials.table.positions[code],
                    "first_date": str(np.datetime64(int(first[i]), "D")) if seen else None,
                    "last_date": str(np.datetime64(int(last[i]), "D")) if seen else None,
                    "articles": int(articles[i])})
    return sorted(out, key=lambda r: (r["first_date"] or "9999", r["position"]))


def _months(view: IndexView, docnums) -> list[dict]:
    """Articles per month, oldest first: ``[{"value": "2019-08", "count": 1}]``."""
    months, counts = np.unique(_days(view, docnums).astype("datetime64[M]"), return_counts=True)
    return [{"value": m, "count": c} for m, c in zip(np.datetime_as_string(months).tolist(), counts.tolist())]


def person_summary(officials: Officials, name: str) -> dict | None:
    """What the search page's person card shows: name, positions with their
    first and last dates, article count, first and last dates, articles per
    month, the other spellings of the name (``also_written``: counted in;
    ``person_page`` without the article list). A spelling other than the
    usual one gives the person under the usual one."""
    name = officials.table.usual(name_key(name))  # a misspelling shows its person
    docnums = officials.table.articles_of(name)
    if not len(docnums):
        return None
    first, last = _dates(officials.view, docnums)
    return {"name": name, "count": len(docnums), "first_date": first, "last_date": last,
            "roles": _roles_over_time(officials, name), "months": _months(officials.view, docnums),
            "also_written": officials.also_written(name)}
