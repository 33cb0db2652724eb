"""From a user's query string to a Whoosh query with Thai semantics.

Whoosh's query parser handles the syntax (spaces mean AND, ``"..."``,
``OR``, ``NOT``, ``-word``, ``title:``). What it cannot know is Thai: it hands
each space-free run of the query (a *unit*) to :meth:`ThaiQueryParser.term_query`,
which builds the unit's query:

* exact: the unit's words as a phrase of adjacent positions (words with no
  space or punctuation between them, see ``analysis``), ranked highest;
* inside a word: terms of the index that hold the whole unit (`ประชุม` in
  `การประชุม`, `เหลื่` in `เหลื่อมล้ำ`), found in the field's lexicon;
* across words: the unit's first word may be the end of a longer term and
  its last word the start of one (`ประชุมเชิงปฏิบัติการ` in
  `การประชุม|เชิงปฏิบัติการ`);
* abbreviations: the same for each variant (`ผวจ.` / `ผู้ว่าราชการจังหวัด`);
* relaxed: a unit that matches no article at all falls back to its words
  in order, near each other (`ผู้ว่าสงขลา` finds `ผู้ว่าราชการจังหวัดสงขลา`),
  and is reported as relaxed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import qparser
from whoosh import query as wq

from indexer.thai.abbreviations import variants
from indexer.thai.normalize import normalize
from indexer.thai.officials import name_key
from indexer.thai.words import term_spans

from .runs import TermSet, WordRun

__all__ = ["Unit", "ThaiQueryParser", "EXACT_BOOST", "MAX_EXPANSION"]

EXACT_BOOST = 4.0
SUBWORD_BOOST = 1.0
RELAXED_BOOST = 0.5
VARIANT_BOOST = 0.2  # an abbreviation is rarer, so its BM25 idf alone would put it first
# Relaxed words may have this many other words between them, per word.
RELAXED_SLOP = 3
# A relaxed unit of more words only needs them all, in any order; so do the
# relaxed units of a query after the first few.
MAX_RELAXED_WORDS = 12
MAX_RELAXED_IN_ORDER = 8
# Cap on lexicon terms a unit expands to. A short, common unit (`กา`) is
# held by thousands of terms; the most frequent ones carry the recall.
MAX_EXPANSION = 200
# The first and last words of a unit may be glued to their neighbours; these
# alternatives sit inside a positional query, where each one costs more.
MAX_EDGE_EXPANSION = 40
MIN_EDGE_CHARS = 3
EDGE_SKIP_DF = 1000
# Fields indexed with positions (the others hold whole names and offices).
POSITIONAL_FIELDS = ("title", "body")
# The fields a user may name in a query (`title:`, `person:` ...).
SYNTAX_FIELDS = ("title", "body", "person", "position")

_THAI = re.compile(r"[\u0e01-\u0e4e]")
_WORD_CHAR = re.compile(r"[^\W_]")


@dataclass
class Unit:
    """One query unit as the user typed it, with what it was expanded to."""

    text: str
    forms: list[list[str]] = field(default_factory=list)  # term lists, one per variant
    gapped: set[int] = field(default_factory=set)  # forms typed with punctuation inside (COVID-19)
    texts: list[str] = field(default_factory=list)  # the text each form was read from (abbreviations swapped)
    relaxed: bool = False
    phrase: bool = False  # from a quoted phrase: its words may have spaces between them
    negated: bool = False
    common: bool | None = None  # held as typed by EDGE_SKIP_DF articles or more (see _common)

    @property
    def words(self) -> list[str]:
        return self.forms[0] if self.forms else []


def _gap_phrase(fieldname, words, slop=1, boost=1.0, char_ranges=None):
    """Phrase class for quoted phrases: spaces inside the quotes are allowed.

    The index leaves a hole of one position at every space, so a quoted
    phrase that has spaces must allow one extra position between words.
    """
    gaps = bool(char_ranges) and any(b[0] > a[1] for a, b in zip(char_ranges, char_ranges[1:]))
    slop = max(slop, 2) if gaps else slop
    if fieldname not in POSITIONAL_FIELDS:
        return wq.Phrase(fieldname, words, slop=slop, boost=boost)  # as Whoosh treats it there
    return WordRun(fieldname, [[w] for w in words], slop=slop, boost=boost)


class ThaiQueryParser(qparser.QueryParser):
    """Whoosh's multifield parser with Thai query units.

    `lexicons` maps field name to :class:`~indexer.lexicon.Lexicon`;
    `matches` is a callable that tells whether a query matches any article
    (used to decide relaxation, within the current filters); `docnums`, the
    filters' articles (:class:`~indexer.runs.DocNums`), if any.
    """

    def __init__(self, schema, lexicons, matches, fieldboosts=None, fields=("title", "body"),
                 extra_fields=("person", "position"), names=None, docnums=None):
        # what whoosh.qparser.MultifieldParser() sets up, in a subclass; the
        # officials fields hold whole names and positions, so a unit that is
        # a name (`เพ็งจันทร์`) or an office (`ผวจ.สงขลา`) also meets them there
        super().__init__(None, schema)
        # Hostile-input hardening (found by bench/fuzz_http.py): wildcards,
        # ranges and `*:*` expand to every term of a field with BM25 on each
        # (`title:*` took 20 s on 2,356 articles), and are not part of the
        # documented syntax; `field:` is kept for the searchable text fields
        # only (`id:`, `date:`, `role:` ... stay plain text).
        for plugin in (qparser.WildcardPlugin, qparser.RangePlugin, qparser.EveryPlugin, qparser.FieldsPlugin):
            self.remove_plugin_class(plugin)
        self.add_plugin(qparser.FieldsPlugin(expr=r"(?P<text>%s):" % "|".join(SYNTAX_FIELDS)))
        self.extra_fields = [f for f in extra_fields if f in schema]
        searched = list(fields) + self.extra_fields
        self.add_plugin(qparser.MultifieldPlugin(searched, fieldboosts=fieldboosts or {}))
        # `-word` excludes only at the start of a word (`COVID-19` is one
        # unit) and only when a word follows (a headline's ` - ` is a dash)
        self.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+(?=[^\s+-])",
                                                minusexpr=r"(?<![^\s(])-(?=[^\s+-])"))
        self.phraseclass = self._quoted_phrase
        self.lexicons = lexicons
        self.matches = matches
        self.docnums = docnums
        self.names = names
        self.text_fields = set(fields)
        self.units: dict[str, Unit] = {}
        self._strict_cache: dict[tuple[str, str], wq.Query | None] = {}
        self._in_order: list[str] = []  # relaxed units, in the order met

    def _quoted_phrase(self, fieldname, words, slop=1, boost=1.0, char_ranges=None):
        key = " ".join(words)
        if key not in self.units:
            self.units[key] = Unit(text=key, forms=[list(words)], phrase=True)
        return _gap_phrase(fieldname, words, slop, boost, char_ranges)

    # Whoosh calls this for every word of the query, once per field.
    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        if not _WORD_CHAR.search(text):
            return None  # a lone `:` or `–` in a pasted headline is not a word to require
        if tokenize and self._unit(text) is None:
            return None  # nothing indexable (a lone `ฯ`): not a word to require in any field
        if fieldname not in self.text_fields or not tokenize:
            return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        unit = self._unit(text)
        if unit is None:
            return None
        if unit.relaxed and unit.text not in self._in_order:
            self._in_order.append(unit.text)
        if unit.relaxed and (len(unit.words) > MAX_RELAXED_WORDS
                             or self._in_order.index(unit.text) >= MAX_RELAXED_IN_ORDER):
            # a long run that is nowhere as typed, or one relaxed unit too
            # many: its words, as words, anywhere in the article. In order and
            # near each other (below), and with sub-word expansions, the cost
            # grows faster than the words: 40 words, or 30 relaxed units, took
            # seconds (found by bench/fuzz_http.py)
            return wq.And([wq.Term(fieldname, word) for word in dict.fromkeys(unit.words)],
                          boost=boost * RELAXED_BOOST)
        if unit.relaxed:
            # the unit's words in order and near each other, each found the way
            # a one-word unit is (`ผู้ว่า` inside `ผู้ว่าราชการจังหวัด`)
            parts = []
            for word in unit.words:
                if len(word) < MIN_EDGE_CHARS:
                    # a letter or two is inside most words: as a word only
                    # (spans over its expansions took seconds, fuzzing)
                    part = wq.Term(fieldname, word)
                else:
                    part = self._strict(fieldname, self._word_unit(word), positional=True)
                if part is None:
                    return None
                parts.append(part)
            return wq.Sequence(parts, slop=RELAXED_SLOP * len(parts), boost=boost * RELAXED_BOOST)
        q = self._strict(fieldname, unit)
        if q is not None and boost != 1.0:
            q = q.with_boost(q.boost * boost)
        return q

    def _unit(self, text: str) -> Unit | None:
        key = normalize(text)
        if key in self.units:
            return self.units[key]
        forms: list[list[str]] = []
        texts: list[str] = []
        gapped: set[int] = set()
        for variant in variants(key):
            # segmented plainly, and with known officials' names kept whole,
            # as articles that name them with a title were indexed
            for keep in (None, self.names):
                spans = list(term_spans(variant, keep))
                words = [t.lower() for t, _, _ in spans]
                if words and words not in forms:
                    if any(b[1] > a[2] for a, b in zip(spans, spans[1:])):
                        gapped.add(len(forms))
                    forms.append(words)
                    texts.append(variant)
        if not forms:
            return None
        unit = Unit(text=key, forms=forms, gapped=gapped, texts=texts)
        self.units[key] = unit
        if len(unit.words) > 1 and not self._any_match(unit, key):
            unit.relaxed = True
        return unit

    def _any_match(self, unit: Unit, key: str) -> bool:
        """Does the unit match any article? Cheapest checks first.

        Positional sub-word queries start scanning as soon as they are
        built, so they are tried last, and only if nothing cheaper matched.
        """
        def alternatives(q: wq.Query) -> list[wq.Query]:
            if isinstance(q, wq.Or):
                return [part for sub in q.subqueries for part in alternatives(sub)]
            # a WordRun evaluates every match up front: Whoosh's own query stops at the first
            return [q.lazy() if isinstance(q, WordRun) else q]

        candidates: list[wq.Query] = []
        for f in self.text_fields:
            q = self._strict(f, unit)
            if q is not None:
                candidates += alternatives(q)
        candidates += [wq.Term(f, name_key(key)) for f in self.extra_fields]
        order = {wq.Term: 0, wq.Phrase: 1, TermSet: 2}
        candidates.sort(key=lambda c: order.get(type(c), 3))
        return any(self.matches(c) for c in candidates)

    def _word_unit(self, word: str) -> Unit:
        unit = self.units.get(word)
        if unit is None:
            unit = self.units[word] = Unit(text=word, forms=[[word]])
        return unit

    def _strict(self, fieldname: str, unit: Unit, positional: bool = False) -> wq.Query | None:
        key = (fieldname, unit.text, positional)
        if key in self._strict_cache:
            return self._strict_cache[key]
        alternatives = []
        # A unit held as typed by EDGE_SKIP_DF articles or more (counted in
        # the body, the largest field) has more exact matches than anyone
        # pages through, and the unit glued across word boundaries, or cut
        # around an official's name, would rank below them: those positional
        # searches are skipped (seconds per common unit: `การพัฒนา`).
        common = self._common(unit)
        for i, words in enumerate(unit.forms):
            as_typed = i >= len(unit.texts) or unit.texts[i] == unit.text
            if common and as_typed and i > 0:
                continue  # the same text segmented around a name
            # glued edges are looked for around the unit as typed, not
            # around each abbreviation variant (that multiplies the cost)
            q = self._form_query(fieldname, words, i in unit.gapped, positional, edges=as_typed,
                                 glued=not common)
            if q is not None:
                # the unit as typed ranks above its abbreviation or expansion
                alternatives.append(q if as_typed else q.with_boost(q.boost * VARIANT_BOOST))
        q = None
        if alternatives:
            q = alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives)
        self._strict_cache[key] = q
        return q

    def _common(self, unit: Unit) -> bool:
        """Do at least EDGE_SKIP_DF articles (within the filters) hold the unit as typed?"""
        if unit.common is None:
            unit.common = False
            lexicon, words = self.lexicons.get("body"), unit.forms[0]
            # the rarest word's document frequency bounds the count
            if lexicon is not None and min(lexicon.df(w) for w in words) >= EDGE_SKIP_DF:
                # as the search will evaluate the exact form, so that it
                # finds this run already evaluated (see WordRun._found)
                exact = wq.Term("body", words[0]) if len(words) == 1 else _exact_run("body", words, 0 in unit.gapped)
                if isinstance(exact, WordRun) and self.docnums is not None:
                    exact = exact.within(self.docnums)
                unit.common = self.matches(exact, EDGE_SKIP_DF) >= EDGE_SKIP_DF
        return unit.common

    def _form_query(self, fieldname: str, words: list[str], gapped: bool = False,
                    positional: bool = False, edges: bool = True, glued: bool = True) -> wq.Query | None:
        """Every way the words of one unit can sit in the index, best first.

        `positional`: the query will sit inside a positional query (a relaxed
        unit's words in order), so every part must be able to give positions.
        """
        if len(words) == 1:
            exact = wq.Term(fieldname, words[0], boost=EXACT_BOOST)
        elif positional:  # inside a Sequence, which needs Whoosh's spans
            exact = wq.Phrase(fieldname, words, slop=2 if gapped else 1, boost=EXACT_BOOST)
        else:
            exact = _exact_run(fieldname, words, gapped)
        parts: list[wq.Query] = [exact]
        lexicon = self.lexicons.get(fieldname)
        if lexicon is None:
            return exact
        joined = "".join(words)
        # a short abbreviation variant (`จ` of `จ.`) is inside most words
        if _THAI.match(joined) and (edges or len(joined) >= MIN_EDGE_CHARS):
            inside = lexicon.most_frequent(lexicon.containing(joined), MAX_EXPANSION)
            if len(words) > 1 and joined in lexicon:
                inside.append(joined)  # the unit is one word elsewhere (a name kept whole)
            if inside and positional:
                parts.append(_any_term(fieldname, inside[:MAX_EDGE_EXPANSION], SUBWORD_BOOST))
            elif inside:
                parts.append(TermSet(fieldname, inside, SUBWORD_BOOST))
        if len(words) > 1 and edges and glued:
            first, last = words[0], words[-1]
            # a short edge (`ร` of `ร.10`, `อี` of `ดีอี`) would expand to
            # most words ending or starting with it, for little recall
            heads = lexicon.most_frequent(lexicon.ending_with(first), MAX_EDGE_EXPANSION) \
                if _THAI.match(first) and len(first) >= MIN_EDGE_CHARS else []
            tails = lexicon.most_frequent(lexicon.starting_with(last), MAX_EDGE_EXPANSION) \
                if _THAI.match(last[-1]) and len(last) >= MIN_EDGE_CHARS else []
            # first and last as words is the exact phrase above: each form
            # here has a glued edge, so the two words alone are not walked again
            middle = [[w] for w in words[1:-1]]
            glued_forms = []
            if heads:
                glued_forms.append([heads, *middle, [last, *tails]])
            if tails:
                glued_forms.append([[first], *middle, tails])
            for slots in glued_forms:
                if positional:
                    seq = [_any_term(fieldname, slot, 1.0) for slot in slots]
                    parts.append(wq.Sequence(seq, boost=SUBWORD_BOOST))
                else:
                    parts.append(WordRun(fieldname, slots, boost=SUBWORD_BOOST))
        return parts[0] if len(parts) == 1 else wq.Or(parts)


def _exact_run(fieldname: str, words: list[str], gapped: bool) -> WordRun:
    """A unit's words in a row, as typed (`gapped`: typed with punctuation
    inside, which the index keeps as an extra position)."""
    return WordRun(fieldname, [[w] for w in words], slop=2 if gapped else 1, boost=EXACT_BOOST)


def _any_term(fieldname: str, words: list[str], boost: float) -> wq.Query:
    if len(words) == 1:
        return wq.Term(fieldname, words[0], boost=boost)
    return wq.Or([wq.Term(fieldname, w) for w in words], boost=boost)
