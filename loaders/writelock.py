"""The write lock of an embedded graph: one writer at a time, and no lock outlives the run that took it.

The lock is an fcntl `flock` on `write-<graph>.lock` in the data directory, so the kernel releases it when the
last descriptor of it closes, even after `kill -9`. Its one weakness is inheritance: a process forked while the
lock is held shares it. The parse workers drop their copy (`loaders.workers.forget_in_workers`) and die with
their parent, but the file also records, one JSON object per line, who took the lock (pid, start time, process
group) and which workers it forked, so a run that finds the lock held by a dead ingest can tell leftovers of it
from a live writer: it stops them (they are orphans that can never deliver a result) and takes the lock over.
A live holder is waited for (re-checked every fraction of a second) or, with `wait=False`, refused.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.embedded import pid_alive
from graph.errors import StoreBusy
from graph.store import Store
from loaders import workers

#: How often a waiting run looks at the lock again (and whether its holder still lives).
POLL_S = 0.25
#: How long leftovers of a dead ingest may take to die once killed.
LEFTOVER_TIMEOUT_S = 5.0


def lock_path(store: Store) -> Path | None:
    data_dir = getattr(store, "data_dir", None)
    if data_dir is None:
        return None  # Neo4j: the server's transactions and constraints keep concurrent writers consistent
    graph = re.sub(r"[^A-Za-z0-9_.-]+", "_", str(getattr(store, "graph_name", "graph")))
    return Path(data_dir) / f"write-{graph}.lock"


# -- processes --------------------------------------------------------------------------------------------
def start_time(pid: int) -> int | None:
    """The process's start time in clock ticks since boot (None: no such process, or a zombie, or no /proc)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    if fields[0] in ("Z", "X"):
        return None
    return int(fields[19])


def _same_process(pid: int, started: int | None) -> bool:
    """Is `pid` still the process that was recorded (not a dead one whose number was reused)?"""
    if not Path("/proc").is_dir():  # no /proc (macOS): the pid alone
        return pid_alive(pid)
    now = start_time(pid)
    return now is not None and (started is None or now == started)


@dataclass
class Holder:
    """What the lock file says about the run holding it."""

    pid: int | None = None
    start: int | None = None
    pgid: int | None = None
    workers: list[tuple[int, int | None]] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> "Holder | None":
        """None when the file says nothing yet (its holder has not written it)."""
        h = cls()
        for line in text.splitlines():
            line = line.strip()
            if not line:
                continue
            if line.isdigit():  # the format of earlier versions: the pid alone
                h.pid = int(line)
                continue
            with contextlib.suppress(ValueError, TypeError, AttributeError):
                rec = json.loads(line)
                if "worker" in rec:
                    h.workers.append((int(rec["worker"]), rec.get("start")))
                elif "pid" in rec:
                    h.pid, h.start, h.pgid = int(rec["pid"]), rec.get("start"), rec.get("pgid")
        return h if h.pid is not None else None

    def alive(self) -> bool:
        return self.pid is not None and _same_process(self.pid, self.start)

    def describe(self) -> str:
        return f"pid {self.pid}"


def lock_owners(path: Path) -> dict[int, int]:
    """Process -> the pid that took the flock it holds on `path` (Linux /proc; {} elsewhere).

    A forked process holds its parent's lock under the parent's pid, even after the parent died: that is how the
    leftovers of a dead ingest are told from a new holder, whose lock carries its own pid.
    """
    try:
        st = os.stat(path)
    except OSError:
        return {}
    key = f" {os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino} "
    with contextlib.suppress(OSError):
        if key not in Path("/proc/locks").read_text():
            return {}
    found: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError, ValueError):
            for info in (entry / "fdinfo").iterdir():
                with contextlib.suppress(OSError, ValueError, IndexError):
                    for line in info.read_text().splitlines():
                        if line.startswith("lock:") and "FLOCK" in line and key in line + " ":
                            found[int(entry.name)] = int(line.split()[5])
    return found


def _leftovers(holder: Holder, path: Path) -> list[int]:
    """Live processes of a dead ingest: its recorded workers, and any process holding the lock it took."""
    me = os.getpid()
    pids = {pid for pid, started in holder.workers if pid != me and _same_process(pid, started)}
    pids |= {pid for pid, owner in lock_owners(path).items() if owner == holder.pid and pid != me}
    return sorted(pids)


def _stop(pids: list[int]) -> list[int]:
    """Kill `pids`; return those still alive after LEFTOVER_TIMEOUT_S."""
    started = {pid: start_time(pid) for pid in pids}
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + LEFTOVER_TIMEOUT_S
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [p for p in alive if _same_process(p, started[p])]
    return alive


def _worker_note() -> bytes:
    """The line a parse worker appends to the lock file (run in the worker, right after the fork)."""
    pid = os.getpid()
    return (json.dumps({"worker": pid, "start": start_time(pid)}) + "\n").encode()


# -- the lock ---------------------------------------------------------------------------------------------
def _where(store: Store) -> str:
    return f"graph '{getattr(store, 'graph_name', '?')}' in {getattr(store, 'data_dir', '?')}"


def _acquire(fh, path: Path, store: Store, wait: bool, on_wait: Callable[[str], None] | None) -> None:
    announced = False
    while True:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        fh.seek(0)
        holder = Holder.parse(fh.read())
        who = holder.describe() if holder is not None else "pid unknown"
        if holder is not None and not holder.alive():
            left = _leftovers(holder, path)
            if left:
                still = _stop(left)
                if still:
                    raise StoreBusy(
                        f"The ingest that took the write lock of {_where(store)} ({who}) is gone, but its "
                        f"process(es) {', '.join(map(str, still))} still hold the lock and did not stop when "
                        "killed: end them, then run again."
                    )
                if on_wait:
                    on_wait(f"The ingest that held the write lock of {_where(store)} ({who}) is gone: stopped "
                            f"its leftover process(es) {', '.join(map(str, left))} and took the lock over.")
                continue
            # The record is stale (its writer died) and the lock is someone else's: name who holds it.
            owners = sorted(set(lock_owners(path).values()))
            who = f"pid {', '.join(map(str, owners))}" if owners else "pid unknown"
        if not wait:
            raise StoreBusy(
                f"Another ingest ({who}) is writing to {_where(store)}; wait for it to finish, "
                "or run again without --no-wait to queue behind it."
            )
        if on_wait and not announced:
            on_wait(f"Waiting for another ingest ({who}) writing to {_where(store)} to finish...")
            announced = True
        time.sleep(POLL_S)


@contextlib.contextmanager
def write_lock(store: Store, *, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the exclusive write lock of an embedded graph for the duration of a write run.

    Parse workers forked meanwhile note their pid in the lock file and close their copy of it.
    """
    path = lock_path(store)
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as fh:
        _acquire(fh, path, store, wait, on_wait)
        undo = None
        try:
            fh.seek(0)
            fh.truncate()
            me = {"pid": os.getpid(), "start": start_time(os.getpid()), "pgid": os.getpgid(0)}
            fh.write(json.dumps(me) + "\n")
            fh.flush()
            undo = workers.forget_in_workers(fh.fileno(), _worker_note)
            yield
        finally:
            if undo is not None:
                undo()
            with contextlib.suppress(OSError):
                fh.seek(0)
                fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)
