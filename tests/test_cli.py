"""The thainews command, run as users run it."""

from __future__ import annotations

import json

from click.testing import CliRunner

from webui.cli import main

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
    assert res.exit_code == 1, res.output  # the status says a file failed; the rest is indexed
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


def test_serve_rebuilds_an_old_index_of_the_embedded_corpus_only(tmp_path, monkeypatch):
    import webui.server
    from indexer.index.store import META

    served = []
    monkeypatch.setattr(webui.server, "run_gunicorn", lambda index_dir, **kw: served.append(index_dir))
    runner = CliRunner()
    ix = tmp_path / "ix"
    runner.invoke(main, ["index", str(CORPUS), "--index", str(ix), "--no-progress"])
    (ix / META).write_text('{"schema_version": 0}', encoding="utf-8")  # as an older version left it
    res = runner.invoke(main, ["serve", "--index", str(ix)])
    assert res.exit_code == 0, res.output
    assert served == [str(ix)]
    assert json.loads(runner.invoke(main, ["stats", "--index", str(ix), "--json"]).output)["documents"] == 1

    other_src = tmp_path / "mine"
    other_src.mkdir()
    (other_src / "a.txt").write_text("หัวข่าว\nเนื้อข่าว", encoding="utf-8")
    other = tmp_path / "other"
    runner.invoke(main, ["index", str(other_src), "--index", str(other), "--no-progress"])
    (other / META).write_text('{"schema_version": 0}', encoding="utf-8")
    res = runner.invoke(main, ["serve", "--index", str(other)])
    assert res.exit_code != 0 and "rebuild" in res.output  # a user's own index is not rebuilt behind their back


def test_index_errors_are_plain_messages_not_tracebacks(tmp_path):
    from indexer.index.store import META, build_lock

    runner = CliRunner()
    ix = tmp_path / "ix"
    assert runner.invoke(main, ["index", str(CORPUS), "--index", str(ix), "--no-progress"]).exit_code == 0
    with build_lock(ix):  # another build is running
        res = runner.invoke(main, ["index", str(CORPUS), "--index", str(ix), "--no-progress"])
    # nothing committed: status 2, distinct from 1 (some files failed, the rest committed)
    assert res.exit_code == 2 and "another build is writing the index" in res.output
    assert not isinstance(res.exception, Exception) or isinstance(res.exception, SystemExit)
    (ix / META).write_text('{"schema_version": 0}', encoding="utf-8")  # an older version's index
    res = runner.invoke(main, ["index", str(CORPUS), "--index", str(ix), "--no-progress"])
    assert res.exit_code == 2 and "--rebuild" in res.output and "Traceback" not in res.output
    assert isinstance(res.exception, SystemExit)


def test_unchanged_rerun_writes_no_new_index_generation(tmp_path):
    from indexer.index.store import open_index

    runner = CliRunner()
    ix = tmp_path / "ix"
    runner.invoke(main, ["index", str(CORPUS), "--index", str(ix), "--no-progress"])
    generation = open_index(ix).latest_generation()
    res = runner.invoke(main, ["index", str(CORPUS), "--index", str(ix), "--no-progress"])
    assert res.exit_code == 0 and "1 files unchanged" in res.output
    assert open_index(ix).latest_generation() == generation  # servers keep their searchers
