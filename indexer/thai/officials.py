"""Person mentions of officials: honorific or rank, first name, surname, position.

Thai news names people as ``นายวีรนันทน์ เพ็งจันทร์ ผู้ว่าราชการจังหวัดสงขลา``:
a title written against the first name, a space, the surname, a space and the
office. The build keeps the names an article holds whole when it segments
that article (``segment.segment_keeping``, called by ``indexer.index.analysis``:
``นายอุตตม`` is ``นาย|อุตตม``, not ``นา|ยอุ|ตต|ม``), indexes them in fields of
their own and facets on them. PyThaiNLP's NER model is not used: it needs a
download, is slow at index time (91,000 articles) and has no notion of the
position that follows a name. Instead this is a small grammar: a title regex,
then the space-delimited tokens after it, judged with PyThaiNLP's name lists,
its dictionary and a lexicon of offices (``offices``: ``data/positions.txt``);
the office after a name is read by ``positions``.

The name lists are incomplete (about a third of officials' surnames are in
them), so they are evidence, not a requirement. The rule is title + token +
space + token; the second token is rejected when it reads as a continuation of
the sentence ("นายวรณัฐ กล่าวว่า"), and a surname seen nowhere else is dropped
when the same first name appears in the article with a confirmed surname.
Offsets index the text as given (nothing is normalised first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .chars import NAME_CHARS, NON_INITIAL_CHARS, is_thai_word_char
from .normalize import normalize
from .offices import GAP, SPACE, Lexicon, lexicon, name_form
from .positions import position_at, position_start

__all__ = ["Mention", "extract_people", "people_in", "people_of", "name_key", "name_parts", "name_words",
           "without_title"]


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
_MARK_RX = re.compile(f"[{NON_INITIAL_CHARS}]")
_TOKEN_RX = re.compile(f"{SPACE}{{0,2}}([{NAME_CHARS}]{{2,}}(?:-[{NAME_CHARS}]+)*)")
_NOT_AFTER_NAME = set("ฯๆ0123456789๐๑๒๓๔๕๖๗๘๙")
_LATIN_WORD = "[A-Z][A-Za-z\u00c0-\u024f'\\-]+"
# A Latin name of two to four words: "Jean-Claude Poimbœuf", "Ong Ye Kung".
_LATIN_RX = re.compile(f"{SPACE}{{1,2}}({_LATIN_WORD}){SPACE}({_LATIN_WORD}(?:{SPACE}{_LATIN_WORD}){{0,2}})\\b")
_NA_RX = re.compile(f"{SPACE}ณ{SPACE}([{NAME_CHARS}]+)")
_AGE_RX = re.compile(f"{SPACE}*(?:อายุ|\\(\\d|,{SPACE}*\\d)")
_NICK_RX = re.compile(f"{SPACE}+หรือ{SPACE}?([{NAME_CHARS}]{{1,12}}){SPACE}+([{NAME_CHARS}]{{2,20}})")
# An organisation, not a surname: "พล.อ.ประยุทธ์ พรรคประชาธิปัตย์".
_ORG_RX = re.compile(f"(?:พรรค|กระทรวง|กรม|สำนักงาน|จังหวัด|อำเภอ|บริษัท|โรงเรียน|โรงพยาบาล|มหาวิทยาลัย|"
                     f"สถานี|ศาล|ธนาคาร|สมาคม|มูลนิธิ|คณะ|ประเทศ|รัฐบาล)(?![{NON_INITIAL_CHARS}])")
# An occupation, not a third part of a name: "นางธิดา ลิอาร์ด นักธรณีวิทยา ผู้เชี่ยวชาญ...".
_ROLE_RX = re.compile("นัก|ผู้|พนักงาน|เจ้าหน้าที่|ช่าง|ครู|อาจารย์|แพทย์|พยาบาล|ทนาย|ตำรวจ|ทหาร|ชาว|อดีต")


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


def _first_ok(title: str, first: str, lex: Lexicon) -> bool:
    if len(first) > 20 or "กล่าว" in first or first.endswith("ว่า") or _MARK_RX.match(first):
        return False
    if title in lex.titles:
        words = _words(title + first)
        if len(words[0]) > len(title) and words[0].startswith(title) and all(w in lex.words for w in words) \
                and name_form(first) not in lex.first:
            return False  # นายจ้าง, นายทะเบียน, นางพยาบาล, คุณภาพ: dictionary words, not นายก|ลินท์
    return _words(first)[0] not in lex.not_first


def _last_ok(last: str, lex: Lexicon, evidence: bool = False) -> bool:
    """Could ``last`` be a surname rather than the rest of the sentence?

    ``evidence``: the token is followed by an age, a nickname or an office,
    which only a full name is; then only a sentence-word start rejects it.
    """
    if name_form(last) in lex.family:
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


def _split_run(run: str, lex: Lexicon) -> tuple[str, str] | None:
    """Split "วีรนันทน์เพ็งจันทร์" when both halves are in the name lists."""
    for i in range(2, len(run) - 1):
        if not _MARK_RX.match(run, i) and name_form(run[:i]) in lex.first and name_form(run[i:]) in lex.family:
            return run[:i], run[i:]
    return None


def _candidate(text: str, m: re.Match[str], lex: Lexicon) -> _Cand | None:
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
    gap = GAP.match(text, first_end)
    if gap:
        named = _surname(text, title, first, start, gap.end(), lex)
        if named:
            return named
    split = _split_run(first, lex)
    if split:
        return _with_position(text, _Cand(title, *split, start, first_end, True), lex)
    return None


def _surname(text: str, title: str, first: str, start: int, at: int, lex: Lexicon) -> _Cand | None:
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
    if nick and (name_form(nick.group(2)) in lex.family or _AGE_RX.match(text, nick.end())):
        return _Cand(title, first, nick.group(2), start, nick.end(), True)  # "กวิตา หรือเอิร์น ราชดา อายุ"
    for tail in ("อายุ", "หรือ"):  # "โนนวังชัยอายุ 24 ปี", "รามจาตุหรือ “น้องเฟี๊ยส”"
        if last.endswith(tail) and len(last) > len(tail) + 2:
            last, end = last[: -len(tail)], end - len(tail)
            break
    after = GAP.match(text, end)
    solid = text[end: end + 4] == "อายุ" or bool(_AGE_RX.match(text, end)) or bool(
        after and lex.head_rx.match(text, after.end()))
    nickname = text[end: end + 4] == "หรือ" or text.startswith("หรือ", end + 1)
    if not _last_ok(last, lex, solid or nickname):
        return None
    na = _NA_RX.match(text, end)
    if na and na.group(1) in lex.na_places:
        last, end = f"{last} ณ {na.group(1)}", na.end()
    elif not solid and name_form(last) not in lex.family:
        last, end = _more_parts(text, last, end, lex)
    strong = solid or name_form(last) in lex.family or " ณ " in last
    return _with_position(text, _Cand(title, first, last, start, end, strong), lex)


def _more_parts(text: str, last: str, end: int, lex: Lexicon) -> tuple[str, int]:
    """Names of three or four parts, kept when an office follows them.

    "นายเหงียน ซวน ฟุก นายกรัฐมนตรีเวียดนาม", "ดร.วันดี กุญชรยาคง จุลเจริญ นายกสมาคม...".
    """
    parts, at = [last], end
    for _ in range(2):
        gap = GAP.match(text, at)
        tok = _TOKEN_RX.match(text, gap.end()) if gap else None
        if not gap or not tok or tok.start(1) != gap.end() or len(tok.group(1)) > 12 \
                or lex.head_rx.match(text, gap.end()):
            break
        if (_words(tok.group(1))[0] in lex.hard or text[tok.end(1): tok.end(1) + 1] in _NOT_AFTER_NAME
                or _ROLE_RX.match(tok.group(1))):
            break
        parts.append(tok.group(1))
        at = tok.end(1)
        after = GAP.match(text, at)
        if after and lex.head_rx.match(text, after.end()):
            return " ".join(parts), at
    return last, end


def _with_position(text: str, c: _Cand, lex: Lexicon) -> _Cand:
    """An office after the name is evidence of a name: the candidate is strong."""
    at = position_start(text, c.end, lex)
    if at is not None:
        c.pos_at, c.strong = at, True
    return c


# --- public API --------------------------------------------------------------
def extract_people(text: str) -> list[Mention]:
    """Every person mention in ``text``, in text order."""
    if not text:
        return []
    lex = lexicon()
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
        pos = position_at(text, c.pos_at, limit, lex) if c.pos_at >= 0 else None
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


def name_parts(first: str, last: str) -> list[str]:
    """The words a name is written with: the first name and each part of the surname.

    The ``ณ`` of a royal-granted surname is no part: ``ยุถิกา อิศรางกูร ณ อยุธยา``
    gives ``ยุถิกา``, ``อิศรางกูร``, ``อยุธยา``. The build keeps these whole
    when it segments the article that names them (``index.analysis``).
    """
    return [first, *(part for part in last.split() if part != "ณ")]


def name_words(mentions: Iterable[Mention]) -> set[str]:
    """The parts of the names mentioned, and each first name joined to its surname: ``วีรนันทน์เพ็งจันทร์``.

    Words of two letters or more. Only its test calls it now: the build keeps
    the parts whole (:func:`name_parts`), not the joined form.
    """
    words: set[str] = set()
    for m in mentions:
        parts = name_parts(m.first, m.last)
        words.update([*parts, m.first + parts[1]])
    return {w for w in words if len(w) > 1}


_SPACES = re.compile(r"\s+")


def name_key(text: str) -> str:
    """A name or position as typed by a user, in the form the fields hold."""
    return _SPACES.sub(" ", normalize(text)).strip().replace(".", "")


def without_title(text: str) -> str:
    """A name as typed with its title, without it: ``นายกลินท์ สารสิน`` -> ``กลินท์ สารสิน``,
    ``พล.อ.ประยุทธ์`` -> ``ประยุทธ์``; an office is left whole (``นายกรัฐมนตรี``)."""
    lex = lexicon()
    m = lex.title_rx.match(text)
    if not m or not _title_ok(text, m):
        return text
    office = lex.head_rx.match(text)
    tok = _TOKEN_RX.match(text, m.end())
    if (office and office.end() > m.end()) or not tok or not _first_ok(m.group().strip(), tok.group(1), lex):
        return text
    return text[tok.start(1):]


def people_of(text: str) -> tuple[tuple[str, str, str, str], ...]:
    """(name, first, last, position) for every mention in `text`, in order."""
    return tuple((m.name, m.first, m.last, m.position or "") for m in extract_people(text))
