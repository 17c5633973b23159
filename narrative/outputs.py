"""Where commands write: every `--out` of the CLI goes through `output_file` or `output_dir` first.

Why one place: a user's path can be missing its folders, name a folder where a file is expected (or a file where
a folder is), or name something that already exists. Each command used to meet these cases its own way (a
traceback, a silent overwrite). Here the folders are created, the wrong kind of path is refused, and an existing
output is kept unless the command was given `--force`; every refusal is one `InputError` naming the fix, which
the CLI prints as a single `Error:` line.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from graph.errors import InputError

FORCE_HELP = "Overwrite the output if it already exists."


def _make_folder(folder: Path, what: str, target: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
        raise InputError(f"Cannot write {what} to {target}: {blocker} is a file, not a folder; "
                         "choose another --out.") from None
    except OSError as exc:
        raise InputError(f"Cannot write {what} to {target}: cannot create the folder {folder} "
                         f"({exc.strerror or exc}); choose another --out.") from None


def output_file(path: Path | str, force: bool = False, what: str = "the output", example: str = "out") -> Path:
    """The file `path`, ready to be written: its folders exist, it is not a folder, and it is new unless `force`.

    `what` names the output in messages ("the page"); `example` is a file name suggested when `path` is a folder.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise InputError(f"--out {path} is a folder; {what} is a file: give a file name, "
                         f"e.g. --out {path / example}.")
    if (path.exists() or path.is_symlink()) and not force:
        raise InputError(f"{path} already exists: add --force to overwrite it, or choose another --out.")
    _make_folder(path.parent, what, path)
    return path


def output_dir(path: Path | str, force: bool = False, what: str = "the files",
               patterns: tuple[str, ...] = ("*",)) -> Path:
    """The folder `path`, created if missing; refused when it is a file, or (unless `force`) when it already holds
    files matching `patterns` (those the command writes)."""
    path = Path(path).expanduser()
    if path.exists() and not path.is_dir():
        raise InputError(f"--out {path} is a file; {what} go into a folder: give a folder name, "
                         f"e.g. --out {path.with_suffix('')}-files.")
    if path.is_dir() and not force:
        clash = sorted({p.name for pattern in patterns for p in path.glob(pattern)})
        if clash:
            shown = ", ".join(clash[:3]) + (", ..." if len(clash) > 3 else "")
            raise InputError(f"{path} already holds {shown}: add --force to overwrite, or choose another --out.")
    _make_folder(path, what, path)
    return path


@contextlib.contextmanager
def writing(path: Path, what: str = "the output") -> Iterator[None]:
    """Turn a failure to write `path` (permissions, a full disk) into one `InputError` line, not a traceback."""
    try:
        yield
    except OSError as exc:
        raise InputError(f"Cannot write {what} to {path}: {exc.strerror or exc}; choose another --out.") from exc
