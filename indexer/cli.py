"""The indexer's commands: index, search, stats, settings (``webui.cli`` adds serve)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from indexer.index.store import IndexMissing, default_index_dir, index_exists

__all__ = ["main", "default_corpus_dir", "ensure_index", "index_dir_or_default", "index_option", "EXIT_SOME_FAILED",
           "EXIT_NOTHING_COMMITTED"]

# `thainews index`'s exit statuses besides 0 (README "Bad input"); click's
# usage errors exit 2 as well: nothing was committed for them either
EXIT_SOME_FAILED = 1
EXIT_NOTHING_COMMITTED = 2


def default_corpus_dir() -> Path:
    """``./corpus`` if the current directory has one, else the embedded corpus."""
    here = Path("corpus")
    if here.is_dir():
        return here
    return Path(__file__).resolve().parent.parent / "corpus"


index_option = click.option(
    "--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
    default=None, help="Index directory [default: $THAINEWS_INDEX or ~/.local/share/thainews/index].",
)


def index_dir_or_default(value: Path | None) -> Path:
    return value or default_index_dir()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="thainews")
def main() -> None:
    """Search engine for Thai news archives."""


@main.command("index")
@click.argument("sources", nargs=-1, type=click.Path(exists=True, path_type=Path))
@index_option
@click.option("--rebuild", is_flag=True, help="Start from an empty index.")
@click.option("--prune", is_flag=True, help="Remove articles of files no longer in a directory source.")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write failed and skipped files (path and reason) to this JSON file.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar [default: on a terminal].")
@click.option("--json", "as_json", is_flag=True, help="Print the build report as JSON.")
@click.option("--procs", type=click.IntRange(1, 64), default=None,
              help="Processes that segment and index "
                   "[default: one per core when 400 or more files are new or changed].")
@click.option("--shards", type=click.IntRange(1, 1024), default=None,
              help="Make a new index of N shards (an article's shard: a hash of its id); "
                   "fixed when the index is made [default: one index, or the count it was made with].")
@click.option("--cluster", metavar="ADDRESS", default=None,
              help="Build the shards as Ray tasks on the cluster at ADDRESS (host:port of its head; "
                   "needs thainews[cluster]) [default: local processes].")
def index_cmd(sources, index_dir, rebuild, prune, errors_path, progress, as_json, procs, shards, cluster) -> None:
    """Index SOURCES (directories, files, .zip or .tar.gz archives) [default: corpus/].

    \b
    Exit status:
      0  every file was read (files skipped on purpose and warnings included)
      1  some files or records could not be read; the rest is indexed and committed
      2  nothing was committed: the disk is full, another build holds the index,
         a usage error ...; the index is as it was (one line says why)
    """
    from indexer.index.build import build_index, fatal_reason
    from indexer.index.shards import whole_generations

    sources = list(sources) or [default_corpus_dir()]
    target = index_dir_or_default(index_dir)
    before = whole_generations(target)
    try:
        report = build_index(sources, target, rebuild=rebuild, prune=prune, progress=progress,
                             errors_path=errors_path, procs=procs, shards=shards, cluster=cluster)
    except KeyboardInterrupt:
        after = whole_generations(target)
        click.echo("interrupted; the index is unchanged" if _unchanged(before, after)
                   else "interrupted after the index was committed", err=True)
        sys.exit(130)
    except Exception as exc:  # one clear line, never a traceback, and status 2
        reason = fatal_reason(exc, target)
        unchanged = _unchanged(before, whole_generations(target))
        click.echo(f"error: {reason}; " + ("the index is unchanged" if unchanged else
                                           "the index was committed before the error"), err=True)
        sys.exit(EXIT_NOTHING_COMMITTED if unchanged else EXIT_SOME_FAILED)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        for label, items in (("failed", report.errors), ("skipped", report.skipped), ("warning", report.flagged)):
            for item in items[:20]:
                click.echo(f"{label}: {item['path']}: {item['reason']}", err=True)
            if len(items) > 20:
                click.echo(f"... and {len(items) - 20} more {label} (use --errors FILE)", err=True)
        click.echo(report.summary())
        click.echo(f"index: {target}")
    if not report.ok:
        sys.exit(EXIT_SOME_FAILED)


def _unchanged(before: list[int], after: list[int]) -> bool:
    """Did a stopped build leave the index (or every shard) at the generation it found?
    (A first build's empty index, made before the error, holds nothing.)"""
    return after == before or (all(g < 0 for g in before) and all(g <= 0 for g in after))


@main.command("search")
@click.argument("query")
@click.option("--from", "date_from", help="Earliest date: 2019-08-26, '26 ส.ค. 62', 'ส.ค. 2562', 2562 ...")
@click.option("--to", "date_to", help="Latest date, same forms as --from.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--page", default=1, show_default=True, type=click.IntRange(1))
@click.option("--sort", type=click.Choice(["relevance", "date", "oldest"]), default="relevance", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON object.")
@index_option
def search_cmd(query, date_from, date_to, limit, page, sort, as_json, index_dir) -> None:
    """Search the index for QUERY."""
    from .search import QueryError, open_service

    try:
        searcher = open_service(index_dir_or_default(index_dir))
        result = searcher.search(query, date_from, date_to, page=page, size=limit, sort=sort)
    except (QueryError, IndexMissing) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    click.echo(f"{result['total']} results ({result['took_ms']} ms)")
    for n, hit in enumerate(result["hits"], (page - 1) * limit + 1):
        click.echo(f"\n{n}. {hit['title']}")
        click.echo(f"   {hit['date_thai'] or '-'}  {hit['category'] or ''}  {hit['url'] or hit['source']}")
        click.echo("   " + _plain(hit["snippet"]))


def _plain(snippet: str) -> str:
    import html
    import re

    marked = re.sub(r"<mark>(.*?)</mark>", lambda m: click.style(m.group(1), bold=True, fg="yellow"), snippet)
    return html.unescape(marked)


@main.command("stats")
@index_option
@click.option("--json", "as_json", is_flag=True)
def stats_cmd(index_dir, as_json) -> None:
    """Document count, date range and size of the index."""
    from .search.stats import index_stats

    try:
        stats = index_stats(index_dir_or_default(index_dir))
    except IndexMissing as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    click.echo(f"index:      {stats['index']}")
    click.echo(f"documents:  {stats['documents']}")
    click.echo(f"dates:      {stats['first_date'] or '-'} .. {stats['last_date'] or '-'}"
               f" ({stats['undated']} undated)")
    click.echo(f"size:       {stats['size_bytes'] / 1e6:.1f} MB")
    click.echo(f"segmenter:  {stats['segmenter']}")


@main.command("settings")
@click.option("--json", "as_json", is_flag=True)
def settings_cmd(as_json) -> None:
    """The settings read from the environment and every tuning constant (indexer/settings.py)."""
    from .settings import Settings, tunables

    out = {"environment": Settings.from_env().describe(), "constants": tunables()}
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for section, values in out.items():
        click.echo(f"{section}:")
        for name, value in values.items():
            click.echo(f"  {name:<24} {value}")


def ensure_index(target: Path) -> None:
    """Make `target` ready to serve: build it from corpus/ when there is no index, and
    rebuild an index of the embedded corpus an older version made (anyone else's
    index is theirs to rebuild: a ClickException says so)."""
    from indexer.index.build import build_index
    from indexer.index.shards import is_sharded, open_shards
    from indexer.index.store import open_index, read_manifest

    corpus = default_corpus_dir()
    if is_sharded(target):  # a sharded archive is built by `thainews index --shards`, never from corpus/
        try:
            open_shards(target)
        except IndexMissing as exc:
            raise click.ClickException(str(exc)) from None
        return
    if not index_exists(target):
        click.echo(f"no index at {target}: building it from {corpus}", err=True)
        click.echo(build_index([corpus], target, progress=None).summary(), err=True)
        return
    try:
        open_index(target)
    except IndexMissing as exc:
        files = read_manifest(target).get("files", {})
        if files and all(path.startswith(f"{corpus.name}/") for path in files):
            click.echo(f"{exc}; rebuilding it from {corpus}", err=True)
            click.echo(build_index([corpus], target, rebuild=True, progress=None).summary(), err=True)
        else:
            raise click.ClickException(str(exc)) from None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
