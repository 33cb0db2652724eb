"""The search service is per-app state with a lifetime (``webui.engine``)."""

from __future__ import annotations

from webui import create_app
from webui.engine import close_searcher, get_searcher


def test_each_app_has_its_own_searcher_and_closes_it(seed_index, tmp_path):
    first = create_app({"INDEX_DIR": str(seed_index), "TESTING": True})
    second = create_app({"INDEX_DIR": str(seed_index), "TESTING": True})
    with first.app_context():
        one = get_searcher()
        assert get_searcher() is one  # shared by the app's requests
    with second.app_context():
        assert get_searcher() is not one
    assert first.extensions["thainews.searcher"] is one
    close_searcher(first)
    assert "thainews.searcher" not in first.extensions
    with first.app_context():  # opened again on next use
        again = get_searcher()
        assert again is not one and again.search("")["total"] >= 1
    close_searcher(first)
    close_searcher(second)
