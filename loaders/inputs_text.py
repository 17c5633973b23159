"""Lines and lengths: the parts of reading that must survive a hostile file without losing the good records.

- JSON Lines are UTF-8 by definition: each line is decoded alone, and one that is not UTF-8 is reported with its
  line number instead of being guessed at (a cp1252 guess would silently write mojibake into the graph).
- CSV lines are decoded UTF-8, else cp1252, per line (spreadsheet exports are often cp1252 throughout). A record
  with a cell over the csv module's field limit makes the module stop in the middle of it; `CsvLines` knows
  whether that was inside a quoted cell and skips to its closing quote, so only that record is lost.
- spaCy refuses a text over `nlp.max_length` (1,000,000 characters); `split_long` cuts such an article at
  paragraph breaks into parts that it accepts.
- Whole files (text, HTML, a JSON array) are decoded by `decode`: UTF-8, UTF-16 with a mark, cp1252, then
  charset-normalizer's guess.
"""
from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

#: spaCy's default `nlp.max_length`: longer texts raise E088.
SPACY_MAX_CHARS = 1_000_000
#: The most characters of one part of a longer article (margin below the limit).
PART_CHARS = 900_000


def split_long(text: str, limit: int = PART_CHARS) -> list[str]:
    """`text` in parts of at most `limit` characters, cut at a paragraph break, else a line break, else after a
    sentence, else at a space (a hard cut only for one unbroken run of `limit` characters)."""
    parts = []
    while len(text) > limit:
        window = text[:limit]
        for sep in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(sep)
            if cut > limit // 2:
                cut += len(sep)
                break
        else:
            cut = limit
        parts.append(text[:cut].strip())
        text = text[cut:]
    parts.append(text.strip())
    return [p for p in parts if p]


class RawLines:
    """(line number, bytes) of a file, or of stdin data already read; the file is closed on exit."""

    def __init__(self, path: Path | str, data: bytes | None = None) -> None:
        self.path = path
        self.data = data
        self._fh: BinaryIO | None = None

    def __enter__(self) -> Iterator[tuple[int, bytes]]:
        self._fh = io.BytesIO(self.data) if self.data is not None else open(self.path, "rb")
        fh = self._fh

        def lines() -> Iterator[tuple[int, bytes]]:
            for n, b in enumerate(fh, start=1):
                yield n, b.removeprefix(b"\xef\xbb\xbf") if n == 1 else b

        return lines()

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            self._fh.close()


def utf8_problem(line: bytes) -> str | None:
    """None for valid UTF-8, else where and what the first bad byte is."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (f"not valid UTF-8 (byte 0x{line[exc.start]:02x} at column {exc.start + 1}); "
                "JSON Lines must be UTF-8: this line is skipped")
    return None


class CsvLines:
    """Decoded lines for `csv.reader`, with the line number reached and the quote parity of the current record.

    Call `record_done()` after each record the reader returns; after a `csv.Error`, `skip_record()` passes over
    the rest of the record the reader gave up on (to the line that closes its open quote, if it had one).
    """

    def __init__(self, raw: Iterator[tuple[int, bytes]]) -> None:
        self.raw = raw
        self.line = 0
        self._open_quote = False

    def __iter__(self) -> "CsvLines":
        return self

    def __next__(self) -> str:
        n, b = next(self.raw)
        self.line = n
        if b.count(b'"') % 2:
            self._open_quote = not self._open_quote
        try:
            return b.decode("utf-8")
        except UnicodeDecodeError:
            return b.decode("cp1252", errors="replace")

    def record_done(self) -> None:
        self._open_quote = False

    def skip_record(self) -> None:
        while self._open_quote:
            try:
                n, b = next(self.raw)
            except StopIteration:
                break
            self.line = n
            if b.count(b'"') % 2:
                self._open_quote = False
        self._open_quote = False


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


def looks_binary(text: str) -> bool:
    sample = text[:8192]
    ctrl = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f\v")
    return bool(sample) and ctrl / len(sample) > 0.01
