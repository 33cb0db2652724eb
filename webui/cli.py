"""The ``thainews`` command: the indexer's commands (``indexer.cli``: index, search,
stats, settings) and ``serve``, which needs the web app.

It lives here, in the web layer, because only this layer may import both:
``indexer`` never imports ``webui`` (tests/test_layout.py reads every import).
"""

from __future__ import annotations

import os
import sys

import click

from indexer.cli import ensure_index, index_dir_or_default, index_option, main
from indexer.settings import Settings, parse_base_url

from . import create_app, server

__all__ = ["main"]


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn worker processes.")
@click.option("--dev", is_flag=True, help="Use Flask's development server instead of gunicorn.")
@click.option("--base-url", default=None,
              help="Public address for absolute URLs (feed, OpenSearch, embed) [default: $THAINEWS_BASE_URL, "
                   "else relative URLs]. Never taken from the Host header.")
@click.option("--worker-class", type=click.Choice(["gevent", "gthread"]), default="gevent", hidden=True,
              help="gunicorn workers (gevent; gthread only to measure it: bench/slow_clients.py).")
@click.option("--cluster", metavar="ADDRESS", default=None,
              help="Serve a sharded index from the Ray cluster at ADDRESS (host:port of its head; needs "
                   "thainews[cluster]; the index at the same path on every node): an actor per shard replica, "
                   "this process routing [default: $THAINEWS_CLUSTER, else the shards read in process].")
@index_option
def serve_cmd(host, port, workers, dev, base_url, worker_class, cluster, index_dir) -> None:
    """Serve the web UI and API; builds the index from corpus/ first if there is none."""
    if cluster is not None:
        os.environ["THAINEWS_CLUSTER"] = cluster  # read by every worker's app (indexer.settings)
    if base_url is not None:
        try:
            os.environ["THAINEWS_BASE_URL"] = parse_base_url(base_url) or ""
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--base-url") from None
    try:
        Settings.from_env()  # a bad setting is one line now, not a traceback in every worker
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    target = index_dir_or_default(index_dir)
    ensure_index(target)
    click.echo(f"thainews serving {target} on http://{host}:{port}/", err=True)
    if dev:
        create_app({"INDEX_DIR": str(target)}).run(host=host, port=port)
        return
    server.run_gunicorn(str(target), host=host, port=port, workers=workers, worker_class=worker_class)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
