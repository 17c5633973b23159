"""Inputs that tried to break `narrative ingest` (issue 14), end to end on the real embedded store.

Each test is a defect seen before the fix: a deeply nested record that ended the run with a traceback, a FIFO
that made ingest wait forever, a CSV cell that lost the rows after it, a JSONL line that was not UTF-8 read as
cp1252, an article over spaCy's length limit, and an edited text file that added a second article.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from narrative.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

PAIRS = [("Russia", "Ukraine"), ("Israel", "Hamas"), ("Iran", "Saudi Arabia"), ("Turkey", "Syria")]
TOWNS = ["Sumy", "Rafah", "Marib", "Afrin"]


def story(i: int, accuser: str | None = None, accused: str | None = None) -> str:
    a, b = PAIRS[i % len(PAIRS)]
    a, b = accuser or a, accused or b
    town = TOWNS[i % len(TOWNS)]
    return (
        f"Fresh claims traded after shelling of {town}, item {i}\n\n"
        f"{town.upper()}, {2 + i} March 2024 (AFP) - {a} accused {b} of shelling {town} on Tuesday, "
        f"killing {i + 3} people, officials said.\n"
        f"{b} denied the claim.\n"
    )


def query(cypher: str) -> list[dict]:
    r = runner.invoke(app, ["query", cypher, "-f", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def article_ids() -> list[str]:
    return [row["id"] for row in query("MATCH (a:Article) RETURN a.id AS id ORDER BY id")]


def accusations() -> list[tuple[str, str, str]]:
    rows = query("MATCH (s)-[r:ACCUSES]->(t) RETURN r.article AS article, s.name AS s, t.name AS t "
                 "ORDER BY article, s, t")
    return [(x["article"], x["s"], x["t"]) for x in rows]


def cli(env: dict, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """The real console entry point in a subprocess: a hang fails the test instead of hanging the suite."""
    return subprocess.run([sys.executable, "-c", "from narrative.cli import main; main()", *args], cwd=ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout)


def test_deeply_nested_records_are_one_line_each_and_the_rest_lands(cli_env, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.txt").write_text(story(0))
    deep = "[" * 100_000 + "]" * 100_000
    (folder / "b_deep.jsonl").write_text(
        json.dumps({"id": "j1", "text": story(1)}) + "\n" + deep + "\n" + json.dumps({"id": "j2", "text": story(2)})
        + "\n")
    (folder / "c_deep.json").write_text(deep)
    (folder / "d_good.txt").write_text(story(3))
    r = runner.invoke(app, ["ingest", str(folder), "-q"])
    assert not isinstance(r.exception, RecursionError), r.output
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    assert "b_deep.jsonl:2: malformed JSON line (nested too deeply to read)" in r.output
    assert "c_deep.json: not valid JSON (nested too deeply to read)" in r.output
    assert "2 input(s) failed" in r.output
    assert article_ids() == sorted(["in/a_good.txt", "in/d_good.txt", "j1", "j2"])


def test_load_of_a_deeply_nested_record_line_is_one_line(cli_env, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(story(0))
    records = tmp_path / "records.jsonl"
    r = runner.invoke(app, ["extract", str(src), "-o", str(records), "-q"])
    assert r.exit_code == 0, r.output
    with open(records, "a") as fh:
        fh.write("{" * 50_000 + "\n")
        fh.write('{"a":' * 50_000 + "1" + "}" * 50_000 + "\n")
    r = runner.invoke(app, ["load", str(records), "-q"])
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output and r.output.count("nested too deeply") >= 1
    assert article_ids() == ["in/a.txt"]


def test_fifo_and_socket_in_a_folder_are_skipped_and_a_fifo_argument_is_one_line(cli_env):
    # a short folder of its own: a unix socket path must stay under 108 bytes
    with tempfile.TemporaryDirectory(dir="/tmp") as d:
        folder = Path(d) / "in"
        folder.mkdir()
        (folder / "a.txt").write_text(story(0))
        os.mkfifo(folder / "b_pipe.txt")
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(folder / "c_sock.jsonl"))
        try:
            (folder / "d.txt").write_text(story(1))
            os.mkfifo(Path(d) / "named.txt")
            p = cli(cli_env, "ingest", str(folder), "-q", timeout=240)
            assert p.returncode == 0, p.stderr
            assert "note: " + str(folder / "b_pipe.txt") + ": a named pipe (FIFO), not a regular file: skipped" \
                in p.stderr
            assert "c_sock.jsonl: a socket, not a regular file: skipped" in p.stderr
            assert article_ids() == ["in/a.txt", "in/d.txt"]
            p = cli(cli_env, "ingest", str(Path(d) / "named.txt"), str(folder / "a.txt"), "-q", timeout=240)
            assert p.returncode == 1, p.stderr
            assert "named.txt: a named pipe (FIFO), not a regular file: not read" in p.stderr
            assert "unchanged" in p.stdout
        finally:
            sock.close()


@pytest.fixture(scope="module")
def extractor():
    from loaders.extract import Extractor
    from loaders.metadata import parse_date

    # import now what reading imports lazily: a process that gave up root cannot reach the interpreter's files
    parse_date("4 March 2024")
    b"".decode("utf-8-sig"), b"".decode("cp1252"), b"".decode("utf-16")
    return Extractor()


def _extract_as_nobody(folder: Path, out: Path, extractor) -> list[str]:
    """`extract_to_file` in a child that gave up root, so a chmod 000 folder really cannot be read (root reads
    any folder, so chmod alone proves nothing when the tests run as root); the bad-input lines come back."""
    from loaders.pipeline import extract_to_file

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(r)
            if os.geteuid() == 0:
                os.setegid(65534)
                os.seteuid(65534)
            summary = extract_to_file([folder], out, extractor_factory=lambda: extractor, progress=False)
            os.write(w, json.dumps([str(b) for b in summary.bad]).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    with os.fdopen(r, "rb") as fh:
        data = fh.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0 and data, "the reading child failed"
    return json.loads(data)


def test_an_unreadable_folder_and_file_are_one_line_each(store, extractor):
    from loaders.pipeline import load_file

    with tempfile.TemporaryDirectory(dir="/tmp") as d:
        os.chmod(d, 0o777)
        folder = Path(d) / "in"
        (folder / "locked").mkdir(parents=True)
        (folder / "a.txt").write_text(story(0))
        (folder / "locked" / "hidden_from_us.txt").write_text(story(1))
        (folder / "secret.txt").write_text(story(2))
        os.chmod(folder, 0o755)
        os.chmod(folder / "locked", 0o000)
        os.chmod(folder / "secret.txt", 0o000)
        try:
            bad = _extract_as_nobody(folder, Path(d) / "r.jsonl", extractor)
        finally:
            os.chmod(folder / "locked", 0o755)  # so the folder can be removed
        assert bad == [f"{folder / 'secret.txt'}: cannot read (Permission denied)",
                       f"{folder / 'locked'}: cannot read this folder (Permission denied); its files are not read"]
        summary = load_file(store, Path(d) / "r.jsonl", progress=False)
        assert summary.new == 1
        assert store.read("MATCH (a:Article) RETURN a.id").value() == "in/a.txt"


def test_an_oversized_csv_cell_loses_its_row_only(cli_env, tmp_path):
    huge = ("Filler line, with a comma\n" * 12_000) + 'and a "quoted" bit, and a fake row:\nx9,' + "y" * 100
    rows = [("c1", story(0)), ("c2", huge), ("c3", story(1)), ("c4", story(2))]
    body = "".join(f'{k},"{t.replace(chr(34), chr(34) * 2)}"\n' for k, t in rows)
    path = tmp_path / "posts.csv"
    path.write_text("id,text\n" + body)
    r = runner.invoke(app, ["ingest", str(path), "--max-bytes", "100000", "-q"])
    assert r.exit_code == 1, r.output
    assert "a cell larger than 262,144 characters (raise --max-bytes to accept it): this row is skipped" in r.output
    assert "1 input(s) failed" in r.output
    assert article_ids() == ["c1", "c3", "c4"]


def test_a_jsonl_line_that_is_not_utf8_is_reported_and_the_good_lines_land(cli_env, tmp_path):
    good1 = json.dumps({"id": "u1", "title": "Café owners flee Sumy", "text": story(0)}, ensure_ascii=False)
    bad = json.dumps({"id": "u2", "title": "Café", "text": story(1)}, ensure_ascii=False).encode("cp1252")
    good2 = json.dumps({"id": "u3", "text": story(2)})
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(good1.encode("utf-8") + b"\n" + bad + b"\n" + good2.encode("utf-8") + b"\n")
    r = runner.invoke(app, ["ingest", str(path), "-q"])
    assert r.exit_code == 1, r.output
    assert "mixed.jsonl:2: not valid UTF-8 (byte 0xe9 at column" in r.output
    assert article_ids() == ["u1", "u3"]
    assert query("MATCH (a:Article {id: 'u1'}) RETURN a.title AS t") == [{"t": "Café owners flee Sumy"}]


def test_an_article_over_spacys_length_limit_is_read_in_parts(cli_env, tmp_path):
    filler = "The market stayed open and traders counted their stock before the evening.\n\n" * 14_000
    text = story(0) + "\n" + filler + "Later, Iran accused Israel of shelling Rafah on Friday, officials said.\n"
    assert len(text) > 1_000_000
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "big.txt").write_text(text)
    r = runner.invoke(app, ["ingest", str(folder), "-q"])
    assert r.exit_code == 0, r.output
    assert "E088" not in r.output
    assert f"note: {folder / 'big.txt'}: {len(text.strip()):,} characters, over spaCy's limit of 1,000,000: " \
           "read as 2 articles" in r.output
    assert article_ids() == ["long/big.txt", "long/big.txt#2"]
    found = {(s, t) for _, s, t in accusations()}
    assert ("Russia", "Ukraine") in found and ("Iran", "Israel") in found


def test_editing_a_file_replaces_its_article_and_restoring_it_restores_it(cli_env, tmp_path):
    folder = tmp_path / "desk"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(story(i))
    r = runner.invoke(app, ["ingest", str(folder), "-q"])
    assert r.exit_code == 0, r.output
    first, first_ids = accusations(), article_ids()
    assert first_ids == ["desk/0.txt", "desk/1.txt", "desk/2.txt"]
    assert ("desk/1.txt", "Israel", "Hamas") in first

    original = (folder / "1.txt").read_text()
    (folder / "1.txt").write_text(story(1, accuser="Egypt", accused="Qatar"))
    r = runner.invoke(app, ["ingest", str(folder), "-q"])
    assert r.exit_code == 0, r.output
    assert article_ids() == first_ids
    edited = accusations()
    assert ("desk/1.txt", "Israel", "Hamas") not in edited
    assert ("desk/1.txt", "Egypt", "Qatar") in edited

    (folder / "1.txt").write_text(original)
    r = runner.invoke(app, ["ingest", str(folder), "-q"])
    assert r.exit_code == 0, r.output
    assert article_ids() == first_ids
    assert accusations() == first

    # the article report finds it by its id and by its file name
    for key in ("desk/1.txt", "1.txt"):
        r = runner.invoke(app, ["report", "article", "--param", f"id={key}", "--format", "json"])
        assert r.exit_code == 0, r.output
        assert any(row["type"] == "ACCUSES" and row["source"] == "Israel" for row in json.loads(r.stdout)), key


def test_id_from_text_keeps_text_hash_ids(cli_env, tmp_path):
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "0.txt").write_text(story(0))
    r = runner.invoke(app, ["ingest", str(folder), "--id-from", "text", "-q"])
    assert r.exit_code == 0, r.output
    (folder / "0.txt").write_text(story(0, accuser="Egypt"))
    r = runner.invoke(app, ["ingest", str(folder), "--id-from", "text", "-q"])
    assert r.exit_code == 0, r.output
    ids = article_ids()
    assert len(ids) == 2 and all(i.startswith("doc-") for i in ids)


def test_the_same_text_under_two_paths_is_one_article_with_a_note(cli_env, tmp_path):
    folder = tmp_path / "wire"
    (folder / "copies").mkdir(parents=True)
    (folder / "a.txt").write_text(story(0))
    (folder / "copies" / "a_copy.txt").write_text(story(0))
    (folder / "b.txt").write_text(story(1))
    r = runner.invoke(app, ["ingest", str(folder), "-q"])
    assert r.exit_code == 0, r.output
    assert f"note: {folder / 'copies' / 'a_copy.txt'}: same text as wire/a.txt: read once, as that article" \
        in r.output
    assert article_ids() == ["wire/a.txt", "wire/b.txt"]


def test_two_files_with_one_key_are_not_one_article(cli_env, tmp_path):
    for side, i in (("left", 0), ("right", 1)):
        (tmp_path / side / "desk").mkdir(parents=True)
        (tmp_path / side / "desk" / "0.txt").write_text(story(i))
    r = runner.invoke(app, ["ingest", str(tmp_path / "left" / "desk" / "0.txt"),
                            str(tmp_path / "right" / "desk" / "0.txt"), "-q"])
    assert r.exit_code == 1, r.output
    assert "its id 'desk/0.txt' is the id of another file read before, with other text" in r.output
    assert article_ids() == ["desk/0.txt"]


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_stdin_has_no_path_and_keeps_text_hash_ids(cli_env, fmt):
    data = story(0) if fmt == "txt" else json.dumps({"text": story(0)}) + "\n"
    r = runner.invoke(app, ["ingest", "-", "-q"], input=data)
    assert r.exit_code == 0, r.output
    [aid] = article_ids()
    assert aid.startswith("doc-")
