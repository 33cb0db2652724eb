"""How close to the tokenizer-only ceiling can any Whoosh-based build get?

The ceiling (``bench.tokenizer_ceiling``) is segmentation alone. A build must
also turn the words into Whoosh postings, and Whoosh is pure Python. This
measures that second cost with nothing of thainews around it: the same text,
segmented once up front, fed as space-separated words to a one-field Whoosh
index (positions kept, nothing stored, one process, one commit, the
project's faster codec). Segmentation and posting then run one after the
other per core, so the best share of the ceiling a build of this design can
reach is ``segment / (segment + whoosh)``, whatever else it does.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Sequence


def whoosh_floor(texts: Sequence[str], sample: int = 2000, seed: int = 42) -> dict:
    """Seconds to segment a sample of `texts` and to index the result in bare Whoosh."""
    from whoosh import index
    from whoosh.analysis import SpaceSeparatedTokenizer
    from whoosh.fields import ID, TEXT, Schema

    from indexer.thai.segment import segment

    try:  # the project's codec while it has one; else Whoosh's default
        from indexer.index.codec import ThaiCodec

        codec, codec_name = ThaiCodec(), "ThaiCodec"
    except ImportError:
        from whoosh.codec import default_codec

        codec, codec_name = default_codec(), "whoosh default"

    texts = list(texts)
    if len(texts) > sample:
        texts = random.Random(seed).sample(texts, sample)
    segment("ทดสอบการตัดคำ")  # dictionary loaded before timing
    started = time.perf_counter()
    words = [" ".join(p for p in segment(t) if not p.isspace()) for t in texts]
    seg_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        ix = index.create_in(tmp, Schema(id=ID(), body=TEXT(analyzer=SpaceSeparatedTokenizer())))
        started = time.perf_counter()
        writer = ix.writer(limitmb=256, codec=codec)
        for i, text in enumerate(words):
            writer.add_document(id=str(i), body=text)
        writer.commit()
        whoosh_s = time.perf_counter() - started
    return {"docs": len(texts), "segment_s": seg_s, "whoosh_s": whoosh_s,
            "best_share": seg_s / (seg_s + whoosh_s), "codec": codec_name}
