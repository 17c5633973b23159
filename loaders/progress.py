"""The progress bar of a run: articles, words/s and ETA, with bad inputs printed above it as they come.

Why apart: the stages report to it and the entry points open it; a run without a terminal (`progress=False`,
the benchmarks, the tests) gets the same object doing nothing but printing notes to the console it was given.
"""
from __future__ import annotations

import time
from typing import Any


class Progress:
    """A rich bar (articles, words/s, ETA) or nothing; bad inputs are printed above the bar as they come."""

    def __init__(self, enabled: bool, total: int | None, console: Any, label: str) -> None:
        self.console = console
        self.words = 0
        self.started = time.monotonic()
        self._p = None
        if enabled:
            from rich.progress import (
                BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn,
            )

            self._p = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("articles"),
                TextColumn("{task.fields[wps]:>7,.0f} words/s"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=console,
                transient=False,
            )
            self._task = self._p.add_task(label, total=total, wps=0.0)

    def __enter__(self) -> "Progress":
        if self._p is not None:
            self._p.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._p is not None:
            done = self._p.tasks[0].completed
            self._p.update(self._task, total=done, completed=done)  # the total was an estimate
            self._p.stop()

    def advance(self, n: int = 1, words: int = 0) -> None:
        self.words += words
        if self._p is not None:
            wps = self.words / max(time.monotonic() - self.started, 1e-6)
            self._p.update(self._task, advance=n, wps=wps)

    def describe(self, text: str) -> None:
        if self._p is not None:
            self._p.update(self._task, description=text)

    def note(self, message: str) -> None:
        target = self._p.console if self._p is not None else self.console
        if target is not None:
            target.print(message, markup=False, highlight=False, soft_wrap=True)
