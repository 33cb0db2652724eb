"""Positions of officials: the office written after a name, and its short forms.

After a name comes the office: ``ผู้ว่าราชการจังหวัดสงขลา``,
``รองนายกรัฐมนตรี และรัฐมนตรีว่าการกระทรวงมหาดไทย``, ``นายก อบต.บ้านใหม่``
(the organisation abbreviated after a space). What may start an office is
the lexicon's (``offices``, ``data/positions.txt``); where it ends is read
here, word by word: a head (``ผู้ว่าราชการ``), then parts (``ว่าการ``,
``ประจำ``, a province, a country, a ministry), then at most one
organisation (``จังหวัดสงขลา``, ``สำนักงานนโยบายและแผนพลังงาน``). The
office ends at the first word that is none of these, so the sentence after
it is never taken in: ``นายกรัฐมนตรีเข้าร่วม`` gives ``นายกรัฐมนตรี``. An
organisation's own name is open (any words), up to the next space or a
word that carries the sentence on (``[clause]``: ``เปิดเผย``, ``ในฐานะ``);
after ``กระทรวง``, ``จังหวัด`` and ``ประเทศ`` it is a known name and ends
with it (``กระทรวงกลาโหม|ชื่นชม...``).

News abbreviates offices (``ผวจ.สงขลา``), so the index keeps each position's
short forms too (:func:`abbreviate_position`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .offices import GAP, SPACE, Lexicon, lexicon

__all__ = ["position_start", "position_at", "abbreviate_position"]

# Words that make a noun of the verb after them: "ผู้ร่วมก่อตั้ง", "การจัดการ".
_NOUN_MAKERS = frozenset(("ผู้", "นัก", "การ", "ความ"))
# The sentence going on, however the dictionary cuts it ("ธนารักษ์|ใน|ฐานะ").
_CLAUSE_RX = re.compile("ในฐานะ|ในสังกัด")
# "... และคณะผู้บริหาร", "ผกก.ตม.แม่สายและฝ่ายงานเกี่ยวข้อง": other people, not the organisation's name
_OTHER_PEOPLE_RX = re.compile("และ(?:คณะ(?!กรรมการ|รัฐมนตรี|อนุกรรมการ|ทำงาน)|ฝ่าย|เจ้าหน้าที่|ผู้บริหาร|ทีม|"
                              "ภริยา|ภรรยา|ครอบครัว|ผู้เกี่ยวข้อง)")
# A number after a space belongs to a numbered unit: "ปราบปรามยาเสพติด 2", "สพม.เขต 36", "แม่ทัพภาคที่ 1".
_NUMBERED_RX = re.compile("(?:ที่|เขต|ภาค|ยาเสพติด|กองพล|กองพัน|กองร้อย|กองบิน|หน่วย|ศูนย์|ภ\\.)$")
_NUMBER_RX = re.compile(f"{SPACE}?(?:ที่{SPACE}?)?(\\d{{1,3}})(?=\\s|$)")
# Trimmed off the end of an office: "ผู้ว่าราชการจังหวัดสงขลา,".
_TRIMMED = ",;:!?\"'“”‘’]/-"
# A short aside in brackets between a name and its office: "นายสมชาย ใจดี (อายุ 45 ปี) ...".
_SKIP_PAREN_RX = re.compile(f"{SPACE}*\\([^()\n]{{1,40}}\\)")
_CLOSING_QUOTE = re.compile("[\"”’']?")
_SPACE_RX = re.compile(r"\s")
# A part that needs more after it, left at the end when nothing more was read.
_DANGLING_RX = re.compile("(?:ด้าน|เฉพาะด้าน|ฝ่าย|ประจำ|แห่ง)$")
# A subdistrict, district or province abbreviated: "ต.นาโก".
_PLACE_ABBR_RX = re.compile("[ตอจ]\\.(?=[ก-ฮเแโใไ])")
# An organisation written with no name after it: its name may follow after a space ("...กระทรวง พม.").
_NAMELESS = ("กระทรวง", "กรม", "สำนัก", "สำนักงาน", "คณะกรรมการ")
# Offices of a place, which may follow abbreviated after a space ("กำนัน ต.นาโก", "นายอำเภอ อ.เมือง").
_PLACED = ("กำนัน", "ผู้ใหญ่บ้าน", "นายอำเภอ", "ปลัดอำเภอ", "นายกเทศมนตรี", "นายก")
# The organisation's abbreviation in brackets after its name: "(คสช.)", "(กสร.)".
_ABBREVIATION_RX = re.compile(r"\([^()\s]{0,20}\.\)")
# A unit's number written against its abbreviation: "ผกก.กก.3".
_UNIT_NUMBER_RX = re.compile(r"(?<=\.)\d{1,3}")
# An aside in brackets inside an office: "รองสว.(สอบสวน)", "รองผู้ว่าการ(วิชาการ)".
_ASIDE_RX = re.compile("\\([^()\\s.]{1,30}\\)")
_AND_RX = re.compile(f"{SPACE}{{0,2}}(?:และ|/){SPACE}{{0,2}}")  # "รอง นรม./รมว.กลาโหม"
# An organisation abbreviated after a space: "นายก อบต.บ้านใหม่", "รัฐมนตรีว่าการกระทรวง พม.".
_ABBREVIATED_RX = re.compile(r"\S{0,8}\.")


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


@lru_cache(maxsize=65536)
def _words(run: str) -> tuple[str, ...]:
    """The words of a run of text without spaces (PyThaiNLP's dictionary: not the
    project's compounds, ``เป็นผู้แทน``), cached."""
    from .segment import dictionary_words

    return tuple(dictionary_words(run))


def _organisation_end(text: str, at: int, stop: int, lex: Lexicon) -> int:
    """Where the organisation's name that starts at ``at`` ends (not past ``stop``, the next space).

    ``จังหวัด`` + a province, ``กระทรวง`` + a ministry, ``ประเทศ`` + a country
    end with the name, then take parts (``กระทรวงการต่างประเทศญี่ปุ่น``); any
    other name is read by :func:`_name_end`:
    ``สำนักงานนโยบายและแผนพลังงาน|เปิดเผย``, ``กรมการปกครอง|ในฐานะ``.
    """
    org = lex.org_rx.match(text, at, stop) or _PLACE_ABBR_RX.match(text, at, stop)
    assert org is not None
    closed = lex.closed.get(org.group())
    name = closed.match(text, org.end(), stop) if closed else None
    if name:
        return _parts_end(text, name.end(), stop, lex, organisation=False)
    return _name_end(text, org.end(), stop, lex)


def _name_end(text: str, at: int, stop: int, lex: Lexicon) -> int:
    """The end of a name of any words from ``at``: the next space, a [clause] word,
    other people (``และคณะ``) or the name's abbreviation in brackets."""
    end, previous = at, ""
    for word in _words(text[at:stop]):
        clause = word in lex.clause and previous not in _NOUN_MAKERS  # "ผู้|ร่วม|ก่อตั้ง" is a noun
        if clause or _CLAUSE_RX.match(text, end, stop) or _OTHER_PEOPLE_RX.match(text, end, stop) \
                or _ABBREVIATION_RX.match(text, end, stop):
            break  # "...แห่งชาติ(คสช.)กำชับ"
        end, previous = end + len(word), word
    return end


def _aside(text: str, at: int, stop: int, lex: Lexicon) -> re.Match[str] | None:
    """An aside in brackets that is part of the office (``(สอบสวน)``), not the sentence
    (``นายกรัฐมนตรี(เป็นประธานในพิธีเปิดงาน)``)."""
    aside = _ASIDE_RX.match(text, at, stop)
    return aside if aside and _words(aside.group()[1:-1])[0] not in lex.clause else None


def _parts_end(text: str, at: int, stop: int, lex: Lexicon, organisation: bool = True) -> int:
    """Past the parts (another head, ``ว่าการ``, ``ประจำ``, a place) and at most one organisation from ``at``.

    ``นายกรัฐมนตรี|เข้า``: nothing is read past the head; ``รัฐมนตรี|ว่าการ|กระทรวงมหาดไทย``.
    """
    while at < stop:
        part = lex.part_rx.match(text, at, stop) or _aside(text, at, stop, lex) or _UNIT_NUMBER_RX.match(text, at, stop)
        head = lex.head_rx.match(text, at, stop)
        org = lex.org_rx.match(text, at, stop) if organisation else None
        # an organisation over a head as long ("ประธาน|กรรมการร่างรัฐธรรมนูญ"), not over a part ("รมว.|กห.")
        if org and (not part or org.end() > part.end()) and (not head or org.end() >= head.end()):
            return _organisation_end(text, at, stop, lex)
        part = part or head
        if not part:
            break
        at = part.end()
    return at


def _office_end(text: str, at: int, limit: int, lex: Lexicon) -> int | None:
    """The end of the one office written at ``at`` (within the text up to the next space), or None."""
    head = lex.head_rx.match(text, at, limit)
    if not head:
        return None
    space = _SPACE_RX.search(text, head.end(), limit)
    stop = space.start() if space else limit
    named = lex.org_tail_rx.search(head.group())
    if named:  # "นายอำเภอ|เขาสวนกวาง", "อุตสาหกรรมจังหวัด|ชลบุรี", "ผู้ใหญ่บ้าน|หนองบัว": a name follows the head
        return max(head.end(), _organisation_end(text, at + named.start(), stop, lex))
    end = _parts_end(text, head.end(), stop, lex)
    mods = lex.mods.match(head.group())
    if end == head.end() and head.group()[mods.end() if mods else 0:] in lex.bare:
        return _name_end(text, end, stop, lex)  # "หัวหน้า|ชุดพัฒนาสัมพันธ์มวลชน", "ประธาน|ในพิธี"
    return end


def _needs_object(position: str, lex: Lexicon) -> bool:
    """True for "นายก", "ที่ปรึกษา", "รอง", "...คณะกรรมการ": the organisation follows after a space
    (not for "นายกรัฐมนตรี": the words after it are the sentence)."""
    mods = lex.mods.match(position)
    rest = position[mods.end() if mods else 0:]
    return rest == "" or rest in lex.bare or position.endswith(_NAMELESS)


def _joined(text: str, end: int, limit: int, position: str, lex: Lexicon) -> tuple[int, int] | None:
    """The next office that belongs to the position ending at ``end``: (start, end), or None.

    Another office after ``และ`` (``รองนายกรัฐมนตรี และ รมว.มหาดไทย``, but
    not ``... และผู้บริหารกระทรวง``: other people), or the organisation an
    office needs written after a space (``นายก อบต.บ้านใหม่``,
    ``ที่ปรึกษา รมว.เกษตรและสหกรณ์``).
    """
    conj = _AND_RX.match(text, end, limit)
    if conj and lex.office.match(text, conj.end(), limit):
        after = _office_end(text, conj.end(), limit, lex)
        return (end, after) if after else None
    gap = GAP.match(text, end, limit)
    if gap and position.endswith(_PLACED) and _PLACE_ABBR_RX.match(text, gap.end(), limit):
        space = _SPACE_RX.search(text, gap.end(), limit)  # "กำนัน ต.นาโก"
        return end, _organisation_end(text, gap.end(), space.start() if space else limit, lex)
    if not gap or not _needs_object(position, lex):
        return None
    at = gap.end()
    mods = lex.mods.match(position)
    if position[mods.end() if mods else 0:] in ("", *lex.bare) and lex.head_rx.match(text, at, limit):
        after = _office_end(text, at, limit, lex)  # "ที่ปรึกษา รมว.เกษตรและสหกรณ์", "รอง ผบก.ปอศ."
        return (end, after) if after else None
    ministry = lex.closed["กระทรวง"].match(text, at, limit) if position.endswith("กระทรวง") else None
    if ministry:  # "รัฐมนตรีว่าการกระทรวง วัฒนธรรม"
        return end, ministry.end()
    if _ABBREVIATED_RX.match(text, at, limit) and lex.org_rx.match(text, at, limit):
        space = _SPACE_RX.search(text, at, limit)
        return end, _organisation_end(text, at, space.start() if space else limit, lex)
    return None


def _trimmed(position: str) -> str:
    """Without the punctuation and the abbreviation in brackets at its end: "อธิบดีกรมสวัสดิการและคุ้มครองแรงงาน(กสร.)"."""
    position = position.rstrip(_TRIMMED + " ")
    if position.count(")") > position.count("("):
        position = position.rstrip(")")
    paren = re.search(r"\(([^()]*)\)?$", position)
    if paren and (not paren.group().endswith(")") or "." in paren.group(1) or re.fullmatch("[A-Z&]+", paren.group(1))):
        position = position[: paren.start()]
    position = position.removesuffix("และ").rstrip(_TRIMMED + " ")
    if position.endswith(".") and "." not in position[:-1] and not re.search(r"[ก-ฮ]{2}\.$", position):
        position = position[:-1]  # a full stop ("รัฐมนตรีกระทรวงเบร็กซิต."), not an abbreviation's dot ("ผอ.")
    dangling = _DANGLING_RX.search(position)  # "ผู้เชี่ยวชาญด้าน": the field was not read
    return position[: dangling.start()] if dangling and dangling.start() else position


def position_at(text: str, at: int, limit: int, lex: Lexicon) -> str | None:
    """The office written at ``at`` (after a name), not past ``limit`` (the next mention); None if none starts there.

    One office, then more where they belong to it: an office joined with
    ``และ`` (``รองนายกรัฐมนตรี และ รมว.มหาดไทย``), the organisation of an
    office that needs one (``นายก อบต.บ้านใหม่``), the number of a numbered
    unit (``ผู้บังคับการตำรวจปราบปรามยาเสพติด 2``). One space where there were
    several, none around ``และ``.
    """
    end = _office_end(text, at, limit, lex)
    if end is None:
        return None
    while (more := _joined(text, end, limit, text[at:end], lex)) and more[1] > more[0]:
        end = more[1]
    position = _AND_RX.sub(lambda m: m.group().strip(), " ".join(text[at:end].split()))  # "...และ รมว.": one way
    number = _NUMBER_RX.match(text, end, limit)
    if number and _NUMBERED_RX.search(position + number.group().removesuffix(number.group(1)).strip()):
        position += " ".join(number.group().split(" ")) if "ที่" in number.group() else f" {number.group(1)}"
    return _trimmed(position) or None


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
