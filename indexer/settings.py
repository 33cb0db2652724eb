"""Every setting of thainews in one place: the environment, and the tuning constants.

An operator reads this file (or runs ``thainews settings``) to see what can
be changed. The environment is read once per process into :class:`Settings`
(``settings()``); the web app copies it into Flask's config, where a test or
an embedding application may override it. The constants below are the
limits and weights the code uses, each with the reason for its value;
changing one needs no rebuild unless its comment says so.

This module imports nothing of the package, so any module may import it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

__all__ = ["Settings", "settings", "tunables", "parse_base_url"]


@dataclass(frozen=True)
class Settings:
    """The settings read from the environment (each field says its variable)."""

    index_dir: Path  # THAINEWS_INDEX, else $XDG_DATA_HOME/thainews/index (~/.local/share)
    segmenter: str = "nlpo3"  # THAINEWS_SEGMENTER: nlpo3 (Rust newmm) or newmm (PyThaiNLP's Python)
    cors_origins: str = "*"  # THAINEWS_CORS_ORIGINS: `*` or origins, comma-separated, that may read /api/*
    # THAINEWS_FRAME_ANCESTORS: who may frame the pages (CSP frame-ancestors); /embed and its
    # assets may be framed by any site whatever this says
    frame_ancestors: str = "'self'"
    static_max_age: int = 7 * 24 * 3600  # THAINEWS_STATIC_MAX_AGE: seconds (static URLs carry a content hash)
    embed_max_age: int = 3600  # THAINEWS_EMBED_MAX_AGE: seconds for /embed.js (copied into other sites)
    # THAINEWS_BASE_URL: the public address (`https://news.example/` or with a path) that absolute
    # URLs (the Atom feed, /opensearch.xml, the /embed snippets) are made from; unset, they are relative.
    # Never the request's Host header, which any client sets.
    base_url: str | None = None
    # THAINEWS_CLUSTER: a Ray cluster's address (host:port) to serve from (``search.cluster``); unset, in process
    cluster: str | None = None

    @classmethod
    def from_env(cls, env=None) -> Settings:
        """Read the environment (`env`: a mapping, default ``os.environ``); ValueError says what is wrong."""
        env = os.environ if env is None else env
        index = env.get("THAINEWS_INDEX")
        if index:
            index_dir = Path(index).expanduser()
        else:
            base = env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
            index_dir = Path(base) / "thainews" / "index"
        segmenter = env.get("THAINEWS_SEGMENTER", "nlpo3").strip().lower()
        if segmenter not in ("nlpo3", "newmm"):
            raise ValueError(f"THAINEWS_SEGMENTER must be nlpo3 or newmm, not {segmenter!r}")
        return cls(index_dir=index_dir, segmenter=segmenter,
                   cors_origins=env.get("THAINEWS_CORS_ORIGINS", cls.cors_origins),
                   frame_ancestors=env.get("THAINEWS_FRAME_ANCESTORS", cls.frame_ancestors),
                   static_max_age=_seconds(env, "THAINEWS_STATIC_MAX_AGE", cls.static_max_age),
                   embed_max_age=_seconds(env, "THAINEWS_EMBED_MAX_AGE", cls.embed_max_age),
                   base_url=parse_base_url(env.get("THAINEWS_BASE_URL")),
                   cluster=env.get("THAINEWS_CLUSTER") or None)

    def describe(self) -> dict:
        return {f.name: str(getattr(self, f.name)) for f in fields(self)}


def parse_base_url(raw: str | None) -> str | None:
    """`raw` as a base URL ending in ``/`` (None when empty); ValueError for anything but http(s)://host[/path]."""
    from urllib.parse import urlsplit

    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 (raises ValueError for a bad port)
    except ValueError:
        raise ValueError(f"THAINEWS_BASE_URL must be an http(s) URL, not {raw!r}") from None
    if (parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment
            or parts.username or parts.password or any(c.isspace() or ord(c) < 32 for c in raw)
            or any(c in raw for c in "<>\"'")):
        raise ValueError(f"THAINEWS_BASE_URL must be http(s)://host[:port][/path], not {raw!r}")
    return raw.rstrip("/") + "/"


def _seconds(env, name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number of seconds, not {raw!r}") from None
    if value < 0:
        raise ValueError(f"{name} must be 0 or more")
    return value


@lru_cache(maxsize=1)
def settings() -> Settings:
    """This process's settings, read from the environment on first use."""
    return Settings.from_env()


# ---------------------------------------------------------------- ingest

# The longest real article seen is about 230,000 characters (a cabinet
# meeting summary); anything past a million is not one article, and
# segmenting and storing it would cost every build and every snippet.
MAX_ARTICLE_CHARS = 1_000_000
# A publish date later than this many days from today is a typo or a date
# the article mentions, not its own: the article is indexed undated.
FUTURE_DAYS = 2
# The largest real article file seen is 0.7 MB (a cabinet meeting summary)
# and a year of news as one JSON Lines export is tens of MB, so 256 MB
# refuses only what no news file is.
MAX_FILE_BYTES = 256 * 1024 * 1024
# News text compresses about 7 times (thaigov and Daily News archives are
# 6.5-6.6x); a decompression bomb is 1000:1 or more. An archive or zip
# member that expands past 100x its compressed size, once past 64 MB, is
# refused (the small floor lets a tiny archive of repetitive text through).
MAX_EXPANSION = 100
EXPANSION_FLOOR = 64 * 1024 * 1024  # bytes an archive may expand to whatever its ratio
# UTF-8 with a few damaged bytes (a bad copy, a scraper that cut a
# character in two) is still UTF-8: up to this share of bad bytes they are
# replaced with U+FFFD and the file is flagged. A legacy-encoded Thai file
# read as UTF-8 fails on nearly every Thai byte, far above this.
MAX_BAD_UTF8_SHARE = 0.01

# ---------------------------------------------------------------- build

# Below this many new or changed files a single process is faster than
# starting workers (each loads the dictionaries).
PARALLEL_MIN_FILES = 400
# Terms with fewer postings than this are stored inline in Whoosh's term
# table. Measured on the thaigov sample: 16 gave the fastest build with an
# index no larger than without inlining. Takes effect for new segments.
INLINE_LIMIT = 16
# Postings per pickle when Whoosh's posting pool spills a sorted run
# (about 1 MB of them).
RUN_CHUNK = 4096
# Suffixes whose article and flags are looked up at a time when a segment
# is written (a chunk stays in cache).
SADOC_CHUNK = 1 << 23
# Merge policy: a segment is small below this share of the index's articles
# (or below the floor); once there are this many small segments, a commit
# merges them into its own.
SMALL_SHARE = 0.05
SMALL_FLOOR = 1000
SMALL_SEGMENTS = 4

# ---------------------------------------------------------------- requests

# A query: characters, and terms (space-separated words or quoted words;
# the operators OR, AND, NOT are not counted). Real headlines pasted as
# queries stay well inside both (the longest of 800 thaigov headline
# queries: 180 characters, 21 terms).
MAX_QUERY_CHARS = 300
MAX_QUERY_TERMS = 24
MAX_PAGE_SIZE = 100
# Results that can be paged to: page x size at most this.
MAX_RESULT_DEPTH = 10_000
# A date, a category or any other short parameter.
MAX_PARAM_CHARS = 200
# Searches whose results each web worker keeps (per index generation).
RESULT_CACHE = 256
# Suggestions as you type: terms read per field and prefix (most articles
# first among them), and the counts kept per index generation (a popular
# prefix is typed again and again).
SUGGEST_CANDIDATES = 200
SUGGEST_COUNTS_KEPT = 4096
# Characters of the search box's text that suggestions read (a completion
# of anything longer would be a query, not a prefix).
SUGGEST_MAX_CHARS = 100

# ---------------------------------------------------------------- matching and ranking

# BM25F: length normalisation and saturation, and the headline's weight
# against the body.
BM25_B = 0.75
BM25_K1 = 1.2
TITLE_WEIGHT = 2.0
# An occurrence inside a word or across the segmenter's cuts, against one
# that is a run of whole words (1).
SUBWORD_WEIGHT = 0.35
# An occurrence of an abbreviation variant, against the unit as typed (1).
VARIANT_WEIGHT = 0.8
# A text with more occurrences than this in the whole index (a letter, a
# vowel sign: text in nearly every article) is counted per article, a chunk
# at a time, as occurrences inside the body's words: its total stays exact,
# its weight ranks nothing anyway, and a request does not hold millions of
# occurrences in memory. Counted over every segment (and shard) together, so
# how the index is split never changes which texts are dense, nor the scores.
DENSE_OCCURRENCES = 500_000
DENSE_CHUNK = 1 << 21
# A form occurring at least this often in a segment (`และ`, `ที่`) keeps its
# counted occurrences and their articles with the segment's view, up to
# COMMON_FORMS_BYTES a segment (``matching.kept.CommonForms``): a pasted
# phrase read as its words reads them on nearly every such search.
COMMON_OCCURRENCES = 20_000
COMMON_FORMS_BYTES = 32 << 20
# A unit read as its words: each word scores as this share of a unit.
WORDS_WEIGHT = 0.5
# The ranking key (``matching.evaluate``): per unit a tier (as typed 2, a
# variant 1, by its words 0) times TIER_STEP, above any BM25F score; then
# the articles holding every unit verbatim above those the words reading
# adds (EXACT_PART, above any sum of tiers), and a pasted headline's own
# article above all (HEADLINE_BONUS).
TIER_STEP = 1000.0
EXACT_PART = 1.0e5
HEADLINE_BONUS = 1.0e6
# Closeness of units (and of a fallen-back unit's words): its weight, the
# gap in characters that halves it, and how much further apart units in
# the other order count.
PROXIMITY_WEIGHT = 2.0
PROXIMITY_CHARS = 12.0
REVERSED_PENALTY = 2.0
# Closeness is computed for this many of the best matches, or for every
# match when they hold no more occurrences than the second number. Its
# cost is about 0.1 ms per 1,000 occurrences measured (28k archive): all
# the 49,000 of `ดูแล หน่วยงาน`'s 4,366 matches took 2.4 ms of an 8.5 ms
# page, the best 200's 0.2 ms. The code before issue 21 counted every
# occurrence of the units, in matches or not, against 50,000, and so
# measured the best 200 of such queries too.
RERANK = 200
RERANK_ALL_OCCURRENCES = 5_000
# An AND reads a unit's occurrences only in the articles its rarer units
# hold, when they are at most this share of a segment's articles (past it,
# picking them out costs more than reading them all).
NARROW_SHARE = 0.25
# A quoted phrase's words may be glued or spaced: all 2**gaps ways up to
# this many gaps, beyond it all glued and all spaced.
MAX_PHRASE_GAPS = 6
# Did-you-mean: units longer than this are not respelt; whole-query
# evaluations per search; edits allowed (one only up to SHORT_UNIT
# characters: two edits in a short unit make another word, โควิด / โควตา);
# suffixes read per prefix for the index's own words (they are in order, so
# a sample spans every continuation).
RESPELL_MAX_CHARS = 40
RESPELL_MAX_TRIES = 4
RESPELL_MAX_EDITS = 2
RESPELL_SHORT_UNIT = 5
RESPELL_SAMPLE = 500
# A respelling's likelihood: its articles divided by this per edit (a word
# ten times as common as another is worth one more edit).
RESPELL_EDIT_COST = 10
# A unit that occurs (and is neither a dictionary word, nor a name the index
# knows, nor made of dictionary words) is still offered a respelling found
# in at least this many times as many articles (`ประยุธ`: 1, `ประยุทธ์`: 5,257).
RESPELL_MORE = 20
# ... and only while the typed unit is in at most this many articles: a spelling more
# writers use is theirs, not a typo (the thaigov `ประยุธ` is in 1), and looking for
# respellings of every name a query holds cost 7 ms of a name query's 9.
RESPELL_MORE_MAX_ARTICLES = 5
# ... and of at most this many characters: a name or a word, not a pasted phrase
# (`พระราชวังเวสต์มินสเตอร์` took 30 ms to respell, for nothing).
RESPELL_MORE_MAX_CHARS = 12

# An unspaced unit made of dictionary words (`นายกประยุทธ์`) is also read as
# its words when its verbatim matches do not fill a first page of this
# many (the request's page size, when it asks for one).
FIRST_PAGE = 10

# ---------------------------------------------------------------- results

SNIPPET_CHARS = 200
MAX_FRAGMENTS = 3
# "Similar articles": how many of more-like-this's best are reordered, and how much each
# kind of trait shared with the article (category, an official, a headline word)
# multiplies a candidate's score (bench/similar_eval.py measures both).
SIMILAR_CANDIDATES = 30
SIMILAR_SHARED_BONUS = 0.5
# Officials listed in a search's people facet, the most named first.
PEOPLE_SHOWN = 10
# One person under two spellings (``thai.names``): the name part that differs by
# one edit has at least this many letters (``ณัฐ`` and ``นัฐ`` may be two people).
# bench/people_quality.py lists every merge on both corpora and scores the labelled ones.
NAME_VARIANT_MIN_CHARS = 4
# Below one article in this many matching, the people facet counts only
# theirs (``matching.view.PeopleTable.count``), not the whole table.
FEW_ARTICLES = 8
# The timeline: at most this many bars, of a day, a week, a month or a year
# (the finest that fits; 62 keeps a bar about 10 px wide on a phone); fewer
# bars than TIMELINE_MIN_SLOTS are drawn in the middle at their width (one
# day is a bar, not a block); at most TIMELINE_TICKS dates under the axis.
TIMELINE_BARS = 62
TIMELINE_MIN_SLOTS = 12
TIMELINE_TICKS = 6
# A headline word in more than this share of headlines is boilerplate (a
# site name), not an example on the home page.
BOILERPLATE_SHARE = 0.3

# ---------------------------------------------------------------- web pages

# Matches in a CSV or JSON export, and in the Atom feed (newest first);
# exports read the search this many at a time.
EXPORT_CAP = 1000
FEED_SIZE = 50
EXPORT_BATCH = 100
# A spreadsheet cell holds at most this many characters (Excel's limit; a
# longer one spills into the next rows): a CSV export's article text is cut
# there, with a note (the JSON export keeps it whole). Some articles are
# 230,000 characters long.
EXPORT_CELL_CHARS = 32_000
# An export's file name: at most this many characters of the query and filters.
EXPORT_NAME_CHARS = 80
# Page links either side of the current page; officials per directory page;
# articles per page of an official's page; results the embedded search box
# may ask for.
PAGE_WINDOW = 2
DIRECTORY_PAGE = 50
PERSON_PAGE = 50
EMBED_MAX_SIZE = 20
# A response shorter than this is sent uncompressed: gzip's header and a
# round of deflate cost more than they save.
GZIP_MIN_BYTES = 500

# ---------------------------------------------------------------- serving (webui/server.py)

# A request's line and headers must have arrived this many seconds after its
# connection opened (or after the previous response on a kept-alive one), or
# the connection is closed unanswered: a client that sends half a request,
# or nothing, holds a socket for at most this long. Browsers and proxies
# send a request's head at once; 10 s allows a slow mobile link.
HEADER_DEADLINE_S = 10
# Connections one worker serves at once (a gevent greenlet each; an idle one
# costs a socket and a few kilobytes).
WORKER_CONNECTIONS = 1000
# Threads per worker that run the app (searches); the connections themselves
# are greenlets. Searching is Python under the GIL: more threads than this
# add no speed on two cores (gunicorn's threaded workers had four).
APP_THREADS = 4
# A worker whose greenlets (the connections and its heartbeat) stop for this
# long is killed and replaced. Requests run in its threads, so a slow search
# does not stop them; the slowest request measured is well under a second.
WORKER_TIMEOUT_S = 60
# The longest request line accepted (414 beyond): a 300-character Thai query
# is 2,700 bytes percent-encoded, with room for the filters.
LIMIT_REQUEST_LINE = 8190

# ---------------------------------------------------------------- serving on a Ray cluster (search/cluster.py)

# Replicas of each shard on the cluster (``thainews serve --cluster``), each on its
# own node where the cluster has enough: a request goes on to another replica
# when one is dead, so with two a killed one loses no request while Ray
# restarts it.
REPLICAS = 2
# How long a request waits for one replica's answer before it asks the next;
# a shard's step takes well under a second, a cold replica's first one seconds.
REPLICA_TIMEOUT_S = 15.0
# How long the router waits for a shard, over all its replicas, before it
# answers without it (flagged partial: ``router``).
SHARD_TIMEOUT_S = 20.0


def tunables() -> dict[str, object]:
    """Every tuning constant of this module with its value (``thainews settings``)."""
    return {name: value for name, value in globals().items()
            if name.isupper() and isinstance(value, (int, float)) and not isinstance(value, bool)}
