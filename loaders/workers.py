"""The parse workers of a run (`nlp.pipe(..., n_process=k)` forks them) and the run's signals.

What can go wrong without this module, and what it does about it:
- The workers are forked, so they inherit the parent's descriptors, the write lock's included: a worker left
  behind by a `kill -9` of the CLI kept the lock (and ~200 MB) forever, stuck reading a queue nobody feeds. Here
  every worker asks the kernel to kill it when its parent dies (Linux `PR_SET_PDEATHSIG`), exits at once if the
  parent is already gone, and drops its copy of the lock descriptor (`forget_in_workers`), noting its pid in the
  lock file so a later run can recognise it.
- Ctrl-C reaches the whole process group: the workers ignore SIGINT (only the parent reports), and the parent
  (`interrupts`) kills its workers before unwinding, so spaCy's shutdown never waits for a worker that is busy or
  dead. SIGTERM is handled the same way. Both end as `Interrupted`, which the CLI turns into one line.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator

PR_SET_PDEATHSIG = 1


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived during a run (its workers are already stopped); `exit_code` is 128 + signal."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def _load_prctl() -> Callable[..., int] | None:
    # Resolved once in the parent: no dynamic loading in a freshly forked child.
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        return libc.prctl
    except (OSError, AttributeError):
        return None


_prctl = _load_prctl()


class _Scope:
    """Set while a run may fork workers: who the parent is and what each new worker must do first."""

    parent: int | None = None
    in_child: list[Callable[[], None]] = []
    forked = False  # this process has forked workers (so its exit must not wait on their queues)
    before: frozenset[int] = frozenset()


def _after_fork_in_child() -> None:
    parent = _Scope.parent
    if parent is None:
        return
    _Scope.parent = None  # a worker's own forks are not workers of the run
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the whole group: the parent answers it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above: nobody will read our results
        os._exit(1)
    for fn in _Scope.in_child:
        with contextlib.suppress(Exception):
            fn()


def _after_fork_in_parent() -> None:
    if _Scope.parent is not None:
        _Scope.forked = True


os.register_at_fork(after_in_child=_after_fork_in_child, after_in_parent=_after_fork_in_parent)


def forked_workers() -> bool:
    """Whether this process has forked parse workers (a CLI then exits without joining their queues)."""
    return _Scope.forked


def forget_in_workers(fd: int, note: Callable[[], bytes] | None = None) -> Callable[[], None]:
    """In every worker forked from now on: append `note()` to `fd` (opened for appending), then point `fd` at
    /dev/null, so the worker never shares the lock `fd` holds. Returns the function that undoes the registration."""

    def drop() -> None:
        if note is not None:
            os.write(fd, note())
        null = os.open(os.devnull, os.O_RDWR)
        try:
            os.dup2(null, fd)
        finally:
            os.close(null)

    _Scope.in_child.append(drop)

    def undo() -> None:
        with contextlib.suppress(ValueError):
            _Scope.in_child.remove(drop)

    return undo


def _ours() -> list[multiprocessing.Process]:
    return [p for p in multiprocessing.active_children() if p.pid not in _Scope.before]


def stop_workers(timeout: float = 5.0) -> None:
    """Kill the workers forked in the current scope and reap them."""
    procs = _ours()
    for p in procs:
        with contextlib.suppress(OSError, ValueError):
            p.kill()
    for p in procs:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            p.join(timeout)


@contextlib.contextmanager
def worker_scope() -> Iterator[None]:
    """Around a parse that may fork workers: they die with this process, ignore Ctrl-C and leave the lock alone;
    any worker still alive when the block ends (an error, an interrupt) is killed."""
    outer = _Scope.parent
    _Scope.parent = os.getpid()
    _Scope.before = frozenset(p.pid for p in multiprocessing.active_children())
    try:
        yield
    except BaseException:
        _Scope.parent = outer
        stop_workers()
        raise
    _Scope.parent = outer


@contextlib.contextmanager
def interrupts() -> Iterator[None]:
    """SIGINT and SIGTERM raise `Interrupted` in the main thread, after killing the run's workers; a second
    signal while the first unwinds is ignored. Outside the main thread this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    seen: list[int] = []

    def handler(signum: int, frame: object) -> None:
        if seen:
            return
        seen.append(signum)
        # spaCy warns that its killed workers did not finish: that is what we wanted, not news for the user
        warnings.filterwarnings("ignore", message=r".*\[W127\]")
        stop_workers()
        raise Interrupted(signum)

    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)
