"""Generate evaluation query sets (with exact-match oracles) from news corpora.

    python bench/make_queries.py CORPUS... --out QUERIES.jsonl [--seed 42] [--per-type 200]

Articles are read with thainews' own ingest (``indexer.ingest``), deduplicated
exactly like ``indexer.index.build`` does (same id, or same title+body fingerprint:
the first one wins), so ids and normalised text are the ones in the index.

Every line of the output is one query::

    {"type": "known-item" | "phrase" | "name" | "date-filtered",
     "query": "...", "from": "YYYY-MM-DD" | null, "to": "YYYY-MM-DD" | null,
     "target": id (known-item only), "oracle": [ids], "origin": id}

The oracle of phrase, name and date-filtered queries is a plain substring scan
of ``title + "\\n" + body`` of every article (see bench/README.md).
``origin`` is the article the query was taken from (informational).
A sidecar ``QUERIES.jsonl.meta.json`` records the corpus, seed and counts.
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

from indexer.ingest import unique_articles
from indexer.ingest.article import Article

__all__ = [
    "load_articles", "article_text", "Corpus", "make_known_item", "make_phrase", "make_name",
    "make_date_filtered", "make_queries", "TYPES", "main",
]

TYPES = ("known-item", "phrase", "name", "date-filtered")

_THAI_LETTER = re.compile(r"[\u0e01-\u0e4e]")
# Thai personal titles, longest first so นางสาว wins over นาง. Abbreviated
# titles keep their dots.
TITLES = (
    "พลตำรวจเอก", "พลตำรวจโท", "พลตำรวจตรี", "พันตำรวจเอก", "พันตำรวจโท", "พันตำรวจตรี",
    "ว่าที่ร้อยตรี", "พลอากาศเอก", "พลเรือเอก", "พลเอก", "พลโท", "พลตรี", "พันเอก", "พันโท",
    "นางสาว", "นาง", "นาย", "ดร.", "พล.ต.อ.", "พล.ต.ท.", "พล.ต.ต.", "พ.ต.อ.", "พ.ต.ท.",
    "พล.อ.", "พล.ท.", "พล.ต.", "พล.อ.อ.", "พล.ร.อ.", "พ.อ.", "พ.ท.", "น.ส.", "นพ.", "พญ.",
    "ศ.", "รศ.", "ผศ.",
)
_TITLE_ALT = "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))
# A title (glued only to a connecting word, see _GLUE_BEFORE), directly followed by two Thai
# words separated by one space, the second ending at a space, punctuation or
# the end of the text (a Thai run glued after it would make it ambiguous).
_NAME = re.compile(
    rf"(?<![.])({_TITLE_ALT})"
    r"([\u0e01-\u0e2e\u0e40-\u0e44][\u0e01-\u0e4e]{1,24}) ([\u0e01-\u0e2e\u0e40-\u0e44][\u0e01-\u0e4e]{1,29})"
    r"(?![\u0e01-\u0e4e.])"
)


def article_text(article: Article) -> str:
    """The text an oracle scans: normalised title, a newline, normalised body."""
    return f"{article.title}\n{article.body}"


def load_articles(sources: Sequence[str | Path], *, errors: list | None = None) -> list[Article]:
    """Every article of `sources` that ``indexer.index.build`` would index, in build order."""

    def note(src, result) -> None:
        if errors is not None and result.status == "failed":
            errors.append((src.path, result.reason))

    return list(unique_articles(sources, on_file=note))


class Corpus:
    """Articles plus a fast exact substring scanner over all of them.

    All texts are joined with NUL (which no query contains) into one string;
    ``str.find`` over it runs at memory speed, and a match offset maps back to
    its article with a binary search. Each article is counted once.
    """

    SEP = "\x00"

    def __init__(self, articles: Sequence[Article]):
        self.articles = list(articles)
        self.ids = [a.id for a in self.articles]
        self.texts = [article_text(a) for a in self.articles]
        self.starts: list[int] = []
        pos = 0
        for text in self.texts:
            self.starts.append(pos)
            pos += len(text) + 1
        self.big = self.SEP.join(self.texts)

    def __len__(self) -> int:
        return len(self.articles)

    def containing(self, needle: str) -> list[int]:
        """Indexes of the articles whose text contains `needle` (in corpus order)."""
        if not needle or self.SEP in needle:
            return []
        found: list[int] = []
        find, big, starts = self.big.find, self.big, self.starts
        at = find(needle)
        while at != -1:
            i = bisect.bisect_right(starts, at) - 1
            found.append(i)
            nxt = starts[i + 1] if i + 1 < len(starts) else len(big)
            at = find(needle, nxt)
        return found

    def oracle(self, needle: str) -> list[str]:
        return [self.ids[i] for i in self.containing(needle)]


def _ws(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- known-item

def make_known_item(corpus: Corpus, rng: random.Random, n: int, min_chars: int = 10) -> list[dict]:
    """Unique headlines (after whitespace normalisation) of >= `min_chars` characters."""
    counts = Counter(_ws(a.title) for a in corpus.articles)
    pool = [a for a in corpus.articles
            if len(_ws(a.title)) >= min_chars and counts[_ws(a.title)] == 1]
    picked = rng.sample(pool, min(n, len(pool)))
    return [{"type": "known-item", "query": _ws(a.title), "from": None, "to": None,
             "target": a.id, "oracle": [a.id], "origin": a.id} for a in picked]


# -------------------------------------------------------------------- phrase

_PHRASE_EXTRA = set(".,-")


def is_phrase_chunk(chunk: str, lo: int = 8, hi: int = 30) -> bool:
    """8-30 characters, mostly Thai letters (>= 85%), otherwise only . , -; not digits only."""
    if not (lo <= len(chunk) <= hi) or chunk.isdigit():
        return False
    thai = sum(1 for ch in chunk if "\u0e01" <= ch <= "\u0e4e")
    if thai < 0.85 * len(chunk):
        return False
    return all("\u0e01" <= ch <= "\u0e4e" or ch in _PHRASE_EXTRA or ch.isdigit() for ch in chunk)


def make_phrase(corpus: Corpus, rng: random.Random, n: int, tries: int = 50) -> list[dict]:
    """A whole space-delimited chunk copied from a random body; oracle by substring."""
    out: list[dict] = []
    used: set[str] = set()
    order = list(range(len(corpus)))
    rng.shuffle(order)
    for i in order * 2:
        if len(out) >= n:
            break
        chunks = [c for c in corpus.articles[i].body.split() if is_phrase_chunk(c) and c not in used]
        if not chunks:
            continue
        chunk = rng.choice(chunks)
        used.add(chunk)
        oracle = corpus.oracle(chunk)
        if not oracle:  # cannot happen (it was copied from a body); be safe
            continue
        out.append({"type": "phrase", "query": chunk, "from": None, "to": None,
                    "oracle": oracle, "origin": corpus.ids[i]})
    return out


# ---------------------------------------------------------------------- name

# A "surname" that starts with one of these is the next word of the sentence
# (``นายสมชาย กล่าวว่า``, ``นางสาวก หรือ``), not a surname.
_NOT_SURNAME = (
    "กล่าว", "หรือ", "ได้", "มี", "ถึง", "ผู้", "เป็น", "ที่", "และ", "ซึ่ง", "จึง", "ยัง", "อายุ",
    "เปิดเผย", "ระบุ", "ให้", "ว่า", "จะ", "ก็", "ไม่", "เคย", "บอก", "แถลง", "ชี้แจง", "ตำแหน่ง",
    "รอง", "หัวหน้า", "ประธาน", "อธิบดี", "เลขาธิการ", "รัฐมนตรี", "นายก", "อดีต", "พร้อม", "เข้า",
    "ออก", "ไป", "มา", "อยู่", "คือ", "เพื่อ", "โดย", "ใน", "จาก", "กับ", "แต่", "เมื่อ", "ทั้ง",
    "ต่อ", "เอง", "ตอบ", "ถาม", "แจ้ง", "เผย", "ยืนยัน", "อธิบาย", "ย้ำ", "สั่ง", "นำ", "ร่วม",
)


# Words a title may be glued to (``และนายสมชาย``, ``โดยนางสาว...``); any
# other Thai letter before a title makes it part of a word (``เจ้านาย``).
_GLUE_BEFORE = ("และ", "โดย", "ของ", "กับ", "ถึง", "จาก", "ให้", "ว่า", "คือ", "ที่", "ซึ่ง", "พร้อม",
                "ทั้ง", "หรือ", "เช่น", "ได้แก่", "ราย", "ตาม", "แก่", "ต่อ", "เป็น", "นำ")

# Pieces that hardly occur inside a Thai name but glue sentence text to one.
_NOT_IN_NAME = ("ว่า", "ที่", "ไม่", "และ", "ก็", "ของ", "ได้", "ให้")


def _title_words() -> set[str]:
    """Dictionary words that start with a personal title (นายก, นายอำเภอ, นางงาม ...)."""
    from pythainlp.corpus import thai_words

    plain = [t for t in TITLES if "." not in t]
    return {w for w in thai_words() if any(w.startswith(t) and len(w) > len(t) for t in plain)}


def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def find_names(text: str, title_words: set[str] | None = None,
               dictionary: frozenset[str] | None = None) -> list[str]:
    """``first last`` of every title + two Thai words in `text`.

    A match whose title plus first word begins with a dictionary word longer
    than the title (``นายกรัฐมนตรี``, ``นายอำเภอ``) is a rank, not a name, and
    is dropped; so is a "surname" that is a dictionary word or starts like
    the rest of a sentence (``กล่าวว่า``, ``หรือ``, ``ผู้อำนวยการ...``).
    """
    names = []
    for m in _NAME.finditer(text):
        title, first, last = m.group(1), m.group(2), m.group(3)
        before = text[max(0, m.start() - 8):m.start()]
        if before and "\u0e01" <= before[-1] <= "\u0e4e" and not before.endswith(_GLUE_BEFORE):
            continue
        if title_words and "." not in title:
            head = title + first
            if any(head[:k] in title_words for k in range(len(title) + 1, len(head) + 1)):
                continue
        if last.startswith(_NOT_SURNAME) or (dictionary and last in dictionary):
            continue
        if any(p in first or p in last for p in _NOT_IN_NAME):
            continue
        names.append(f"{first} {last}")
    return names


def make_name(corpus: Corpus, rng: random.Random, n: int) -> list[dict]:
    """Names that follow a Thai title in bodies; oracle = articles containing ``first last``."""
    title_words, dictionary = _title_words(), _dictionary()
    origin: dict[str, str] = {}
    for a in corpus.articles:
        for name in find_names(a.body, title_words, dictionary):
            origin.setdefault(name, a.id)
    names = sorted(origin)
    picked = rng.sample(names, min(n, len(names)))
    out = []
    for name in picked:
        oracle = corpus.oracle(name)
        if oracle:
            out.append({"type": "name", "query": name, "from": None, "to": None,
                        "oracle": oracle, "origin": origin[name]})
    return out


# ------------------------------------------------------------- date-filtered

def common_words(corpus: Corpus, rng: random.Random, min_df: float, max_df: float,
                 sample: int = 3000, min_chars: int = 3, max_candidates: int = 400) -> list[tuple[str, float]]:
    """Thai words found in [min_df, max_df] of articles, as substrings of the full corpus.

    Candidates come from a newmm segmentation (thainews' segmenter) of a
    random sample of articles; their document frequency is then counted
    exactly, by substring, over every article.
    """
    from indexer.thai.segment import segment

    idx = list(range(len(corpus)))
    rng.shuffle(idx)
    idx = idx[:sample]
    df: Counter[str] = Counter()
    for i in idx:
        words = {w for w in segment(corpus.texts[i])
                 if len(w) >= min_chars and all("\u0e01" <= ch <= "\u0e4e" for ch in w)}
        df.update(words)
    lo, hi = min_df * len(idx), max_df * len(idx)
    cands = sorted((w for w, c in df.items() if lo <= c <= hi), key=lambda w: (-df[w], w))
    if len(cands) > max_candidates:
        cands = sorted(rng.sample(cands, max_candidates), key=lambda w: (-df[w], w))
    out = []
    total = len(corpus)
    for w in cands:
        share = len(corpus.containing(w)) / total
        if min_df <= share <= max_df:
            out.append((w, share))
    return out


def _windows(corpus: Corpus, window: str) -> list[tuple[date, date]]:
    dates = sorted(a.date for a in corpus.articles if a.date)
    if not dates:
        return []
    if window == "month":
        months = sorted({(d.year, d.month) for d in dates})
        return [(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])) for y, m in months]
    days = int(window[:-1]) if window.endswith("d") else 7
    starts = sorted(set(dates))
    return [(d, d + timedelta(days=days - 1)) for d in starts]


def make_date_filtered(corpus: Corpus, rng: random.Random, n: int, *, min_df: float = 0.02,
                       max_df: float = 0.30, window: str = "month") -> list[dict]:
    """A common word plus a window that has articles; oracle = in-window articles containing it."""
    words = common_words(corpus, rng, min_df, max_df)
    windows = _windows(corpus, window)
    if not words or not windows:
        return []
    by_day: dict[date, list[int]] = defaultdict(list)
    for i, a in enumerate(corpus.articles):
        if a.date:
            by_day[a.date].append(i)
    days = sorted(by_day)
    out: list[dict] = []
    used: set[tuple[str, date, date]] = set()
    for _ in range(n * 20):
        if len(out) >= n:
            break
        word, _share = rng.choice(words)
        lo, hi = rng.choice(windows)
        if (word, lo, hi) in used:
            continue
        used.add((word, lo, hi))
        a, b = bisect.bisect_left(days, lo), bisect.bisect_right(days, hi)
        oracle = [corpus.ids[i] for d in days[a:b] for i in by_day[d] if word in corpus.texts[i]]
        if not oracle:
            continue
        out.append({"type": "date-filtered", "query": word, "from": lo.isoformat(), "to": hi.isoformat(),
                    "oracle": oracle, "origin": None})
    return out


# ---------------------------------------------------------------------- main

def make_queries(articles: Sequence[Article], *, per_type: int = 200, seed: int = 42,
                 types: Iterable[str] = TYPES, min_df: float = 0.02, max_df: float = 0.30,
                 window: str = "month", log=None) -> list[dict]:
    """All query sets for `articles` (deterministic for a given seed)."""
    corpus = Corpus(articles)
    queries: list[dict] = []
    for kind in types:
        rng = random.Random(f"{seed}:{kind}")  # each type independent of the others
        started = time.perf_counter()
        if kind == "known-item":
            got = make_known_item(corpus, rng, per_type)
        elif kind == "phrase":
            got = make_phrase(corpus, rng, per_type)
        elif kind == "name":
            got = make_name(corpus, rng, per_type)
        elif kind == "date-filtered":
            got = make_date_filtered(corpus, rng, per_type, min_df=min_df, max_df=max_df, window=window)
        else:
            raise ValueError(f"unknown query type {kind!r}")
        if log:
            log(f"{kind}: {len(got)} queries ({time.perf_counter() - started:.1f}s)")
        queries.extend(got)
    return queries


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="+", help="directories, files or archives (.tar.gz, .zip)")
    ap.add_argument("--out", required=True, help="output JSON Lines file")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--per-type", type=int, default=200, help="queries per type (default 200)")
    ap.add_argument("--types", default=",".join(TYPES), help="comma-separated subset of " + ",".join(TYPES))
    ap.add_argument("--min-df", type=float, default=0.02, help="date-filtered word: min share of articles")
    ap.add_argument("--max-df", type=float, default=0.30, help="date-filtered word: max share of articles")
    ap.add_argument("--window", default="month",
                    help="date-filtered window: 'month' (calendar month, default) or 'Nd' (N days from an article's date)")
    args = ap.parse_args(argv)
    types = [t.strip() for t in args.types.split(",") if t.strip()]
    if not re.fullmatch(r"month|[1-9]\d*d", args.window):
        ap.error("--window must be 'month' or a number of days like '7d'")
    for t in types:
        if t not in TYPES:
            ap.error(f"unknown type {t!r}")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    started = time.perf_counter()
    errors: list = []
    articles = load_articles(args.corpus, errors=errors)
    log(f"{len(articles)} articles read ({len(errors)} files failed) in {time.perf_counter() - started:.1f}s")
    queries = make_queries(articles, per_type=args.per_type, seed=args.seed, types=types,
                           min_df=args.min_df, max_df=args.max_df, window=args.window, log=log)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for q in queries:
            fh.write(json.dumps(q, ensure_ascii=False) + "\n")
    meta = {
        "corpus": [str(c) for c in args.corpus], "articles": len(articles), "seed": args.seed,
        "per_type": args.per_type, "window": args.window, "min_df": args.min_df, "max_df": args.max_df,
        "counts": dict(Counter(q["type"] for q in queries)),
        "command": " ".join(["python", "bench/make_queries.py", *(argv if argv is not None else sys.argv[1:])]),
    }
    Path(str(out) + ".meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    log(f"{len(queries)} queries written to {out} in {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
