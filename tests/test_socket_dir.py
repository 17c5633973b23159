"""The short socket folder of deep data directories ($TMPDIR/narrative-<uid>) cannot be planted by another user.

Each test points the temporary folder at a fresh one of its own, pre-makes the socket folder the way another
local user could (a symbolic link, a folder open to all, a folder of another uid with a fake server listening in
it) and checks that the store refuses it with a message naming the fix, without connecting. The tests run as
root, so "another user" is uid 65534 (nobody).
"""
from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from graph import embedded
from graph.errors import StoreUnavailable
from graph.falkor_store import FalkorStore

ROOT = Path(__file__).resolve().parent.parent
NOBODY = 65534


@pytest.fixture
def tmpdir_(tmp_path, monkeypatch):
    """A temporary folder of the test's own, as $TMPDIR."""
    t = tmp_path / "tmp"
    t.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(t))
    return t


@pytest.fixture
def deep(tmp_path, tmpdir_):
    d = tmp_path.joinpath(*["a-rather-long-folder-name"] * 6)
    yield d
    try:
        embedded.stop(d)
    except StoreUnavailable:
        pass  # a refused folder: nothing was started


def socket_dir(tmpdir_: Path) -> Path:
    return tmpdir_ / f"narrative-{os.getuid()}"


def test_the_normal_case_creates_a_private_folder_and_works(deep, tmpdir_):
    s = FalkorStore.open(deep)
    s.write("CREATE (:Actor {id: 'x'})")
    assert s.read("MATCH (n) RETURN count(n)").value() == 1
    s.close()
    folder = socket_dir(tmpdir_)
    st = os.lstat(folder)
    assert stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) == 0o700
    sock = Path(embedded.status(deep)["socket"])
    assert sock.parent == folder and sock.is_socket() and sock.lstat().st_uid == os.getuid()
    FalkorStore.open(deep).close()  # reused: the checks pass on our own folder and socket


def test_a_symlinked_folder_is_refused(deep, tmpdir_, tmp_path):
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o700)
    socket_dir(tmpdir_).symlink_to(target)
    with pytest.raises(StoreUnavailable, match=r"symbolic link.*rm -rf"):
        FalkorStore.open(deep)
    assert list(target.iterdir()) == []  # nothing was started behind the link


def test_a_folder_open_to_others_is_refused(deep, tmpdir_):
    folder = socket_dir(tmpdir_)
    folder.mkdir()
    os.chmod(folder, 0o777)
    with pytest.raises(StoreUnavailable, match=r"mode 0777.*rm -rf"):
        FalkorStore.open(deep)
    with pytest.raises(StoreUnavailable, match="mode 0777"):
        embedded.status(deep)


def test_a_folder_of_another_user_with_a_fake_server_is_refused_without_connecting(deep, tmpdir_):
    folder = socket_dir(tmpdir_)
    folder.mkdir(mode=0o700)
    sock_path = embedded.ServerPaths.for_dir(deep).socket
    assert sock_path.parent == folder
    fake = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    fake.bind(str(sock_path))
    fake.listen(5)
    fake.settimeout(0.5)
    os.chown(sock_path, NOBODY, NOBODY)
    os.chown(folder, NOBODY, NOBODY)
    try:
        with pytest.raises(StoreUnavailable, match=rf"uid {NOBODY}.*rm -rf"):
            FalkorStore.open(deep)
        with pytest.raises(socket.timeout):
            fake.accept()  # nobody connected to it
    finally:
        fake.close()


def test_a_socket_path_that_is_not_our_socket_is_refused(deep, tmpdir_, tmp_path):
    folder = socket_dir(tmpdir_)
    folder.mkdir(mode=0o700)
    sock_path = embedded.ServerPaths.for_dir(deep).socket
    elsewhere = tmp_path / "other.sock"
    other = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    other.bind(str(elsewhere))
    other.listen(1)
    try:
        sock_path.symlink_to(elsewhere)
        with pytest.raises(StoreUnavailable, match=r"symbolic link.*rm "):
            FalkorStore.open(deep)
        sock_path.unlink()
        sock_path.write_text("")  # a plain file
        with pytest.raises(StoreUnavailable, match=r"not a socket.*rm "):
            FalkorStore.open(deep)
    finally:
        other.close()


def test_the_cli_says_it_in_one_line(tmp_path):
    t = tmp_path / "tmp"
    t.mkdir()
    (t / f"narrative-{os.getuid()}").symlink_to(tmp_path)
    deep = tmp_path.joinpath(*["a-rather-long-folder-name"] * 6)
    proc = subprocess.run(
        [sys.executable, "-c", "from narrative.cli import main; main()", "--data-dir", str(deep), "info"],
        cwd=ROOT, env={**os.environ, "TMPDIR": str(t)}, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "symbolic link" in lines[0] and "Traceback" not in proc.stderr, proc.stderr


def test_a_link_in_place_of_the_socket_in_the_data_dir_is_refused(tmp_path):
    data = tmp_path / "d"
    data.mkdir(mode=0o700)
    elsewhere = tmp_path / "other.sock"
    other = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    other.bind(str(elsewhere))
    other.listen(1)
    other.settimeout(0.5)
    try:
        (data / "falkordb.sock").symlink_to(elsewhere)
        with pytest.raises(StoreUnavailable, match=r"symbolic link.*rm "):
            FalkorStore.open(data)
        with pytest.raises(socket.timeout):
            other.accept()
    finally:
        other.close()
