"""The thainews command, run as users run it."""

from __future__ import annotations

import json

from click.testing import CliRunner

from indexer.cli import main

from .conftest import CORPUS


def test_index_search_stats(tmp_path):
    runner = CliRunner()
    ix = str(tmp_path / "ix")
    res = runner.invoke(main, ["index", str(CORPUS), "--index", ix, "--no-progress"])
    assert res.exit_code == 0, res.output
    assert "1 articles indexed" in res.output
    res = runner.invoke(main, ["search", "วีรนันทน์ เพ็งจันทร์", "--json", "--index", ix])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["hits"][0]["date"] == "2019-08-26"
    assert "<mark>" in data["hits"][0]["snippet"]
    res = runner.invoke(main, ["stats", "--index", ix, "--json"])
    stats = json.loads(res.output)
    assert stats["documents"] == 1 and stats["first_date"] == "2019-08-26"


def test_index_env_variable_and_errors_file(tmp_path, monkeypatch):
    monkeypatch.setenv("THAINEWS_INDEX", str(tmp_path / "env-ix"))
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text("หัวข่าวทดสอบ\nเนื้อข่าวจังหวัดสงขลา", encoding="utf-8")
    (src / "bad.json").write_text("{not json", encoding="utf-8")
    errors = tmp_path / "errors.json"
    res = CliRunner().invoke(main, ["index", str(src), "--errors", str(errors), "--no-progress"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "env-ix").is_dir()
    failed = json.loads(errors.read_text(encoding="utf-8"))["failed"]
    assert [f["path"] for f in failed] == ["src/bad.json"]
    assert "1 failed" in res.output


def test_search_bad_date_is_a_clear_error(tmp_path):
    runner = CliRunner()
    ix = str(tmp_path / "ix")
    runner.invoke(main, ["index", str(CORPUS), "--index", ix, "--no-progress"])
    res = runner.invoke(main, ["search", "สงขลา", "--from", "เมื่อวาน", "--index", ix])
    assert res.exit_code != 0
    assert "from" in res.output


def test_search_without_index_is_a_clear_error(tmp_path):
    res = CliRunner().invoke(main, ["search", "สงขลา", "--index", str(tmp_path / "none")])
    assert res.exit_code != 0
    assert "no index" in res.output
