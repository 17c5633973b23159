"""What one run did (`IngestSummary`) and the table the CLI prints of it.

Why apart: the three entry points of `loaders.pipeline` fill the same summary, and the CLI, the demo and the
benchmarks read it; the table is the only place that knows how a run is shown.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from loaders.sources import BadInput


@dataclass
class IngestSummary:
    """What a run did: articles by outcome, the graph before and after, the bad inputs, the time taken."""

    new: int = 0
    changed: int = 0
    forced: int = 0  # unchanged but re-extracted because of --force
    unchanged: int = 0
    duplicates: int = 0  # the same article (same id) met again in this run
    failed: int = 0
    words: int = 0
    seconds: float = 0.0
    statements: Counter = field(default_factory=Counter)  # extracted statements by type
    bad: list[BadInput] = field(default_factory=list)
    before: dict[str, dict[str, int]] | None = None
    after: dict[str, dict[str, int]] | None = None

    @property
    def articles(self) -> int:
        return self.new + self.changed + self.forced + self.unchanged + self.duplicates + self.failed

    @property
    def written(self) -> int:
        return self.new + self.changed + self.forced

    @property
    def ok(self) -> bool:
        return self.failed == 0


def summary_table(summary: IngestSummary, title: str = "ingest summary"):
    """A rich table: articles by outcome, then nodes and relationships by type (in the graph, and added)."""
    from rich.table import Table

    t = Table(title=title, header_style="bold", title_justify="left")
    t.add_column("what")
    t.add_column("name")
    t.add_column("count", justify="right")
    t.add_column("change", justify="right")
    rows = [("new", summary.new), ("changed", summary.changed), ("unchanged", summary.unchanged)]
    if summary.forced:
        rows.append(("re-extracted (--force)", summary.forced))
    if summary.duplicates:
        rows.append(("duplicates in input", summary.duplicates))
    rows.append(("failed", summary.failed))
    for name, n in rows:
        style = "red" if name == "failed" and n else None
        t.add_row("articles", name, str(n), "", style=style)
    if summary.after is not None:
        before = summary.before or {"nodes": {}, "relationships": {}}
        for kind, label in (("nodes", "nodes"), ("relationships", "relationships")):
            for name, n in summary.after[kind].items():
                delta = n - before[kind].get(name, 0)
                if n or delta:
                    t.add_row(label, name, f"{n:,}", f"{delta:+,}" if delta else "")
    else:
        for name, n in sorted(summary.statements.items()):
            t.add_row("statements", name, f"{n:,}", "")
    secs = summary.seconds
    wps = summary.words / secs if secs > 0 else 0.0
    t.caption = f"{secs:.1f} s, {summary.words:,} words parsed ({wps:,.0f} words/s)"
    return t
