"""The ingest pipeline on the real embedded store: idempotence, changed articles, --force, extract+load, faults."""
import json
import uuid

import pytest

from graph.errors import InputError, StoreBusy
from graph.falkor_store import FalkorStore
from graph.model import FORMAT_VERSION
from graph.stats import counts
from loaders.extract import Extractor
from loaders.pipeline import extract_to_file, ingest, load_file, read_records, write_lock
from loaders.sources import SourceOptions

PLACES = ["Kharkiv", "Idlib", "Marib", "Rafah", "Aleppo", "Donetsk", "Hodeidah", "Khan Younis", "Homs", "Sumy"]
PAIRS = [("Russia", "Ukraine"), ("Israel", "Hamas"), ("Saudi Arabia", "Iran"), ("Syria", "Turkey"),
         ("Ukraine", "Russia")]


def article(i: int) -> str:
    a, b = PAIRS[i % len(PAIRS)]
    place = PLACES[i % len(PLACES)]
    return (
        f"{a} accuses {b} over attack on {place} number {i}\n\n"
        f"{place.upper()}, {1 + i % 27} May 2022 (Reuters) - {a} accused {b} of shelling {place} on Monday, "
        f"killing {i + 2} civilians, officials said.\n"
        f"{b} denied the accusation and said {a} had staged the attack. "
        f"\"We did not fire at the town,\" a spokesman for {b} told reporters.\n"
        f"According to the United Nations, {i + 3} people were wounded in {place}.\n"
    )


def write_corpus(folder, n: int, start: int = 0):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (folder / f"{i:03d}_art.txt").write_text(article(i), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


class Factory:
    """Counts how often the pipeline builds an extractor (it must not when nothing needs parsing)."""

    def __init__(self, extractor):
        self.extractor = extractor
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.extractor


@pytest.fixture
def other_store(server_dir):
    s = FalkorStore.open(server_dir, graph=f"t_{uuid.uuid4().hex[:12]}")
    s.ensure_schema()
    yield s
    s.clear()
    s.close()


def edge_ids(store):
    rows = store.read("MATCH ()-[r]->() WHERE r.id IS NOT NULL RETURN r.id AS id").rows
    return sorted(r[0] for r in rows)


def node_ids(store):
    return sorted(r[0] for r in store.read("MATCH (n) RETURN n.id AS id").rows)


def test_ingest_then_reingest_changes_nothing(store, tmp_path, extractor):
    corpus = write_corpus(tmp_path / "c", 6)
    first = ingest(store, [corpus], extractor_factory=Factory(extractor), progress=False, batch_size=4)
    assert (first.new, first.changed, first.unchanged, first.failed) == (6, 0, 0, 0)
    assert first.after["nodes"]["Article"] == 6
    assert first.words > 0 and first.ok
    ids_before, nodes_before = edge_ids(store), node_ids(store)

    factory = Factory(extractor)
    second = ingest(store, [corpus], extractor_factory=factory, progress=False, batch_size=4)
    assert (second.new, second.changed, second.unchanged, second.failed) == (0, 0, 6, 0)
    assert factory.calls == 0  # nothing to parse: the model is not even loaded
    assert second.after == first.after
    assert edge_ids(store) == ids_before and node_ids(store) == nodes_before


def test_articles_carry_their_metadata(store, tmp_path, extractor):
    corpus = write_corpus(tmp_path / "c", 1)
    ingest(store, [corpus], extractor_factory=Factory(extractor), progress=False)
    [row] = store.read("MATCH (p:Publication)-[:PUBLISHED]->(a:Article) "
                       "RETURN a.title AS title, a.source AS source, a.date AS date, p.name AS pub").records()
    assert row == {"title": "Russia accuses Ukraine over attack on Kharkiv number 0", "source": "000_art.txt",
                   "date": "2022-05-01", "pub": "Reuters"}


def test_changed_article_replaces_its_statements(store, tmp_path, extractor):
    path = tmp_path / "recs.jsonl"
    path.write_text(json.dumps({"id": "r1", "text": article(0)}) + "\n" + json.dumps({"id": "r2", "text": article(1)}))
    ingest(store, [path], extractor_factory=Factory(extractor), progress=False)
    old = set(edge_ids(store))
    r2_edges = {r[0] for r in store.read("MATCH ()-[r {article: 'r2'}]->() RETURN r.id").rows}
    assert r2_edges, "the extractor found statements in the test article"

    path.write_text(json.dumps({"id": "r1", "text": article(7)}) + "\n" + json.dumps({"id": "r2", "text": article(1)}))
    s = ingest(store, [path], extractor_factory=Factory(extractor), progress=False)
    assert (s.new, s.changed, s.unchanged) == (0, 1, 1)
    assert s.after["nodes"]["Article"] == 2
    new = set(edge_ids(store))
    r1_edges = {r[0] for r in store.read("MATCH ()-[r {article: 'r1'}]->() RETURN r.id").rows}
    assert r2_edges <= new  # the unchanged article kept its statements
    assert not (r1_edges & old)  # every statement of r1 is from its new text
    sentences = [r[0] for r in store.read("MATCH ()-[r {article: 'r1'}]->() RETURN r.sentence").rows]
    assert sentences and all("Kharkiv" not in x for x in sentences)


def test_force_reextracts_everything_and_changes_nothing(store, tmp_path, extractor):
    corpus = write_corpus(tmp_path / "c", 4)
    first = ingest(store, [corpus], extractor_factory=Factory(extractor), progress=False)
    before = edge_ids(store)
    factory = Factory(extractor)
    s = ingest(store, [corpus], extractor_factory=factory, progress=False, force=True)
    assert (s.new, s.forced, s.unchanged) == (0, 4, 0) and factory.calls == 1
    assert s.after == first.after and edge_ids(store) == before
    write_corpus(corpus, 1, start=4)  # a new article among forced ones still counts as new
    s = ingest(store, [corpus], extractor_factory=Factory(extractor), progress=False, force=True)
    assert (s.new, s.forced, s.unchanged) == (1, 4, 0)


def test_extract_then_load_equals_ingest(store, other_store, tmp_path, extractor):
    corpus = write_corpus(tmp_path / "c", 5)
    ingest(store, [corpus], extractor_factory=Factory(extractor), progress=False)
    out = tmp_path / "records.jsonl"
    ex = extract_to_file([corpus], out, extractor_factory=Factory(extractor), progress=False)
    assert ex.new == 5 and ex.ok
    lines = out.read_text().splitlines()
    assert json.loads(lines[0])["format_version"] == FORMAT_VERSION and len(lines) == 6
    assert all(json.loads(x)["format_version"] == FORMAT_VERSION for x in lines[1:])
    loaded = load_file(other_store, out, progress=False)
    assert loaded.new == 5 and loaded.ok
    assert counts(other_store) == counts(store)
    assert edge_ids(other_store) == edge_ids(store) and node_ids(other_store) == node_ids(store)
    again = load_file(other_store, out, progress=False)
    assert (again.new, again.unchanged) == (0, 5)


def test_load_reports_bad_lines_and_loads_the_rest(store, tmp_path, extractor):
    corpus = write_corpus(tmp_path / "c", 2)
    out = tmp_path / "records.jsonl"
    extract_to_file([corpus], out, extractor_factory=Factory(extractor), progress=False)
    header, a, b = out.read_text().splitlines()
    future = json.loads(b) | {"format_version": FORMAT_VERSION + 1}
    out.write_text("\n".join([header, a, "{not json", json.dumps(future), json.dumps({"format_version": 1}),
                              json.dumps({"format_version": 1, "article": {"id": "x"}})]) + "\n")
    s = load_file(store, out, progress=False)
    assert (s.new, s.failed) == (1, 4)
    why = {x.where.rsplit(":", 1)[1]: x.why for x in s.bad}
    assert "malformed JSON" in why["3"]
    assert "format version" in why["4"] and "narrative extract" in why["4"]
    assert "invalid record" in why["5"] and "invalid record: article.text_hash" in why["6"]
    assert s.after["nodes"]["Article"] == 1


def test_record_file_of_another_version_is_refused(tmp_path):
    out = tmp_path / "old.jsonl"
    out.write_text(json.dumps({"narrative_records": True, "format_version": 99}) + "\n")
    with pytest.raises(InputError, match="version 99"):
        list(read_records(out))


def test_bad_inputs_are_counted_and_the_rest_is_ingested(store, tmp_path, extractor):
    corpus = write_corpus(tmp_path / "c", 3)
    (corpus / "empty.txt").write_text("")
    (corpus / "bin.txt").write_bytes(b"\x00\x01\x02" * 50)
    s = ingest(store, [corpus, tmp_path / "nope"], extractor_factory=Factory(extractor), progress=False)
    assert (s.new, s.failed, s.ok) == (3, 3, False)
    assert sorted(b.where.split("/")[-1] for b in s.bad) == ["bin.txt", "empty.txt", "nope"]
    assert s.after["nodes"]["Article"] == 3


class Flaky:
    """An extractor that cannot handle one article: the pipeline must isolate it and go on."""

    def __init__(self, inner, poison: str):
        self.inner, self.poison = inner, poison

    def extract(self, doc):
        if self.poison in doc.text:
            raise RuntimeError("parser crashed")
        return self.inner.extract(doc)

    def extract_many(self, docs, batch_size=32, n_process=1):
        for d in docs:
            yield d, self.extract(d)


def test_an_article_whose_extraction_fails_is_one_bad_input(store, tmp_path, extractor):
    corpus = write_corpus(tmp_path / "c", 5)
    s = ingest(store, [corpus], extractor_factory=lambda: Flaky(extractor, "number 2\n"), progress=False,
               batch_size=2)
    assert (s.new, s.failed) == (4, 1)
    assert s.bad[0].where == "002_art.txt" and "extraction failed" in s.bad[0].why
    assert s.after["nodes"]["Article"] == 4


def test_duplicate_articles_in_one_run_are_written_once(store, tmp_path, extractor):
    corpus = write_corpus(tmp_path / "c", 2)
    (corpus / "copy.txt").write_text(article(0))
    s = ingest(store, [corpus], extractor_factory=Factory(extractor), progress=False)
    assert (s.new, s.duplicates) == (2, 1) and s.after["nodes"]["Article"] == 2


def test_write_lock_no_wait_stops_with_a_clear_message(store):
    with write_lock(store):
        with pytest.raises(StoreBusy, match="Another ingest .* --no-wait"):
            with write_lock(store, wait=False):
                pass
    with write_lock(store, wait=False):  # released: free again
        pass


def test_csv_ingest_with_mapping(store, tmp_path, extractor):
    import csv

    path = tmp_path / "a.csv"
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["key", "head", "story", "day", "paper"])
        w.writerow(["k1", "Shelling", article(0), "2022-05-01", "Example Post"])
        w.writerow(["k2", "Missing", "", "2022-05-02", "Example Post"])
    from loaders.sources import FieldMap

    opts = SourceOptions(fields=FieldMap(text="story", title="head", id="key", date="day", publication="paper"))
    s = ingest(store, [path], extractor_factory=Factory(extractor), progress=False, options=opts)
    assert (s.new, s.failed) == (1, 1)
    [row] = store.read("MATCH (a:Article) RETURN a.id AS id, a.title AS t, a.date AS d, a.publication AS p").rows
    assert row[:3] == ["k1", "Shelling", "2022-05-01"] and row[3]


def test_sample_corpus_gives_every_kind_of_statement(store, extractor):
    from loaders.sample import sample_dir

    s = ingest(store, [sample_dir()], extractor_factory=Factory(extractor), progress=False)
    assert (s.new, s.failed) == (8, 0)
    rels = s.after["relationships"]
    assert all(rels[t] > 0 for t in ("ACCUSES", "DENIES", "STRIKES", "CITES", "PUBLISHED")), rels
    dated = store.read("MATCH (a:Article) WHERE a.date IS NOT NULL AND a.title IS NOT NULL RETURN count(a)").value()
    assert dated == 8


@pytest.mark.slow
def test_worker_processes_give_the_same_graph(store, other_store, tmp_path, extractor):
    corpus = write_corpus(tmp_path / "c", 6)
    one = ingest(store, [corpus], extractor_factory=Factory(extractor), progress=False, batch_size=2)
    two = ingest(other_store, [corpus], extractor_factory=Factory(extractor), progress=False, batch_size=2,
                 workers=2)
    assert (one.new, two.new) == (6, 6)
    assert counts(store) == counts(other_store) and edge_ids(store) == edge_ids(other_store)


def test_a_record_naming_a_side_by_a_pronoun_is_read_without_it(tmp_path):
    """Records of older versions may carry a pronoun as a side's words; the dictionary name then shows."""
    from graph.model import ActorRecord, ArticleGraph, ArticleRecord, RelType, Statement
    from loaders.records import header_line
    g = ArticleGraph(article=ArticleRecord(id="p", source="p.txt", text_hash="h"),
                     actors=[ActorRecord(id="russia", name="Russia", kind="state")],
                     statements=[Statement(id="s", type=RelType.ACCUSES, source="russia", target="russia",
                                           source_text="It", target_text="Moscow", sentence="It blamed Moscow.", start=0, end=17,
                                           trigger="blamed")])
    out = tmp_path / "r.jsonl"
    out.write_text(header_line() + g.model_dump_json() + "\n", encoding="utf-8")
    (read,) = list(read_records(out))
    assert (read.statements[0].source_text, read.statements[0].target_text) == (None, "Moscow")
