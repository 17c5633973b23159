"""`demo`: the main job on the bundled sample corpus, end to end, on whatever store is configured."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph.viz import write_page
from loaders.pipeline import ingest, summary_table
from loaders.sample import sample_files
from narrative.context import console, handle_errors, settings, store_for
from narrative.output import show
from narrative.outputs import output_file
from queries.runner import run_report


def _make_extractor():
    from loaders.extract import Extractor

    return Extractor()


def demo(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Where to write the interactive graph page (rewritten on "
                                            "every run: the demo is idempotent).")] = Path("demo-accusations.html"),
    top: Annotated[int, typer.Option("--top", help="Rows of the report to print.")] = 25,
) -> None:
    """Ingest the sample corpus, print who accuses whom and write an interactive graph page."""
    out = output_file(out, force=True, what="the page", example="demo-accusations.html")  # a rerun rewrites it
    files = sample_files()
    with store_for(ctx) as store:
        console.print(f"[bold]Store:[/] {store.describe()}")
        summary = ingest(store, files, extractor_factory=_make_extractor, console=console)
        console.print(summary_table(summary, "sample corpus ingest"))
        result = run_report(store, "accusations", {"limit": top})
        show(result, title="Who accuses whom (sample corpus)")
        page = write_page(store, "accusations", out)
    console.print(f"\nInteractive graph: [bold]{page.resolve()}[/] (open it in a browser; it works offline)")
    if settings(ctx).embedded:
        console.print("Next: `narrative reports`, `narrative report denials`, `narrative viz citations`, "
                      "`narrative info`.")
    if not summary.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("demo")(handle_errors(demo))
