"""The reading layer's corners, without a store: path keys, the folder walk, CSV recovery, long texts."""
from __future__ import annotations

import json
import os
from pathlib import Path

from loaders.document import Document
from loaders.inputs_paths import BadInput, Found, Note, count_articles, expand
from loaders.inputs_text import split_long
from loaders.sources import SourceOptions, read_inputs

TEXT = "Officials said the convoy was hit near the border on Sunday.\nThe army denied it.\n"


def _docs(items):
    return [i for i in items if isinstance(i, Document)]


def test_keys_are_the_given_folders_name_and_the_path_inside_it(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    (corpus / "world").mkdir(parents=True)
    (corpus / "world" / "001.txt").write_text(TEXT)
    (corpus / "top.txt").write_text(TEXT + "More.")
    monkeypatch.chdir(tmp_path)
    by_folder = [f.key for f in expand(["corpus"]) if isinstance(f, Found)]
    assert by_folder == ["corpus/top.txt", "corpus/world/001.txt"]
    assert [f.key for f in expand(["./corpus/", str(corpus)])] == by_folder * 2  # however the folder is named
    assert [f.key for f in expand(["corpus/world/001.txt"])] == ["world/001.txt"]
    assert [f.key for f in expand(["corpus/**/*.txt"])] == by_folder
    monkeypatch.chdir(corpus / "world")
    assert [f.key for f in expand(["."])] == ["world/001.txt"]


def test_the_walk_keeps_os_walk_order_and_skips_hidden_names(tmp_path):
    for rel in ("b/z.txt", "b/a/y.txt", "a.txt", "c/x.txt", ".git/h.txt", "b/.h.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(TEXT)
    expected = []
    for root, dirs, files in os.walk(tmp_path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        expected += [Path(root) / f for f in sorted(files) if not f.startswith(".")]
    assert [f.path for f in expand([tmp_path])] == expected


def test_non_regular_files_are_never_opened(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT)
    os.mkfifo(folder / "p.txt")
    os.mkfifo(folder / "p.md")  # not an input by its extension: passed over silently, as notes.md would be
    os.symlink(tmp_path / "gone.txt", folder / "dangling.txt")
    items = list(read_inputs([folder]))  # would block forever on the FIFO if it were opened
    notes = [str(i) for i in items if isinstance(i, Note)]
    assert notes == [f"{folder / 'dangling.txt'}: a broken link, not a regular file: skipped",
                     f"{folder / 'p.txt'}: a named pipe (FIFO), not a regular file: skipped"]
    assert [d.source for d in _docs(items)] == ["a.txt"]
    assert count_articles([folder]) == 1
    [bad] = [i for i in read_inputs([folder / "p.txt"]) if isinstance(i, BadInput)]
    assert bad.why == "a named pipe (FIFO), not a regular file: not read"


def test_csv_recovers_after_an_oversized_quoted_cell_and_a_stray_quote(tmp_path):
    big = 'a,b\n"c",d\n' * 80_000  # quoted lines inside the cell that look like rows
    path = tmp_path / "x.csv"
    path.write_text("id,text\n"
                    "k1,\"First story, fine.\"\n"
                    f"k2,\"{big.replace(chr(34), chr(34) * 2)}\"\n"
                    'k3,He said 5" of rain fell.\n'  # a quote inside an unquoted cell is a character
                    "k4,Last one.\n")
    items = list(read_inputs([path], SourceOptions(max_bytes=1000)))
    assert [d.id for d in _docs(items)] == ["k1", "k3", "k4"]
    [bad] = [i for i in items if isinstance(i, BadInput)]
    last = 3 + big.count("\n")  # the line with the closing quote
    assert bad.where == f"{path}:3-{last}" and "this row is skipped" in bad.why
    assert _docs(items)[1].text == 'He said 5" of rain fell.'


def test_jsonl_line_numbers_survive_a_bad_line(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Caf\xc3\xa9 hit."}\n\xff\xfe{"id": "b"}\n\n{"id": "c", "text": "Later."}\n')
    items = list(read_inputs([path]))
    assert [d.id for d in _docs(items)] == ["a", "c"]
    [bad] = [i for i in items if isinstance(i, BadInput)]
    assert bad.where == f"{path}:2" and bad.why.startswith("not valid UTF-8 (byte 0xff at column 1)")


def test_split_long_cuts_at_paragraphs_and_keeps_every_character_of_text():
    paras = [f"Paragraph {i} " + "word " * (i % 50 + 10) for i in range(3000)]
    text = "\n\n".join(p.strip() for p in paras)
    parts = split_long(text, limit=20_000)
    assert all(len(p) <= 20_000 for p in parts) and len(parts) > 1
    assert "".join(parts).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "")
    assert all(p.startswith("Paragraph") for p in parts)
    assert split_long("x" * 50, limit=20) == ["x" * 20, "x" * 20, "x" * 10]


def test_a_long_record_is_read_in_parts_with_its_id(tmp_path):
    text = ("The shelling went on through the night. " * 20 + "\n\n") * 1300
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"id": "long", "text": text}) + "\n")
    items = list(read_inputs([path], SourceOptions(max_bytes=5_000_000)))
    assert [d.id for d in _docs(items)] == ["long", "long#2"]
    [note] = [i for i in items if isinstance(i, Note)]
    assert note.where == f"{path}:1" and "read as 2 articles" in note.why
