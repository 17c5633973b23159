"""`ingest`, `extract` and `load`: articles into the graph, in one streaming run or in two stages."""
from __future__ import annotations

import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from graph.errors import InputError
from loaders.pipeline import DEFAULT_BATCH_SIZE, IngestSummary, extract_to_file, ingest, load_file, summary_table
from loaders.sources import DEFAULT_MAX_BYTES, FieldMap, SourceOptions
from loaders.workers import Interrupted, forked_workers, interrupts
from narrative.context import console, err_console, handle_errors, store_for


class InputFormat(str, Enum):
    auto = "auto"
    txt = "txt"
    html = "html"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


Paths = Annotated[list[str], typer.Argument(help="Files, folders (recursive), glob patterns, or - for stdin.")]
Workers = Annotated[int, typer.Option("--workers", "-w", min=1, help="Parallel spaCy processes.")]
BatchSize = Annotated[int, typer.Option("--batch-size", min=1, help="Articles per parse and write batch.")]
Fmt = Annotated[InputFormat, typer.Option("--format", help="Input format; auto goes by file extension.")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse articles larger than this.")]
Model = Annotated[Optional[str], typer.Option("--model", help="Installed spaCy pipeline to use.")]
Actors = Annotated[
    Optional[Path], typer.Option("--actors", help="Actor dictionary to use on top of the shipped one.")
]
NoWait = Annotated[
    bool, typer.Option("--no-wait", help="Stop at once if another ingest is writing to the same store.")
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


TextCol = Annotated[Optional[str], typer.Option("--text-col", help="Record field / CSV column with the text.")]
TitleCol = Annotated[Optional[str], typer.Option("--title-col", help="Field with the headline.")]
IdCol = Annotated[Optional[str], typer.Option("--id-col", help="Field with the article id.")]
DateCol = Annotated[Optional[str], typer.Option("--date-col", help="Field with the publication date.")]
PubCol = Annotated[Optional[str], typer.Option("--publication-col", help="Field with the publication name.")]
UrlCol = Annotated[Optional[str], typer.Option("--url-col", help="Field with the article URL.")]


class IdFrom(str, Enum):
    path = "path"
    text = "text"


IdFromOpt = Annotated[IdFrom, typer.Option(
    "--id-from", help="Id of a .txt/.html article: its path (folder name + path inside; editing the file replaces "
                      "it) or a hash of its text.")]


def _options(fmt: InputFormat, max_bytes: int, text_col, title_col, id_col, date_col, pub_col, url_col,
             id_from: IdFrom = IdFrom.path):
    return SourceOptions(
        format=fmt.value,
        max_bytes=max_bytes,
        id_from=id_from.value,
        fields=FieldMap(text=text_col, title=title_col, id=id_col, date=date_col, publication=pub_col, url=url_col),
    )


def _factory(model: str | None, actors: Path | None):
    """The extractor is built only when an article needs parsing (a re-run of unchanged input loads no model)."""

    if actors is not None and not actors.is_file():
        raise InputError(f"No actor dictionary at {actors}: give the path of an existing actor file with --actors.")

    def make():
        from loaders.extract import Extractor

        if actors is not None:
            return Extractor(model=model, actors_file=actors)
        return Extractor(model=model)

    return make


def _finish(summary: IngestSummary, title: str) -> None:
    console.print(summary_table(summary, title))
    if not summary.ok:
        err_console.print(
            f"[bold red]{summary.failed} input(s) failed[/] (listed above); everything else was processed.",
            highlight=False,
        )
        raise typer.Exit(1)


def ingest_cmd(
    ctx: typer.Context,
    paths: Paths,
    workers: Workers = 1,
    batch_size: BatchSize = DEFAULT_BATCH_SIZE,
    force: Annotated[bool, typer.Option("--force", help="Re-extract articles even when unchanged.")] = False,
    fmt: Fmt = InputFormat.auto,
    text_col: TextCol = None,
    title_col: TitleCol = None,
    id_col: IdCol = None,
    date_col: DateCol = None,
    publication_col: PubCol = None,
    url_col: UrlCol = None,
    id_from: IdFromOpt = IdFrom.path,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    model: Model = None,
    actors: Actors = None,
    no_wait: NoWait = False,
    quiet: Quiet = False,
) -> None:
    """Read articles, extract who accuses/denies/strikes/cites whom, and write them to the graph.

    Unchanged articles are skipped without parsing; a changed one replaces its statements. Bad inputs are
    listed one per line and make the exit code 1, after everything else is ingested.
    """
    opts = _options(fmt, max_bytes, text_col, title_col, id_col, date_col, publication_col, url_col, id_from)
    with store_for(ctx, ensure_schema=False) as store:  # the pipeline sets it up under its write lock
        summary = ingest(
            store, paths, extractor_factory=_factory(model, actors), workers=workers, batch_size=batch_size,
            force=force, progress=not quiet, options=opts, wait=not no_wait, console=err_console,
        )
    _finish(summary, "ingest summary")


def extract_cmd(
    paths: Paths,
    output: Annotated[str, typer.Option("--output", "-o", help="Record file to write (JSONL), or - for stdout.")],
    workers: Workers = 1,
    batch_size: BatchSize = DEFAULT_BATCH_SIZE,
    fmt: Fmt = InputFormat.auto,
    text_col: TextCol = None,
    title_col: TitleCol = None,
    id_col: IdCol = None,
    date_col: DateCol = None,
    publication_col: PubCol = None,
    url_col: UrlCol = None,
    id_from: IdFromOpt = IdFrom.path,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    model: Model = None,
    actors: Actors = None,
    quiet: Quiet = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing record file.")] = False,
) -> None:
    """Extract graph records from articles into a JSONL file, without touching any store.

    Run it on as many machines as you like over parts of a corpus, then `narrative load` each file once.
    """
    if output != "-":
        from narrative.outputs import output_file

        output = str(output_file(output, overwrite, "the record file", "records.jsonl"))
    opts = _options(fmt, max_bytes, text_col, title_col, id_col, date_col, publication_col, url_col, id_from)
    summary = extract_to_file(
        paths, output, extractor_factory=_factory(model, actors), workers=workers, batch_size=batch_size,
        progress=not quiet and output != "-", options=opts, console=err_console,
    )
    if output != "-":
        err_console.print(f"wrote {summary.new} record(s) to {output}", highlight=False)
    (err_console if output == "-" else console).print(summary_table(summary, "extract summary"))
    if not summary.ok:
        err_console.print(f"[bold red]{summary.failed} input(s) failed[/] (listed above).", highlight=False)
        raise typer.Exit(1)


def load_cmd(
    ctx: typer.Context,
    records: Annotated[list[str], typer.Argument(help="Record files written by `narrative extract` (- for stdin).")],
    batch_size: BatchSize = DEFAULT_BATCH_SIZE,
    force: Annotated[bool, typer.Option("--force", help="Rewrite articles even when unchanged.")] = False,
    no_wait: NoWait = False,
    quiet: Quiet = False,
) -> None:
    """Write record files from `narrative extract` into the graph (unchanged articles are skipped)."""
    total = IngestSummary()
    with store_for(ctx, ensure_schema=False) as store:  # the pipeline sets it up under its write lock
        for path in records:
            s = load_file(store, path, batch_size=batch_size, force=force, progress=not quiet,
                          wait=not no_wait, console=err_console)
            for name in ("new", "changed", "forced", "unchanged", "duplicates", "failed", "words", "seconds"):
                setattr(total, name, getattr(total, name) + getattr(s, name))
            total.bad += s.bad
            total.statements.update(s.statements)
            total.before = total.before or s.before
            total.after = s.after
    _finish(total, "load summary")


def _interruptible(fn):
    """Ctrl-C or SIGTERM: the run's workers are stopped, one line is printed and the exit code is 128 + the
    signal (130, 143). What was committed stays (each batch is atomic); the same command again goes on from there."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            with interrupts():
                return fn(*args, **kwargs)
        except Interrupted as exc:
            err_console.print(f"Interrupted ({exc}): nothing half-written is kept; run the same command again to "
                              "go on.", highlight=False, soft_wrap=True)
            if forked_workers():  # the workers' queues would make a normal exit wait on dead readers
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(exc.exit_code)
            raise typer.Exit(exc.exit_code) from None

    return wrapper


def register(app: typer.Typer) -> None:
    app.command("ingest")(handle_errors(_interruptible(ingest_cmd)))
    app.command("extract")(handle_errors(_interruptible(extract_cmd)))
    app.command("load")(handle_errors(_interruptible(load_cmd)))
