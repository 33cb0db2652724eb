"""Person mentions of officials: honorific or rank, first name, surname, position.

Thai news names people as ``นายวีรนันทน์ เพ็งจันทร์ ผู้ว่าราชการจังหวัดสงขลา``:
a title written against the first name, a space, the surname, a space and the
office. The index adds these names to the segmentation dictionary (so a name is
one token) and can facet on them. PyThaiNLP's NER model is not used: it needs a
download, is slow at index time (91,000 articles) and has no notion of the
position that follows a name. Instead this is a small grammar: a title regex,
then the space-delimited tokens after it, judged with PyThaiNLP's name lists,
its dictionary and a lexicon of offices (``data/positions.txt``).

The name lists are incomplete (about a third of officials' surnames are in
them), so they are evidence, not a requirement. The rule is title + token +
space + token; the second token is rejected when it reads as a continuation of
the sentence ("นายวรณัฐ กล่าวว่า"), and a surname seen nowhere else is dropped
when the same first name appears in the article with a confirmed surname.
Offsets index the text as given (nothing is normalised first).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from .chars import is_thai_word_char
from .normalize import normalize

__all__ = ["Mention", "extract_people", "people_in", "name_words", "abbreviate_position", "people_of", "name_key"]


@dataclass(frozen=True)
class Mention:
    """One person mention; ``text[start:end]`` spans title to surname."""

    title: str
    first: str
    last: str
    position: str | None
    start: int
    end: int

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


# --- grammar ----------------------------------------------------------------
# Only valid after another title: "ศ.คลินิก เกียรติคุณ นพ.", "พันเอกหญิง".
_AFTER_TITLES = ["คลินิก", "เกียรติคุณ", "กิตติคุณ", "หญิง", "(พิเศษ)"]
_MARKS = "\u0e30-\u0e3a\u0e45\u0e47-\u0e4e"  # vowels and marks that cannot start a syllable
_THAI = f"\u0e01-\u0e2e{_MARKS}\u0e40-\u0e44"  # letters of a name: no digits, ฯ, ๆ
_SP = "[ \u00a0\t]"
_MARK_RX = re.compile(f"[{_MARKS}]")


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
    forms = {t: f"(?![{_MARKS}])" for t in words}
    forms.update({t: "" for t in dotted})
    # The last dot may be dropped before a space: "พล.ต.ต พัฒนศักดิ์".
    forms.update({t[:-1]: f"(?={_SP})" for t in dotted if t.count(".") > 1})
    unit = f"{_trie(forms)}(?:{_alt(_AFTER_TITLES)})?"
    return re.compile(f"(?:ว่าที่{_SP}?)?{unit}(?:{_SP}?(?:{unit}|เกียรติคุณ|กิตติคุณ))*")


_TOKEN_RX = re.compile(f"{_SP}{{0,2}}([{_THAI}]{{2,}}(?:-[{_THAI}]+)*)")
_NOT_AFTER_NAME = set("ฯๆ0123456789๐๑๒๓๔๕๖๗๘๙")
_LATIN_RX = re.compile(f"{_SP}{{1,2}}([A-Z][A-Za-z\u00c0-\u024f'\\-]+){_SP}([A-Z][A-Za-z\u00c0-\u024f'\\-]+)\\b")
_GAP_RX = re.compile(f"{_SP}{{1,3}}")
_NA_RX = re.compile(f"{_SP}ณ{_SP}([{_THAI}]+)")
_AGE_RX = re.compile(f"{_SP}*(?:อายุ|\\(\\d|,{_SP}*\\d)")
_NICK_RX = re.compile(f"{_SP}+หรือ{_SP}?([{_THAI}]{{1,12}}){_SP}+([{_THAI}]{{2,20}})")
_SKIP_PAREN_RX = re.compile(f"{_SP}*\\([^()\n]{{1,40}}\\)")
# Inside an office's token, these start the verb that follows it
# ("ปลัดกระทรวงเกษตรและสหกรณ์ทำหน้าที่พระยาแรกนา").
_CUT_RX = re.compile("กล่าว|เปิดเผย|เผย(?!แพร่)|ทำหน้าที่|ปฏิบัติหน้าที่|ซึ่ง|เป็นประธาน|เป็น|ได้|พร้อมด้วย|"
                     "พร้อม|ให้การ|ให้สัมภาษณ์|ลงพื้นที่|เดินทาง|ตรวจเยี่ยม|แถลง|ชี้แจง|ระบุ|สั่งการ|สั่ง|"
                     r"(?<=\.\))|(?<=\.)ที่|ว่า$|นั้น$|ร่วม(?=แถลง|ประชุม|กัน|งาน|พิธี|$)|"
                     # "... และคณะผู้บริหาร", "ผกก.ตม.แม่สายและฝ่ายงานเกี่ยวข้อง": other people
                     "และ(?:คณะ(?!กรรมการ|รัฐมนตรี)|ฝ่าย|เจ้าหน้าที่|ผู้บริหาร|ทีม|ภริยา|ภรรยา|ครอบครัว|ผู้เกี่ยวข้อง)")
# A number after a space belongs to a numbered unit: "ปราบปรามยาเสพติด 2", "สพม.เขต 36".
_NUMBERED_RX = re.compile("(?:ที่|เขต|ภาค|ยาเสพติด|กองพล|กองพัน|กองร้อย|กองบิน|หน่วย|ศูนย์|ภ\\.)$")
# An organisation, not a surname: "พล.อ.ประยุทธ์ พรรคประชาธิปัตย์".
_ORG_RX = re.compile(f"(?:พรรค|กระทรวง|กรม|สำนักงาน|จังหวัด|อำเภอ|บริษัท|โรงเรียน|โรงพยาบาล|มหาวิทยาลัย|"
                     f"สถานี|ศาล|ธนาคาร|สมาคม|มูลนิธิ|คณะ|ประเทศ|รัฐบาล)(?![{_MARKS}])")
# A civil-service post names its grade: "นักธรณีวิทยาชำนาญการ", "สถาปนิกชำนาญการ".
_LEVEL = f"[{_THAI}]{{2,40}}?(?:ชำนาญการพิเศษ|ชำนาญการ|ปฏิบัติการ|ชำนาญงาน|ปฏิบัติงาน|เชี่ยวชาญ|อาวุโส)(?![{_MARKS}])"
# An occupation, not a third part of a name: "นางธิดา ลิอาร์ด นักธรณีวิทยา ผู้เชี่ยวชาญ...".
_ROLE_RX = re.compile("นัก|ผู้|พนักงาน|เจ้าหน้าที่|ช่าง|ครู|อาจารย์|แพทย์|พยาบาล|ทนาย|ตำรวจ|ทหาร|ชาว|อดีต")
_TRAIL = ",;:!?\"'“”‘’]"


class _Lex:
    """The lexicon (``data/positions.txt``) and PyThaiNLP's name lists and dictionary."""

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
        self.hard, self.soft = frozenset(sec["continuation"]), frozenset(sec["continuation?"])
        self.not_first, self.na_places = frozenset(sec["not-first-name"]), frozenset(sec["na-place"])
        self.first = frozenset(_nfc(n) for n in thai_male_names() | thai_female_names())
        self.family = frozenset(_nfc(n) for n in thai_family_names())
        self.words = frozenset(thai_words())
        mods, abbr = f"(?:(?:{_alt(sec['modifier'])}){_SP}?)*", _alt(sec["abbr"])
        self.mods = re.compile(mods)
        self.head_rx = re.compile(f"{mods}(?:(?:{_alt(sec['head'])})(?![{_MARKS}])|{abbr}"
                                  f"|(?:{_alt(sec['bare'])})(?={_SP})|{_LEVEL})")
        self.office = re.compile(f"{mods}(?:(?:{_alt(sec['office'])})(?![{_MARKS}])|{abbr})")
        self.glued = re.compile(f"(?:{_alt(sec['office'])})(?![{_MARKS}])")
        self.abbr = tuple(a for a in sec["abbr"] if a.endswith("."))
        self.heads, self.bare = frozenset(sec["head"]), frozenset(sec["bare"])


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    """Loaded once, on first use (the name lists take a few hundred ms)."""
    return _Lex()


def _nfc(s: str) -> str:
    # Text pasted from PDFs spells "ำ" as "ํ" + "า"; compare names in one form.
    return unicodedata.normalize("NFC", s).replace("\u0e4d\u0e32", "\u0e33")


@lru_cache(maxsize=65536)
def _words(s: str) -> tuple[str, ...]:
    """Dictionary words of a short token; cached, as the same names recur across articles."""
    from .segment import dictionary_words

    return tuple(dictionary_words(s))


# --- one candidate ---------------------------------------------------------
@dataclass
class _Cand:
    title: str
    first: str
    last: str
    start: int
    end: int
    strong: bool
    pos_at: int = -1  # where the position starts, -1 for none


def _title_ok(text: str, m: re.Match[str]) -> bool:
    """Reject titles that are the tail of another word or abbreviation."""
    t, s = m.group(), m.start()
    prev = text[s - 1] if s else " "
    if len(t) == 2 and (prev == "." or is_thai_word_char(prev)):
        return False  # "ศ." of "พ.ศ.", "บก.ปอศ."
    if t.startswith(("นาย", "นาง")) and text.endswith(("ท", "ขุน", "พระ", "แม่"), 0, s):
        return False  # ทนาย, ขุนนาง, สมเด็จพระนางเจ้า, บางแม่นาง
    if t.startswith("คุณ") and is_thai_word_char(prev):
        return False  # "ขอบคุณ", "คุณภาพ" inside a sentence
    return True


def _first_ok(title: str, first: str, lex: _Lex) -> bool:
    if len(first) > 20 or "กล่าว" in first or first.endswith("ว่า") or _MARK_RX.match(first):
        return False
    if title in lex.titles:
        head = _words(title + first)[0]
        if len(head) > len(title) and head.startswith(title):
            return False  # นายจ้าง, นายทะเบียน, นางพยาบาล, คุณภาพ: one dictionary word
    return _words(first)[0] not in lex.not_first


def _last_ok(last: str, lex: _Lex, evidence: bool = False) -> bool:
    """Could ``last`` be a surname rather than the rest of the sentence?

    ``evidence``: the token is followed by an age, a nickname or an office,
    which only a full name is; then only a sentence-word start rejects it.
    """
    if _nfc(last) in lex.family:
        return True
    if last.endswith("ว่า") or len(last) > 18:
        return False
    if _ORG_RX.match(last):
        return False
    segs = _words(last)
    if evidence:
        return segs[0] not in lex.hard
    hard = sum(w in lex.hard for w in segs)
    known = sum(len(w) > 1 and w in lex.words for w in segs)
    if segs[0] in lex.hard or known >= 5 or hard >= 2:
        return False
    if segs[0] in lex.soft and (hard or len(last) > 12):
        return False
    return True


def _split_run(run: str, lex: _Lex) -> tuple[str, str] | None:
    """Split "วีรนันทน์เพ็งจันทร์" when both halves are in the name lists."""
    for i in range(2, len(run) - 1):
        if not _MARK_RX.match(run, i) and _nfc(run[:i]) in lex.first and _nfc(run[i:]) in lex.family:
            return run[:i], run[i:]
    return None


def _candidate(text: str, m: re.Match[str], lex: _Lex) -> _Cand | None:
    title, start = m.group().rstrip(" \u00a0\t"), m.start()
    if not _title_ok(text, m):
        return None
    office = lex.head_rx.match(text, start)
    if office and office.end() > m.end():
        return None  # นายอำเภอ, นายกรัฐมนตรี, นายแพทย์สาธารณสุขจังหวัด
    latin = _LATIN_RX.match(text, m.end())
    if latin and not title.endswith("."):
        c = _Cand(title, latin.group(1), latin.group(2), start, latin.end(), True)
        return _with_position(text, c, lex)
    tok = _TOKEN_RX.match(text, m.end())
    if not tok or text[tok.end(1): tok.end(1) + 1] in _NOT_AFTER_NAME or not _first_ok(title, tok.group(1), lex):
        return None  # "นายสุทธิพงษ์ฯ", a run glued to an abbreviation
    first, first_end = tok.group(1), tok.end(1)
    gap = _GAP_RX.match(text, first_end)
    if gap:
        c = _surname(text, title, first, start, gap.end(), lex)
        if c:
            return c
    split = _split_run(first, lex)
    if split:
        return _with_position(text, _Cand(title, *split, start, first_end, True), lex)
    return None


def _surname(text: str, title: str, first: str, start: int, at: int, lex: _Lex) -> _Cand | None:
    tok = _TOKEN_RX.match(text, at)
    if not tok or tok.start(1) != at:
        return None
    last, end = tok.group(1), tok.end(1)
    nxt = text[end: end + 1]
    if nxt == ".":  # "สว่างวงศ์ผอ.สพป.": an abbreviated office glued to the surname
        stem = next((a[:-1] for a in lex.abbr if last.endswith(a[:-1]) and len(last) > len(a)), None)
        if not stem or not _last_ok(last[: -len(stem)], lex, True):
            return None
        last, end = last[: -len(stem)], end - len(stem)
        return _Cand(title, first, last, start, end, True, end)
    if nxt in _NOT_AFTER_NAME:
        return None
    glued = lex.glued.search(last, 2)
    if glued and lex.head_rx.match(last, glued.start()):
        last, end = last[: glued.start()], at + glued.start()
        return _Cand(title, first, last, start, end, True, end) if _last_ok(last, lex) else None
    if lex.head_rx.match(text, at):
        return None  # "นายยุทธพร นายอำเภอเขาสวนกวาง": a first name and an office
    nick = _NICK_RX.match(text, at - 1) if last.startswith("หรือ") else None
    if nick and (_nfc(nick.group(2)) in lex.family or _AGE_RX.match(text, nick.end())):
        return _Cand(title, first, nick.group(2), start, nick.end(), True)  # "กวิตา หรือเอิร์น ราชดา อายุ"
    for tail in ("อายุ", "หรือ"):  # "โนนวังชัยอายุ 24 ปี", "รามจาตุหรือ “น้องเฟี๊ยส”"
        if last.endswith(tail) and len(last) > len(tail) + 2:
            last, end = last[: -len(tail)], end - len(tail)
            break
    after = _GAP_RX.match(text, end)
    solid = text[end: end + 4] == "อายุ" or bool(_AGE_RX.match(text, end)) or bool(
        after and lex.head_rx.match(text, after.end()))
    nickname = text[end: end + 4] == "หรือ" or text.startswith("หรือ", end + 1)
    if not _last_ok(last, lex, solid or nickname):
        return None
    na = _NA_RX.match(text, end)
    if na and na.group(1) in lex.na_places:
        last, end = f"{last} ณ {na.group(1)}", na.end()
    elif not solid and _nfc(last) not in lex.family:
        last, end = _more_parts(text, last, end, lex)
    strong = solid or _nfc(last) in lex.family or " ณ " in last
    return _with_position(text, _Cand(title, first, last, start, end, strong), lex)


def _more_parts(text: str, last: str, end: int, lex: _Lex) -> tuple[str, int]:
    """Names of three or four parts, kept when an office follows them.

    "นายเหงียน ซวน ฟุก นายกรัฐมนตรีเวียดนาม", "ดร.วันดี กุญชรยาคง จุลเจริญ นายกสมาคม...".
    """
    parts, at = [last], end
    for _ in range(2):
        gap = _GAP_RX.match(text, at)
        tok = _TOKEN_RX.match(text, gap.end()) if gap else None
        if not tok or tok.start(1) != gap.end() or len(tok.group(1)) > 12 or lex.head_rx.match(text, gap.end()):
            break
        if (_words(tok.group(1))[0] in lex.hard or text[tok.end(1): tok.end(1) + 1] in _NOT_AFTER_NAME
                or _ROLE_RX.match(tok.group(1))):
            break
        parts.append(tok.group(1))
        at = tok.end(1)
        after = _GAP_RX.match(text, at)
        if after and lex.head_rx.match(text, after.end()):
            return " ".join(parts), at
    return last, end


def _with_position(text: str, c: _Cand, lex: _Lex) -> _Cand:
    quote = re.compile("[\"”’']?").match(text, c.end).end()  # '"พล.ต.อ.จักรทิพย์ ชัยจินดา" ผบ.ตร.'
    gap = _GAP_RX.match(text, quote)
    if not gap:
        return c
    at = gap.end()
    paren = _SKIP_PAREN_RX.match(text, c.end)
    if paren and not lex.head_rx.match(text, at):
        gap = _GAP_RX.match(text, paren.end())
        at = gap.end() if gap else at
    if lex.head_rx.match(text, at):
        c.pos_at, c.strong = at, True
    return c


# --- positions -------------------------------------------------------------
def _piece(text: str, at: int, head_end: int, limit: int) -> tuple[str, int, bool]:
    """The office written from ``at`` to the next space: (trimmed, raw end, cut short)."""
    ws = re.compile(r"\s").search(text, head_end, limit)
    raw_end = ws.start() if ws else limit
    token = text[at:raw_end]
    cut = _CUT_RX.search(token, max(head_end - at, 1))
    if cut:
        token = token[: cut.start()]
    token = token.rstrip(_TRAIL)
    if token.count(")") > token.count("("):
        token = token.rstrip(")")
    paren = re.search(r"\(([^()]*)\)$", token)
    if paren and ("." in paren.group(1) or re.fullmatch("[A-Z&]+", paren.group(1))):
        token = token[: paren.start()]  # "อธิบดีกรมสวัสดิการและคุ้มครองแรงงาน(กสร.)"
    return token, raw_end, bool(cut)


def _needs_object(pos: str, lex: _Lex) -> bool:
    """True for "นายก", "ที่ปรึกษา", "รอง": the organisation follows after a space."""
    rest = pos[lex.mods.match(pos).end():]
    return rest == "" or rest in lex.bare or rest in lex.heads or pos.endswith("และ")


def _position(text: str, at: int, limit: int, lex: _Lex) -> str | None:
    head = lex.head_rx.match(text, at, limit)
    if not head:
        return None
    pos, raw_end, cut = _piece(text, at, head.end(), limit)
    while not cut:
        gap = _GAP_RX.match(text, raw_end, limit)
        if not gap or gap.end() >= limit:
            break
        nxt = gap.end()
        more = lex.head_rx.match(text, nxt, limit)
        conj = re.compile(f"และ{_SP}?").match(text, nxt, limit)
        office = lex.office.match(text, conj.end(), limit) if conj else None
        if office:
            # "รองนายกรัฐมนตรี และ รมว.มหาดไทย", "รองนายกรัฐมนตรี และรัฐมนตรีว่าการ..."
            # but not "... และผู้บริหารกระทรวง" (other people)
            piece = _piece(text, nxt, office.end(), limit)
        elif (_needs_object(pos, lex) and more) or (
                # "นายก อบต.บ้านใหม่", "รัฐมนตรีว่าการกระทรวง พม.": the organisation abbreviated
                (_needs_object(pos, lex) or pos.endswith(("กระทรวง", "กรม", "สำนักงาน")))
                and "." in text[nxt:nxt + 12].split(" ", 1)[0]):
            piece = _piece(text, nxt, more.end() if more else nxt, limit)
        else:
            break
        pos, raw_end, cut = f"{pos} {piece[0]}", piece[1], piece[2]
    number = re.compile(f"{_SP}(\\d{{1,3}})(?=\\s|$)").match(text, raw_end, limit) if not cut else None
    number = number if number and _NUMBERED_RX.search(pos) else None
    if number:
        pos = f"{pos} {number.group(1)}"  # "ผู้บังคับการตำรวจปราบปรามยาเสพติด 2"
    pos = pos.removesuffix("และ").rstrip(_TRAIL + " ")
    return pos or None


# --- public API --------------------------------------------------------------
def extract_people(text: str) -> list[Mention]:
    """Every person mention in ``text``, in text order."""
    if not text:
        return []
    lex = _lex()
    cands: list[_Cand] = []
    at = 0
    while m := lex.title_rx.search(text, at):
        c = _candidate(text, m, lex)
        cands += [c] if c else []
        # On failure look again one character on: "ขอบคุณนาย..." holds "นาย",
        # "ด้านพ.ต.อ." holds "พ.ต.อ." after a false "นพ.".
        at = c.end if c else m.start() + 1
    # News gives the full name first and the first name alone afterwards, so a
    # surname with no evidence of its own is dropped when the same first name
    # has a confirmed surname in the article, or an earlier one
    # ("พล.อ.ประยุทธ์ พรรคประชาธิปัตย์", "นายกิตติเชษฐ์ แจ้งชื่อ").
    surname: dict[str, set[str]] = {}
    for c in cands:
        if c.strong:
            surname.setdefault(c.first, set()).add(c.last)
    for c in cands:
        surname.setdefault(c.first, {c.last})
    kept = [c for c in cands if c.strong or c.last in surname[c.first]]
    out = []
    for i, c in enumerate(kept):
        limit = kept[i + 1].start if i + 1 < len(kept) else len(text)
        pos = _position(text, c.pos_at, limit, lex) if c.pos_at >= 0 else None
        out.append(Mention(c.title, c.first, c.last, pos, c.start, c.end))
    return out


def people_in(text: str) -> dict[str, set[str]]:
    """Name -> the positions it is given in ``text`` (empty set if none)."""
    found: dict[str, set[str]] = {}
    for m in extract_people(text):
        found.setdefault(m.name, set())
        if m.position:
            found[m.name].add(m.position)
    return found


def name_words(mentions: Iterable[Mention]) -> set[str]:
    """Words for the segmentation dictionary: first name, surname, both joined."""
    words: set[str] = set()
    for m in mentions:
        parts = [p for p in m.last.split() if p != "ณ"]
        words.update([m.first, *parts, m.first + parts[0]])
    return {w for w in words if len(w) > 1}


def abbreviate_position(position: str) -> list[str]:
    """Short forms news also uses: 'ผู้ว่าราชการจังหวัดสงขลา' -> ['ผวจ.สงขลา']."""
    lex, position = _lex(), position.strip()
    full = next((f for f in lex.short if position.startswith(f)), None)
    if full is None:
        return []
    short, rest = lex.short[full], position[len(full):]
    if short.endswith("ฯ"):  # "นายกรัฐมนตรี" alone; "นายกรัฐมนตรีญี่ปุ่น" has no short form
        return [] if rest else [short]
    forms = [] if short == "ปลัด" else [short + rest]  # "ปลัดกระทรวง" alone is not a short form
    if rest in lex.ministry:
        forms.append(f"ปลัด {lex.ministry[rest]}" if short == "ปลัด" else short + lex.ministry[rest])
    return forms


_SPACES = re.compile(r"\s+")


def name_key(text: str) -> str:
    """A name or position as typed by a user, in the form the fields hold."""
    return _SPACES.sub(" ", normalize(text)).strip().replace(".", "")


def people_of(text: str) -> tuple[tuple[str, str, str, str], ...]:
    """(name, first, last, position) for every mention in `text`, in order."""
    return tuple((m.name, m.first, m.last, m.position or "") for m in extract_people(text))
