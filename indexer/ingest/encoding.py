"""Decode article files: UTF-8 (with or without BOM) or Thai legacy encodings."""

from __future__ import annotations

import codecs

from indexer.errors import ThainewsError
from indexer.settings import MAX_BAD_UTF8_SHARE
from indexer.thai.chars import is_thai_char

__all__ = ["decode", "decode_text", "DecodeError"]


class DecodeError(ThainewsError, ValueError):
    """The bytes are not text in any encoding we can recognise."""

    status = 422
    default_code = "undecodable"


def _thai_share(text: str) -> float:
    letters = [c for c in text if not c.isspace()]
    if not letters:
        return 0.0
    return sum(map(is_thai_char, letters)) / len(letters)


def decode(data: bytes) -> str:
    """Return the text of `data` (see :func:`decode_text`)."""
    return decode_text(data)[0]


def _lenient_utf8(data: bytes) -> tuple[str, str] | None:
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if 0 < bad <= MAX_BAD_UTF8_SHARE * len(data):
        return text, f"{bad} invalid UTF-8 byte sequence(s) replaced with \ufffd"
    return None


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Return the text of `data` and a warning if some of it was damaged.

    UTF-8 is tried first (BOM stripped). Thai legacy files are TIS-620 or its
    Windows superset cp874; both map the same bytes to Thai, so cp874 decodes
    either. It is accepted only when the result is mostly Thai, because cp874
    decodes almost any byte string. Anything else goes to charset-normalizer.
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), None
            except UnicodeDecodeError as exc:
                damaged = _lenient_utf8(data) if enc == "utf-8" else None
                if damaged:
                    return damaged[0].lstrip("\ufeff"), damaged[1]
                raise DecodeError(f"starts with a {enc} byte-order mark but is not {enc}: {exc}") from exc
    # Checked before UTF-8: bytes below 0x80 (NULs included) are valid UTF-8,
    # so a binary file of them would otherwise be indexed as a junk article.
    # No text file has NULs (git decides "binary" the same way).
    if b"\x00" in data[:4096]:
        raise DecodeError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    damaged = _lenient_utf8(data)
    if damaged:
        return damaged
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        text = ""
    if text and _thai_share(text) >= 0.3:
        return text, None
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("not UTF-8, TIS-620/cp874 or any encoding charset-normalizer recognises")
    return str(best), f"encoding guessed as {best.encoding}"
