"""Shared plumbing of the commands: settings from the global options, one store per command, error lines."""
from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import typer
from rich.console import Console

from graph.cypher_text import PARAM_NAME
from graph.errors import NarrativeError
from graph.store import Store
from narrative.settings import Settings

console = Console()
err_console = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


def settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    if not isinstance(obj, Settings):
        obj = Settings.from_env()
        ctx.find_root().obj = obj
    return obj


@contextlib.contextmanager
def store_for(ctx: typer.Context, ensure_schema: bool = True) -> Iterator[Store]:
    s = settings(ctx).open(ensure_schema=ensure_schema)
    try:
        yield s
    finally:
        s.close()


def fail(message: str, code: int = 1) -> None:
    """Print one clear error line and exit: only the CLI exits, library code raises."""
    err_console.print(f"[bold red]Error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def handle_errors(fn: F) -> F:
    """Turn our own errors into one line on stderr and the error's exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NarrativeError as exc:
            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            err_console.print("Interrupted.")
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def parse_params(items: list[str] | None) -> dict[str, Any]:
    """`--param k=v` pairs; values that parse as JSON (numbers, true, lists) keep their type."""
    import json

    out: dict[str, Any] = {}
    for item in items or []:
        if "=" not in item:
            raise NarrativeError(f"Bad --param {item!r}: write it as name=value.")
        key, raw = item.split("=", 1)
        key = key.strip()
        if not PARAM_NAME.match(key):
            raise NarrativeError(f"Bad --param name {key!r}: use letters, digits and _ only, not starting with a "
                                 "digit (write it as name=value).")
        try:
            out[key] = json.loads(raw)
        except ValueError:
            out[key] = raw
    return out
