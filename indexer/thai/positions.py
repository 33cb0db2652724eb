"""Positions of officials: the office written after a name, its short forms, and its clean form.

After a name comes the office, up to the next space, sometimes further:
``ผู้ว่าราชการจังหวัดสงขลา``, ``รองนายกรัฐมนตรี และรัฐมนตรีว่าการกระทรวงมหาดไทย``,
``นายก อบต.บ้านใหม่`` (the organisation abbreviated after a space). What may
start an office is the lexicon's (``offices``); where it stops is here: at the
verb that carries the sentence on (``...ทำหน้าที่``, ``...กล่าว``), at other
people (``และคณะผู้บริหาร``), at the next mention.

News abbreviates offices (``ผวจ.สงขลา``), so the index keeps each position's
short forms too (:func:`abbreviate_position`); the officials directory shows
positions cut at the clause the extractor still carried on
(:func:`clean_position`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .offices import GAP, SPACE, Lexicon, lexicon

__all__ = ["position_start", "position_at", "abbreviate_position", "clean_position"]

# Inside an office's token, these start the verb that follows it
# ("ปลัดกระทรวงเกษตรและสหกรณ์ทำหน้าที่พระยาแรกนา").
_CUT_RX = re.compile("กล่าว|เปิดเผย|เผย(?!แพร่)|ทำหน้าที่|ปฏิบัติหน้าที่|ซึ่ง|เป็นประธาน|เป็น|ได้|พร้อมด้วย|"
                     "พร้อม|ให้การ|ให้สัมภาษณ์|ลงพื้นที่|เดินทาง|ตรวจเยี่ยม|แถลง|ชี้แจง|ระบุ|สั่งการ|สั่ง|"
                     r"(?<=\.\))|(?<=\.)ที่|ว่า$|นั้น$|ร่วม(?=แถลง|ประชุม|กัน|งาน|พิธี|$)|"
                     # "... และคณะผู้บริหาร", "ผกก.ตม.แม่สายและฝ่ายงานเกี่ยวข้อง": other people
                     "และ(?:คณะ(?!กรรมการ|รัฐมนตรี)|ฝ่าย|เจ้าหน้าที่|ผู้บริหาร|ทีม|ภริยา|ภรรยา|ครอบครัว|ผู้เกี่ยวข้อง)")
# A number after a space belongs to a numbered unit: "ปราบปรามยาเสพติด 2", "สพม.เขต 36".
_NUMBERED_RX = re.compile("(?:ที่|เขต|ภาค|ยาเสพติด|กองพล|กองพัน|กองร้อย|กองบิน|หน่วย|ศูนย์|ภ\\.)$")
# Trimmed off the end of an office: "ผู้ว่าราชการจังหวัดสงขลา,".
_TRIMMED = ",;:!?\"'“”‘’]"
# A short aside in brackets between a name and its office: "นายสมชาย ใจดี (อายุ 45 ปี) ...".
_SKIP_PAREN_RX = re.compile(f"{SPACE}*\\([^()\n]{{1,40}}\\)")


_CLOSING_QUOTE = re.compile("[\"”’']?")


def position_start(text: str, name_end: int, lex: Lexicon) -> int | None:
    """Where an office starts after a name ending at ``name_end``, or None if none follows it.

    After the space, past a closing quote (``"พล.ต.อ.จักรทิพย์ ชัยจินดา" ผบ.ตร.``)
    or a short aside in brackets.
    """
    closing = _CLOSING_QUOTE.match(text, name_end)  # always matches (the quote is optional)
    quote = closing.end() if closing else name_end
    gap = GAP.match(text, quote)
    if not gap:
        return None
    at = gap.end()
    paren = _SKIP_PAREN_RX.match(text, name_end)
    if paren and not lex.head_rx.match(text, at):
        gap = GAP.match(text, paren.end())
        at = gap.end() if gap else at
    return at if lex.head_rx.match(text, at) else None


def _piece(text: str, at: int, head_end: int, limit: int) -> tuple[str, int, bool]:
    """The office written from ``at`` to the next space: (trimmed, raw end, cut short)."""
    ws = re.compile(r"\s").search(text, head_end, limit)
    raw_end = ws.start() if ws else limit
    token = text[at:raw_end]
    cut = _CUT_RX.search(token, max(head_end - at, 1))
    if cut:
        token = token[: cut.start()]
    token = token.rstrip(_TRIMMED)
    if token.count(")") > token.count("("):
        token = token.rstrip(")")
    paren = re.search(r"\(([^()]*)\)$", token)
    if paren and ("." in paren.group(1) or re.fullmatch("[A-Z&]+", paren.group(1))):
        token = token[: paren.start()]  # "อธิบดีกรมสวัสดิการและคุ้มครองแรงงาน(กสร.)"
    return token, raw_end, bool(cut)


def _needs_object(pos: str, lex: Lexicon) -> bool:
    """True for "นายก", "ที่ปรึกษา", "รอง": the organisation follows after a space."""
    mods = lex.mods.match(pos)
    rest = pos[mods.end() if mods else 0:]
    return rest == "" or rest in lex.bare or rest in lex.heads or pos.endswith("และ")


def position_at(text: str, at: int, limit: int, lex: Lexicon) -> str | None:
    """The office written at ``at`` (after a name), not past ``limit`` (the next mention); None if none starts there.

    One space-free piece, then more after a space where they belong to it:
    an office joined with ``และ`` (``รองนายกรัฐมนตรี และ รมว.มหาดไทย``), the
    organisation of an office that needs one (``นายก อบต.บ้านใหม่``), the
    number of a numbered unit (``ผู้บังคับการตำรวจปราบปรามยาเสพติด 2``).
    """
    head = lex.head_rx.match(text, at, limit)
    if not head:
        return None
    pos, raw_end, cut = _piece(text, at, head.end(), limit)
    while not cut:
        gap = GAP.match(text, raw_end, limit)
        if not gap or gap.end() >= limit:
            break
        nxt = gap.end()
        more = lex.head_rx.match(text, nxt, limit)
        conj = re.compile(f"และ{SPACE}?").match(text, nxt, limit)
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
    number = re.compile(f"{SPACE}(\\d{{1,3}})(?=\\s|$)").match(text, raw_end, limit) if not cut else None
    number = number if number and _NUMBERED_RX.search(pos) else None
    if number:
        pos = f"{pos} {number.group(1)}"  # "ผู้บังคับการตำรวจปราบปรามยาเสพติด 2"
    pos = pos.removesuffix("และ").rstrip(_TRIMMED + " ")
    return pos or None


def abbreviate_position(position: str) -> list[str]:
    """Short forms news also uses: 'ผู้ว่าราชการจังหวัดสงขลา' -> ['ผวจ.สงขลา']."""
    lex, position = lexicon(), position.strip()
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


# Words that start a clause, not a position: the extractor sometimes carries
# the sentence on after the office (`นายกรัฐมนตรีมีคำ`, `รมว.แรงงานมีความห่วงใย`).
_CLAUSE_WORDS = frozenset(
    "มี ได้ ให้ ที่ จะ เพื่อ ซึ่ง กับ ต่อ ร่วม แล้ว ยื่น เซ็น สู้ มอบหมาย ติดตาม จัด จัดงาน ช่วย ไป "
    "ตรวจ เป็น กล่าว เปิดเผย อีกด้วย ด้วย พร้อม พร้อมด้วย ให้เกียรติ เพิ่ม ระบุ ยืนยัน".split())
_TRAILING_RX = re.compile(r"[\s,;:(/'\"-]+$")
_AND_RX = re.compile(r"\s*และ\s*")


@lru_cache(maxsize=16384)
def clean_position(position: str) -> str:
    """A position without the clause the extractor carried on after it.

    ``นายกรัฐมนตรีมีคำ`` -> ``นายกรัฐมนตรี``; ``ผู้อำนวยการที่โรงเรียนแห่งนี้``
    -> ``ผู้อำนวยการ``; ``รองประธาน สนช.คนที่ 2`` is kept (``ที่`` after
    ``คน`` is an ordinal). Cuts at the first clause word after the first
    word, then trailing punctuation.
    """
    from .segment import segment

    words = segment(position)
    at, cut = 0, position
    for i, word in enumerate(words):
        at_word = word.strip()
        if i and at_word in _CLAUSE_WORDS and not (at_word == "ที่" and words[i - 1].endswith("คน")):
            cut = position[:at]
            break
        at += len(word)
    cut = _TRAILING_RX.sub("", _AND_RX.sub("และ", cut))
    if cut.endswith(".") and "." not in cut[:-1]:  # a full stop, not an abbreviation's dot
        cut = _TRAILING_RX.sub("", cut[:-1])
    return cut or position
