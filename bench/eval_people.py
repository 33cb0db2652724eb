"""Precision and recall of indexer.thai.officials on the hand-labelled people gold set.

    python -m bench.eval_people [--gold tests/data/people_gold.jsonl] [--shared DIR] [--quiet]

Each gold line names one article of the ../shared corpora (a thaigov-sample file
or a dailynews-2017.tar.gz member) and lists every person mention with an
honorific or rank in it, as {"name": "first last", "position": ... or null}.
The labels were made by reading the articles, not from the extractor's output.
Labelling conventions: a mention needs a Thai honorific/rank and both a first
name and a surname (nicknames and first-name-only references are not
mentions); royalty, monks and English honorifics (Mr., Ms.) are left out; the
position is the office written right after the name, up to the next space
(joined across "และ" and across "ที่ปรึกษา รมว.X"-style abbreviations), and
null when what follows is not an office (age, "ภริยา", "ทนายความ", ...).

The extractor runs on title + "\\n" + content (dailynews) or the whole file
(thaigov), normalised as the index normalises it (indexer.thai.normalize:
"ประจําสํานัก" pasted from a PDF is "ประจำสำนัก"). Scores: names = set of
"first last" per article; pairs = the (name, position) pairs with a non-null
position. Strings are compared after normalize with runs of spaces collapsed
and no space around "และ" (the positions shown write a joined office one way:
"นายกรัฐมนตรีและ รมว.กลาโหม" is "นายกรัฐมนตรีและรมว.กลาโหม").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from indexer.thai.normalize import normalize
from indexer.thai.officials import people_in

ROOT = Path(__file__).resolve().parents[1]

__all__ = ["Score", "load_gold", "load_articles", "evaluate", "main"]

GOLD = ROOT / "tests" / "data" / "people_gold.jsonl"
SHARED = ROOT.parent / "shared"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, gold: set, found: set, where: str) -> None:
        self.tp += len(gold & found)
        self.fp += len(found - gold)
        self.fn += len(gold - found)
        self.false_positives += [f"{where}: {x}" for x in sorted(map(str, found - gold))]
        self.misses += [f"{where}: {x}" for x in sorted(map(str, gold - found))]


def _norm(s: str) -> str:
    return re.sub(r"\s*และ\s*", "และ", re.sub(r"\s+", " ", normalize(s))).strip()


def load_gold(path: Path = GOLD) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_articles(gold: Iterable[dict], shared: Path = SHARED) -> dict[tuple[str, str], str]:
    """(corpus, path) -> article text, for the gold articles present under ``shared``."""
    corpora = shared / "corpora"
    texts: dict[tuple[str, str], str] = {}
    wanted = {(g["corpus"], g["path"]) for g in gold}
    for corpus, path in wanted:
        if corpus == "thaigov-sample" and (corpora / corpus / path).is_file():
            texts[(corpus, path)] = (corpora / corpus / path).read_text(encoding="utf-8-sig")
    members = {p for c, p in wanted if c == "dailynews-2017"}
    tar_path = corpora / "dailynews-2017.tar.gz"
    if members and tar_path.is_file():
        with tarfile.open(tar_path) as tar:
            for name in members:
                data = json.loads(tar.extractfile(name).read().decode("utf-8"))
                texts[("dailynews-2017", name)] = f"{data.get('title') or ''}\n{data.get('content') or ''}"
    return texts


def evaluate(gold: list[dict], texts: dict[tuple[str, str], str]) -> dict[str, dict[str, Score]]:
    """Scores per corpus and overall: {"thaigov-sample": {"names": Score, "pairs": Score}, ...}."""
    scores: dict[str, dict[str, Score]] = {}
    for g in gold:
        key = (g["corpus"], g["path"])
        if key not in texts:
            continue
        found = {_norm(n): {_norm(p) for p in ps} for n, ps in people_in(normalize(texts[key])).items()}
        names = {_norm(m["name"]) for m in g["mentions"]}
        pairs = {(_norm(m["name"]), _norm(m["position"])) for m in g["mentions"] if m["position"]}
        where = g["path"] if g["path"].startswith(g["corpus"]) else f"{g['corpus']}/{g['path']}"
        for bucket in (g["corpus"], "overall"):
            s = scores.setdefault(bucket, {"names": Score(), "pairs": Score()})
            s["names"].add(names, set(found), where)
            s["pairs"].add(pairs, {(n, p) for n, ps in found.items() for p in ps}, where)
    return scores


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--quiet", action="store_true", help="scores only, no lists of errors")
    args = ap.parse_args(argv)
    gold = load_gold(args.gold)
    texts = load_articles(gold, args.shared)
    if not texts:
        print(f"no gold article found under {args.shared}/corpora: skipped")
        return 0
    missing = len({(g["corpus"], g["path"]) for g in gold}) - len(texts)
    if missing:
        print(f"{missing} gold article(s) absent under {args.shared}: skipped")
    scores = evaluate(gold, texts)
    print(f"{'corpus':<16} {'what':<6} {'P':>6} {'R':>6}   tp  fp  fn")
    for bucket, s in scores.items():
        for what, sc in s.items():
            print(f"{bucket:<16} {what:<6} {sc.precision:6.3f} {sc.recall:6.3f} {sc.tp:4d} {sc.fp:3d} {sc.fn:3d}")
    if not args.quiet:
        for what in ("names", "pairs"):
            sc = scores["overall"][what]
            print(f"\nfalse positives ({what}):", *sc.false_positives or ["none"], sep="\n  ")
            print(f"misses ({what}):", *sc.misses or ["none"], sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
