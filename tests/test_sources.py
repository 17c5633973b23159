"""Every input kind and every bad-input case of `loaders.sources`, with files written here."""
import io
import json
import sys

import pytest

from loaders.document import Document
from loaders.sources import BadInput, FieldMap, SourceOptions, count_articles, decode, read_inputs

ARTICLE = """Artillery hits fuel depot outside the city

KHARKIV, 4 March 2022 (AFP) - Artillery fire hit a fuel depot on the edge of the city on Friday, officials said.
Ukraine accused Russia of shelling the area. Russia denied targeting civilian sites.
"""

HTML = """<!doctype html><html><head><title>Blast hits port warehouse | Harbour Times</title>
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2021-08-04T10:00:00Z">
<meta name="author" content="Lina Haddad"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Blast hits port warehouse</h1>
<p>A large blast hit a warehouse in the port on Wednesday, killing at least four workers and wounding dozens,
the civil defence service said in a statement issued late in the evening.</p>
<p>The port authority said the cause was not yet known and that an investigation had been opened. Officials
rejected claims on social media that the site had been struck by a missile.</p>
</article><footer>Subscribe to our newsletter for more stories</footer></body></html>"""


def _docs(items):
    return [i for i in items if isinstance(i, Document)]


def _bad(items):
    return [i for i in items if isinstance(i, BadInput)]


def test_text_folder_is_read_recursively_in_a_stable_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b" / "c.txt").write_text(ARTICLE.replace("Friday", "Saturday"))
    (tmp_path / "notes.md").write_text("not an input")
    (tmp_path / ".hidden.txt").write_text("hidden")
    items = list(read_inputs([tmp_path]))
    docs = _docs(items)
    assert [d.source for d in docs] == ["a.txt", "c.txt"]
    assert not _bad(items)
    d = docs[0]
    assert d.title == "Artillery hits fuel depot outside the city"
    assert d.date == "2022-03-04"
    assert d.publication == "AFP"
    # keyed by the given folder's name and the path inside it (--id-from path, the default)
    assert [d.id for d in docs] == [f"{tmp_path.name}/a.txt", f"{tmp_path.name}/b/c.txt"]
    [t] = _docs(read_inputs([tmp_path / "a.txt"], SourceOptions(id_from="text")))
    assert t.id == "doc-" + d.text_hash[:16]


def test_same_text_in_two_files_is_one_article_id(tmp_path):
    (tmp_path / "x.txt").write_text(ARTICLE)
    (tmp_path / "y.txt").write_text(ARTICLE.replace("\n", "\r\n") + "\n\n")
    ids = {d.id for d in _docs(read_inputs([tmp_path]))}
    assert len(ids) == 1


def test_globs_and_missing_paths(tmp_path):
    (tmp_path / "one.txt").write_text(ARTICLE)
    (tmp_path / "two.txt").write_text(ARTICLE + "More.")
    items = list(read_inputs([str(tmp_path / "*.txt"), str(tmp_path / "*.none"), str(tmp_path / "missing.txt")]))
    assert [d.source for d in _docs(items)] == ["one.txt", "two.txt"]
    assert [(b.where.split("/")[-1], b.why) for b in _bad(items)] == [
        ("*.none", "no file matches this pattern"),
        ("missing.txt", "no such file or folder"),
    ]


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8"))))
    docs = _docs(read_inputs(["-"]))
    assert len(docs) == 1 and docs[0].source == "stdin" and docs[0].title.startswith("Artillery")


def test_stdin_jsonl_is_detected(monkeypatch):
    data = json.dumps({"id": "s1", "text": "Shelling hit the town overnight."}) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    docs = _docs(read_inputs(["-"]))
    assert [d.id for d in docs] == ["s1"]


def test_html_main_text_title_date_site_and_author(tmp_path):
    (tmp_path / "page.html").write_text(HTML)
    [doc] = _docs(read_inputs([tmp_path / "page.html"]))
    assert doc.source == "page.html"
    assert doc.title == "Blast hits port warehouse"
    assert doc.date == "2021-08-04"
    assert doc.publication == "Harbour Times"
    assert doc.byline == "Lina Haddad"
    assert "killing at least four workers" in doc.text
    assert "newsletter" not in doc.text and "Sport" not in doc.text


def test_html_without_an_article_is_a_bad_input(tmp_path):
    (tmp_path / "empty.html").write_text("<html><head><title>x</title></head><body><script>var a;</script></body></html>")
    [bad] = _bad(read_inputs([tmp_path]))
    assert bad.where.endswith("empty.html") and "without a main text" in bad.why


def test_jsonl_records_with_default_and_remapped_fields(tmp_path):
    recs = [
        {"id": "r1", "title": "Drone downed", "text": "The army said it downed a drone.", "url": "https://x.org/1",
         "published": "2020-05-06T08:00:00Z", "publication": "X News"},
        {"text": "No id here, the rebels said."},
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    docs = _docs(read_inputs([tmp_path / "a.jsonl"]))
    assert (docs[0].id, docs[0].source, docs[0].title, docs[0].date, docs[0].url, docs[0].publication) == (
        "r1", "r1", "Drone downed", "2020-05-06", "https://x.org/1", "X News")
    assert docs[1].id.startswith("doc-") and docs[1].source == "a.jsonl:2"

    (tmp_path / "b.jsonl").write_text(json.dumps({"key": "k9", "body_text": "Troops advanced.", "day": "9 May 2021",
                                                  "outlet": "Y Daily", "head": "Advance"}) + "\n")
    opts = SourceOptions(fields=FieldMap(text="body_text", id="key", date="day", publication="outlet", title="head"))
    [d] = _docs(read_inputs([tmp_path / "b.jsonl"], opts))
    assert (d.id, d.date, d.publication, d.title) == ("k9", "2021-05-09", "Y Daily", "Advance")


def test_json_array(tmp_path):
    (tmp_path / "recs.json").write_text(json.dumps([{"id": "j1", "text": "One."}, {"id": "j2", "text": "Two."},
                                                    "not an object"]))
    items = list(read_inputs([tmp_path / "recs.json"]))
    assert [d.id for d in _docs(items)] == ["j1", "j2"]
    [bad] = _bad(items)
    assert bad.where.endswith("recs.json[3]") and "JSON object" in bad.why


def test_csv_with_column_mapping(tmp_path):
    (tmp_path / "a.csv").write_text(
        'uid,headline,story,when,paper\n'
        'c1,Ports shut,"The navy shelled the port, officials said.\nSecond line.",2019-04-01,Z Times\n'
        'c2,No text,,2019-04-02,Z Times\n'
        'c3,Talks,Envoys met in Muscat.,,Z Times\n'
    )
    opts = SourceOptions(fields=FieldMap(text="story", title="headline", id="uid", date="when", publication="paper"))
    items = list(read_inputs([tmp_path / "a.csv"], opts))
    docs = _docs(items)
    assert [(d.id, d.title, d.date, d.publication) for d in docs] == [
        ("c1", "Ports shut", "2019-04-01", "Z Times"), ("c3", "Talks", None, "Z Times")]
    assert "Second line." in docs[0].text
    [bad] = _bad(items)
    assert bad.where.endswith("a.csv:4") and "'story'" in bad.why


def test_csv_without_the_text_column_names_the_columns(tmp_path):
    (tmp_path / "a.csv").write_text("a,b\n1,2\n")
    [bad] = _bad(read_inputs([tmp_path / "a.csv"]))
    assert "--text-col" in bad.why and "a, b" in bad.why


def test_encodings(tmp_path):
    (tmp_path / "cp1252.txt").write_bytes("Costs rose to £5m, the caf\u00e9 owner said.\nMore text.".encode("cp1252"))
    (tmp_path / "bom.txt").write_bytes("\ufeffHeadline with a byte order mark\nBody.".encode("utf-8"))
    (tmp_path / "utf16.txt").write_bytes("Headline written in UTF-16 here\nBody.".encode("utf-16"))
    docs = {d.source: d for d in _docs(read_inputs([tmp_path]))}
    assert "£5m" in docs["cp1252.txt"].text and "café" in docs["cp1252.txt"].text
    assert docs["bom.txt"].text.startswith("Headline with")
    assert docs["utf16.txt"].title == "Headline written in UTF-16 here"


def test_each_bad_file_is_one_clear_line_and_the_rest_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("  \n\n \t\n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "undecodable.txt").write_bytes(bytes(range(1, 256)) * 4)
    (tmp_path / "big.txt").write_text("word " * 400)
    (tmp_path / "recs.jsonl").write_text('{"id": "ok", "text": "Fine."}\n{"id": broken\n{"id": "nt"}\n[1, 2]\n')
    items = list(read_inputs([tmp_path], SourceOptions(max_bytes=1500)))
    assert sorted(d.source for d in _docs(items)) == ["good.txt", "ok"]
    why = {b.where.split("/")[-1]: b.why for b in _bad(items)}
    assert why["empty.txt"] == "empty file"
    assert why["blank.txt"] == "empty file"
    assert "binary" in why["binary.txt"]
    assert "cannot decode" in why["undecodable.txt"]
    assert "larger than 1500 bytes" in why["big.txt"] and "--max-bytes" in why["big.txt"]
    assert "malformed JSON line" in why["recs.jsonl:2"]
    assert "no text" in why["recs.jsonl:3"]
    assert "JSON object" in why["recs.jsonl:4"]
    assert all(str(b).count("\n") == 0 for b in _bad(items))


def test_binary_without_nul_bytes_is_refused():
    with pytest.raises(ValueError):
        decode(b"\x00abc")
    assert decode("naïve".encode("utf-8")) == "naïve"


def test_forced_format_reads_other_extensions(tmp_path):
    (tmp_path / "story.dat").write_text(ARTICLE)
    assert _bad(read_inputs([tmp_path]))  # auto: no known extension in the folder
    assert len(_docs(read_inputs([tmp_path], SourceOptions(format="txt")))) == 1


def test_count_articles_for_the_progress_bar(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n{"text": "y"}\n\n')
    (tmp_path / "c.csv").write_text("text\nx\ny\nz\n")
    assert count_articles([tmp_path]) == 6
    assert count_articles(["-"]) is None


@pytest.mark.shared
def test_bbc_latin1_file_decodes():
    from pathlib import Path

    from tests.conftest import SHARED

    path = SHARED / "corpora" / "bbc-news" / "bbc" / "sport" / "199.txt"
    if not path.exists():
        pytest.skip("bbc corpus not present")
    [doc] = _docs(read_inputs([Path(path)]))
    assert "£" in doc.text and doc.source == "199.txt"
