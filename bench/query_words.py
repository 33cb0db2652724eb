"""Words and chunks of article text that make queries: stop words, phrase chunks.

Shared by the query sets (``make_queries``, ``queries_mix``,
``unspaced_queries``), so none of them imports another for them.
"""

from __future__ import annotations

__all__ = ["STOP_WORDS", "is_phrase_chunk"]

# Frequent function words make poor queries on their own.
STOP_WORDS = frozenset({
    "และ", "ที่", "ของ", "การ", "ได้", "ให้", "เป็น", "ไม่", "จะ", "ว่า", "ซึ่ง", "โดย", "ใน", "กับ",
    "จาก", "แล้ว", "มี", "อยู่", "ความ", "เพื่อ", "นี้", "ทั้ง", "อย่าง", "หรือ", "ต่อ", "ยัง", "the",
    "and", "that", "with", "from", "this", "have", "will", "been", "were", "which"})

_PHRASE_EXTRA = set(".,-")


def is_phrase_chunk(chunk: str, lo: int = 8, hi: int = 30) -> bool:
    """8-30 characters, mostly Thai letters (>= 85%), otherwise only . , -; not digits only."""
    if not (lo <= len(chunk) <= hi) or chunk.isdigit():
        return False
    thai = sum(1 for ch in chunk if "\u0e01" <= ch <= "\u0e4e")
    if thai < 0.85 * len(chunk):
        return False
    return all("\u0e01" <= ch <= "\u0e4e" or ch in _PHRASE_EXTRA or ch.isdigit() for ch in chunk)
