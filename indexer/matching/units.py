"""A query unit against the index: the text it stands for, where it occurs, and what
to do when it occurs nowhere.

A unit (``query.parse.Unit``) is looked for as **forms**: the text as typed,
its abbreviation variants (``thai.abbreviations``: `ผวจ.` / `ผู้ว่าราชการจังหวัด`),
an official's name typed without its space written with it (`กลินท์สารสิน` /
`กลินท์ สารสิน`; ranked as a variant, below the text as typed), and for a
quoted phrase its words glued or spaced. A form
is found as text, in the substring index, where a Thai reader would find it:
from a cut to a cut (a word or syllable bound, ``textindex``), however the
segmenter cut the words there (`โครงการ` in `โครง|การพัฒนา`), never inside a
syllable (`อาย` is not in `อายุ`). A variant never loses the marks that make
it one: `นายกฯ` is looked for with its `ฯ`, so it never matches the `นายก` of
`นายกอบต.`; a title never matches the start of a longer one (`พล.อ.` of
`พล.อ.อ.`, ``Form.longer``).

An unspaced unit made of dictionary words (`นายกประยุทธ์`: `นายก` +
`ประยุทธ์`) can also be read as its words, all required, anywhere in the
article, each with its own variants (``with_words``); ``evaluate`` decides
when. A unit that is not made of dictionary words (a misspelling) and
occurs nowhere matches nothing and gets a did-you-mean.

Each occurrence weighs 1 when it is a run of whole words (both edges on word
bounds of the index's segmentation) and ``SUBWORD_WEIGHT`` when it is inside
a word or across the segmenter's cuts; an abbreviation variant weighs
``VARIANT_WEIGHT`` of that; the headline weighs ``TITLE_WEIGHT`` against the
body, both normalised by length (BM25F, ``ranking``). A text in nearly every
article (a letter, a vowel sign) is counted per article instead
(``DENSE_OCCURRENCES``): same articles, same total.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from indexer.index.textcodec import OTHER
from indexer.query.parse import Unit
from indexer.settings import DENSE_OCCURRENCES, MAX_PHRASE_GAPS, MAX_QUERY_TERMS, NARROW_SHARE
from indexer.thai.abbreviations import longer_titles, titles_in, variants
from indexer.thai.chars import is_thai_word_char
from indexer.thai.likeliest import likeliest
from indexer.thai.officials import name_key
from indexer.thai.segment import is_word, segment, segment_keeping

from .occurrences import Form, Hits, counted_docs, dense_hits, find_within, occurrence_hits
from .view import IndexView, SegmentView

__all__ = ["Form", "Hits", "Resolved", "WordsRead", "field_hits", "forms_of", "read_words", "resolve", "split_words",
           "with_words"]


@dataclass
class Resolved:
    """A unit as the index answered it.

    `match`: ``exact`` (some form occurs), ``words`` (no form occurs; its
    dictionary words are all required), ``exact+words`` (either: the unit as
    typed, or all its words) or ``none``. `hits`, per segment: the unit's own
    occurrences (empty for ``words``); `word_hits`, per segment: one per word,
    in order (for ``words`` and ``exact+words``). `narrowed`: its occurrences were read only
    in the articles holding the rarer units of an AND (``evaluate``), not everywhere.
    """

    unit: Unit
    match: str
    forms: list[Form] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    hits: list[Hits] = field(default_factory=list)
    word_hits: list[list[Hits]] = field(default_factory=list)
    word_forms: list[list[Form]] = field(default_factory=list)  # per word: its forms (variants)
    narrowed: bool = False

    @property
    def verbatim(self) -> bool:
        """Does the unit match as typed (or through a variant)?"""
        return self.match in ("exact", "exact+words")

    @property
    def by_words(self) -> bool:
        """Does the unit match by its words?"""
        return self.match in ("words", "exact+words")

    @property
    def variants(self) -> list[str]:
        """Forms other than the unit's own text, for the response (`นายกรัฐมนตรี` for `นายกฯ`)."""
        return [f.text for f in self.forms if f.text != self.unit.text]

    @property
    def word_variants(self) -> dict[str, list[str]]:
        """Per word read, the other forms it was looked for as (`พล.อ.`: `พลเอก`)."""
        return {word: [f.text for f in forms if f.text != word]
                for word, forms in zip(self.words, self.word_forms) if len(forms) > 1}

    def describe(self) -> dict:
        out: dict[str, object] = {"text": self.unit.text, "field": self.unit.field, "match": self.match,
               "variants": self.variants, "words": self.words}
        if self.by_words:
            out["word_variants"] = self.word_variants
        return out


def forms_of(unit: Unit, view: IndexView) -> list[Form]:
    """Every text the unit stands for, as typed first (see the module docstring)."""
    if unit.phrase:
        words = unit.text.split()
        gaps = len(words) - 1
        joins = itertools.product(("", " "), repeat=gaps) if gaps <= MAX_PHRASE_GAPS else \
            [("",) * gaps, (" ",) * gaps]
        texts = ["".join(w + sep for w, sep in zip(words, (*join, ""))) for join in joins]
        # as pasted first, with the punctuation trimmed off its words (`"พิษณุ-สมมาตร์ -สันติ"`)
        literal = [unit.literal] if unit.literal else []
        return [Form(t) for t in literal + sorted(set(texts) - set(literal), key=lambda t: (t != unit.text, t))]
    out = [Form(unit.literal), Form(unit.text, "trimmed")] if unit.literal else [Form(unit.text)]
    for text in variants(unit.text)[1:]:
        out.append(Form(text, "variant"))
    for form in list(out):
        # a variant, not the text as typed: `พิเศษวิศิษฏ์` (of ศาสตราจารย์พิเศษวิศิษฏ์)
        # first, then the `พิเศษ วิศิษฏ์` an over-eager name reading may give
        out.extend(Form(name, "variant") for name in view.names.written_as(form.text))
    seen: dict[str, Form] = {}
    for form in out:
        seen.setdefault(form.text, Form(form.text, form.kind, longer_titles(form.text)))
    return list(seen.values())


def _dense_forms(view: IndexView, forms: Sequence[Form]) -> set[str]:
    """The forms with more than ``DENSE_OCCURRENCES`` occurrences in the whole index, every
    segment together: the same forms however the index is split into segments or
    shards (`การ` in a 28,000-article archive, not `นำเสนอ`)."""
    out = set()
    for form in forms:
        if OTHER not in form.pattern and not form.longer:
            found = sum(hi - lo for lo, hi in (seg.text.find(form.pattern) for seg in view.segments))
            # a shard's view counts the whole archive's (``shared``)
            if view.shared.dense(("find", form.pattern), found, DENSE_OCCURRENCES):
                out.add(form.text)
    return out


def _find(seg: SegmentView, form: Form, field: str | None, allowed: np.ndarray | None,
          within: np.ndarray | None = None, dense: bool = False, alone: bool = False) -> Hits:
    """Occurrences of one form in one segment, each from a reader's cut to a cut (only in
    the articles `within`, when given: the articles holding it are then counted apart,
    see ``Hits``; `alone`: the form is its unit's only one, see ``find_within``); a
    `dense` form (``_dense_forms``) counted per article."""
    pattern = form.pattern
    lo, hi = seg.text.find(pattern)
    if lo == hi:
        return Hits.empty()
    if dense:
        return dense_hits(seg, form, field, lo, hi, allowed)
    # every occurrence starts at a cut (the suffix array holds no other
    # suffixes); it counts where it also ends at one, and is not the start
    # of a longer title (`พล.อ.` of `พล.อ.อ.`)
    rows, docs = counted_docs(seg, form, lo, hi)
    if within is not None and field is None and OTHER not in pattern \
            and np.count_nonzero(within) <= seg.size * NARROW_SHARE:
        return find_within(seg, form, lo, hi, rows, docs, allowed, within, alone)
    # everything per occurrence is a slice of the suffix array's range: no
    # read at a random place of the text (see textindex: saflags)
    starts = seg.text.sa[lo:hi][rows].astype(np.int64)
    in_title = seg.text.in_headline(lo, hi, rows)
    whole = seg.text.whole_words(lo, hi, len(pattern), rows)
    keep = allowed[docs] if allowed is not None else None
    if field in ("title", "body"):
        in_field = in_title if field == "title" else ~in_title
        keep = in_field if keep is None else keep & in_field
    if OTHER in pattern:
        # a character cp874 has no byte for: the placeholder matched any such
        # character, the index's table of them says which
        others = seg.text.holds_others(starts, form.text)
        keep = others if keep is None else keep & others
    if keep is not None:
        docs, starts, in_title, whole = docs[keep], starts[keep], in_title[keep], whole[keep]
    return occurrence_hits(seg, form, docs, starts, in_title, whole)


def field_hits(seg: SegmentView, unit: Unit, allowed: np.ndarray | None) -> Hits:
    """Articles naming an official (``person:``) or a position (``position:``), from Whoosh's fields."""
    reader = seg.reader
    term = name_key(unit.text)
    if not reader.doc_frequency(unit.field, term):
        return Hits.empty()
    docs = np.fromiter(reader.postings(unit.field, term).all_ids(), dtype=np.int64)
    if allowed is not None:
        docs = docs[allowed[docs]]
    none = np.full(len(docs), -1, dtype=np.int64)
    return Hits(docs, none, none, np.ones(len(docs), dtype=np.float32), np.ones(len(docs), dtype=bool))


def _words(pieces: list[str], known: frozenset[str]) -> list[str] | None:
    """The pieces that are words, or None when a Thai piece is neither a dictionary word
    nor a `known` name or title."""
    words = []
    for piece in (p.strip() for p in pieces):
        if not piece or not any(ch.isalnum() for ch in piece):
            continue  # a space or punctuation between words
        if any(map(is_thai_word_char, piece)) and not (is_word(piece) or piece in known):
            return None
        words.append(piece)
    return words


def split_words(text: str, view: IndexView) -> list[str]:
    """The dictionary words of a unit; [] when it is not made of at least two of them
    (`นายกประยุทธ์` -> `นายก`, `ประยุทธ์`; `ประยุธ` -> []), or of more than a query
    may hold (``MAX_QUERY_TERMS``: 300 pasted letters are not 150 words to require).
    Where the dictionary cuts it as few words more than one way, a reader's cut
    (``thai.likeliest``): `โครงการพัฒนา` -> `โครงการ`, `พัฒนา`, not newmm's `โครง`, `การพัฒนา`.

    Titles of the abbreviation rules are kept whole (`พล.อ.ประวิตร` -> `พล.อ.`,
    `ประวิตร`), and so are officials' names the index knows, where the
    dictionary alone cannot read the unit (`อุตตมสาวนายน`); a name that is
    also part of ordinary words (`คม` of `สิงหาคม`) never splits them.
    """
    titles = titles_in(text)
    words = _words(likeliest(segment_keeping(text, titles) if titles else segment(text)), titles)
    if words is None:
        names = frozenset(n for n in view.names.within(text) if len(n) >= 3 and not is_word(n))
        words = _words(likeliest(segment_keeping(text, names | titles)), names | titles) if names else None
    return words if words and 2 <= len(words) <= MAX_QUERY_TERMS else []


def resolve(unit: Unit, view: IndexView, allowed: Sequence[np.ndarray | None],
            within: list[np.ndarray] | None = None, forms: list[Form] | None = None) -> Resolved:
    """Find a unit in every segment, within the `allowed` articles of each segment:
    ``exact`` or ``none``. `within` (per segment): read occurrences only in these
    articles (see ``find_within``); `forms`: the unit's ``forms_of``, when the
    caller has them already."""
    if unit.field in ("person", "position"):
        hits = [field_hits(seg, unit, ok) for seg, ok in zip(view.segments, allowed)]
        found = view.shared.found(unit, any(len(h) for h in hits))
        return Resolved(unit, "exact" if found else "none", [Form(unit.text)], [], hits)
    forms = forms_of(unit, view) if forms is None else forms
    inside: Sequence[np.ndarray | None] = within if within else [None] * len(view.segments)
    dense = _dense_forms(view, forms)
    hits = [Hits.join([_find(seg, f, unit.field, ok, w, f.text in dense, len(forms) == 1) for f in forms], seg.size)
            for seg, ok, w in zip(view.segments, allowed, inside)]
    found = view.shared.found(unit, any(h.found() for h in hits))  # in any shard (``shared``)
    return Resolved(unit, "exact" if found else "none", forms, [], hits, narrowed=within is not None)


def _words_in(seg: SegmentView, word_forms: list[list[Form]], field: str | None,
              allowed: np.ndarray | None, dense: set[str]) -> list[Hits]:
    """Each word's hits in one segment, read rarest first, each next word only in the
    articles that hold every rarer one (an article must hold them all; ``_find``'s
    `within` keeps the totals and scores): a pasted phrase's common words (`หรือ`,
    `เป็น`) are not read across the whole segment."""
    sizes = [sum(hi - lo for lo, hi in (seg.text.find(f.pattern) for f in forms)) for forms in word_forms]
    found: list[Hits | None] = [None] * len(word_forms)
    within: np.ndarray | None = None
    for i in sorted(range(len(word_forms)), key=lambda k: sizes[k]):
        alone = len(word_forms[i]) == 1
        found[i] = hits = Hits.join([_find(seg, f, field, allowed, within, f.text in dense, alone)
                                     for f in word_forms[i]], seg.size)
        held = hits.articles(seg.size)
        within = held if within is None else within & held
    return [h if h is not None else Hits.empty() for h in found]


@dataclass
class WordsRead:
    """A unit's dictionary words read in every segment (``read_words``): the same whatever
    the unit itself matched, so kept for the query's next evaluation (``evaluate``)."""

    words: list[str]
    forms: list[list[Form]]  # per word: its forms (variants)
    hits: list[list[Hits]]  # per segment: one per word, in order


def read_words(unit: Unit, words: list[str], view: IndexView, allowed) -> WordsRead:
    """The unit's `words`, each with its own variants (`นายกฯประยุทธ์`: `นายกฯ` or
    `นายกรัฐมนตรี`, and `ประยุทธ์`), read in every segment (``_words_in``)."""
    word_forms = [[Form(f.text, "word", f.longer) for f in forms_of(Unit(w, unit.field), view)] for w in words]
    dense = _dense_forms(view, [f for forms in word_forms for f in forms])
    return WordsRead(words, word_forms,
                     [_words_in(seg, word_forms, unit.field, ok, dense) for seg, ok in zip(view.segments, allowed)])


def with_words(resolved: Resolved, read: WordsRead) -> Resolved:
    """The unit read also as its words (``read_words``), each required: ``exact+words``
    when the unit occurs as typed, else ``words``."""
    hits = resolved.hits if resolved.verbatim else [Hits.empty() for _ in read.hits]
    return Resolved(resolved.unit, "exact+words" if resolved.verbatim else "words", resolved.forms, read.words,
                    hits, read.hits, read.forms)
