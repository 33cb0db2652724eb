"""The router's answers about the archive as a whole: officials, suggestions, overview, articles.

Each is the shards' parts added up (``shard``): an article is in one shard,
so an official's articles, their positions' articles and their months are
sums, first and last dates the extremes, and the names' spellings and the
archive's figures are the same in every shard (``matching.shared``). The
order and the ties are those of one index (``people``, ``suggest``,
``overview``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, cast

import numpy as np

from indexer.facet_table import FACETS
from indexer.index.textcodec import NO_DAY
from indexer.matching.view import NameBook
from indexer.settings import PERSON_PAGE
from indexer.thai.segment import is_word

from . import similar
from .facets import top_people, value_list
from .overview import headline_counts, overview_of
from .people import _query_keys, most_named
from .results import ArticlePage, Directory, Hit, IndexStats, Overview, PersonPage, Suggestion
from .scatter import Shards
from .stats import index_stats
from .suggest import Suggester

__all__ = ["ArchiveParts", "merged_card"]


def merged_card(parts: list[dict]) -> dict | None:
    """An official's card (``people.person_summary``) from the shards' cards."""
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    firsts = [p["first_date"] for p in parts if p["first_date"]]
    lasts = [p["last_date"] for p in parts if p["last_date"]]
    roles: dict[str, dict] = {}
    for part in parts:
        for role in part["roles"]:
            mine = roles.setdefault(role["position"], {"position": role["position"], "first_date": None,
                                                       "last_date": None, "articles": 0})
            mine["articles"] += role["articles"]
            if role["first_date"] and (mine["first_date"] is None or role["first_date"] < mine["first_date"]):
                mine["first_date"] = role["first_date"]
            if role["last_date"] and (mine["last_date"] is None or role["last_date"] > mine["last_date"]):
                mine["last_date"] = role["last_date"]
    months: Counter[str] = Counter()
    for part in parts:
        months.update({m["value"]: m["count"] for m in part["months"]})
    return {"name": parts[0]["name"], "count": sum(p["count"] for p in parts),
            "first_date": min(firsts) if firsts else None, "last_date": max(lasts) if lasts else None,
            "roles": sorted(roles.values(), key=lambda r: (r["first_date"] or "9999", r["position"])),
            "months": [{"value": m, "count": c} for m, c in sorted(months.items())],
            "also_written": parts[0]["also_written"]}


class ArchiveParts(Shards):
    """What the router (``router.Router``) answers from parts of every shard, kept per
    generation of the archive's figures (``forget``)."""

    def __init__(self, backends: list[Any], index_dir: str | Path | None = None):
        super().__init__(backends, index_dir)
        self.forget()

    def forget(self) -> None:
        """Drop what was worked out for the archive's previous generation."""
        self._kept: dict[str, Any] = {}

    def _count(self, token: tuple, q: str, params: Any = None) -> int:
        raise NotImplementedError  # the router's (``router.Router``)

    def _once(self, name: str, token: tuple, make: Any, of_parts: bool = True) -> Any:
        """`make(token)`, kept for this generation; one made `of_parts` the shards answered
        is kept only when every shard answered (a shard down now may answer the next time)."""
        if name in self._kept:
            return self._kept[name]
        value = make(token)
        if not of_parts or self._whole():
            self._kept[name] = value
        return value

    # ------------------------------------------------------------ names

    @property
    def names(self) -> NameBook:
        """The officials' names of the archive (``matching.view.NameBook``)."""
        archive = self.archive
        return self._once("names", archive.token, lambda _: NameBook(archive.spelled), of_parts=False)

    @property
    def official_names(self) -> list[str]:
        """The archive's officials in the order its figures number them in every shard."""
        archive = self.archive
        return self._once("official_names", archive.token, lambda _: list(archive.spelled), of_parts=False)

    def is_known(self, text: str) -> bool:
        return is_word(text) or self.names.knows(text)

    def split_words(self, text: str) -> list[str]:
        from indexer.matching.units import split_words

        return split_words(text, cast(Any, _Names(self.names)))

    # ------------------------------------------------------------ officials

    def _officials(self, token: tuple) -> dict[str, dict]:
        """Every official: articles, positions (and their order, the directory's)."""
        def make(token: tuple) -> dict[str, dict]:
            out: dict[str, dict] = {}
            for part in self._scatter("officials", token).values():
                for name, facts in part.items():
                    mine = out.setdefault(name, {"articles": 0, "positions": set()})
                    mine["articles"] += facts["articles"]
                    mine["positions"].update(facts["positions"])
            return out

        return self._once("officials", token, make)

    def _cards(self, token: tuple, name: str, articles: bool = False) -> list[dict]:
        return [c for c in self._scatter("person", token, name, articles).values() if c is not None]

    def official(self, token: tuple, parts: list[dict]) -> dict | None:
        """The card of the official a query names, or None (``people.Officials.find``), from
        the shards' ``Shard.named`` parts: the names as typed when any shard knows one,
        else without the title, else after a position any shard has them in, as one
        index decides over all its names (``people.Named``). A shard holding
        the official's articles names it, so the others' cards are None; the card is asked
        for apart only when a shard named too many to make their cards."""
        named: dict[str, int] = {}
        which = next((w for w in ("typed", "untitled") if any(p[w] for p in parts)), None)
        for part in parts:
            for name, articles in part[which].items() if which else ():
                named[name] = named.get(name, 0) + articles
        if which is None:  # named after a position: held in any shard, articles in all
            held = {n for p in parts for n, (_, holds) in p["in_office"].items() if holds}
            for part in parts:
                for name, (articles, _) in part["in_office"].items():
                    if name in held:
                        named[name] = named.get(name, 0) + articles
        name = most_named(named)
        if not name:
            return None
        if any(p["cards"] is None for p in parts):
            return merged_card(self._cards(token, name))
        return merged_card([p["cards"].get(name) for p in parts])

    def main_role(self, token: tuple, name: str) -> str | None:
        card = merged_card(self._cards(token, name)) if name in self._officials(token) else None
        held = card["roles"] if card else []
        return max(held, key=lambda r: (r["articles"], r["position"]))["position"] if held else None

    def directory(self, q: str = "", limit: int = 50, offset: int = 0) -> Directory:
        """The officials directory (``people.directory``)."""
        def work(token: tuple) -> dict:
            officials = self._officials(token)
            spellings = self._once("spellings", token, lambda t: self._spellings(t))
            keys = _query_keys(q) if q.strip() else []
            ranked = sorted(officials, key=lambda n: (-officials[n]["articles"], n))
            names = [n for n in ranked if not keys or any(
                key in "\n".join((*spellings.get(n, [n]), *sorted(officials[n]["positions"])))
                .replace(".", "").replace(" ", "") for key in keys)]
            page = []
            for name in names[offset:offset + limit]:
                card = merged_card(self._cards(token, name)) or {"roles": [], "first_date": None,
                                                                  "last_date": None, "also_written": []}
                held = sorted(card["roles"], key=lambda r: (-r["articles"], r["position"]))
                page.append({"name": name, "positions": [r["position"] for r in held],
                             "articles": officials[name]["articles"], "first_date": card["first_date"],
                             "last_date": card["last_date"], "also_written": card["also_written"]})
            return {"query": q, "total": len(names), "offset": offset, "limit": limit, "people": page}

        return cast(Directory, self._ask(work))

    def _spellings(self, token: tuple) -> dict[str, list[str]]:
        """Every official's spellings (the same in every shard: the archive's, ``shared``)."""
        out: dict[str, list[str]] = {}
        for part in self._scatter("spellings", token).values():
            out.update(part)
        return out

    def person(self, name: str, page: int = 1) -> PersonPage | None:
        """One official's page (``people.person_page``)."""
        def work(token: tuple) -> dict | None:
            parts = self._cards(token, name, True)
            card = merged_card(parts)
            if card is None:
                return None
            days = np.concatenate([p["rows"][0] for p in parts])
            ids = [i for p in parts for i in p["rows"][1]]
            # newest first, undated last, a day's articles by id, the last first
            order = sorted(range(len(ids)), key=lambda i: (
                np.iinfo(np.int64).max if days[i] == NO_DAY else -int(days[i]), _Descending(ids[i])))
            shown = [ids[i] for i in order[(page - 1) * PERSON_PAGE:page * PERSON_PAGE]]
            found: dict[str, dict] = {}
            for part in self._scatter("summaries", token, shown).values():
                found.update(part)
            positions = self._officials(token).get(card["name"], {"positions": set()})["positions"]
            card.update(articles=[found[i] for i in shown if i in found], page=page, per_page=PERSON_PAGE,
                        positions=sorted(p for p in positions if p))
            return card

        return cast("PersonPage | None", self._ask(work))

    # ------------------------------------------------------------ suggestions, overview

    def suggestions(self, prefix: str, grouped: bool = False) -> list[str] | dict[str, list[Suggestion]]:
        """Completions for a search box (``suggest.Suggester``), over every shard's terms."""
        def work(token: tuple) -> Any:
            suggester = self._once("suggester", token, self._suggester)
            return suggester.groups(prefix) if grouped else suggester.flat(prefix)

        return self._ask(work)

    def _suggester(self, token: tuple) -> Suggester:
        def lookup(field: str, key: str, group: str) -> list[tuple[int, str]]:
            counts: Counter[str] = Counter()
            for part in self._scatter("terms", token, field, key, group).values():
                counts.update({text: n for n, text in part})
            from indexer.settings import SUGGEST_CANDIDATES

            return [(counts[t], t) for t in sorted(counts)[:SUGGEST_CANDIDATES + 1]]

        positions = sorted({p for part in self._scatter("positions", token).values() for p in part})
        return Suggester(lookup, lambda text: self._count(token, text), positions,
                         lambda name: self.main_role(token, name))

    def overview(self) -> Overview:
        """The archive at a glance (``overview.index_overview``)."""
        def work(token: tuple) -> dict:
            def make(token: tuple) -> dict:
                parts = list(self._scatter("overview", token).values())
                days = np.concatenate([np.repeat(*p["days"]) for p in parts])
                people: Counter[str] = Counter()
                words: Counter[bytes] = Counter()
                for p in parts:
                    people.update(p["people"])
                    words.update(p["words"])
                return overview_of(self.archive.doc_count, days, top_people(dict(people), 6),
                                   headline_counts(words, self.archive.doc_count, 6),
                                   value_list(FACETS["category"], [p["categories"] for p in parts]))

            return dict(self._once("overview", token, make))

        return cast(Overview, self._ask(work))

    def newest_date(self) -> date | None:
        """The archive's newest publish date."""
        def work(token: tuple) -> date | None:
            def make(token: tuple) -> date | None:
                dates = [d for d in self._scatter("newest", token).values() if d is not None]
                return max(dates) if dates else None

            return self._once("newest", token, make)

        return cast("date | None", self._ask(work))

    def stats(self) -> IndexStats:
        """The index's size, dates and place on disk (``stats``)."""
        assert self._index_dir is not None
        return cast(IndexStats, index_stats(self._index_dir))

    def doc_count(self) -> int:
        return self.archive.doc_count

    # ------------------------------------------------------------ articles

    def article(self, doc_id: str, q: str = "") -> ArticlePage | None:
        """One stored article by id, from the shard holding it."""
        def work(token: tuple) -> dict | None:
            found = [a for a in self._scatter("article", token, doc_id, q).values() if a is not None]
            return found[0] if found else None

        return cast("ArticlePage | None", self._ask(work))

    def similar(self, doc_id: str, count: int = 5) -> list[Hit]:
        """Articles like this one (``similar``), from every shard with the archive's figures."""
        def work(token: tuple) -> list:
            found = [s for s in self._scatter("similar_source", token, doc_id).values() if s is not None]
            if not found:
                return []
            mine = found[0]
            stats = similar.added(list(self._scatter("similar_stats", token, list(mine["weights"])).values()))
            terms = similar.key_terms(mine["weights"], stats)
            parts = list(self._scatter("similar_scored", token, terms, stats, doc_id, mine["title"]).values())
            shown = similar.order(mine["traits"], [i for p in parts for i in p["twins"]],
                                  [c for p in parts for c in p["scored"]], count)
            summaries: dict[str, dict] = {}
            for part in self._scatter("summaries", token, shown).values():
                summaries.update(part)
            return [summaries[i] for i in shown if i in summaries]

        return cast("list[Hit]", self._ask(work))


class _Names:
    """What ``units.split_words`` reads of a view: its officials' names."""

    def __init__(self, names: NameBook):
        self.names = names


class _Descending:
    """A string ordered backwards (an official's articles of one day, the last id first)."""

    def __init__(self, text: str):
        self.text = text

    def __lt__(self, other: _Descending) -> bool:
        return self.text > other.text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Descending) and self.text == other.text
