"""Turn what the analyst points at (files, folders, globs, stdin) into `Document`s, one at a time.

Why a generator of `Document | BadInput | Note`: corpora are large and messy. Reading lazily keeps memory bounded,
and a bad file or record becomes one `BadInput` line (where, why) instead of an exception, whatever the exception,
so the rest of the run goes on and the caller decides the exit code at the end. A `Note` is a line that is not a
failure (a FIFO passed over, a long article read in parts, a text already read under another path). Which files
are read and their path keys: `loaders.inputs_paths`; line decoding, CSV recovery, long texts: `loaders.inputs_text`.
"""
from __future__ import annotations

import csv
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders.document import Document, normalise_text
from loaders.inputs_paths import EXTENSIONS, BadInput, Found, Note, PathIds, count_articles, expand  # noqa: F401
from loaders.inputs_text import (  # noqa: F401 - decode and DecodeFailure are part of this module's interface
    SPACY_MAX_CHARS, CsvLines, DecodeFailure, RawLines, decode, looks_binary, split_long, utf8_problem,
)
from loaders.metadata import extract_metadata, iso_or_none

FORMATS = ("auto", "txt", "html", "jsonl", "json", "csv")
ID_FROM = ("path", "text")
#: Larger files are refused: they are rarely one article and would hold up a whole batch.
DEFAULT_MAX_BYTES = 5_000_000


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
    #: An article read from a .txt/.html file is keyed by its path ("path": editing the file replaces it) or by
    #: a hash of its text ("text"). Records (JSON, CSV) keep their id field; stdin has no path: text hash.
    id_from: str = "path"


Item = Document | BadInput | Note


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
    if looks_binary(text):
        return BadInput(where, "binary content (control characters), not text")
    if len(text.encode("utf-8")) > opts.max_bytes:
        return BadInput(where, f"text larger than {opts.max_bytes} bytes (raise --max-bytes to accept it)")
    return None


def _articles(text: str, opts: SourceOptions, given: dict[str, Any], key: str | None, where: str) -> Iterator[Item]:
    """The article of one file: keyed by `key` when ids come from paths; over spaCy's length limit, in parts."""
    if opts.id_from == "path" and key:
        given = {**given, "id": key}
    text = normalise_text(text)
    if len(text) <= SPACY_MAX_CHARS:
        yield _from_text(text, opts, given)
        return
    parts = split_long(text)
    first = _from_text(parts[0], opts, given)
    ids = [first.id] + [f"{first.id}#{i}" if given.get("id") else None for i in range(2, len(parts) + 1)]
    yield Note(where, f"{len(text):,} characters, over spaCy's limit of {SPACY_MAX_CHARS:,}: read as "
                      f"{len(parts)} articles of up to {max(map(len, parts)):,} characters, cut at paragraph "
                      f"breaks ({first.id} and its parts #2 to #{len(parts)})")
    yield first
    meta = {k: getattr(first, k) for k in ("source", "date", "url", "publication", "byline")}
    for i, (part, pid) in enumerate(zip(parts[1:], ids[1:]), start=2):
        title = f"{first.title} (part {i})" if first.title else None
        yield Document.from_text(part, id=pid, title=title, **meta)


def _read_txt(path: Path | str, data: bytes, opts: SourceOptions, key: str | None = None) -> Iterator[Item]:
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
    yield from _articles(text, opts, {"source": source}, key, name)


def _read_html(path: Path | str, data: bytes, opts: SourceOptions, key: str | None = None) -> Iterator[Item]:
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
    yield from _articles(text, opts, {
        "source": source,
        "title": d.get("title"),
        "date": iso_or_none(d.get("date")),
        "url": d.get("url"),
        "publication": d.get("sitename") or d.get("hostname"),
        "byline": d.get("author"),
    }, key, name)


def _record(rec: Any, where: str, opts: SourceOptions, fallback_source: str) -> Iterator[Item]:
    """The article of one record, or the BadInput that says why there is none; whatever goes wrong stays here."""
    try:
        yield from _record_items(rec, where, opts, fallback_source)
    except Exception as exc:  # noqa: BLE001 - one odd record must not end the file
        yield BadInput(where, f"cannot read this record ({type(exc).__name__}: {exc})")


def _record_items(rec: Any, where: str, opts: SourceOptions, fallback_source: str) -> Iterator[Item]:
    if not isinstance(rec, dict):
        yield BadInput(where, f"a record must be a JSON object, not {type(rec).__name__}")
        return
    f = opts.fields
    text = f.get(rec, "text")
    if not isinstance(text, str) or not text.strip():
        if f.text:
            yield BadInput(where, f"no text: field {f.text!r} is missing or empty")
            return
        looked = ", ".join(FieldMap.DEFAULTS["text"])
        yield BadInput(where, f"no text: none of the fields {looked} has text (name the field with --text-col)")
        return
    if bad := _check_text(text, where, opts):
        yield bad
        return
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
    yield from _articles(text, opts, given, None, where)


def _str(v: Any) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def _read_jsonl(path: Path | str, opts: SourceOptions, data: bytes | None = None) -> Iterator[Item]:
    name = _name(path)
    with RawLines(path, data) as lines:
        for n, raw in lines:
            if not raw.strip():
                continue
            where = f"{name}:{n}"
            if why := utf8_problem(raw):
                yield BadInput(where, why)
                continue
            rec = json_line(raw.decode("utf-8"), where)
            if isinstance(rec, BadInput):
                yield rec
                continue
            yield from _record(rec, where, opts, f"{Path(name).name}:{n}")


def json_line(text: str, where: str) -> object:  # the value, or the BadInput that says why there is none
    try:
        return json.loads(text)
    except RecursionError:
        return BadInput(where, "malformed JSON line (nested too deeply to read)")
    except ValueError as exc:
        return BadInput(where, f"malformed JSON line ({exc})")


def _read_json(path: Path | str, data: bytes, opts: SourceOptions) -> Iterator[Item]:
    """A JSON array of records (read whole: use JSONL for large collections), or one record object."""
    name = _name(path)
    try:
        doc = json.loads(decode(data))
    except RecursionError:
        yield BadInput(name, "not valid JSON (nested too deeply to read)")
        return
    except (DecodeFailure, ValueError) as exc:
        yield BadInput(name, f"not valid JSON ({exc})")
        return
    records = doc if isinstance(doc, list) else [doc]
    for i, rec in enumerate(records, start=1):
        yield from _record(rec, f"{name}[{i}]", opts, f"{Path(name).name}[{i}]")


def _read_csv(path: Path | str, opts: SourceOptions, data: bytes | None = None) -> Iterator[Item]:
    name = _name(path)
    limit = max(opts.max_bytes, 131072) * 2
    csv.field_size_limit(limit)
    with RawLines(path, data) as raw:
        lines = CsvLines(raw)
        reader = csv.DictReader(lines)
        try:
            reader.fieldnames
        except csv.Error as exc:
            yield BadInput(f"{name}:{lines.line}", f"malformed CSV header, the file is not read ({exc})")
            return
        lines.record_done()
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
        while True:
            start = lines.line + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                lines.skip_record()
                where = f"{name}:{start}" if lines.line <= start else f"{name}:{start}-{lines.line}"
                why = (f"a cell larger than {limit:,} characters (raise --max-bytes to accept it)"
                       if "field limit" in str(exc) else f"malformed CSV ({exc})")
                yield BadInput(where, f"{why}: this row is skipped")
                continue
            lines.record_done()
            yield from _record(row, f"{name}:{lines.line}", opts, f"{Path(name).name}:{lines.line}")


# -- the entry point ----------------------------------------------------------------------------------------
def read_inputs(inputs: Iterable[str | Path], options: SourceOptions | None = None) -> Iterator[Item]:
    """Every Document the inputs hold, a BadInput for each file or record that cannot be read (whatever the
    reason: a file that makes a parser raise is one line, and the next file is read), and a Note for what the
    analyst should know (a file passed over, an article read in parts, a text already read from another file)."""
    opts = options or SourceOptions()
    if opts.format not in FORMATS:
        raise ValueError(f"unknown format {opts.format!r}; use one of {', '.join(FORMATS)}")
    if opts.id_from not in ID_FROM:
        raise ValueError(f"unknown id source {opts.id_from!r}; use one of {', '.join(ID_FROM)}")
    by_path = PathIds()
    for item in expand(inputs, opts.format):
        if not isinstance(item, Found):
            yield item
            continue
        try:
            for got in read_one(item, opts):
                yield by_path.check(got, item) if isinstance(got, Document) else got
        except Exception as exc:  # noqa: BLE001 - a file that breaks a parser is one line, the run goes on
            yield BadInput(_name(item.path), f"cannot read ({type(exc).__name__}: {exc})")


def read_one(found: Found | Path | str, opts: SourceOptions) -> Iterator[Item]:
    """The articles (and bad records) of one file; only a regular file is ever opened."""
    if not isinstance(found, Found):
        found = Found(found)
    path = found.path
    name = _name(path)
    stdin_data: bytes | None = None
    try:
        if path == "-":
            stdin_data = _read_bytes("-", max(opts.max_bytes, 1 << 30))
            head = stdin_data[:4096]
        else:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO put here since it was listed: no wait
            with os.fdopen(fd, "rb") as fh:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    yield BadInput(name, "not a regular file: not read")
                    return
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
            yield from _read_html(path, data, opts, found.key)
        else:
            yield from _read_txt(path, data, opts, found.key)
    except OSError as exc:
        yield BadInput(name, f"cannot read ({exc.strerror or exc})")
