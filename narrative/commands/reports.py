"""`reports`, `report NAME` and `shell`: the canned Cypher reports and an interactive Cypher prompt."""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Annotated, Optional

import typer
from rich.table import Table

from graph.errors import NarrativeError
from graph.store import Store
from narrative.context import console, err_console, handle_errors, parse_params, settings, store_for
from narrative.output import Format, show
from queries import get_report, list_reports, run_report


def reports() -> None:
    """List the canned reports with their titles and parameters."""
    table = Table(header_style="bold")
    table.add_column("report")
    table.add_column("title")
    table.add_column("parameters")
    for r in list_reports():
        table.add_row(r.name, r.title, ", ".join(p.usage() for p in r.params))
    console.print(table)
    console.print("[dim]Run one with `narrative report NAME [--param k=v]`; `--cypher` prints it for Neo4j Browser.[/]")


def _warn(message: str) -> None:
    """One line on stderr (never wrapped), so a report answered another way than usual says so."""
    err_console.print(f"[bold yellow]Warning:[/] {message}", highlight=False, soft_wrap=True)


def report(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Report name (see `narrative reports`).")],
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="name=value (repeatable).")] = None,
    level: Annotated[
        Optional[str], typer.Option("--level", help="entity or state (fold actors into their top-level actor).")
    ] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", help="Most rows returned.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    cypher: Annotated[
        bool, typer.Option("--cypher", help="Print the query with a :params line for Neo4j Browser; run nothing.")
    ] = False,
) -> None:
    """Run a canned report; unknown names and parameters are refused with the valid ones."""
    rep = get_report(name)
    params = parse_params(param)
    for key, value in (("level", level), ("limit", limit)):
        if value is None:
            continue
        if rep.param(key) is None:
            raise NarrativeError(
                f"Report {name!r} has no --{key}; its parameters: {', '.join(p.usage() for p in rep.params)}."
            )
        params[key] = value
    if cypher:
        sys.stdout.write(rep.browser_text(params))
        return
    rep.resolve(params)  # refuse bad parameters before opening the store
    with store_for(ctx) as store:
        result = run_report(store, name, params, on_stale=_warn)
    show(result, fmt, title=None if fmt != Format.table else rep.title)


# -- the interactive shell --------------------------------------------------------------------------------
SHELL_HELP = (
    "End a statement with ';' (it may span lines). Commands: :help, :quit, :format table|json|csv|markdown. "
    "Read-only unless started with --write."
)


def split_statements(lines: Iterable[str]) -> Iterator[str]:
    """Statements from input lines: a statement ends on a line ending with ';' (or a ':command' line)."""
    buf: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not buf and stripped.startswith(":"):
            yield stripped
            continue
        if not stripped and not buf:
            continue
        buf.append(line.rstrip("\n"))
        if stripped.endswith(";"):
            text = "\n".join(buf).strip().rstrip(";").strip()
            buf = []
            if text:
                yield text
    tail = "\n".join(buf).strip()
    if tail:
        yield tail


def run_shell(store: Store, lines: Iterable[str], write: bool = False, fmt: Format = Format.table,
              echo: Callable[[str], None] | None = None) -> int:
    """Run statements from `lines` and print each result; returns how many statements failed."""
    failures = 0
    for text in split_statements(lines):
        if text.startswith(":"):
            cmd, _, arg = text[1:].partition(" ")
            if cmd in {"quit", "exit", "q"}:
                break
            if cmd == "format" and arg.strip() in Format.__members__:
                fmt = Format(arg.strip())
            else:
                console.print(SHELL_HELP)
            continue
        if echo:
            echo(text)
        try:
            result = store.write(text) if write else store.read(text)
        except NarrativeError as exc:
            failures += 1
            err_console.print(f"[bold red]Error:[/] {exc}", highlight=False, soft_wrap=True)
            continue
        show(result, fmt)
    return failures


def _interactive_lines(history_file) -> Iterator[str]:
    """Lines typed at a prompt with history: prompt_toolkit when installed, else readline, else plain input."""
    try:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory

        session = PromptSession(history=FileHistory(str(history_file)))
        prompt: Callable[[str], str] = session.prompt
    except ImportError:
        try:
            import readline

            try:
                readline.read_history_file(str(history_file))
            except OSError:
                pass
            import atexit

            atexit.register(readline.write_history_file, str(history_file))
        except ImportError:
            pass
        prompt = input
    continuing = False
    while True:
        try:
            line = prompt("      ...> " if continuing else "narrative> ")
        except EOFError:
            return
        except KeyboardInterrupt:
            continuing = False
            continue
        continuing = not line.strip().endswith(";") and not line.strip().startswith(":") and (
            bool(line.strip()) or continuing
        )
        yield line


def shell(
    ctx: typer.Context,
    write: Annotated[bool, typer.Option("--write", help="Allow statements that change the graph.")] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Interactive Cypher prompt with history and multi-line input (end statements with ';')."""
    with store_for(ctx) as store:
        if sys.stdin.isatty():
            home = settings(ctx).data_dir
            home.mkdir(parents=True, exist_ok=True)
            console.print(f"[bold]{store.describe()}[/] ({'read-write' if write else 'read-only'}). {SHELL_HELP}")
            lines: Iterable[str] = _interactive_lines(home / "shell_history")
        else:
            lines = sys.stdin
        failures = run_shell(store, lines, write=write, fmt=fmt)
    if failures:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("reports")(handle_errors(reports))
    app.command("report")(handle_errors(report))
    app.command("shell")(handle_errors(shell))
