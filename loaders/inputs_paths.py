"""What the analyst points at (files, folders, globs, '-') as the files to read, each with its path key.

Why a module of its own: this is where a corpus folder meets the file system's odd corners. A FIFO, socket or
device inside a folder would block or never end when opened, so only regular files are ever opened; one that is
not regular becomes one line and is passed over. A folder that cannot be listed is one line too, never a silent
gap. The path key ("corpus/sub/a.txt") is what `--id-from path` makes a file's article id: the name of the folder
given on the command line and the path inside it, so editing a file replaces its article instead of adding one.
"""
from __future__ import annotations

import glob
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from loaders.document import Document

EXTENSIONS = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
}
_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class BadInput:
    """One input that could not be read: where (file, file:line, file:row) and why."""

    where: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.why}"


@dataclass(frozen=True)
class Note:
    """Something the analyst should know that is not a failure: a file passed over, an article read in parts.

    `duplicate`: the input is an article already read in this run (counted as a duplicate, not written twice).
    """

    where: str
    why: str
    duplicate: bool = False

    def __str__(self) -> str:
        return f"{self.where}: {self.why}"


@dataclass(frozen=True)
class Found:
    """A file to read ('-' for stdin) and its path key: the given folder's name and the path inside it."""

    path: Path | str
    key: str | None = None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _key(root: Path, path: Path) -> str:
    """`root`'s own name, then the path inside it; a path outside it keys on its parent folder's name."""
    root_abs = Path(os.path.abspath(root))
    path_abs = Path(os.path.abspath(path))
    try:
        rel = path_abs.relative_to(root_abs).as_posix()
        name = root_abs.name
    except ValueError:
        rel, name = path_abs.name, path_abs.parent.name
    return f"{name}/{rel}" if name else rel


def _glob_root(pattern: str) -> Path:
    """The folder a pattern starts from: its leading parts without a wildcard ('corpus' for 'corpus/**/*.txt')."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts[:-1]:
        if _GLOB_CHARS & set(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def expand(inputs: Iterable[str | Path], fmt: str = "auto") -> Iterator[Found | BadInput | Note]:
    """Files in a stable order: folders recursively (known extensions only), globs, '-' for stdin.

    Only regular files are passed on: anything else named on the command line is a BadInput, and inside a folder
    a Note (it is passed over, never opened). A folder or subfolder that cannot be listed is a BadInput.
    """
    for raw in inputs:
        s = str(raw)
        if s == "-":
            yield Found("-")
            continue
        p = Path(s).expanduser()
        try:
            st = p.stat()
        except FileNotFoundError:
            st = None
        except OSError as exc:
            yield BadInput(s, f"cannot read ({exc.strerror or exc})")
            continue
        if st is not None and stat.S_ISDIR(st.st_mode):
            found = False
            for item in _walk(p, fmt):
                if isinstance(item, Found):
                    found = True
                yield item
            if not found:
                yield BadInput(s, "folder holds no .txt, .html, .jsonl, .json or .csv files")
        elif st is not None:
            if stat.S_ISREG(st.st_mode):
                yield Found(p, _key(p.parent, p))
            else:
                yield BadInput(s, f"{_kind(st.st_mode)}, not a regular file: not read")
        elif _GLOB_CHARS & set(s):
            root = _glob_root(os.path.expanduser(s))
            matches = sorted(glob.glob(os.path.expanduser(s), recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                yield BadInput(s, "no file matches this pattern")
            for f in files:
                yield Found(f, _key(root, f))
        else:
            yield BadInput(s, "no such file or folder")


def _walk(root: Path, fmt: str) -> Iterator[Found | BadInput | Note]:
    """The files under `root` in name order (hidden names and links to folders left out, as os.walk does)."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield BadInput(str(folder), f"cannot read this folder ({exc.strerror or exc}); its files are not read")
            continue
        subdirs = []
        for e in entries:
            if e.name.startswith("."):
                continue
            try:
                if e.is_dir(follow_symlinks=False):
                    subdirs.append(Path(e.path))
                    continue
                if e.is_file():
                    if fmt != "auto" or Path(e.name).suffix.lower() in EXTENSIONS:
                        yield Found(Path(e.path), _key(root, Path(e.path)))
                    continue
                if e.is_dir():  # a link to a folder: not followed (no loops)
                    continue
            except OSError as exc:
                yield BadInput(e.path, f"cannot read ({exc.strerror or exc})")
                continue
            if fmt != "auto" or Path(e.name).suffix.lower() in EXTENSIONS:
                try:
                    what = _kind(os.stat(e.path).st_mode)
                except OSError:
                    what = "a broken link"
                yield Note(e.path, f"{what}, not a regular file: skipped")
        # Depth first in name order, like os.walk: files of a folder, then its subfolders one by one.
        stack.extend(reversed(subdirs))


def count_articles(inputs: Iterable[str | Path], fmt: str = "auto") -> int | None:
    """A cheap estimate of the number of articles, for the progress bar; None when unknown (stdin)."""
    total = 0
    for item in expand(inputs, fmt):
        if not isinstance(item, Found):
            continue
        if item.path == "-":
            return None
        kind = fmt if fmt != "auto" else EXTENSIONS.get(Path(item.path).suffix.lower(), "txt")
        if kind in ("jsonl", "csv"):
            try:
                with open(item.path, "rb") as fh:
                    n = sum(1 for line in fh if line.strip())
            except OSError:
                n = 0
            total += max(n - (1 if kind == "csv" else 0), 0)
        else:
            total += 1
    return total


class PathIds:
    """Articles keyed by path in this run: the same text under a second path is read once (a Note says so), and
    a second file with the key of another is a BadInput (two files cannot be one article)."""

    def __init__(self) -> None:
        self.by_text: dict[bytes, str] = {}
        self.by_id: dict[str, bytes] = {}

    def check(self, doc: Document, found: Found) -> Document | BadInput | Note:
        if not found.key or doc.id.split("#")[0] != found.key:
            return doc  # keyed by text or by a record id
        where, h = str(found.path), hashlib.sha256(doc.text.encode("utf-8")).digest()  # text is normalised
        if doc.id in self.by_id:
            if self.by_id[doc.id] == h:
                return doc  # the same file given twice: counted as a duplicate by the caller
            return BadInput(where, f"its id {doc.id!r} is the id of another file read before, with other text: "
                                   "not read (name the folder that holds both, or use --id-from text)")
        if h in self.by_text:
            return Note(where, f"same text as {self.by_text[h]}: read once, as that article", duplicate=True)
        self.by_text[h] = doc.id
        self.by_id[doc.id] = h
        return doc
