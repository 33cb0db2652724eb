"""Fuzz the HTTP edge: hostile queries and parameters must never give a 500.

    .venv/bin/python -m bench.fuzz_http --queries 10000 [--index DIR | --url URL] [--seed 1]

Generates ``--queries`` requests (seeded, so every run and every single
case is reproducible: case ``N`` of seed ``S`` is ``--seed S --case N``)
against ``/api/search`` and ``/`` (most of them) and ``/api/suggest``,
``/api/people``, ``/people``, ``/article/<id>``, ``/api/article/<id>``,
``/api/people/<name>``, ``/people/<name>``. Queries are random Thai and
Latin text, unbalanced quotes and brackets, operator soup (OR/AND/NOT, ``-``,
``+``, ``title:``, ``person:``, ranges, wildcards, boosts), control
characters, NUL, invalid UTF-8 and lone surrogates, combining marks alone,
strings of up to 10,000 characters; parameters are huge, negative or not
numbers, bad dates, bad sorts and categories, and repeated.

A request fails when it answers 5xx, takes more than 2 s (``limit_s``;
``bench.py`` runs ``run_in_process`` with 1 s), or refuses (4xx) without
saying why: ``{"error": "..."}`` for ``/api``, an HTML page for the
others. In-process (Flask's test client, ``--index``) is the default; with
``--url`` the requests go to a running server. The report counts statuses
per endpoint, gives max and p95 latency, and lists failures with the
request that caused them. The exit status is 1 when anything failed.

``tests/test_fuzz.py`` runs a smaller seeded batch of the same generator
against the test index in the default test run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from indexer.settings import LIMIT_REQUEST_LINE, MAX_QUERY_CHARS, MAX_QUERY_TERMS

__all__ = ["Case", "Outcome", "generate", "make_case", "check", "run_cases", "report", "app_client",
           "run_in_process"]

LIMIT_S = 2.0
# gunicorn's limit_request_line as thainews serve sets it (bytes): longer URLs get its own 414
GUNICORN_MAX_LINE = LIMIT_REQUEST_LINE - len("GET  HTTP/1.1")
ENDPOINTS = [  # (name, weight)
    ("/api/search", 36), ("/", 30), ("/api/suggest", 6), ("/api/people", 5), ("/people", 5),
    ("/article/<id>", 5), ("/api/article/<id>", 5), ("/api/people/<name>", 4), ("/people/<name>", 4),
]

WORDS = ["สงขลา", "ผู้ว่าราชการจังหวัด", "ประชุม", "นายกรัฐมนตรี", "ผวจ.", "ครม.", "โควิด-19", "กรุงเทพฯ",
         "วีรนันทน์", "เพ็งจันทร์", "การ", "ที่", "ข่าว", "ตำรวจ", "เศรษฐกิจ", "ฯ", "ๆ", "พล.อ.", "ประยุทธ์",
         "น้ำท่วม", "ก", "ค", "ๅ", "COVID", "news", "the", "a", "x", "2562", "๒๕๖๒", "26", "ส.ค.", "Prime"]
OPERATORS = ["OR", "AND", "NOT", "ANDNOT", "ANDMAYBE", "or", "-", "+", "--", "+-", "title:", "person:",
             "position:", "body:", "field:", "date:", "category:", "id:", "source:", "role:", "title_key:",
             "fingerprint:", "month:", "year:", "*", "?", "~", "~2", "~99999", "^", "^3", "^-1", "^1e308",
             "[a TO b]", "{a TO b}", "[2019 TO 2020]", "date:[2019 TO]", "date:[TO 2020]", "[ TO ]",
             "{", "}", "[", "]", "(", ")", '"', "'", "\\", "/", ":", "::", "<", ">", "=", "!", "&&", "||",
             "title:(", "person:\"", "TO", "date:yesterday", "date:20190826", "*:*", "title:*", "ส*",
             "*ขลา", "ส?ขลา", "**", "?*?", "title:[ก TO ฮ]", "person:*", "'s", "%", "%00", "&", "#"]
CONTROL = [chr(c) for c in range(0, 32)] + ["\x7f", "\x85", "\u2028", "\u2029"]
ODD = ["\ud800", "\udfff", "\ud83d", "\u0e31", "\u0e48", "\u0e49", "\u0e4c", "\u0e47", "\u0e38", "\u0301",
       "\u0300\u0301\u0302", "\u200b", "\u200c", "\u200d", "\ufeff", "\u202e", "\u2066", "\u00a0", "\u3000",
       "\ufffd", "\uffff", "\U0010ffff", "😀", "👨‍👩‍👧", "\U0001f1f9\U0001f1ed", "Ａ", "ﬁ", "ǅ", "İ", "ß",
       "\u0e50\u0e51", "\u0e5b", "\u0e3f", "\u0e2f", "\u0e46", "\u0e4e", "\u0e3a", "\u0e33", "\ue000", "\U000e0041"]
THAI = "".join(chr(c) for c in range(0x0E01, 0x0E5C) if chr(c).isprintable())
NUMBERS = ["1", "0", "-1", "2", "100", "101", "1000", "99999", "10000000", "10000001", "9" * 30, "9" * 5000,
           "-" + "9" * 30, "1e3", "1.5", "0x10", " 5 ", "+3", "๓", "٣", "1_0", "NaN", "inf", "", "abc", "1 OR 1",
           "1;DROP", "\x00", "1\x00", "２", "-0", "00001", "3" * 19]
DATES = ["2562", "2019", "2019-08", "2019-08-26", "26 ส.ค. 62", "ส.ค. 2562", "26/08/2562", "yesterday",
         "31 ก.พ. 2562", "2019-13-45", "0000-00-00", "0", "-1", "99999999", "9" * 400, "9999-12-31", "0001-01-01",
         "2562-2563", "1/1/1", "32 ม.ค. 2563", "ก่อนเที่ยง", "\x00", "'; --", "<script>", "2019-08-26T00:00:00Z",
         "25620", "543", "1", "๒๕๖๒", "  ", "ม.ค.", "2019-02-29", "2020-02-29", "2562-02-29", "1e9"]
SORTS = ["relevance", "date", "DATE", " date ", "random", "", "score", "-date", "date\x00", "relevance;"]


@dataclass
class Case:
    """One request: an endpoint, a path (already percent-encoded) and query parameters."""

    index: int
    endpoint: str
    path: str
    params: list[tuple[str, str]] = field(default_factory=list)

    def query_string(self) -> str:
        # lone surrogates go out as the bytes a broken client would send
        return "&".join(f"{quote(k)}={_q(v)}" for k, v in self.params)

    def url(self) -> str:
        qs = self.query_string()
        return self.path + ("?" + qs if qs else "")

    def describe(self) -> str:
        shown = [(k, v if len(v) <= 120 else v[:120] + f"...({len(v)} chars)") for k, v in self.params]
        return f"#{self.index} {self.endpoint} path={self.path[:160]!r} params={shown!r}"


@dataclass
class Outcome:
    case: Case
    status: int
    seconds: float
    problem: str | None = None


def _q(text: str) -> str:
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


# ---------------------------------------------------------------- generator


def _piece(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(WORDS)
    if roll < 0.55:
        return rng.choice(OPERATORS)
    if roll < 0.7:
        return "".join(rng.choice(THAI) for _ in range(rng.randint(1, 12)))
    if roll < 0.8:
        return "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789") for _ in range(rng.randint(1, 10)))
    if roll < 0.9:
        return rng.choice(ODD)
    return rng.choice(CONTROL)


def gen_query(rng: random.Random) -> str:
    """One hostile (or ordinary) query string."""
    kind = rng.randrange(12)
    if kind == 0:  # ordinary words, spaced or glued
        return rng.choice([" ", ""]).join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))
    if kind == 1:  # random Thai characters (marks alone included)
        return "".join(rng.choice(THAI) for _ in range(rng.randint(1, 40)))
    if kind == 2:  # unbalanced quotes and brackets around words
        return "".join(rng.choice(['"', "(", ")", "[", "]", "{", "}", " ", rng.choice(WORDS)])
                       for _ in range(rng.randint(1, 25)))
    if kind in (3, 4):  # operator soup
        sep = rng.choice([" ", "", " ", "  "])
        return sep.join(_piece(rng) for _ in range(rng.randint(1, 40)))
    if kind == 5:  # field queries
        f = rng.choice(["title", "person", "position", "body", "category", "date", "id", "source", "nofield"])
        return f"{f}:" + rng.choice([rng.choice(WORDS), '"' + " ".join(rng.sample(WORDS, 2)) + '"',
                                     "(" + " OR ".join(rng.sample(WORDS, 3)) + ")", "*", "[a TO z]", ""])
    if kind == 6:  # control characters and NUL inside words
        return "".join(rng.choice([rng.choice(WORDS), rng.choice(CONTROL)]) for _ in range(rng.randint(1, 8)))
    if kind == 7:  # odd Unicode: surrogates, combining marks alone, zero-width, emoji
        return "".join(rng.choice(ODD + [rng.choice(WORDS)]) for _ in range(rng.randint(1, 10)))
    if kind == 8:  # long: up to 10,000 characters
        unit = rng.choice(["ก", "สงขลา ", "a ", "(", '"', "สงขลา OR ", "-ก ", "title:ก ", "\u0e31", "*", "ab"])
        size = rng.choice([MAX_QUERY_CHARS - 1, MAX_QUERY_CHARS, MAX_QUERY_CHARS + 1, 1000, 5000, 10_000])
        return (unit * (size // len(unit) + 1))[:size]
    if kind == 9:  # just inside the limits (characters, terms): the costly kind
        sep = rng.choice([" ", " OR ", " -", " title:", "", " person:", ' "'])
        out: list[str] = []
        while len(sep.join(out)) < MAX_QUERY_CHARS and len(out) < MAX_QUERY_TERMS:
            out.append(rng.choice(WORDS[:20]) if rng.random() < 0.6 else
                       "".join(rng.choice(THAI) for _ in range(rng.randint(2, 12))))
        return sep.join(out)[:rng.randint(MAX_QUERY_CHARS - 60, MAX_QUERY_CHARS)]
    if kind == 10:  # wildcards, fuzzy, boosts, ranges
        w = rng.choice(WORDS)
        return rng.choice([w + "*", "*" + w, w[:1] + "?" * 5, w + "~", w + "~5", w + "^9", w + "^-3",
                           f"[{w} TO {rng.choice(WORDS)}]", f"{{{w} TO *}}", "*", "?", "*" * 50, "~" * 20,
                           "^" * 20, w + "^" + "9" * 400])
    return rng.choice(["", " ", "\t", "\n", "  \u3000 ", "-", "+", "\"\"", "()", "NOT", "OR", "AND"])


def gen_number(rng: random.Random) -> str:
    return rng.choice(NUMBERS) if rng.random() < 0.8 else str(rng.randint(-10**6, 10**12))


def gen_id(rng: random.Random) -> str:
    """A junk article id or person name for ``<id>``/``<name>`` paths (percent-encoded)."""
    raw = rng.choice([
        gen_query(rng), "../../etc/passwd", "..", ".", "%", "%00", "%zz", "corpus/000_a5a97db9e4167df2.txt#1",
        "http://example.com/news/1", "javascript:alert(1)", "<script>alert(1)</script>", "a" * 10_000,
        "/", "//", "#", "?", "x" * rng.randint(1, 300), "corpus/000_a5a97db9e4167df2.txt%231",
    ])
    encoded = _q(raw) if rng.random() < 0.8 else quote(raw.encode("utf-8", "surrogatepass"), safe="/%?#")
    if rng.random() < 0.05:
        encoded += rng.choice(["%FF%FE", "%ED%A0%80", "%C0%AF", "%"])
    return encoded or "x"


def make_case(seed: int, index: int) -> Case:
    """Case `index` of `seed`: the same request every time."""
    rng = random.Random(f"{seed}:{index}")
    names, weights = zip(*ENDPOINTS)
    endpoint = rng.choices(names, weights)[0]
    params: list[tuple[str, str]] = []
    if endpoint in ("/api/search", "/"):
        if rng.random() < 0.95:
            params.append(("q", gen_query(rng)))
        for key, gen, p in (("from", lambda: rng.choice(DATES), 0.25), ("to", lambda: rng.choice(DATES), 0.25),
                            ("page", lambda: gen_number(rng), 0.3), ("size", lambda: gen_number(rng), 0.3),
                            ("sort", lambda: rng.choice(SORTS), 0.2),
                            ("category", lambda: rng.choice([gen_query(rng), "ข่าวทำเนียบรัฐบาล", ""]), 0.15)):
            if rng.random() < p:
                params.append((key, gen()))
        if rng.random() < 0.1:  # repeated parameters
            params.append(rng.choice([("q", gen_query(rng)), ("page", gen_number(rng)), ("size", gen_number(rng)),
                                      ("sort", rng.choice(SORTS)), ("from", rng.choice(DATES))]))
        if rng.random() < 0.05:
            params.append((rng.choice(["x", "q[]", "", "__proto__", "Q", "debug"]), gen_query(rng)))
        rng.shuffle(params)
        return Case(index, endpoint, endpoint, params)
    if endpoint in ("/api/suggest", "/api/people", "/people"):
        params.append(("q", gen_query(rng)))
        if endpoint == "/api/suggest" and rng.random() < 0.3:
            params.append(("format", rng.choice(["opensearch", "json", "", "xml"])))
        if endpoint != "/api/suggest" and rng.random() < 0.4:
            params.append(("page", gen_number(rng)))
        if rng.random() < 0.1:
            params.append(rng.choice([("q", gen_query(rng)), ("page", gen_number(rng))]))
        return Case(index, endpoint, endpoint, params)
    prefix = endpoint.split("<")[0]
    if rng.random() < 0.4:
        params.append(("q", gen_query(rng)))
    return Case(index, endpoint, prefix + gen_id(rng), params)


def generate(count: int, seed: int = 1) -> list[Case]:
    """`count` cases of `seed` (reproducible)."""
    return [make_case(seed, i) for i in range(count)]


# ---------------------------------------------------------------- checking


def check(case: Case, status: int, content_type: str, body: bytes, seconds: float,
          limit_s: float = LIMIT_S) -> str | None:
    """Why the response is wrong, or None when it is acceptable."""
    if status >= 500:
        return f"{status} server error"
    if seconds > limit_s:
        return f"slow: {seconds:.2f} s"
    if status == 414 and len(case.url()) > GUNICORN_MAX_LINE:
        return None  # a real server (gunicorn) refuses the request line before the app sees it
    if status not in (200, 301, 302, 308, 400, 404):
        return f"unexpected status {status}"
    api = case.path.startswith("/api/")
    if api and status == 200 and not content_type.startswith("application/json"):
        return f"API answered {content_type!r}"
    if status in (400, 404):
        if api:
            try:
                error = json.loads(body)["error"]
            except (ValueError, KeyError, TypeError):
                return f"{status} without a JSON error: {body[:100]!r}"
            if not isinstance(error, str) or not error.strip():
                return f"{status} with an empty error"
        elif not content_type.startswith("text/html"):
            return f"{status} page answered {content_type!r}"
        elif status == 400 and b'role="alert"' not in body:
            return "400 page does not say what is wrong"
    return None


def run_cases(cases: list[Case], client=None, base_url: str | None = None, log=None,
              limit_s: float = LIMIT_S) -> list[Outcome]:
    """Send every case (Flask test client, or HTTP to `base_url`) and check each answer.

    `log` (a file) gets each failure as it happens and a progress line per 500 cases;
    a request taking more than `limit_s` seconds fails.
    """
    out: list[Outcome] = []
    conn = None
    for case in cases:
        started = time.perf_counter()
        if client is not None:
            res = client.get(case.path, query_string=case.query_string())
            status, ctype, body = res.status_code, res.headers.get("Content-Type", ""), res.get_data()
        else:
            parts = urlsplit(base_url)
            for attempt in (1, 2):
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)
                    conn.request("GET", parts.path.rstrip("/") + case.url())
                    resp = conn.getresponse()
                    status, ctype, body = resp.status, resp.getheader("Content-Type", ""), resp.read()
                    break
                except (OSError, http.client.HTTPException):
                    conn = None
                    if attempt == 2:
                        status, ctype, body = 599, "", b"connection failed"
        seconds = time.perf_counter() - started
        out.append(Outcome(case, status, seconds, check(case, status, ctype, body, seconds, limit_s)))
        if log is not None:
            if out[-1].problem:
                print(f"FAIL {out[-1].problem}: {case.describe()}", file=log, flush=True)
            if len(out) % 500 == 0:
                print(f"... {len(out)}/{len(cases)}", file=log, flush=True)
    return out


def report(outcomes: list[Outcome], command: str = "") -> str:
    """Counts by endpoint and status, latency, failures with their requests."""
    lines = [command] if command else []
    by_endpoint: dict[str, Counter] = defaultdict(Counter)
    for o in outcomes:
        by_endpoint[o.case.endpoint][o.status] += 1
    statuses = sorted({o.status for o in outcomes})
    lines.append(f"{'endpoint':<22}{'requests':>9}" + "".join(f"{s:>7}" for s in statuses))
    for name, _ in ENDPOINTS:
        counts = by_endpoint.get(name)
        if counts:
            lines.append(f"{name:<22}{sum(counts.values()):>9}" + "".join(f"{counts[s]:>7}" for s in statuses))
    total = Counter(o.status for o in outcomes)
    lines.append(f"{'all':<22}{len(outcomes):>9}" + "".join(f"{total[s]:>7}" for s in statuses))
    times = sorted(o.seconds for o in outcomes)
    if times:
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        slowest = max(outcomes, key=lambda o: o.seconds)
        lines.append(f"latency: p50 {times[len(times) // 2] * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
                     f"max {times[-1] * 1000:.1f} ms ({slowest.case.describe()})")
    failures = [o for o in outcomes if o.problem]
    lines.append(f"failures: {len(failures)}")
    for o in failures[:50]:
        lines.append(f"  {o.problem}: {o.case.describe()}")
    return "\n".join(lines)


def app_client(index: str | None = None):
    """A Flask test client of the web app on `index` (default: $THAINEWS_INDEX), index opened."""
    from webui import create_app

    app = create_app({"INDEX_DIR": str(index)} if index else {})
    client = app.test_client()
    client.get("/api/search?q=ข่าว")  # open the index and build lexicons before timing
    return client


def run_in_process(index: str, count: int, seed: int = 1, limit_s: float = LIMIT_S, log=None) -> dict:
    """`count` cases of `seed` against the app on `index`, in-process; counts for bench.py."""
    outcomes = run_cases(generate(count, seed), client=app_client(index), log=log, limit_s=limit_s)
    times = sorted(o.seconds for o in outcomes)
    failures = [o for o in outcomes if o.problem]
    return {
        "requests": len(outcomes), "seed": seed, "limit_s": limit_s,
        "statuses": {str(k): v for k, v in sorted(Counter(o.status for o in outcomes).items())},
        "server_errors": sum(1 for o in outcomes if o.status >= 500),
        "over_limit": sum(1 for o in outcomes if o.seconds > limit_s),
        "other_failures": sum(1 for o in failures if o.status < 500 and o.seconds <= limit_s),
        "p50_ms": times[len(times) // 2] * 1000 if times else 0.0,
        "p95_ms": times[min(len(times) - 1, int(0.95 * len(times)))] * 1000 if times else 0.0,
        "max_ms": times[-1] * 1000 if times else 0.0,
        "failures": [{"case": o.case.index, "problem": o.problem, "ms": round(o.seconds * 1000, 1),
                      "request": o.case.describe()} for o in failures[:200]],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--queries", type=int, default=10_000, help="requests to generate (default 10000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--case", type=int, action="append", help="run only case N (repeatable)")
    target = ap.add_mutually_exclusive_group()
    target.add_argument("--index", help="index directory, served in-process (default: $THAINEWS_INDEX)")
    target.add_argument("--url", help="a running server, e.g. http://127.0.0.1:5000")
    ap.add_argument("--json", dest="json_out", help="write every outcome as JSON Lines")
    args = ap.parse_args(argv)

    cases = [make_case(args.seed, n) for n in args.case] if args.case else generate(args.queries, args.seed)
    client = None if args.url else app_client(args.index)
    outcomes = run_cases(cases, client=client, base_url=args.url, log=sys.stderr)
    print(report(outcomes, "fuzz_http " + " ".join(argv if argv is not None else sys.argv[1:])))
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as fh:
            for o in outcomes:
                fh.write(json.dumps({"case": o.case.index, "endpoint": o.case.endpoint, "url": o.case.url(),
                                     "status": o.status, "ms": round(o.seconds * 1000, 2),
                                     "problem": o.problem}, ensure_ascii=False) + "\n")
    return 1 if any(o.problem for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
