"""Working copies of the corpus: a sample for --quick, and N distinct copies for the memory figure.

Why copies and not the folder itself: the bbc folder holds a README beside the articles, and the memory figure
needs 4x the corpus with distinct ids and texts. A copy in a temp folder gives every run exactly the articles
it names, read by the same loader in the baseline and in the ingest.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from graph.errors import InputError

ARTICLE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".jsonl", ".json", ".csv"}


def article_files(corpus: Path) -> list[Path]:
    """Every article file under `corpus`, in a stable order (READMEs are not articles)."""
    if not corpus.is_dir():
        raise InputError(f"No corpus folder at {corpus}: pass --corpus DIR (a folder of article files).")
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                   and not p.name.lower().startswith("readme"))
    if not files:
        raise InputError(f"No article files (.txt, .html, .jsonl, ...) under {corpus}: pass another --corpus.")
    return files


def sample(files: list[Path], n: int | None) -> list[Path]:
    """`n` files spread evenly over the sorted list, so every category folder is represented."""
    if n is None or n >= len(files):
        return list(files)
    return [files[(i * len(files)) // n] for i in range(n)]


def materialise(corpus: Path, files: list[Path], dest: Path, copies: int = 1) -> Path:
    """Copy `files` into `dest`, `copies` times; copy k > 0 gets a suffix line so its id and text differ."""
    if dest.exists():
        shutil.rmtree(dest)
    for k in range(copies):
        for f in files:
            target = dest / f"copy{k}" / f.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            if k == 0:
                shutil.copyfile(f, target)
            elif f.suffix.lower() not in (".txt", ".text"):
                raise InputError(f"{f}: the memory figure copies .txt articles only; pass a --corpus of .txt files.")
            else:
                text = f.read_text(encoding="utf-8", errors="replace")
                target.write_text(text.rstrip() + f"\n\nBenchmark copy {k} of this article.\n", encoding="utf-8")
    return dest
