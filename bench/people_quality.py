"""Officials data a desk can trust (issue 24, item 7): are a person's positions real
positions, and are the names shown as one person one person?

Usage (indexes built beforehand, see bench/README.md)::

    .venv/bin/python -m bench.people_quality --index thaigov=/tmp/tgC --index dailynews=/tmp/dnC \\
        [--merges /tmp/merges.tsv] [--unlabelled]

**Positions.** Per index, the sample is every position the directory shows
for the ``--top`` people named in most articles, and ``--pairs`` (person,
position) pairs drawn at random (seed ``--seed``) from every pair it shows.
Each position was judged by hand, by reading it, in
``bench/data/people_positions.tsv`` (``ok`` or ``junk``, then the
position; the rules are in its header); precision is ok / labelled, over
distinct pairs and weighted by the pair's articles. Pairs whose position has
no label are counted and listed with ``--unlabelled`` (to be judged, not
guessed).

**Spellings.** Every merge the officials table makes (``thai.names``: a
spelling shown as its person's usual one) is listed per index, with
``--merges FILE`` written out in full. The labelled ones are in
``bench/data/people_merges.tsv`` (``same`` or ``different``, the spelling, the
usual spelling), judged by hand from the names, their positions and the
articles; a hundred drawn at random (seed ``--seed``) from the merges whose
person holds a position (a public role: no private person's name is
committed); ``--unlabelled`` lists such a sample where labels are missing.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from indexer.search import Searcher

__all__ = ["load_labels", "drawn", "position_sample", "merges", "main"]

DATA = Path(__file__).resolve().parent / "data"
POSITIONS = DATA / "people_positions.tsv"
MERGES = DATA / "people_merges.tsv"


def load_labels(path: Path, columns: int) -> dict[tuple[str, ...], str]:
    """``(key columns) -> label`` from a TSV whose first column is the label; ``#`` lines are comments."""
    labels: dict[tuple[str, ...], str] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                label, *key = line.split("\t")
                labels[tuple(key[:columns])] = label.strip()
    return labels


def drawn(items, n: int, seed: int) -> list:
    """`n` of `items` drawn at random, the same ones whatever else the list holds: ordered
    by a hash of each item and the seed (a change of the extractor that adds or drops a
    few items changes a few of the drawn ones, not all of them)."""
    return sorted(items, key=lambda item: hashlib.sha1("\t".join((str(seed), *item)).encode()).hexdigest())[:n]


def position_sample(people: list[dict], top: int, pairs: int, seed: int) -> list[tuple[str, str]]:
    """(person, position): every position of the `top` most named people (the directory's
    order), then `pairs` pairs drawn at random from all the others it shows."""
    chosen = [(p["name"], pos) for p in people[:top] for pos in p["positions"]]
    rest = {(p["name"], pos) for p in people for pos in p["positions"]} - set(chosen)
    return chosen + drawn(rest, pairs, seed)


def _with_articles(searcher: Searcher, sample: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
    """Each sampled pair with the articles naming the person with that position."""
    roles: dict[str, dict[str, int]] = {}
    for person, _ in sample:
        if person not in roles:
            roles[person] = {r["position"]: r["articles"] for r in (searcher.person(person) or {}).get("roles", ())}
    return [(person, pos, roles[person].get(pos, 0)) for person, pos in sample]


def merges(people: list[dict]) -> list[tuple[str, str, int, int, bool]]:
    """(spelling, usual spelling, articles of each, the person holds a position) for every
    merge the directory shows (its ``also_written``)."""
    return sorted((v["name"], p["name"], v["articles"], p["articles"], bool(p["positions"]))
                  for p in people for v in p.get("also_written", ()))


def _score_positions(name: str, sample: list[tuple[str, str, int]], labels: dict, show: bool) -> tuple[int, int]:
    judged = [(person, pos, n, labels[(pos,)]) for person, pos, n in sample if (pos,) in labels]
    ok = [j for j in judged if j[3] == "ok"]
    weight = sum(j[2] for j in judged)
    print(f"positions {name:<10} sample {len(sample):4d}  labelled {len(judged):4d}  ok {len(ok):4d}  "
          f"precision {len(ok) / max(1, len(judged)):.3f}  by articles "
          f"{sum(j[2] for j in ok) / max(1, weight):.3f}  unlabelled {len(sample) - len(judged)}")
    for _, pos, n, label in judged:
        if label != "ok":
            print(f"    {label}: {pos}  ({n} articles)")
    if show:
        for pos in dict.fromkeys(pos for _, pos, _ in sample if (pos,) not in labels):
            print(f"?\t{pos}")
    return len(ok), len(judged)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", action="append", required=True, metavar="NAME=DIR", help="an index, named")
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--pairs", type=int, default=150)
    ap.add_argument("--merge-sample", type=int, default=100)
    ap.add_argument("--seed", type=int, default=24)
    ap.add_argument("--merges", type=Path, help="write every merge of every index to this TSV")
    ap.add_argument("--unlabelled", action="store_true", help="list what the samples hold with no label")
    args = ap.parse_args(argv)
    position_labels, merge_labels = load_labels(POSITIONS, 1), load_labels(MERGES, 2)
    ok = judged = 0
    every_merge: list[tuple[str, ...]] = []
    for spec in args.index:
        name, _, folder = spec.partition("=")
        searcher = Searcher(folder)
        people = searcher.directory(limit=10 ** 7)["people"]
        sample = _with_articles(searcher, position_sample(people, args.top, args.pairs, args.seed))
        good, seen = _score_positions(name, sample, position_labels, args.unlabelled)
        ok, judged = ok + good, judged + seen
        found = merges(people)
        print(f"merges    {name:<10} {len(found)} spellings shown as another "
              f"({sum(m[4] for m in found)} of people with a position)")
        every_merge += [(name, *map(str, m[:4]), "position" if m[4] else "-") for m in found]
        searcher.close()
    print(f"positions overall    labelled {judged}  precision {ok / max(1, judged):.3f}")
    if args.merges:
        args.merges.write_text("corpus\tspelling\tusual\tarticles\tusual_articles\theld\n"
                               + "".join("\t".join(m) + "\n" for m in every_merge), encoding="utf-8")
        print(f"every merge written to {args.merges}")
    frame = {(m[1], m[2]) for m in every_merge if m[5] == "position"}
    sample = drawn(frame, args.merge_sample, args.seed)
    labelled = [(pair, merge_labels[pair]) for pair in sample if pair in merge_labels]
    same = sum(label == "same" for _, label in labelled)
    print(f"merges    sample {len(sample)} of {len(frame)}  labelled {len(labelled)}  same {same}  "
          f"precision {same / max(1, len(labelled)):.3f}")
    for (variant, usual), label in labelled:
        if label != "same":
            print(f"    {label}: {variant} -> {usual}")
    if args.unlabelled:
        for pair in sample:
            if pair not in merge_labels:
                print("?\t" + "\t".join(pair))
    return 0


if __name__ == "__main__":
    sys.exit(main())
