"""Generate evaluation query sets (with exact-match oracles) from news corpora.

    python bench/make_queries.py CORPUS... --out QUERIES.jsonl [--seed 42] [--per-type 200]

Articles are read with thainews' own ingest (``indexer.ingest``), deduplicated
exactly like ``indexer.index.build`` does (same id, or same title+body fingerprint:
the first one wins), so ids and normalised text are the ones in the index.

Every line of the output is one query::

    {"type": "known-item" | "phrase" | "name" | "date-filtered" | "glued" | "unspaced",
     "query": "...", "from": "YYYY-MM-DD" | null, "to": "YYYY-MM-DD" | null,
     "target": id (known-item only), "oracle": [ids], "origin": id,
     "form", "title" (glued only), "words" (unspaced only)}

The oracle of phrase, name, glued and date-filtered queries is a plain
substring scan of ``title + "\\n" + body`` of every article; that of an
unspaced query, every article holding each of its words (see bench/README.md).
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
from functools import lru_cache
from pathlib import Path

from indexer.ingest import unique_articles
from indexer.ingest.article import Article

__all__ = [
    "load_articles", "article_text", "Corpus", "make_known_item", "make_phrase", "make_name",
    "make_date_filtered", "make_glued", "make_unspaced", "glued_sites", "glued_forms", "glued_query",
    "known_first_names",
    "make_queries", "TYPES", "GLUED_TITLES", "main",
]

TYPES = ("known-item", "phrase", "name", "date-filtered", "glued", "unspaced")

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


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def find_names(text: str, title_words: set[str] | None = None,
               dictionary: frozenset[str] | None = None, pattern: re.Pattern[str] = _NAME) -> list[str]:
    """``first last`` of every title + two Thai words in `text`.

    A match whose title plus first word begins with a dictionary word longer
    than the title (``นายกรัฐมนตรี``, ``นายอำเภอ``) is a rank, not a name, and
    is dropped; so is a "surname" that is a dictionary word or starts like
    the rest of a sentence (``กล่าวว่า``, ``หรือ``, ``ผู้อำนวยการ...``).
    """
    names = []
    for m in pattern.finditer(text):
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


# -------------------------------------------------------------------- glued

# Honorifics and ranks as users type them glued to a name. Written out here,
# not read from the engine's lexicon; matched longest first (นางสาว before
# นาง, พลตำรวจเอก before พลตำรวจ).
GLUED_TITLES = (
    "นาย", "นาง", "นางสาว", "คุณหญิง", "ท่านผู้หญิง", "หม่อมราชวงศ์", "หม่อมหลวง", "ดอกเตอร์",
    "ศาสตราจารย์", "รองศาสตราจารย์", "ผู้ช่วยศาสตราจารย์", "นายแพทย์", "แพทย์หญิง", "ทันตแพทย์",
    "ทันตแพทย์หญิง", "เภสัชกร", "เภสัชกรหญิง", "นายสัตวแพทย์", "สัตวแพทย์หญิง",
    "พลเอก", "พลโท", "พลตรี", "พันเอก", "พันโท", "พันตรี", "ร้อยเอก", "ร้อยโท", "ร้อยตรี",
    "ว่าที่ร้อยเอก", "ว่าที่ร้อยโท", "ว่าที่ร้อยตรี", "จ่าสิบเอก", "จ่าสิบโท", "จ่าสิบตรี", "สิบเอก", "สิบโท",
    "สิบตรี", "พลตำรวจเอก", "พลตำรวจโท", "พลตำรวจตรี", "พันตำรวจเอก", "พันตำรวจโท", "พันตำรวจตรี",
    "ร้อยตำรวจเอก", "ร้อยตำรวจโท", "ร้อยตำรวจตรี", "ดาบตำรวจ", "จ่าสิบตำรวจ", "พลอากาศเอก", "พลอากาศโท",
    "พลอากาศตรี", "นาวาอากาศเอก", "นาวาอากาศโท", "นาวาอากาศตรี", "พลเรือเอก", "พลเรือโท", "พลเรือตรี",
    "นาวาเอก", "นาวาโท", "นาวาตรี",
    "น.ส.", "ดร.", "ศ.", "รศ.", "ผศ.", "นพ.", "พญ.", "ทพ.", "ทพญ.", "ภก.", "ภญ.", "ม.ร.ว.", "ม.ล.",
    "พล.อ.", "พล.ท.", "พล.ต.", "พ.อ.", "พ.ท.", "พ.ต.", "ร.อ.", "ร.ท.", "ร.ต.", "จ.ส.อ.", "ว่าที่ร.ต.",
    "พล.ต.อ.", "พล.ต.ท.", "พล.ต.ต.", "พ.ต.อ.", "พ.ต.ท.", "พ.ต.ต.", "ร.ต.อ.", "ร.ต.ท.", "ร.ต.ต.", "ด.ต.",
    "พล.อ.อ.", "พล.อ.ท.", "พล.อ.ต.", "น.อ.", "น.ท.", "น.ต.", "พล.ร.อ.", "พล.ร.ท.", "พล.ร.ต.", "พ.จ.อ.",
)
# Whole words a user may leave off the front of a title (นายแพทย์สิริฤกษ์ ->
# แพทย์สิริฤกษ์); never a cut inside a word (ยอุตตม).
TITLE_CUTS = {
    "นายแพทย์": "แพทย์", "นายสัตวแพทย์": "สัตวแพทย์", "รองศาสตราจารย์": "ศาสตราจารย์",
    "ผู้ช่วยศาสตราจารย์": "ศาสตราจารย์", "ว่าที่ร้อยเอก": "ร้อยเอก", "ว่าที่ร้อยโท": "ร้อยโท",
    "ว่าที่ร้อยตรี": "ร้อยตรี", "ว่าที่ร.ต.": "ร.ต.",
}
# A stack of up to three titles (รศ.ดร., ศ.นพ.ดร., ศาสตราจารย์นายแพทย์), women's ranks (พันเอกหญิง).
_GLUED_TITLE = "|".join(re.escape(t) for t in sorted(GLUED_TITLES, key=len, reverse=True))
_TITLE_STACK = re.compile(rf"(?:{_GLUED_TITLE}){{1,3}}(?:หญิง)?")
_ONE_TITLE = re.compile(_GLUED_TITLE)
# find_names' pattern with these titles: stack, first name, one space, surname
_GLUED_NAME = re.compile(_NAME.pattern.replace(f"({_TITLE_ALT})", f"((?:{_GLUED_TITLE}){{1,3}}(?:หญิง)?)", 1))
# Thai letters of a word: consonants, vowels and marks (no digits, ฯ, ๆ, ฿)
_THAI_RUN = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]+")
_NAME_START = re.compile(r"[\u0e01-\u0e2e\u0e40-\u0e44]")
_MARK = frozenset("\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e45"
                  "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
GLUED_MAX_CHARS = 40
# Ranks and trades written like a title and a name that the dictionary lacks.
_TITLE_LIKE = frozenset({"นายตำรวจ", "นายเรือ", "นายอากาศ", "นายสิบ", "นายดาบ"})


def _glued_title_words() -> set[str]:
    """Dictionary words that start with a written-out title and go on (นายก, นายอำเภอ, คุณหญิงใหญ่)."""
    plain = [t for t in GLUED_TITLES if "." not in t]
    return {w for w in _dictionary() | _TITLE_LIKE if any(w.startswith(t) and len(w) > len(t) for t in plain)}



def _names_written(texts: Iterable[str]) -> list[tuple[str, str]]:
    """(first, last) of every ``title first last`` in `texts` (:func:`find_names`, with the
    titles of the name type and with GLUED_TITLES, stacks included)."""
    title_words, glued_words, dictionary = _title_words(), _glued_title_words(), _dictionary()
    found: list[tuple[str, str]] = []
    for text in texts:
        for name in (*find_names(text, title_words, dictionary),
                     *find_names(text, glued_words, dictionary, pattern=_GLUED_NAME)):
            first, last = name.split(" ")
            found.append((first, last))
    return found


def known_first_names(texts: Iterable[str]) -> frozenset[str]:
    """First names: PyThaiNLP's name lists plus every first name written ``title first last`` in `texts`."""
    from pythainlp.corpus import thai_female_names, thai_male_names

    found = {first for first, _ in _names_written(texts)}
    return frozenset(found | set(thai_male_names()) | set(thai_female_names()))


def _first_name_end(run: str, first_names: frozenset[str], dictionary: frozenset[str] = frozenset()) -> int | None:
    """Length of the known first name that starts `run` (the Thai letters after a title), or None.

    The whole run when it is a known first name, else the longest known
    first name that ends before a new letter (not before a vowel or tone
    mark) and not inside a dictionary word (เรียบ of ``เรียบร้อย``). An
    unknown run is not taken for a name: ``ตำรวจระดับสารวัตร`` after นาย,
    ``ขอให้วิกันดา`` after ท่านผู้หญิง.
    """
    if run in first_names:
        return len(run)
    for k in range(min(len(run) - 1, 30), 1, -1):
        if run[:k] in first_names and run[k] not in _MARK and not _crosses(run, k, dictionary):
            return k
    return None


def _crosses(run: str, k: int, dictionary: frozenset[str]) -> bool:
    """Whether a dictionary word of 3+ letters spans position `k` of `run` (เรียบ|ร้อย: not a name's end)."""
    return any(run[j:e] in dictionary for j in range(max(0, k - 12), k)
               for e in range(max(k + 1, j + 3), min(len(run), j + 20) + 1))


def glued_sites(text: str, first_names: frozenset[str], title_words: set[str],
                dictionary: frozenset[str], segment) -> list[dict]:
    """Places in `text` where a title (or a stack: รศ.ดร.) is glued to a name.

    Each site: ``title`` (the stack as written), ``prefix`` (up to two whole
    dictionary words glued before it, as segmented), ``first`` (the first
    name: a known one, see :func:`_first_name_end`; sites without one are
    left out), ``run`` (the Thai letters from
    the name to the end of the stretch), ``cuts`` (the title with whole
    leading words or titles left off: แพทย์ of นายแพทย์, ดร. of รศ.ดร.).
    A title must start a word (not มิถุนายน, เจ้านาย: the segmentation of
    the space-free chunk has a word boundary there, after a dictionary
    word when letters come before it, not สทศ.), be followed by a known
    first name, and not be the start of a dictionary word that covers that
    name (นายกรัฐมนตรี, นายอำเภอ).
    """
    sites = []
    for chunk_m in re.finditer(r"\S+", text):
        chunk = chunk_m.group()
        if not _ONE_TITLE.search(chunk):
            continue
        starts: dict[int, str] | None = None
        for m in _TITLE_STACK.finditer(chunk):
            p, e, stack = m.start(), m.end(), m.group()
            name_m = _THAI_RUN.match(chunk, e)
            if not name_m or not _NAME_START.match(chunk, e) or len(name_m.group()) < 2:
                continue
            run, stop = name_m.group(), chunk[name_m.end():name_m.end() + 1]
            if stop == "." or stop.isdigit() or stop in ("ฯ", "ๆ"):  # an abbreviation goes on (พ.อ.อ.)
                continue
            prefix: list[str] = []
            if p > 0 and _THAI_RUN.fullmatch(chunk[p - 1]):
                if starts is None:
                    starts, at = {}, 0
                    for t in segment(chunk):
                        starts[at] = t
                        at += len(t)
                if p not in starts:
                    continue
                before = [starts[a] for a in sorted(starts) if a < p]
                for t in reversed(before[-2:]):
                    if not (_THAI_RUN.fullmatch(t) and t in dictionary and t[0] not in _MARK):
                        break
                    prefix.insert(0, t)
                if not prefix:  # glued to letters that are no word (สทศ.): not a title there
                    continue
            end = _first_name_end(run, first_names, dictionary)
            if end is None:
                continue
            # a word that starts like a title (นายกรัฐมนตรี, นายอำเภอ) and covers the
            # whole "name": a rank, not a name; one that ends inside a known first
            # name (นายก of นายกฤษศญพงษ์) is the title's own letters
            first_title = _ONE_TITLE.match(chunk, p).group()
            head = chunk[p:name_m.end()]
            if "." not in first_title and any(head[:k] in title_words
                                              for k in range(e - p + end, min(len(head), 30) + 1)):
                continue
            titles = [t.group() for t in _ONE_TITLE.finditer(stack)]
            if len(set(titles)) < len(titles):  # a title typed twice (นายนายกิตติกร)
                continue
            cuts = ["".join(titles[k:]) for k in range(1, len(titles))] if "".join(titles) == stack else []
            if titles and titles[0] in TITLE_CUTS and "".join(titles) == stack:
                cuts.append(TITLE_CUTS[titles[0]] + "".join(titles[1:]))
            sites.append({"title": stack, "prefix": prefix, "run": run,
                          "first": run[:end], "cuts": cuts})
    return sites


GLUED_FORMS = ("prefix", "title", "cut-title", "name")
# Each form's share of the glued queries: the words before a title most, as
# users paste them (โดยมีนายอุตตม); a cut title is rarer in text.
GLUED_WEIGHTS = {"prefix": 4, "title": 2.5, "cut-title": 1, "name": 2.5}


def glued_forms(site: dict, dictionary: frozenset[str]) -> list[str]:
    """The forms a user may type at `site` (see :func:`glued_query`)."""
    forms = ["title"]
    if site["prefix"]:
        forms.append("prefix")
    if site["cuts"]:
        forms.append("cut-title")
    first = site["first"]
    if len(first) >= 3 and first not in dictionary:
        forms.append("name")
    return forms


def _mostly_a_name(corpus: Corpus, name: str) -> bool:
    """Whether at least half of the articles holding `name` hold it right after a title:
    else it is mostly part of other words (พชร in เพชร) and its oracle would be those."""
    holding = corpus.containing(name)
    titled = re.compile(rf"(?:{_GLUED_TITLE})(?:หญิง)?{re.escape(name)}")
    return sum(1 for i in holding if titled.search(corpus.texts[i])) * 2 >= len(holding)


def glued_query(site: dict, form: str, rng: random.Random) -> str | None:
    """The query of `form` at `site`, or None when it is longer than GLUED_MAX_CHARS.

    Forms: ``prefix`` (one or two words glued before the title + title +
    name), ``title`` (title + name), ``cut-title`` (the title without its
    leading word(s) + name), ``name`` (the first name alone: not a
    dictionary word, 3+ characters; :func:`make_glued` also wants it
    after a title in at least half the articles that hold it). The name ends where the first name
    ends, or (3 in 10 when it goes on) at the end of the stretch.
    """
    first, run = site["first"], site["run"]
    if form == "name":
        return first
    name = run if run != first and rng.random() < 0.3 else first
    if form == "prefix":
        query = "".join(site["prefix"][-rng.choice((1, 2)):]) + site["title"] + name
    elif form == "cut-title":
        query = rng.choice(site["cuts"]) + name
    else:
        query = site["title"] + name
    return query if len(query) <= GLUED_MAX_CHARS else None


def make_glued(corpus: Corpus, rng: random.Random, n: int) -> list[dict]:
    """Titles glued to names and the words before them, as users type them; oracle by substring.

    Each form has a quota of `n` (GLUED_WEIGHTS). Articles are visited in a
    seeded order; at each, one form still short of its quota that one of
    the article's sites allows is drawn, then one such site. Forms the
    corpus cannot fill are topped up with the others in a second round.
    """
    from indexer.thai.segment import segment

    title_words, dictionary = _glued_title_words(), _dictionary()
    first_names = known_first_names(a.body for a in corpus.articles)
    total = sum(GLUED_WEIGHTS.values())
    quota = {form: round(n * w / total) for form, w in GLUED_WEIGHTS.items()}
    out: list[dict] = []
    used: set[str] = set()
    order = list(range(len(corpus)))
    rng.shuffle(order)
    cache: dict[int, list[dict]] = {}
    rounds = min(50, max(2, -(-3 * n // max(1, len(corpus)))))  # a small corpus is visited more often
    for fill in (False, True):
        for i in order * rounds:
            if len(out) >= n:
                break
            if i not in cache:
                cache[i] = glued_sites(corpus.articles[i].body, first_names, title_words, dictionary, segment)
            allowed = {f for site in cache[i] for f in glued_forms(site, dictionary)}
            forms = [f for f in GLUED_FORMS if f in allowed and (fill or quota[f] > 0)]
            if not forms:
                continue
            form = rng.choices(forms, [GLUED_WEIGHTS[f] for f in forms])[0]
            site = rng.choice([site for site in cache[i] if form in glued_forms(site, dictionary)])
            query = glued_query(site, form, rng)
            if query is None or query in used:
                continue
            used.add(query)
            if form == "name" and not _mostly_a_name(corpus, query):
                continue
            oracle = corpus.oracle(query)
            if not oracle:
                continue
            quota[form] -= 1
            out.append({"type": "glued", "query": query, "from": None, "to": None, "form": form,
                        "title": site["title"], "oracle": oracle, "origin": corpus.ids[i]})
    return out


# ------------------------------------------------------------------ unspaced

UNSPACED_SPAN = 80      # the words start within this many characters of the first one
UNSPACED_MAX_DF = 0.20  # content words: each in at most this share of articles
UNSPACED_MAX_CHARS = 30


def _stop_words() -> frozenset[str]:
    """Function words: those the latency mix leaves out (bench/queries_mix.py) and PyThaiNLP's stop words."""
    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)
    from pythainlp.corpus import thai_stopwords
    from queries_mix import _STOP

    return frozenset(_STOP) | frozenset(thai_stopwords())


def _in_name(tokens: Sequence[str], k: int, names: frozenset[str]) -> bool:
    """Whether token `k` is a piece of a name cut into words (จิร|พงษ์, จันทร์|โอชา): 2-4
    glued tokens around it spell a known first name or surname."""
    for a in range(max(0, k - 3), k + 1):
        for b in range(max(k + 1, a + 2), min(len(tokens), a + 4) + 1):
            if "".join(tokens[a:b]) in names:
                return True
    return False


def make_unspaced(corpus: Corpus, rng: random.Random, n: int, *, span: int = UNSPACED_SPAN,
                  max_df: float = UNSPACED_MAX_DF, tries: int = 8) -> list[dict]:
    """2-3 nearby words of one article glued in their order, the glued string in no article.

    Words: Thai dictionary words (PyThaiNLP's list) of 2+ letters as the
    project's segmentation cuts the article, not pieces of a name the
    segmentation cut up (:func:`_in_name`; PyThaiNLP's name lists and the
    names written after a title in the corpus), not function words
    (``queries_mix._STOP``, PyThaiNLP's stop words), each in at most `max_df` of the articles
    (or 2 articles, in a tiny corpus); no
    word inside another. The glued string must segment back into exactly
    those words (so "its dictionary words" are well defined) and occur in
    no article. Oracle: every article that holds every word (substring).
    """
    from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names

    from indexer.thai.segment import segment

    dictionary, stop = _dictionary(), _stop_words()
    names = {part for pair in _names_written(a.body for a in corpus.articles) for part in pair}
    names = frozenset(names | set(thai_male_names()) | set(thai_female_names()) | set(thai_family_names()))
    df_cache: dict[str, int] = {}
    limit = max(max_df * len(corpus), 2)

    def df(word: str) -> int:
        if word not in df_cache:
            df_cache[word] = len(corpus.containing(word))
        return df_cache[word]

    def content(word: str) -> bool:
        return (len(word) >= 2 and word in dictionary and word not in stop
                and _THAI_RUN.fullmatch(word) is not None and word[0] not in _MARK)

    out: list[dict] = []
    used: set[str] = set()
    order = list(range(len(corpus)))
    rng.shuffle(order)
    for i in order * 2:
        if len(out) >= n:
            break
        text = corpus.texts[i]
        tokens = segment(text)
        words_at, at = [], 0
        for k, t in enumerate(tokens):
            if content(t) and not _in_name(tokens, k, names):
                words_at.append((at, t))
            at += len(t)
        if len(words_at) < 2:
            continue
        for _ in range(tries):
            k = rng.choice((2, 2, 3))
            a = rng.randrange(len(words_at))
            near = [w for pos, w in words_at[a + 1:] if pos - words_at[a][0] < span]
            near = list(dict.fromkeys(w for w in near if w != words_at[a][1]))
            if len(near) < k - 1:
                continue
            picked = [words_at[a][1], *sorted(rng.sample(near, k - 1), key=near.index)]
            if any(x != y and x in y for x in picked for y in picked):
                continue
            query = "".join(picked)
            if len(query) > UNSPACED_MAX_CHARS or query in used or any(df(w) > limit for w in picked):
                continue
            used.add(query)
            if segment(query) != picked or corpus.containing(query):
                continue
            rarest = min(picked, key=df)
            oracle = [corpus.ids[j] for j in corpus.containing(rarest)
                      if all(w in corpus.texts[j] for w in picked)]
            out.append({"type": "unspaced", "query": query, "words": picked, "from": None, "to": None,
                        "oracle": oracle, "origin": corpus.ids[i]})
            break
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
        elif kind == "glued":
            got = make_glued(corpus, rng, per_type)
        elif kind == "unspaced":
            got = make_unspaced(corpus, rng, per_type)
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
