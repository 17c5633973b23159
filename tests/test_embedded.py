"""The embedded server's lifecycle on real processes: reuse, stale files, long paths, kill -9 durability."""
from __future__ import annotations

import os
import signal
import stat
import time
from pathlib import Path

import pytest

from graph import embedded
from graph.falkor_store import FalkorStore


@pytest.fixture
def private_dir(tmp_path):
    d = tmp_path / "data"
    yield d
    embedded.stop(d)


def test_starts_on_first_use_and_is_reused(private_dir):
    s1 = FalkorStore.open(private_dir)
    pid = embedded.status(private_dir)["pid"]
    s2 = FalkorStore.open(private_dir)
    assert embedded.status(private_dir)["pid"] == pid
    s1.write("CREATE (:Actor {id: 'a'})")
    assert s2.read("MATCH (n:Actor) RETURN count(n)").value() == 1
    s1.close(), s2.close()
    mode = stat.S_IMODE(os.stat(private_dir).st_mode)
    assert mode == 0o700
    assert Path(embedded.status(private_dir)["socket"]).is_socket()


def test_no_tcp_port(private_dir):
    FalkorStore.open(private_dir).close()
    pid = embedded.status(private_dir)["pid"]
    listening = Path("/proc/net/tcp").read_text() + Path("/proc/net/tcp6").read_text()
    inodes = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
    sockets = {i[len("socket:["):-1] for i in inodes if i.startswith("socket:[")}
    for line in listening.splitlines()[1:]:
        fields = line.split()
        assert not (fields[3] == "0A" and fields[9] in sockets), "the server listens on a TCP port"


def test_kill_9_keeps_committed_articles_and_cleans_stale_files(private_dir):
    s = FalkorStore.open(private_dir)
    s.write("UNWIND range(1, 50) AS i CREATE (:Article {id: toString(i)})")
    s.close()
    time.sleep(1.5)  # appendfsync everysec: a committed write is on disk within a second
    pid = embedded.status(private_dir)["pid"]
    os.kill(pid, signal.SIGKILL)
    deadline = time.time() + 5
    while time.time() < deadline and embedded.pid_alive(pid):
        time.sleep(0.05)
    paths = embedded.ServerPaths.for_dir(private_dir)
    assert paths.pidfile.exists()  # stale files are left behind by the crash...
    s = FalkorStore.open(private_dir)  # ...and handled on the next start
    assert s.read("MATCH (a:Article) RETURN count(a)").value() == 50
    assert embedded.status(private_dir)["pid"] != pid
    s.close()


def test_deep_data_dir_gets_a_short_socket(tmp_path):
    deep = tmp_path.joinpath(*["a-rather-long-folder-name"] * 6)
    try:
        s = FalkorStore.open(deep)
        s.write("CREATE (:Actor {id: 'x'})")
        assert s.read("MATCH (n) RETURN count(n)").value() == 1
        sock = embedded.status(deep)["socket"]
        assert len(sock) <= embedded.MAX_SOCKET_PATH and not sock.startswith(str(deep))
        s.close()
    finally:
        embedded.stop(deep)


def test_stop_and_restart_keeps_data(private_dir):
    s = FalkorStore.open(private_dir)
    s.write("CREATE (:Actor {id: 'kept'})")
    s.close()
    assert embedded.stop(private_dir) is True
    assert embedded.status(private_dir)["running"] is False
    assert embedded.stop(private_dir) is False
    s = FalkorStore.open(private_dir)
    assert s.read("MATCH (n:Actor {id: 'kept'}) RETURN count(n)").value() == 1
    s.close()


def test_a_live_server_that_does_not_answer_is_left_alone_with_a_clear_error(private_dir, monkeypatch):
    from graph.errors import StoreUnavailable

    FalkorStore.open(private_dir).close()
    pid = embedded.status(private_dir)["pid"]
    monkeypatch.setattr(embedded, "BUSY_TIMEOUT_S", 1.0)
    os.kill(pid, signal.SIGSTOP)  # as silent as a server busy with a very long query
    try:
        with pytest.raises(StoreUnavailable, match=rf"pid {pid}.*narrative db stop"):
            FalkorStore.open(private_dir)
        assert embedded.pid_alive(pid)  # not killed, no second server started on its files
    finally:
        os.kill(pid, signal.SIGCONT)
    s = FalkorStore.open(private_dir)
    assert embedded.status(private_dir)["pid"] == pid
    s.close()
