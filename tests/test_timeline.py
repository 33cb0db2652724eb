"""The timeline never draws more than ``TIMELINE_BARS`` bars (issue 24: 76 monthly bars
were drawn for thaigov 2016-2020)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from indexer.index.textcodec import EPOCH
from indexer.search.facets import timeline
from indexer.settings import TIMELINE_BARS, TIMELINE_MIN_SLOTS, TIMELINE_TICKS


def _days(*dates: dt.date) -> np.ndarray:
    return np.array([(d - EPOCH).days for d in dates], dtype=np.int32)


@pytest.mark.parametrize("first, last, unit", [
    (dt.date(2019, 8, 26), dt.date(2019, 8, 26), "day"),
    (dt.date(2019, 8, 1), dt.date(2019, 9, 30), "day"),
    (dt.date(2019, 1, 1), dt.date(2019, 12, 31), "week"),
    (dt.date(2016, 1, 1), dt.date(2020, 12, 31), "month"),   # 60 months
    (dt.date(2016, 1, 1), dt.date(2022, 4, 30), "year"),     # 76 months: years instead
    (dt.date(1990, 1, 1), dt.date(2025, 6, 30), "year"),
])
def test_at_most_the_bars_allowed_and_every_match_counted(first, last, unit):
    days = _days(first, last, first + (last - first) / 2)
    found = timeline(days)
    assert found["unit"] == unit
    assert 1 <= len(found["buckets"]) <= TIMELINE_BARS
    assert sum(b["count"] for b in found["buckets"]) == len(days)


def test_chart_ticks_in_thai_or_gregorian_and_few_bars_centred():
    from webui import timeline as tl

    days = _days(dt.date(2017, 5, 30), dt.date(2017, 6, 2), dt.date(2017, 7, 3))
    data = tl.bars(timeline(days))
    thai, english = tl.chart(data), tl.chart(data, english=True)
    assert [t["label"] for t in thai["ticks"]][:2] == ["พ.ค. 2560", "มิ.ย. 2560"]
    assert [t["label"] for t in english["ticks"]][:2] == ["May 2017", "Jun 2017"]
    assert all(0 <= t["x"] <= 100 for t in thai["ticks"]) and len(thai["ticks"]) <= TIMELINE_TICKS
    one = tl.chart(tl.bars(timeline(_days(dt.date(2017, 6, 28)))))
    (bar,) = one["bars"]
    assert one["width"] == TIMELINE_MIN_SLOTS * tl.BAR and abs(bar["x"] + tl.BAR / 2 - one["width"] / 2) <= tl.BAR
