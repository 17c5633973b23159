"""The bundled sample corpus for `make demo`: eight short conflict reports written for this project.

Why these texts: they pair articles that tell the same events from opposite sides (Idlib 2019, Zaporizhzhia
2022, Saada 2022, Gaza 2023), so the demo graph shows mutual accusations and denials. Facts are simplified;
quotes are illustrative, not verbatim. Each file has a headline, a date or dateline and an outlet credit, so
the metadata readers have something to find.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_dir() -> Path:
    """The folder of the sample `.txt` articles (inside the installed package)."""
    return Path(str(resources.files("loaders") / "data" / "sample"))


def sample_files() -> list[Path]:
    return sorted(sample_dir().glob("*.txt"))
