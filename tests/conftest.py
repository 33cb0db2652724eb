"""Shared fixtures: the embedded corpus, ../shared corpora, built indexes."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED = CORPUS / "000_a5a97db9e4167df2.txt"
SHARED = ROOT.parent / "shared"
THAIGOV_SAMPLE = SHARED / "corpora" / "thaigov-sample"
DAILYNEWS = SHARED / "corpora" / "dailynews-2017.tar.gz"


def need(path: Path) -> Path:
    """Skip the test when a ../shared corpus is absent (a user's fresh clone)."""
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """An index of the embedded corpus (the seed article)."""
    from indexer.build import build_index

    target = tmp_path_factory.mktemp("seed-index")
    build_index([CORPUS], target, progress=False)
    return target


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory) -> Path:
    """An index of ../shared thaigov-sample plus the seed (skipped when absent)."""
    from indexer.build import build_index

    need(THAIGOV_SAMPLE)
    target = tmp_path_factory.mktemp("sample-index")
    build_index([THAIGOV_SAMPLE, CORPUS], target, progress=False)
    return target
