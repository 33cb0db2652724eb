"""Reindexing while the real server is under load (a small run of bench/reindex_load.py).

``thainews serve`` (gunicorn, 2 workers of 4 threads) answers 8 client
threads while a second ``thainews index`` process adds and changes articles
and commits. Every response must be a 200 whose (total, hit ids) is exactly
the old index's answer or the new one's; no client may get the old answer
after it got the new one, nor after the commit reached the disk; and both
indexes must actually have been served.
"""

from __future__ import annotations

from pathlib import Path

from bench import reindex_load

BENCH = Path(__file__).resolve().parents[1] / "bench"


def test_reindex_under_load(tmp_path):
    figures = reindex_load.run(seconds=4, clients=8, add=40, change=10, workers=2, base_generated=60,
                               work=tmp_path, after=1.5)
    print(figures)
    assert figures["reindex_exit"] == 0, figures
    assert figures["reindexed_files"] == 50, figures
    assert figures["errors"] == 0, figures
    assert figures["neither"] == 0, figures
    assert figures["regressions"] == 0, figures
    assert figures["stale_after_commit"] == 0, figures
    assert figures["old"] > 0 and figures["new"] > 0, figures
    assert figures["changed_queries"] >= len(reindex_load.QUERIES) // 2, figures
