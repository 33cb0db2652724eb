"""A corpus of bad input, written on demand, and what the build must do with each file.

The files are generated rather than committed: a 50 MB text file and a
decompression bomb do not belong in a git repository, and generating them
keeps every fault readable as code. ``make_fault_corpus`` writes the corpus
and returns one :class:`Expect` per item; ``tests/test_faults.py`` builds
an index from it and checks every expectation against the build report.

Outcomes: ``ok`` (indexed cleanly), ``flagged`` (indexed, with a warning),
``failed`` (reported and not indexed), ``skipped`` (deliberately not read,
reported), ``dropped`` (a record of an otherwise good file reported).
"""

from __future__ import annotations

import codecs
import io
import json
import os
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Expect", "make_fault_corpus", "GOOD_TITLE"]

GOOD_TITLE = "ผู้ว่าราชการจังหวัดสงขลาเปิดงานมหกรรมอาหาร"
GOOD_BODY = ("นายวีรนันทน์ เพ็งจันทร์ ผู้ว่าราชการจังหวัดสงขลา เป็นประธานเปิดงานมหกรรมอาหารทะเล "
             "ณ ลานหน้าศาลากลางจังหวัดสงขลา มีประชาชนร่วมงานจำนวนมาก")


@dataclass(frozen=True)
class Expect:
    """What the build must report for `path` (relative to the corpus root's parent)."""

    path: str
    outcome: str
    reason: str = ""  # a fragment the reported reason must contain
    title: str | None = None  # for ok/flagged: the indexed headline


def _article(n: int, extra: str = "") -> str:
    return f"{GOOD_TITLE} ครั้งที่ {n}{extra}\n{GOOD_BODY} รายการที่ {n}\n"


class _Zeros(io.RawIOBase):
    """`size` zero bytes, read in chunks: a bomb's payload without holding it in memory."""

    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        n = min(len(buf), self.left)
        buf[:n] = bytes(n)
        self.left -= n
        return n


def _tar(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]]) -> None:
    with tarfile.open(path, "w:gz") as tf:
        for info, data in members:
            tf.addfile(info, io.BytesIO(data) if data is not None else None)


def _info(name: str, data: bytes = b"", kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    info.linkname = link
    return info


def make_fault_corpus(parent: Path, shared: Path | None = None) -> tuple[Path, list[Expect]]:
    """Write the fault corpus under ``parent/faults`` and return it with its expectations.

    `shared` is the ``../shared`` data directory; when present, the two
    broken files of the real dailynews archive are added.
    """
    root = parent / "faults"
    for folder in ("good", "text", "json", "csv", "arch"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    expects: list[Expect] = []

    def put(name: str, data: bytes | str, outcome: str, reason: str = "", title: str | None = None) -> Path:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expects.append(Expect(f"faults/{name}", outcome, reason, title))
        return path

    # the control group: the rest of the build must still index these
    put("good/plain.txt", _article(1), "flagged", "no publish date", f"{GOOD_TITLE} ครั้งที่ 1")
    put("good/dated.json", json.dumps({"title": GOOD_TITLE + " ข่าวมีวันที่", "content": GOOD_BODY,
                                       "date": "2019-08-26T10:00:00+07:00"}, ensure_ascii=False),
        "ok", title=GOOD_TITLE + " ข่าวมีวันที่")

    # empty, binary and undecodable files
    put("text/empty.txt", b"", "failed", "empty")
    put("text/blank.txt", " \n\t\n", "failed", "empty")
    put("text/image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000), "failed", "binary")
    put("text/random.json", bytes(range(256)) * 8, "failed", "binary")
    damaged = _article(2).encode("utf-8") * 5
    cut = damaged.index(b"\n") + 30  # in the body: a torn character and two stray bytes
    put("text/invalid-utf8.txt", damaged[:cut] + b"\xff\xfe" + damaged[cut:cut + 90] + b"\xe0\xb8"
        + damaged[cut + 92:],
        "flagged", "invalid UTF-8", f"{GOOD_TITLE} ครั้งที่ 2")
    put("text/tis620.txt", _article(3).encode("tis-620"), "flagged", "no publish date", f"{GOOD_TITLE} ครั้งที่ 3")
    put("text/cp874.txt", _article(4, " \u201cพิเศษ\u201d").encode("cp874"), "flagged", "no publish date",
        f"{GOOD_TITLE} ครั้งที่ 4 \u201cพิเศษ\u201d")
    put("text/utf16le.txt", codecs.BOM_UTF16_LE + _article(5).encode("utf-16-le"), "flagged", "no publish date",
        f"{GOOD_TITLE} ครั้งที่ 5")
    put("text/utf16be.txt", codecs.BOM_UTF16_BE + _article(6).encode("utf-16-be"), "flagged", "no publish date",
        f"{GOOD_TITLE} ครั้งที่ 6")
    put("text/bom-but-latin1.txt", codecs.BOM_UTF16_LE + b"\x00\xd8", "failed", "byte-order mark")
    # 50 MB: indexed up to the article size limit, flagged
    big = (GOOD_BODY + " ").encode("utf-8")
    put("text/huge-50mb.txt", (GOOD_TITLE + " ไฟล์ใหญ่\n").encode() + big * (50 * 2**20 // len(big)),
        "flagged", "cut at 1,000,000", f"{GOOD_TITLE} ไฟล์ใหญ่")

    # structured files of the wrong shape
    put("json/truncated.json", json.dumps({"title": GOOD_TITLE, "content": GOOD_BODY}, ensure_ascii=False)[:60],
        "failed", "not valid JSON")
    put("json/number.json", "42", "failed", "not an object")
    put("json/strings.json", '["a", "b"]', "failed", "not an object")
    put("json/no-fields.json", '{"foo": "bar"}', "failed", "no title or body")
    put("json/nested-values.json", json.dumps({"title": {"th": GOOD_TITLE}, "content": ["x"]}), "failed",
        "no title or body")
    put("json/no-title.json", json.dumps({"content": GOOD_BODY, "date": "2019-08-27"}, ensure_ascii=False),
        "flagged", "no headline")
    put("json/no-body.json", json.dumps({"title": GOOD_TITLE + " หัวข่าวอย่างเดียว", "date": "2019-08-28"},
                                        ensure_ascii=False), "flagged", "no body", GOOD_TITLE + " หัวข่าวอย่างเดียว")
    put("json/impossible-date.json", json.dumps({"title": GOOD_TITLE + " วันที่ผิด", "content": GOOD_BODY,
                                                 "date": "31 ก.พ. 2562"}, ensure_ascii=False),
        "flagged", "no publish date", GOOD_TITLE + " วันที่ผิด")
    put("json/future-date.json", json.dumps({"title": GOOD_TITLE + " อนาคต", "content": GOOD_BODY,
                                             "date": "12 มีนาคม 2650"}, ensure_ascii=False),
        "flagged", "in the future", GOOD_TITLE + " อนาคต")
    put("json/mixed.jsonl", "\n".join([json.dumps({"title": GOOD_TITLE + " บรรทัดดี", "content": GOOD_BODY,
                                                   "date": "2019-08-29"}, ensure_ascii=False),
                                       '{"title": "ตัดครึ่ง', "[1, 2]"]), "dropped", "line 2",
        GOOD_TITLE + " บรรทัดดี")
    put("csv/missing-columns.csv", "date,url\n2019-08-26,http://example.go.th/1\n", "failed",
        "no title or body column")
    put("csv/stray-quote.csv", f'title,body,date\n"{GOOD_TITLE} เครื่องหมายคำพูดค้าง,{GOOD_BODY},2019-08-26\n'
        f"{GOOD_TITLE} แถวถัดไป,{GOOD_BODY},2019-08-30\n", "dropped", "line 2", f"{GOOD_TITLE} แถวถัดไป")
    put("csv/short-rows.csv", f"title,body,date\n{GOOD_TITLE} แถวสั้น\n", "flagged", "no body",
        f"{GOOD_TITLE} แถวสั้น")
    put("text/thaigov-impossible-date.txt",
        f"รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-{GOOD_TITLE} วันไม่มีจริง\nวันพฤหัสบดีที่ 31 กุมภาพันธ์ 2562\n{GOOD_BODY}\n",
        "flagged", "no publish date", f"{GOOD_TITLE} วันไม่มีจริง")

    # archives
    good = _article(7).encode("utf-8")
    _tar(root / "arch/unsafe.tar.gz", [
        (_info("../escape.txt", good), good),
        (_info("/etc/absolute.txt", good), good),
        (_info("news/inside.txt", good), good),
        (_info("news/link.txt", kind=tarfile.SYMTYPE, link="/etc/passwd"), None),
        (_info("news/hard.txt", kind=tarfile.LNKTYPE, link="news/inside.txt"), None),
        (_info("news/fifo.txt", kind=tarfile.FIFOTYPE), None),
    ])
    expects += [Expect("faults/arch/unsafe.tar.gz/../escape.txt", "skipped", "'..'"),
                Expect("faults/arch/unsafe.tar.gz/etc/absolute.txt", "skipped", "absolute path"),
                Expect("faults/arch/unsafe.tar.gz/news/inside.txt", "flagged", "no publish date",
                       f"{GOOD_TITLE} ครั้งที่ 7"),
                Expect("faults/arch/unsafe.tar.gz/news/link.txt", "skipped", "link"),
                Expect("faults/arch/unsafe.tar.gz/news/hard.txt", "skipped", "link"),
                Expect("faults/arch/unsafe.tar.gz/news/fifo.txt", "skipped", "not a regular file")]
    inner = io.BytesIO()
    with tarfile.open(fileobj=inner, mode="w:gz") as tf:
        info = _info("deep.txt", good)
        tf.addfile(info, io.BytesIO(good))
    with zipfile.ZipFile(root / "arch/unsafe.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("../escape.txt", good)
        zf.writestr("inner.tar.gz", inner.getvalue())
        zf.writestr("ok.txt", _article(8))
        with zf.open("bomb-member.txt", "w") as member:  # 8 MB of zeros: ~1000:1
            for _ in range(8):
                member.write(bytes(2**20))
    expects += [Expect("faults/arch/unsafe.zip/../escape.txt", "skipped", "'..'"),
                Expect("faults/arch/unsafe.zip/inner.tar.gz", "skipped", "archive inside an archive"),
                Expect("faults/arch/unsafe.zip/ok.txt", "flagged", "no publish date", f"{GOOD_TITLE} ครั้งที่ 8"),
                Expect("faults/arch/unsafe.zip/bomb-member.txt", "failed", "decompression bomb")]
    with zipfile.ZipFile(root / "arch/bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(3):  # 3 x 40 MB of zeros in a few hundred KB
            with zf.open(f"part{i}.txt", "w") as member:
                for _ in range(40):
                    member.write(bytes(2**20))
    expects.append(Expect("faults/arch/bomb.zip", "failed", "decompression bomb"))
    with tarfile.open(root / "arch/bomb.tar.gz", "w:gz") as tf:
        info = _info("zeros.txt")
        info.size = 200 * 2**20  # 200 MB of zeros in 200 KB: stopped after 64 MB of it is read
        tf.addfile(info, _Zeros(info.size))
    expects.append(Expect("faults/arch/bomb.tar.gz", "failed", "decompression bomb"))
    put("arch/corrupt.zip", b"PK\x03\x04" + os.urandom(500), "failed", "damaged archive")
    put("arch/not-gzip.tar.gz", b"\x1f\x8b\x08\x00" + os.urandom(500), "failed", "damaged archive")
    whole = io.BytesIO()
    with tarfile.open(fileobj=whole, mode="w:gz") as tf:
        for n in (9, 10):
            data = _article(n).encode("utf-8")
            tf.addfile(_info(f"cut/{n}.txt", data), io.BytesIO(data))
    put("arch/truncated.tar.gz", whole.getvalue()[: len(whole.getvalue()) // 2], "failed", "damaged archive")

    # a link out of the source tree is not followed
    os.symlink("/etc/hostname", root / "text/outside-link.txt")
    expects.append(Expect("faults/text/outside-link.txt", "skipped", "outside the source"))

    # the real broken files of the dailynews archive
    archive = shared / "corpora" / "dailynews-2017.tar.gz" if shared else None
    if archive and archive.exists():
        wanted = {"politics/578928.json", "regional/578896.json"}
        with tarfile.open(archive, "r:gz") as tf:
            for member in tf:
                tail = "/".join(member.name.split("/")[-2:])
                if member.isfile() and tail in wanted:
                    put(f"dailynews/{tail}", tf.extractfile(member).read(), "failed", "empty")
    return root, expects
