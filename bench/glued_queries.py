"""The ``glued`` query type: titles glued to names, and the words before them, as users type them.

Users paste and type ``โดยมีนายอุตตม``, ``พันเอกสุวิทย์``, ``แพทย์สิริฤกษ์`` (a
title cut short) or the first name alone; news writes the same people with a
space before the surname. A query is drawn from a place in an article where a
title (or a stack: ``รศ.ดร.``) is glued to a known first name
(:func:`glued_sites`), in one of four forms (:func:`glued_query`); its oracle
is a substring scan (``oracle_corpus``). Called by ``make_queries.py``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from bench.oracle_corpus import Corpus
from bench.titled_names import find_names, name_pattern, thai_dictionary, title_compounds

__all__ = ["GLUED_TITLES", "TITLE_CUTS", "GLUED_FORMS", "GLUED_WEIGHTS", "GLUED_MAX_CHARS", "THAI_RUN", "MARKS",
           "names_written", "known_first_names", "glued_sites", "glued_forms", "glued_query", "make_glued"]

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
_GLUED_NAME = name_pattern(f"((?:{_GLUED_TITLE}){{1,3}}(?:หญิง)?)")
# Thai letters of a word: consonants, vowels and marks (no digits, ฯ, ๆ, ฿)
THAI_RUN = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]+")
_NAME_START = re.compile(r"[\u0e01-\u0e2e\u0e40-\u0e44]")
# Vowels and marks that cannot start a word (nor end a first name before them)
MARKS = frozenset("\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e45"
                  "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
GLUED_MAX_CHARS = 40
# Ranks and trades written like a title and a name that the dictionary lacks.
_TITLE_LIKE = frozenset({"นายตำรวจ", "นายเรือ", "นายอากาศ", "นายสิบ", "นายดาบ"})


def _glued_title_words() -> set[str]:
    """Dictionary words that start with a written-out title and go on (นายก, นายอำเภอ, คุณหญิงใหญ่)."""
    plain = [t for t in GLUED_TITLES if "." not in t]
    return {w for w in thai_dictionary() | _TITLE_LIKE if any(w.startswith(t) and len(w) > len(t) for t in plain)}


def names_written(texts: Iterable[str]) -> list[tuple[str, str]]:
    """(first, last) of every ``title first last`` in `texts` (:func:`find_names`, with the
    titles of the name type and with GLUED_TITLES, stacks included)."""
    title_words, glued_words, dictionary = title_compounds(), _glued_title_words(), thai_dictionary()
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

    found = {first for first, _ in names_written(texts)}
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
        if run[:k] in first_names and run[k] not in MARKS and not _crosses(run, k, dictionary):
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
            name_m = THAI_RUN.match(chunk, e)
            if not name_m or not _NAME_START.match(chunk, e) or len(name_m.group()) < 2:
                continue
            run, stop = name_m.group(), chunk[name_m.end():name_m.end() + 1]
            if stop == "." or stop.isdigit() or stop in ("ฯ", "ๆ"):  # an abbreviation goes on (พ.อ.อ.)
                continue
            prefix: list[str] = []
            if p > 0 and THAI_RUN.fullmatch(chunk[p - 1]):
                if starts is None:
                    starts, at = {}, 0
                    for t in segment(chunk):
                        starts[at] = t
                        at += len(t)
                if p not in starts:
                    continue
                before = [starts[a] for a in sorted(starts) if a < p]
                for t in reversed(before[-2:]):
                    if not (THAI_RUN.fullmatch(t) and t in dictionary and t[0] not in MARKS):
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

    title_words, dictionary = _glued_title_words(), thai_dictionary()
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
