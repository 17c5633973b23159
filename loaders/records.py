"""Record files (`narrative extract` writes them, `narrative load` reads them): a header line, then one
`ArticleGraph` per line, every line carrying `format_version`.

Why apart: the format is a contract between machines (extract on many, load on one), so the header, the version
check and the reasons a line is refused live in one place.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from graph.errors import InputError
from graph.model import FORMAT_VERSION, ArticleGraph
from loaders.extract.pronouns import naming_words
from loaders.sources import BadInput, json_line

#: First line of a record file: says what the file is and which record version it holds.
RECORDS_HEADER_KEY = "narrative_records"


def header_line() -> str:
    return json.dumps({RECORDS_HEADER_KEY: True, "format_version": FORMAT_VERSION}) + "\n"


def read_records(path: str | Path) -> Iterator[ArticleGraph | BadInput]:
    """The graphs of a record file; a bad line (not JSON, wrong version, invalid record) is a BadInput."""
    name = str(path)
    fh = sys.stdin if name == "-" else open(path, encoding="utf-8", errors="replace")
    try:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{name}:{n}"
            obj = json_line(line, where)
            if isinstance(obj, BadInput):
                yield obj
                continue
            if not isinstance(obj, dict):
                yield BadInput(where, "a record line must be a JSON object")
                continue
            version = obj.get("format_version")
            if RECORDS_HEADER_KEY in obj:
                if version != FORMAT_VERSION:
                    raise InputError(
                        f"{name} holds records of format version {version}; this version of narrative reads "
                        f"version {FORMAT_VERSION}: extract them again with `narrative extract`."
                    )
                continue
            if version != FORMAT_VERSION:
                yield BadInput(where, f"record format version {version!r} is not supported (this version reads "
                                      f"{FORMAT_VERSION}); extract it again with `narrative extract`")
                continue
            try:
                graph = ArticleGraph.model_validate(obj)
            except ValidationError as exc:
                first = exc.errors()[0]
                loc = ".".join(str(x) for x in first.get("loc", ()))
                yield BadInput(where, f"invalid record: {loc} {first.get('msg', '')}".strip())
                continue
            for st in graph.statements:  # records of older versions may name a side by a pronoun
                st.source_text, st.target_text = naming_words(st.source_text), naming_words(st.target_text)
            yield graph
    finally:
        if fh is not sys.stdin:
            fh.close()
