"""Print query results as a rich table, JSON (an array of row objects), CSV or Markdown."""
from __future__ import annotations

import csv
import io
import json
import sys
from enum import Enum
from typing import Any

from rich.console import Console
from rich.table import Table

from graph.store import Result
from narrative.context import console


#: Table cells longer than this are cut (the json/csv/markdown formats keep full values).
TABLE_CELL_LIMIT = 110


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def render(result: Result, fmt: Format = Format.table, title: str | None = None) -> str | None:
    """Text for json/csv/markdown; None for table (printed directly with rich)."""
    if fmt == Format.json:
        return json.dumps(result.records(), ensure_ascii=False, indent=1, default=str)
    if fmt == Format.csv:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(result.columns)
        w.writerows([[_cell(v) for v in row] for row in result.rows])
        return buf.getvalue()
    if fmt == Format.markdown:
        lines = ["| " + " | ".join(result.columns) + " |", "|" + "---|" * len(result.columns)]
        for row in result.rows:
            lines.append("| " + " | ".join(_cell(v).replace("|", "\\|").replace("\n", " ") for v in row) + " |")
        return "\n".join(lines) + "\n"
    return None


def show(result: Result, fmt: Format = Format.table, title: str | None = None) -> None:
    text = render(result, fmt, title)
    if text is not None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    table = Table(title=title, show_lines=False, header_style="bold")
    for col in result.columns:
        table.add_column(col, overflow="fold", min_width=min(len(col), 12))
    for row in result.rows:
        table.add_row(*[_short(_cell(v)) for v in row])
    # Piped output has no terminal width: give long sentences room instead of folding them letter by letter.
    out = console if console.is_terminal else Console(width=max(console.width, 200))
    out.print(table)
    out.print(f"[dim]{len(result.rows)} row(s); --format json/csv gives full values[/]")


def _short(text: str, limit: int = TABLE_CELL_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
