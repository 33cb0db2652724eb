"""The lexicon of titles, ranks and offices, and the grammar both name and position finding share.

Thai news writes an official as title, first name, surname and office:
``นายวีรนันทน์ เพ็งจันทร์ ผู้ว่าราชการจังหวัดสงขลา``. What a title, an office
or a word that goes on with the sentence looks like is data, not code: the
lexicon ``data/positions.txt`` (edit it freely), read here once, together with
PyThaiNLP's name lists and dictionary. ``officials`` finds the names with it,
``positions`` the office after a name.

The regexes are built from the lexicon's lists; the title regex is written as
a trie (see :func:`_trie`), as scanning for titles is most of the extraction
time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files

from .chars import NAME_CHARS, NON_INITIAL_CHARS

__all__ = ["Lexicon", "lexicon", "name_form", "SPACE", "GAP"]

# --- the grammar's characters ------------------------------------------------
SPACE = "[ \u00a0\t]"  # one space between the parts of a name or an office
GAP = re.compile(f"{SPACE}{{1,3}}")  # the space after a name or between the words of an office

# Only valid after another title: "ศ.คลินิก เกียรติคุณ นพ.", "พันเอกหญิง".
_AFTER_TITLES = ["คลินิก", "เกียรติคุณ", "กิตติคุณ", "หญิง", "(พิเศษ)"]
# After a professor's title, with or without a space: "ศาสตราจารย์ คลินิก เกียรติคุณ
# นายแพทย์...", "ศาสตราจารย์พิเศษ ยงยุทธ สาระสมบัติ" (titles, not a first name and surname).
_ACADEMIC = ("ศาสตราจารย์", "รองศาสตราจารย์", "ผู้ช่วยศาสตราจารย์", "ศ.", "รศ.", "ผศ.")
_ACADEMIC_AFTER = ["คลินิก", "คลินิค", "คลีนิก", "คลีนิค", "คลิก", "พิเศษ", "เกียรติคุณ", "กิตติคุณ", "(พิเศษ)"]
# A civil-service post names its grade: "นักธรณีวิทยาชำนาญการ", "สถาปนิกชำนาญการ".
# It starts with an occupation: "ได้กำชับให้ปฏิบัติการ" is no post.
_LEVEL = (f"(?:นัก|เศรษฐกร|นิติกร|วิศวกร|สถาปนิก|ครู|พยาบาล|นายแพทย์|แพทย์|ทันตแพทย์|เภสัชกร|นายช่าง|ช่าง|"
          f"เจ้าพนักงาน|พนักงาน|บุคลากร|ศึกษานิเทศก์|นายสัตวแพทย์|อาจารย์)"
          f"[{NAME_CHARS}]{{0,30}}?(?:ชำนาญการพิเศษ|ชำนาญการ|ปฏิบัติการ|ชำนาญงาน|ปฏิบัติงาน|เชี่ยวชาญ|อาวุโส)"
          f"(?![{NON_INITIAL_CHARS}])")


# An abbreviated organisation: "อบต.", "สภ.", "ภ.จว.", "สพป." (its dots are part of it).
_DOTTED = f"(?!(?:จ|อ|ต)\\.)(?:[{NAME_CHARS}]{{1,4}}\\.)+"  # not "จ.ลำปาง" (the province, no office)


def _alt(items: Iterable[str]) -> str:
    return "|".join(re.escape(t) for t in sorted(set(items), key=len, reverse=True))


def _trie(forms: dict[str, str]) -> str:
    """Regex matching the longest of ``forms`` (literal -> regex that must follow).

    Written as a trie, "น(?:า(?:ย|ง(?:สาว)?)|...)": Python's re tries every
    branch of a flat alternation at every position of the text, which made
    scanning for titles most of the extraction time.
    """
    root: dict = {}
    for literal, after in forms.items():
        node = root
        for ch in literal:
            node = node.setdefault(ch, {})
        node[""] = after

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            alts.append(node[""])  # after the longer ones: longest match first
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root)


def _title_regex(words: list[str], dotted: list[str]) -> re.Pattern[str]:
    forms = {t: f"(?![{NON_INITIAL_CHARS}])" for t in words}
    forms.update({t: "" for t in dotted})
    academic = f"(?:{SPACE}?(?:{_alt(_ACADEMIC_AFTER)})(?![{NON_INITIAL_CHARS}]))*"
    forms.update({t: forms[t] + academic for t in _ACADEMIC if t in forms})
    # The last dot may be dropped before a space: "พล.ต.ต พัฒนศักดิ์".
    forms.update({t[:-1]: f"(?={SPACE})" for t in dotted if t.count(".") > 1})
    unit = f"{_trie(forms)}(?:{_alt(_AFTER_TITLES)})?"
    return re.compile(f"(?:ว่าที่{SPACE}?)?{unit}(?:{SPACE}?(?:{unit}|เกียรติคุณ|กิตติคุณ))*")


class Lexicon:
    """The lexicon (``data/positions.txt``) and PyThaiNLP's name lists and dictionary.

    Titles: ``title_rx`` (a title or a stack of them, ``รศ.ดร.``), ``titles``
    (those written out, whose compounds such as ``นายจ้าง`` are no title).
    Names: ``first``, ``family`` (PyThaiNLP's lists, in :func:`name_form`),
    ``words`` (its dictionary), ``not_first`` (words that are no first name),
    ``hard``/``soft`` (words that go on with the sentence: ``กล่าว``, surely
    or perhaps), ``na_places`` (``ณ อยุธยา``). Offices: ``head_rx`` (an office
    starts here: ``ผู้ว่าราชการจังหวัด``, ``ผวจ.``, ``นายก`` before a space),
    ``office`` and ``glued`` (an office one person holds: joined after
    ``และ``, split off a surname written against it), ``mods`` (``รอง``,
    ``อดีต``...), ``heads``, ``bare`` (offices that take their organisation
    after a space: ``นายก อบต.``), ``abbr`` (dotted abbreviations),
    ``short`` and ``ministry`` (full form -> the short form news also writes).
    """

    def __init__(self) -> None:
        from pythainlp.corpus import (
            thai_family_names,
            thai_female_names,
            thai_male_names,
            thai_words,
        )

        sec: dict[str, list[str]] = {}
        self.short: dict[str, str] = {}  # [short] and [ministry]: "full abbreviation" pairs
        self.ministry: dict[str, str] = {}
        current = ""
        for line in files("indexer").joinpath("data/positions.txt").read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith("[") and line.endswith("]"):
                current = line[1:-1]
            elif line and current in ("short", "ministry"):
                full, short = line.rsplit(None, 1)
                getattr(self, current)[full] = short
            elif line:
                sec.setdefault(current, []).extend(line.split())
        self.title_rx = _title_regex(sec["title"], sec["title."])
        self.titles = frozenset(sec["title"])  # written out: their compounds (นายจ้าง) are checked
        self.dotted_titles = frozenset(sec["title."])
        self.hard, self.soft = frozenset(sec["continuation"]), frozenset(sec["continuation?"])
        self.not_first, self.na_places = frozenset(sec["not-first-name"]), frozenset(sec["na-place"])
        self.first = frozenset(name_form(n) for n in thai_male_names() | thai_female_names())
        self.family = frozenset(name_form(n) for n in thai_family_names())
        self.words = frozenset(thai_words())
        mods, abbr = f"(?:(?:{_alt(sec['modifier'])}){SPACE}?)*", _alt(sec["abbr"])
        self.mods = re.compile(mods)
        # the longer forms first: a post with its grade ("นักวิเคราะห์นโยบายและแผนชำนาญการ"), the
        # abbreviation with its dot ("นายกอบต."), then the heads
        self.head_rx = re.compile(f"{mods}(?:{_LEVEL}|{abbr}|(?:{_alt(sec['head'])})(?![{NON_INITIAL_CHARS}])"
                                  f"|(?:{_alt(sec['bare'])})(?={SPACE}))")
        self.office = re.compile(f"{mods}(?:(?:{_alt(sec['office'])})(?![{NON_INITIAL_CHARS}])|{abbr})")
        self.glued = re.compile(f"(?:{_alt(sec['office'])})(?![{NON_INITIAL_CHARS}])")
        self.abbr = tuple(a for a in sec["abbr"] if a.endswith("."))
        self.heads, self.bare = frozenset(sec["head"]), frozenset(sec["bare"])
        self._read_parts(sec)

    def _read_parts(self, sec: dict[str, list[str]]) -> None:
        """What may follow a head in one office (``positions``): parts, places, organisations, clause words."""
        from pythainlp.corpus import countries, provinces

        end = f"(?![{NON_INITIAL_CHARS}])"
        provinces_ = {str(p) for p in provinces()}
        places = provinces_ | set(countries()) | set(sec["place"])
        ministries = set(self.ministry) | set(self.ministry.values())
        self.place_rx = re.compile(f"(?:{_alt(places)}){end}")
        self.part_rx = re.compile(f"(?:{_alt([*sec['part'], *ministries, *places])}){end}")
        self.org_rx = re.compile(f"(?:(?:{_alt(sec['organisation'])}){end}|{_DOTTED})")
        self.org_tail_rx = re.compile(f"(?:{_alt(sec['organisation'])})$")
        # after these the organisation is named from a closed list, and ends with the name
        self.closed = {"กระทรวง": re.compile(f"(?:{_alt(self.ministry)}){end}"),
                       "จังหวัด": re.compile(f"(?:{_alt(provinces_)}){end}"),
                       "ประเทศ": re.compile(f"(?:{_alt(places - provinces_)}){end}")}
        self.clause = frozenset(sec["clause"])


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Loaded once, on first use (the name lists take a few hundred ms)."""
    return Lexicon()


def name_form(name: str) -> str:
    """``name`` in the one form names are compared in.

    Text pasted from PDFs spells ``ำ`` as ``ํ`` + ``า`` (``สําราญ``): both are
    ``สำราญ`` here, as in the name lists.
    """
    return unicodedata.normalize("NFC", name).replace("\u0e4d\u0e32", "\u0e33")
