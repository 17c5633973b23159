"""Turn what the analyst points at (files, folders, globs, stdin) into `Document`s, one at a time.

Why a generator of `Document | BadInput`: corpora are large and messy. Reading lazily keeps memory bounded, and a
bad file or record becomes one `BadInput` line (where, why) instead of an exception, so the rest of the run goes
on and the caller decides the exit code at the end.
"""
from __future__ import annotations

import csv
import glob
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from loaders.document import Document, normalise_text
from loaders.metadata import extract_metadata, iso_or_none

FORMATS = ("auto", "txt", "html", "jsonl", "json", "csv")
EXTENSIONS = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
}
#: Larger files are refused: they are rarely one article and would hold up a whole batch.
DEFAULT_MAX_BYTES = 5_000_000
_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class BadInput:
    """One input that could not be read: where (file, file:line, file:row) and why."""

    where: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.why}"


@dataclass
class FieldMap:
    """Record field (JSON key or CSV column) for each Document field; None means "try the usual names"."""

    text: str | None = None
    title: str | None = None
    id: str | None = None
    date: str | None = None
    publication: str | None = None
    url: str | None = None
    byline: str | None = None

    DEFAULTS = {
        "text": ("text", "body", "content", "article"),
        "title": ("title", "headline"),
        "id": ("id", "article_id", "doc_id"),
        "date": ("published", "date", "published_at", "publish_date"),
        "publication": ("publication", "source", "outlet", "site_name", "sitename"),
        "url": ("url", "link"),
        "byline": ("byline", "author", "authors"),
    }

    def get(self, record: dict[str, Any], name: str) -> Any:
        given = getattr(self, name)
        for key in (given,) if given else self.DEFAULTS[name]:
            value = record.get(key)
            if value not in (None, ""):
                return value
        return None


@dataclass
class SourceOptions:
    format: str = "auto"
    max_bytes: int = DEFAULT_MAX_BYTES
    fields: FieldMap = field(default_factory=FieldMap)
    #: Fill title/date/byline/publication/url from the text when the input does not give them.
    text_metadata: bool = True


Item = Document | BadInput


# -- expanding inputs ---------------------------------------------------------------------------------------
def expand(inputs: Iterable[str | Path], fmt: str = "auto") -> Iterator[Path | str | BadInput]:
    """Files in a stable order: folders recursively (known extensions only), globs, '-' for stdin."""
    for raw in inputs:
        s = str(raw)
        if s == "-":
            yield "-"
            continue
        p = Path(s).expanduser()
        if p.is_dir():
            found = False
            for f in _walk(p):
                if fmt != "auto" or f.suffix.lower() in EXTENSIONS:
                    found = True
                    yield f
            if not found:
                yield BadInput(s, "folder holds no .txt, .html, .jsonl, .json or .csv files")
        elif p.exists():
            yield p
        elif _GLOB_CHARS & set(s):
            matches = sorted(glob.glob(os.path.expanduser(s), recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                yield BadInput(s, "no file matches this pattern")
            yield from files
        else:
            yield BadInput(s, "no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def detect_format(path: Path | str, head: bytes, fmt: str) -> str:
    if fmt != "auto":
        return fmt
    if path != "-":
        ext = EXTENSIONS.get(Path(path).suffix.lower())
        if ext:
            return ext
    start = head.lstrip()[:200].lower()
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"["):
        return "json"
    if start.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head[:4096].lower():
        return "html"
    return "txt"


# -- decoding -----------------------------------------------------------------------------------------------
class DecodeFailure(ValueError):
    pass


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM, or UTF-16 with BOM), then cp1252, then charset-normalizer's best guess."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeFailure("starts with a UTF-16 mark but is not valid UTF-16") from exc
    if b"\x00" in data[:8192]:
        raise DecodeFailure("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None or best.chaos > 0.25:
            raise DecodeFailure("cannot decode: not UTF-8, cp1252 or another encoding that fits") from None
        text = str(best)
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    ctrl = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f\v")
    return bool(sample) and ctrl / len(sample) > 0.01


def _read_bytes(path: Path | str, limit: int) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read(limit + 1)
    with open(path, "rb") as fh:
        return fh.read(limit + 1)


def _name(path: Path | str) -> str:
    return "<stdin>" if path == "-" else str(path)


# -- per format ---------------------------------------------------------------------------------------------
def _from_text(text: str, opts: SourceOptions, given: dict[str, Any]) -> Document:
    """A Document whose missing metadata comes from the text itself."""
    meta = {k: v for k, v in given.items() if v not in (None, "")}
    if opts.text_metadata and any(k not in meta for k in ("title", "date", "byline", "publication", "url")):
        tm = extract_metadata(text)
        for key in ("title", "date", "byline", "publication", "url"):
            if key not in meta and getattr(tm, key):
                meta[key] = getattr(tm, key)
    return Document.from_text(text, **meta)


def _check_text(text: str, where: str, opts: SourceOptions) -> BadInput | None:
    if not normalise_text(text):
        return BadInput(where, "empty: no text")
    if _looks_binary(text):
        return BadInput(where, "binary content (control characters), not text")
    if len(text.encode("utf-8")) > opts.max_bytes:
        return BadInput(where, f"text larger than {opts.max_bytes} bytes (raise --max-bytes to accept it)")
    return None


def _read_txt(path: Path | str, data: bytes, opts: SourceOptions) -> Iterator[Item]:
    name = _name(path)
    try:
        text = decode(data)
    except DecodeFailure as exc:
        yield BadInput(name, str(exc))
        return
    if bad := _check_text(text, name, opts):
        yield bad
        return
    source = "stdin" if path == "-" else Path(path).name
    yield _from_text(text, opts, {"source": source})


def _read_html(path: Path | str, data: bytes, opts: SourceOptions) -> Iterator[Item]:
    import trafilatura

    name = _name(path)
    try:
        html = decode(data)
    except DecodeFailure as exc:
        yield BadInput(name, str(exc))
        return
    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    d = found.as_dict() if hasattr(found, "as_dict") else (found or {})
    text = (d.get("text") or "").strip()
    if not text:
        yield BadInput(name, "HTML page without a main text (nothing trafilatura recognises as an article)")
        return
    if bad := _check_text(text, name, opts):
        yield bad
        return
    source = "stdin" if path == "-" else Path(path).name
    yield _from_text(text, opts, {
        "source": source,
        "title": d.get("title"),
        "date": iso_or_none(d.get("date")),
        "url": d.get("url"),
        "publication": d.get("sitename") or d.get("hostname"),
        "byline": d.get("author"),
    })


def _record(rec: Any, where: str, opts: SourceOptions, fallback_source: str) -> Item:
    if not isinstance(rec, dict):
        return BadInput(where, f"a record must be a JSON object, not {type(rec).__name__}")
    f = opts.fields
    text = f.get(rec, "text")
    if not isinstance(text, str) or not text.strip():
        if f.text:
            return BadInput(where, f"no text: field {f.text!r} is missing or empty")
        looked = ", ".join(FieldMap.DEFAULTS["text"])
        return BadInput(where, f"no text: none of the fields {looked} has text (name the field with --text-col)")
    if bad := _check_text(text, where, opts):
        return bad
    rid = f.get(rec, "id")
    rid = str(rid).strip() if rid not in (None, "") else None
    byline = f.get(rec, "byline")
    if isinstance(byline, list):
        byline = ", ".join(str(b) for b in byline)
    raw_date = f.get(rec, "date")
    given = {
        "id": rid,
        "source": rid or fallback_source,
        "title": _str(f.get(rec, "title")),
        "date": iso_or_none(raw_date),
        "url": _str(f.get(rec, "url")),
        "publication": _str(f.get(rec, "publication")),
        "byline": _str(byline),
    }
    return _from_text(text, opts, given)


def _str(v: Any) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def _read_jsonl(path: Path | str, opts: SourceOptions, data: bytes | None = None) -> Iterator[Item]:
    name = _name(path)
    with _open_text(path, data) as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{name}:{n}"
            try:
                rec = json.loads(line)
            except ValueError as exc:
                yield BadInput(where, f"malformed JSON line ({exc})")
                continue
            yield _record(rec, where, opts, f"{Path(name).name}:{n}")


def _read_json(path: Path | str, data: bytes, opts: SourceOptions) -> Iterator[Item]:
    """A JSON array of records (read whole: use JSONL for large collections), or one record object."""
    name = _name(path)
    try:
        doc = json.loads(decode(data))
    except (DecodeFailure, ValueError) as exc:
        yield BadInput(name, f"not valid JSON ({exc})")
        return
    records = doc if isinstance(doc, list) else [doc]
    for i, rec in enumerate(records, start=1):
        yield _record(rec, f"{name}[{i}]", opts, f"{Path(name).name}[{i}]")


def _read_csv(path: Path | str, opts: SourceOptions, data: bytes | None = None) -> Iterator[Item]:
    name = _name(path)
    csv.field_size_limit(max(opts.max_bytes, 131072) * 2)
    with _open_text(path, data) as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames:
            yield BadInput(name, "empty CSV: no header row")
            return
        col = opts.fields.text
        if col and col not in reader.fieldnames:
            cols = ", ".join(reader.fieldnames)
            yield BadInput(name, f"no column {col!r} (columns: {cols}); name the text column with --text-col")
            return
        if not col and not any(c in reader.fieldnames for c in FieldMap.DEFAULTS["text"]):
            cols = ", ".join(reader.fieldnames)
            yield BadInput(name, f"no text column (columns: {cols}); name it with --text-col")
            return
        try:
            for row in reader:
                where = f"{name}:{reader.line_num}"
                yield _record(row, where, opts, f"{Path(name).name}:{reader.line_num}")
        except csv.Error as exc:
            yield BadInput(f"{name}:{reader.line_num}", f"malformed CSV, the rest of the file is skipped ({exc})")


class _open_text:
    """Lines of a file (or of stdin, already read) decoded one by one: UTF-8, else cp1252 for that line."""

    def __init__(self, path: Path | str, data: bytes | None = None) -> None:
        self.path = path
        self.data = data
        self._fh: BinaryIO | None = None

    def __enter__(self) -> Iterator[str]:
        self._fh = io.BytesIO(self.data) if self.data is not None else open(self.path, "rb")
        raw = self._fh

        def lines() -> Iterator[str]:
            first = True
            for b in raw:
                if first:
                    b = b.removeprefix(b"\xef\xbb\xbf")
                    first = False
                try:
                    yield b.decode("utf-8")
                except UnicodeDecodeError:
                    yield b.decode("cp1252", errors="replace")

        # csv wants newline-less handling of quoted newlines: a line iterator keeps them inside fields.
        return lines()

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            self._fh.close()


# -- the entry point ----------------------------------------------------------------------------------------
def read_inputs(inputs: Iterable[str | Path], options: SourceOptions | None = None) -> Iterator[Item]:
    """Every Document the inputs hold, and a BadInput for each file or record that cannot be read."""
    opts = options or SourceOptions()
    if opts.format not in FORMATS:
        raise ValueError(f"unknown format {opts.format!r}; use one of {', '.join(FORMATS)}")
    for item in expand(inputs, opts.format):
        if isinstance(item, BadInput):
            yield item
            continue
        yield from read_one(item, opts)


def read_one(path: Path | str, opts: SourceOptions) -> Iterator[Item]:
    name = _name(path)
    stdin_data: bytes | None = None
    try:
        if path == "-":
            stdin_data = _read_bytes("-", max(opts.max_bytes, 1 << 30))
            head = stdin_data[:4096]
        else:
            with open(path, "rb") as fh:
                head = fh.read(4096)
    except OSError as exc:
        yield BadInput(name, f"cannot read ({exc.strerror or exc})")
        return
    fmt = detect_format(path, head, opts.format)
    try:
        if fmt == "jsonl":
            yield from _read_jsonl(path, opts, stdin_data)
            return
        if fmt == "csv":
            yield from _read_csv(path, opts, stdin_data)
            return
        limit = opts.max_bytes if fmt in ("txt", "html") else max(opts.max_bytes, 1 << 30)
        if stdin_data is not None:
            data = stdin_data
        elif os.path.getsize(path) > limit:
            yield BadInput(name, f"file larger than {limit} bytes (raise --max-bytes to accept it)")
            return
        else:
            data = _read_bytes(path, limit)
        if len(data) > limit:
            yield BadInput(name, f"input larger than {limit} bytes (raise --max-bytes to accept it)")
            return
        if not data.strip():
            yield BadInput(name, "empty file")
            return
        if fmt == "json":
            yield from _read_json(path, data, opts)
        elif fmt == "html":
            yield from _read_html(path, data, opts)
        else:
            yield from _read_txt(path, data, opts)
    except OSError as exc:
        yield BadInput(name, f"cannot read ({exc.strerror or exc})")


def count_articles(inputs: Iterable[str | Path], fmt: str = "auto") -> int | None:
    """A cheap estimate of the number of articles, for the progress bar; None when unknown (stdin)."""
    total = 0
    for item in expand(inputs, fmt):
        if isinstance(item, BadInput):
            continue
        if item == "-":
            return None
        kind = fmt if fmt != "auto" else EXTENSIONS.get(Path(item).suffix.lower(), "txt")
        if kind in ("jsonl", "csv"):
            try:
                with open(item, "rb") as fh:
                    n = sum(1 for line in fh if line.strip())
            except OSError:
                n = 0
            total += max(n - (1 if kind == "csv" else 0), 0)
        else:
            total += 1
    return total


