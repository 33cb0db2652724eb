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

__all__ = ["Mention", "extract_people", "people_in", "name_words", "abbreviate_position"]


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


# --- titles --------------------------------------------------------------
# Written-out titles, and dotted abbreviations (the final dot may be dropped
# before a space: "พล.ต.ต พัฒนศักดิ์"). Longest first so "นางสาว" wins over "นาง".
_WORD_TITLES = """
นาย นาง นางสาว เด็กชาย เด็กหญิง คุณหญิง คุณ ท่านผู้หญิง หม่อมราชวงศ์ หม่อมหลวง หม่อมเจ้า
ดอกเตอร์ ศาสตราจารย์ รองศาสตราจารย์ ผู้ช่วยศาสตราจารย์ นายแพทย์ แพทย์หญิง ทันตแพทย์
ทันตแพทย์หญิง เภสัชกร เภสัชกรหญิง นายสัตวแพทย์ สัตวแพทย์หญิง
พลเอก พลโท พลตรี พันเอก พันโท พันตรี ร้อยเอก ร้อยโท ร้อยตรี จ่าสิบเอก จ่าสิบโท จ่าสิบตรี
สิบเอก สิบโท สิบตรี พลทหาร พลตำรวจเอก พลตำรวจโท พลตำรวจตรี พันตำรวจเอก พันตำรวจโท
พันตำรวจตรี ร้อยตำรวจเอก ร้อยตำรวจโท ร้อยตำรวจตรี ดาบตำรวจ จ่าสิบตำรวจ สิบตำรวจเอก
สิบตำรวจโท สิบตำรวจตรี พลตำรวจ พลอากาศเอก พลอากาศโท พลอากาศตรี นาวาอากาศเอก นาวาอากาศโท
นาวาอากาศตรี เรืออากาศเอก เรืออากาศโท เรืออากาศตรี พลเรือเอก พลเรือโท พลเรือตรี นาวาเอก
นาวาโท นาวาตรี เรือเอก เรือโท เรือตรี พันจ่าเอก จ่าเอก
""".split()
_DOTTED_TITLES = """
น.ส. นส. ด.ช. ด.ญ. ม.ร.ว. ม.ล. ม.จ. ดร. ศ. รศ. ผศ. นพ. พญ. ทพ. ทพญ. ภก. ภญ. น.สพ. สพ.ญ.
พล.อ. พล.ท. พล.ต. พ.อ. พ.ท. พ.ต. ร.อ. ร.ท. ร.ต. จ.ส.อ. จ.ส.ท. จ.ส.ต. ส.อ. ส.ท. ส.ต.
พล.ต.อ. พล.ต.ท. พล.ต.ต. พ.ต.อ. พ.ต.ท. พ.ต.ต. ร.ต.อ. ร.ต.ท. ร.ต.ต. ด.ต. ส.ต.อ. ส.ต.ท. ส.ต.ต.
พล.อ.อ. พล.อ.ท. พล.อ.ต. น.อ. น.ท. น.ต. พล.ร.อ. พล.ร.ท. พล.ร.ต. พ.จ.อ. จ.อ. พล.เอก
""".split()
# Only valid after another title: "ศ.คลินิก เกียรติคุณ นพ.", "พันเอกหญิง".
_AFTER_TITLES = ["คลินิก", "เกียรติคุณ", "หญิง", "(พิเศษ)"]
_MARKS = "\u0e30-\u0e3a\u0e45\u0e47-\u0e4e"  # vowels and marks that cannot start a syllable
_THAI = f"\u0e01-\u0e2e{_MARKS}\u0e40-\u0e44"  # letters of a name: no digits, ฯ, ๆ
_SP = "[ \u00a0\t]"


def _alt(items: Iterable[str]) -> str:
    return "|".join(re.escape(t) for t in sorted(set(items), key=len, reverse=True))


def _title_regex() -> re.Pattern[str]:
    word = f"(?:{_alt(_WORD_TITLES)})(?![{_MARKS}])"
    dotted = f"(?:{_alt(_DOTTED_TITLES)}|(?:{_alt(t[:-1] for t in _DOTTED_TITLES if t.count('.') > 1)})(?={_SP}))"
    unit = f"(?:{dotted}|{word})(?:{_alt(_AFTER_TITLES)})?"
    return re.compile(f"(?:ว่าที่{_SP}?)?{unit}(?:{_SP}?(?:{unit}|เกียรติคุณ))*")


_TITLE_RX = _title_regex()
_TOKEN_RX = re.compile(f"{_SP}{{0,2}}([{_THAI}]{{2,30}})(?![\u0e2f\u0e46\u0e50-\u0e59.])")
_LATIN_RX = re.compile(f"{_SP}{{1,2}}([A-Z][A-Za-z\u00c0-\u024f'\\-]+){_SP}([A-Z][A-Za-z\u00c0-\u024f'\\-]+)\\b")
_GAP_RX = re.compile(f"{_SP}{{1,3}}")
_NA_RX = re.compile(f"{_SP}ณ{_SP}([{_THAI}]+)")
_AGE_RX = re.compile(f"{_SP}*(?:อายุ|\\(\\d|,{_SP}*\\d)")
_NICK_RX = re.compile(f"{_SP}+หรือ{_SP}?([{_THAI}]{{1,12}}){_SP}+([{_THAI}]{{2,20}})")
_SKIP_PAREN_RX = re.compile(f"{_SP}*\\([^()\n]{{1,40}}\\)")
# Royal-granted surnames end in "ณ <place>" ("อิศรางกูร ณ อยุธยา"); "ณ" alone means "at".
_NA_PLACES = {"อยุธยา", "ป้อมเพชร", "ป้อมเพชร์", "นคร", "ระนอง", "สงขลา", "เชียงใหม่", "ลำพูน",
              "ลำปาง", "น่าน", "พัทลุง", "ถลาง", "บางช้าง", "ตะกั่วทุ่ง", "มโนรม", "ราชสีมา"}

# --- words that continue a sentence, not a surname ------------------------
# First word (newmm) of the token after a first name in "นายวรณัฐ กล่าวว่า",
# collected from the thaigov sample and Daily News. No surname in PyThaiNLP's
# list starts with these.
_HARD = set("""
กล่าว กล่าวว่า กล่าวถึง กล่าวต่อ เปิดเผย เผย ระบุ แถลง ชี้แจง ยืนยัน สรุป ยินดี และ หรือ ได้ ได้รับ
เป็น โดย ซึ่ง อายุ ที่ ให้ ให้การ ใน แต่ พร้อมด้วย เพื่อ ไม่ จะ ความ เพราะ ว่า ณ ส่วน ก็ ก่อน สำหรับ
ทั้งนี้ ต้อง นอกจากนี้ เรื่อง โดยเฉพาะ ไป ผู้ต้องหา จาก จากนั้น เมื่อ ลุย ติดตาม ตรวจ ปฏิบัติหน้าที่
จำนวน คือ ถูก กับ ของ ด้วย แล้ว นี้ นั้น อีก เคย กำลัง ขณะ ขณะที่ หลัง หลังจาก ทั้ง ยอม บอก เล่า
ตอบ ถาม เดินทาง ลงพื้นที่ ออก สั่ง สั่งการ มอบ รับ ฝาก เน้น ย้ำ เตือน แนะ ชี้ โพสต์ เรียก นาย นาง
สัญชาติ เจ้าของ ภรรยา ภริยา สามี บุตร ลูก บิดา มารดา พี่ น้อง เจ้าหน้าที่ ประชาชน ทำ ใช้ เข้าร่วม
พบ พา หา ขับ คน เธอ เขา ตน ผม ทั้งหมด ต่าง หาก เอง ตั้ง เห็น คิด รู้ ทราบ พรรค กระทรวง กรม
สำนักงาน จังหวัด อำเภอ บริษัท รัฐบาล ประเทศ ศาล ครั้ง วัน เวลา ราย ตำแหน่ง อดีต รักษาการ ผู้ ก้ม
นั่ง ยืน เดิน วิ่ง ถือ เสีย ตาย ทำให้ ส่ง นำตัว ไม่ได้ มีความ มีการ เข้าไป ออกมา ข้อ เกิด
""".split())
# Surnames do start with these ("ยังรอด", "จึงรุ่งเรืองกิจ", "ชมกลิ่น"): reject
# only when the rest of the token also reads as a sentence.
_SOFT = set("ยัง จึง แจ้ง มา นำ ชู ช่วย พร้อม มี การ อยู่ ตาม ถึง ต่อ เข้า ขอ ร่วม ทรง ชม พระ วัด".split())
# Inside an office's token, these start the verb that follows it
# ("ปลัดกระทรวงเกษตรและสหกรณ์ทำหน้าที่พระยาแรกนา").
_CUT_RX = re.compile("กล่าว|เปิดเผย|เผย(?!แพร่)|ทำหน้าที่|ปฏิบัติหน้าที่|ซึ่ง|เป็นประธาน|เป็น|ได้|พร้อมด้วย|"
                     "พร้อม|ให้การ|ให้สัมภาษณ์|ลงพื้นที่|เดินทาง|ตรวจเยี่ยม|แถลง|ชี้แจง|ระบุ|และคณะ$|ว่า$")
_TRAIL = ",;:!?\"'“”‘’]"


@dataclass(frozen=True)
class _Lex:
    first: frozenset[str]
    family: frozenset[str]
    words: frozenset[str]
    head_rx: re.Pattern[str]
    mods: tuple[str, ...]
    bare: frozenset[str]
    glued: re.Pattern[str]


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    """Name lists, dictionary and position lexicon, loaded once."""
    from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names, thai_words

    sections: dict[str, list[str]] = {}
    current = ""
    for line in files("indexer").joinpath("data/positions.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
        elif line:
            sections.setdefault(current, []).append(line)
    mods = sections["modifier"]
    head = f"(?:(?:{_alt(mods)}){_SP}?)*(?:(?:{_alt(sections['head'])})(?![{_MARKS}])|{_alt(sections['abbr'])})"
    return _Lex(
        first=frozenset(_nfc(n) for n in thai_male_names() | thai_female_names()),
        family=frozenset(_nfc(n) for n in thai_family_names()),
        words=frozenset(thai_words()),
        head_rx=re.compile(head),
        mods=tuple(sorted(mods, key=len, reverse=True)),
        bare=frozenset(sections["bare"]),
        glued=re.compile(f"(?:{_alt(sections['glued'])})(?![{_MARKS}])"),
    )


def _nfc(s: str) -> str:
    # Text pasted from PDFs spells "ำ" as "ํ" + "า"; compare names in one form.
    return unicodedata.normalize("NFC", s).replace("\u0e4d\u0e32", "\u0e33")


def _words(s: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(s, engine="newmm", keep_whitespace=False)


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
    if prev == "." or (s > 1 and text[s - 2] == "." and "\u0e01" <= prev <= "\u0e2e"):
        return False  # "พ.ศ.", "บก.ปอศ."
    if t.startswith(("นาย", "นาง")) and (text.endswith("ท", 0, s) or text.endswith("ขุน", 0, s)):
        return False  # ทนาย, ขุนนาง
    if (t.startswith("คุณ") or len(t) == 2) and "\u0e01" <= prev <= "\u0e4e":
        return False  # "คุณภาพ" inside a sentence, "ศ." inside "ปอศ."
    return True


def _is_position(text: str, at: int, lex: _Lex) -> re.Match[str] | None:
    return lex.head_rx.match(text, at)


def _first_ok(title: str, first: str, lex: _Lex) -> bool:
    if "กล่าว" in first or first.endswith("ว่า") or first[0] in "ะาำๅ":
        return False
    if title in _WORD_TITLES:
        segs = _words(title + first)
        if segs and segs[0] != title and title + first not in lex.first:
            return False  # นายจ้าง, นายทะเบียน, นางพยาบาล, คุณภาพ: one dictionary word
    return _words(first)[0] not in _HARD


def _last_ok(last: str, lex: _Lex) -> bool:
    """Could ``last`` be a surname rather than the rest of the sentence?"""
    if _nfc(last) in lex.family:
        return True
    if last.endswith("ว่า") or len(last) > 18:
        return False
    segs = _words(last)
    hard = sum(w in _HARD for w in segs)
    if segs[0] in _HARD or len(segs) >= 5 or hard >= 2:
        return False
    if segs[0] in _SOFT and (hard or len(last) > 12):
        return False
    return True


def _split_run(run: str, lex: _Lex) -> tuple[str, str] | None:
    """Split "วีรนันทน์เพ็งจันทร์" when both halves are in the name lists."""
    for i in range(2, len(run) - 1):
        if run[i] in "ะาำๅ" or "\u0e30" <= run[i] <= "\u0e3a" or "\u0e47" <= run[i] <= "\u0e4e":
            continue
        if _nfc(run[:i]) in lex.first and _nfc(run[i:]) in lex.family:
            return run[:i], run[i:]
    return None


def _candidate(text: str, m: re.Match[str], lex: _Lex) -> _Cand | None:
    title, start = m.group().rstrip(" \u00a0\t"), m.start()
    if not _title_ok(text, m):
        return None
    if _is_position(text, start, lex) and not title.endswith("."):
        return None  # นายอำเภอ, นายกรัฐมนตรี, นายแพทย์สาธารณสุขจังหวัด
    latin = _LATIN_RX.match(text, m.end())
    if latin and not title.endswith("."):
        c = _Cand(title, latin.group(1), latin.group(2), start, latin.end(), True)
        return _with_position(text, c, lex)
    tok = _TOKEN_RX.match(text, m.end())
    if not tok:
        return None
    first = tok.group(1)
    if not _first_ok(title, first, lex):
        return None
    gap = _GAP_RX.match(text, tok.end())
    nxt = _TOKEN_RX.match(text, gap.end()) if gap else None
    if nxt and nxt.start(1) == gap.end():
        c = _surname(text, title, first, start, nxt, lex)
        if c:
            return c
    split = _split_run(first, lex)
    if split:
        return _with_position(text, _Cand(title, *split, start, tok.end(), True), lex)
    return None


def _surname(text: str, title: str, first: str, start: int, nxt: re.Match[str], lex: _Lex) -> _Cand | None:
    last, end = nxt.group(1), nxt.end(1)
    glued = lex.glued.search(last, 2)
    if glued and _is_position(last, glued.start(), lex):
        last, end = last[: glued.start()], nxt.start(1) + glued.start()
        return _Cand(title, first, last, start, end, True, end)
    if _is_position(text, nxt.start(1), lex):
        return None  # "นายยุทธพร นายอำเภอเขาสวนกวาง": a first name and an office
    nick = _NICK_RX.match(text, nxt.start(1) - 1) if last.startswith("หรือ") else None
    if nick and (_nfc(nick.group(2)) in lex.family or _AGE_RX.match(text, nick.end())):
        return _Cand(title, first, nick.group(2), start, nick.end(), True)  # "กวิตา หรือเอิร์น ราชดา อายุ"
    if not _last_ok(last, lex):
        return None
    na = _NA_RX.match(text, end)
    if na and na.group(1) in _NA_PLACES:
        last, end = f"{last} ณ {na.group(1)}", na.end()
    strong = _nfc(last) in lex.family or bool(_AGE_RX.match(text, end)) or " ณ " in last
    return _with_position(text, _Cand(title, first, last, start, end, strong), lex)


def _with_position(text: str, c: _Cand, lex: _Lex) -> _Cand:
    gap = _GAP_RX.match(text, c.end)
    if not gap:
        return c
    at = gap.end()
    paren = _SKIP_PAREN_RX.match(text, c.end)
    if paren and not _is_position(text, at, lex):
        gap = _GAP_RX.match(text, paren.end())
        at = gap.end() if gap else at
    if _is_position(text, at, lex):
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
    rest, changed = pos, True
    while changed:
        changed = False
        for mod in lex.mods:
            if rest.startswith(mod):
                rest, changed = rest[len(mod):].lstrip(), True
                break
    return rest == "" or rest in lex.bare or pos.endswith("และ")


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
        if _needs_object(pos, lex) and (more or "." in text[nxt:nxt + 12].split(" ", 1)[0]):
            piece = _piece(text, nxt, more.end() if more else nxt, limit)
        elif text.startswith("และ", nxt) and lex.head_rx.match(text, nxt + 3, limit):
            piece = _piece(text, nxt, lex.head_rx.match(text, nxt + 3, limit).end(), limit)
        else:
            break
        pos, raw_end, cut = f"{pos} {piece[0]}", piece[1], piece[2]
    number = re.compile(f"{_SP}(\\d{{1,3}})(?=\\s|$)").match(text, raw_end, limit) if not cut else None
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
    cands = [c for m in _TITLE_RX.finditer(text) if (c := _candidate(text, m, lex))]
    confirmed: dict[str, set[str]] = {}
    for c in cands:
        if c.strong:
            confirmed.setdefault(c.first, set()).add(c.last)
    # A surname with no evidence of its own is dropped when the article gives
    # the same first name another, confirmed surname ("พล.อ.ประยุทธ์ พรรคประชาธิปัตย์").
    kept: list[_Cand] = []
    for c in cands:
        if (c.strong or c.last in confirmed.get(c.first, {c.last})) and (not kept or c.start >= kept[-1].end):
            kept.append(c)
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


_MINISTRIES = {
    "มหาดไทย": "มท.", "กลาโหม": "กห.", "การคลัง": "กค.", "การต่างประเทศ": "กต.",
    "เกษตรและสหกรณ์": "กษ.", "คมนาคม": "คค.", "พาณิชย์": "พณ.", "แรงงาน": "รง.",
    "ยุติธรรม": "ยธ.", "ศึกษาธิการ": "ศธ.", "สาธารณสุข": "สธ.", "อุตสาหกรรม": "อก.",
    "วัฒนธรรม": "วธ.", "การท่องเที่ยวและกีฬา": "กก.", "พลังงาน": "พน.",
    "ทรัพยากรธรรมชาติและสิ่งแวดล้อม": "ทส.", "ดิจิทัลเพื่อเศรษฐกิจและสังคม": "ดศ.",
    "การพัฒนาสังคมและความมั่นคงของมนุษย์": "พม.",
}
_ABBREVIATIONS = [  # (full form, abbreviation); the rest of the title is kept
    ("รองผู้ว่าราชการจังหวัด", "รองผวจ."), ("ผู้ว่าราชการจังหวัด", "ผวจ."), ("นายอำเภอ", "นอภ."),
    ("รัฐมนตรีว่าการกระทรวง", "รมว."), ("รัฐมนตรีช่วยว่าการกระทรวง", "รมช."),
    ("รองผู้อำนวยการ", "รองผอ."), ("ผู้อำนวยการ", "ผอ."), ("ปลัดกระทรวง", "ปลัด"),
    ("ผู้บัญชาการตำรวจแห่งชาติ", "ผบ.ตร."), ("รองนายกรัฐมนตรี", "รองนายกฯ"), ("นายกรัฐมนตรี", "นายกฯ"),
]


def abbreviate_position(position: str) -> list[str]:
    """Short forms news also uses: 'ผู้ว่าราชการจังหวัดสงขลา' -> ['ผวจ.สงขลา']."""
    position = position.strip()
    for full, short in _ABBREVIATIONS:
        if position.startswith(full):
            rest = position[len(full):]
            if short in ("นายกฯ", "รองนายกฯ") and rest:
                return []
            forms = [f"{short}{rest}"] if short != "ปลัด" else []
            if rest in _MINISTRIES:
                forms.append(f"{short}{_MINISTRIES[rest]}" if short != "ปลัด" else f"ปลัด {_MINISTRIES[rest]}")
            return forms
    return []
