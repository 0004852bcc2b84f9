"""Issue 12, hardening: bad input, long texts, unwritable outputs and concurrent use.

Every test runs the real thing: real files on disk, a real DuckDB store, the real command line
in its own process (``python -m eventwire``), the real pipeline.
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from eventwire.reader import (DEFAULT_MAX_BYTES, MAX_ARTICLE_CHARS, Rejected, article_id, read,
                              read_stream)
from eventwire.records import Article, Entity, Event, Span
from eventwire.store import Store

GOOD = "Statsministeren møtte Sveriges statsminister i Oslo onsdag."


def run(*args, stdin: str | bytes | None = None, env: dict | None = None, timeout: int = 600):
    """The CLI in its own process, as a user runs it (stderr not a terminal)."""
    text = not isinstance(stdin, bytes)
    return subprocess.run([sys.executable, "-m", "eventwire", *map(str, args)], input=stdin,
                          capture_output=True, text=text, timeout=timeout,
                          env={**os.environ, "COLUMNS": "40", **(env or {})})


def one_line_each(stderr: str) -> list[str]:
    """The stderr lines; each message must be one line starting with 'eventwire'."""
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    for ln in lines:
        assert ln.startswith(("eventwire", "Ingested", "Wrote")), f"a message broke over lines: {ln!r}"
    return lines


def _article(aid: str, published: str | None) -> Article:
    text = "Kari Holm møtte Per Dahl i Oslo."
    holm = Entity(id="e1", name="Kari Holm", type="PER", country="NOR", sector="GOV", code="NORGOV",
                  mentions=[Span.of(text, 0, 9)])
    dahl = Entity(id="e2", name="Per Dahl", type="PER", mentions=[Span.of(text, 16, 24)])
    v = Event(id="v1", type="CONSULT", mode="visit", actor=["e1"], recipient=["e2"],
              trigger=Span.of(text, 10, 15), evidence=Span.of(text, 0, len(text)), confidence=0.8)
    return Article(id=aid, published=published, language="nb", text=text, entities=[holm, dahl], events=[v])


@pytest.fixture
def store_file(tmp_path) -> Path:
    """A real store with two hand-made articles, one without a publication date."""
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.ingest([_article("a1", "2024-03-14"), _article("a2", None)])
    return db


# --------------------------------------------------------------- 1, 2: bad JSON never aborts a run
DEEP = "[" * 100_000 + "]" * 100_000


def test_deep_json_is_refused_and_the_articles_around_it_land(tmp_path):
    (tmp_path / "deep.json").write_text(DEEP, encoding="utf-8")
    lines = tmp_path / "lines.jsonl"
    lines.write_text("\n".join([json.dumps({"text": GOOD}), DEEP, json.dumps({"text": "Stortinget vedtok loven."})]),
                     encoding="utf-8")
    items = list(read([tmp_path / "deep.json", lines]))
    assert [type(x).__name__ for x in items] == ["Rejected", "Article", "Rejected", "Article"]
    assert items[0].code == items[2].code == "E105"
    assert "nested too deeply" in items[2].reason and f"{lines}:2" in items[2].reason


@pytest.mark.parametrize("field", ["title", "url", "outlet", "language", "id"])
@pytest.mark.parametrize("value", [5, [1], {"a": 1}, True])
def test_a_field_of_the_wrong_type_is_a_one_line_refusal(tmp_path, field, value):
    p = tmp_path / "t.jsonl"
    p.write_text(json.dumps({"text": "Hei.", field: value}) + "\n" + json.dumps({"text": GOOD}) + "\n",
                 encoding="utf-8")
    bad, good = read([p])
    if field == "id" and isinstance(value, int) and not isinstance(value, bool):
        assert isinstance(bad, Article) and bad.id == "5"  # a numeric id is an id
    else:
        assert isinstance(bad, Rejected) and bad.code == "E105"
        assert f"'{field}'" in bad.reason and f"{p}:1" in bad.reason and "\n" not in bad.reason
    assert isinstance(good, Article) and good.text == GOOD


def test_lone_surrogates_in_json_escapes_are_replaced(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_text('{"text": "Hei \\ud800 der.", "title": "\\udfff"}\n', encoding="utf-8")
    [a] = read([p])
    assert a.text == "Hei \ufffd der." and a.title == "\ufffd"
    json.loads(a.to_json())


# ------------------------------------------------------------------ 4: the real size limits
def test_an_article_over_the_character_limit_is_refused_by_its_path(tmp_path):
    p = tmp_path / "long.txt"
    p.write_text("ord " * (MAX_ARTICLE_CHARS // 4 + 10), encoding="utf-8")
    [r] = read([p])
    assert isinstance(r, Rejected) and r.code == "E103"
    assert r.origin == str(p) and r.reason.startswith(f"[E103] {p}:") and "file://" not in r.reason
    assert f"over the limit of {MAX_ARTICLE_CHARS:,}" in r.reason and "200,000 characters" in r.reason
    p.write_text("ord " * (MAX_ARTICLE_CHARS // 4), encoding="utf-8")
    [a] = read([p])
    assert isinstance(a, Article) and len(a.text) == MAX_ARTICLE_CHARS - 1


def test_the_byte_limit_is_the_documented_ten_megabytes(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"a " * (DEFAULT_MAX_BYTES // 2 + 1))
    [r] = read([p])
    assert r.code == "E103" and "over the limit of 10.0 MB" in r.reason
    assert "10 MB" in Path(__file__).resolve().parents[1].joinpath("README.md").read_text(encoding="utf-8")


def test_jsonl_streams_past_the_byte_limit_and_a_long_line_is_refused_alone(tmp_path):
    p = tmp_path / "big.jsonl"
    row = json.dumps({"text": GOOD}) + "\n"
    with p.open("w", encoding="utf-8") as f:
        f.write(row * 200)
        f.write(json.dumps({"text": "x" * 5000}) + "\n")
        f.write(row)
    items = list(read([p], max_bytes=2000))  # the file is ~20 kB, each good line < 100 bytes
    assert sum(isinstance(x, Article) for x in items) == 201
    [r] = [x for x in items if isinstance(x, Rejected)]
    assert r.code == "E103" and r.origin == f"{p}:201"


# --------------------------------------------------------- 8: stdin is detected like a file
@pytest.mark.parametrize("data,kinds", [
    (b'{"text": "En."}\n[1, 2]\n{"text": "To."}\n', ["Article", "Rejected", "Article"]),
    (b'[{"text": "En."}, {"text": "To."}]', ["Article", "Article"]),
    (b'{\n  "text": "En.",\n  "title": "T"\n}\n', ["Article"]),
    (b'{"text": "En."}\n{oops\n', ["Article", "Rejected"]),
    (b"[Oppdatert] Stortinget vedtok loven.", ["Article"]),
    (b"<!doctype html><html><body><article><p>" + ("Kommunestyret vedtok i kveld å bygge en ny skole. " * 6).encode()
     + b"</p></article></body></html>", ["Article"]),
])
def test_content_without_a_suffix_is_read_by_its_format(tmp_path, data, kinds):
    p = tmp_path / "input"  # no suffix: like stdin, the content decides
    p.write_bytes(data)
    with p.open("rb") as f:
        items = [item for _, item in read_stream(f, "<stdin>")]
    assert [type(x).__name__ for x in items] == kinds
    if data.startswith(b"[Oppdatert]"):
        assert items[0].text.startswith("[Oppdatert]")


def test_stdin_jsonl_through_the_cli_and_format_forces_it(tmp_path):
    r = run("extract", "-", "--quiet", stdin='{"text": "Hei på deg."}\n[1, 2]\n')
    assert r.returncode == 1
    assert len(r.stdout.splitlines()) == 1 and json.loads(r.stdout)["text"] == "Hei på deg."
    assert "<stdin>:2" in r.stderr and "a list, not an object" in r.stderr
    p = tmp_path / "a.jsonl"
    p.write_text('{"text": "Hei."}\n', encoding="utf-8")
    forced = list(read([p], format="txt"))
    assert [a.text for a in forced] == ['{"text": "Hei."}']


# --------------------------------------------------------------------------- 9, 10: encodings
def test_one_stray_byte_is_replaced_not_the_whole_file_mojibake(tmp_path):
    p = tmp_path / "stray.txt"
    text = "Høyesterett behandlet saken på nytt, og dommerne i Tromsø var enige."
    p.write_bytes(text.encode("utf-8").replace(b"nytt", b"ny\xfft"))
    [a] = read([p])
    assert a.text == text.replace("nytt", "ny\ufffdt")
    assert "Høyesterett" in a.text and "Ã" not in a.text
    assert a.warnings == ["1 byte(s) that are not UTF-8 were replaced by U+FFFD"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(tmp_path, encoding):
    p = tmp_path / "wide.txt"
    data = "Regjeringen i Tromsø gikk av.".encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    p.write_bytes(data)
    [a] = read([p])
    assert isinstance(a, Article) and a.text == "Regjeringen i Tromsø gikk av."
    jl = tmp_path / "wide.jsonl"
    jl.write_bytes('{"text": "En."}\n{"text": "To."}\n'.encode("utf-16"))
    assert [a.text for a in read([jl])] == ["En.", "To."]


# ------------------------------------------------------------ 13: FIFOs, devices, pipes
def test_a_fifo_and_dev_null_are_read_not_called_missing(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(json.dumps({"text": GOOD}) + "\n", encoding="utf-8"))
    writer.start()
    [a] = read([fifo])
    writer.join()
    assert isinstance(a, Article) and a.text == GOOD
    [r] = read(["/dev/null"])
    assert r.code == "E101" and "empty" in r.reason


def test_an_edited_file_keeps_its_identity(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Første utgave.", encoding="utf-8")
    [first] = read([p])
    p.write_text("Andre, rettede utgave.", encoding="utf-8")
    [second] = read([p])
    assert first.id == second.id == article_id(p.resolve().as_uri())


# --------------------------------------------- 1, 2, 6, 11, 17, identity: one run through the CLI
def test_ingest_keeps_good_articles_and_refusals_do_not_grow(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "deep.json").write_text(DEEP, encoding="utf-8")
    (src / "types.jsonl").write_text(
        "\n".join(json.dumps({"text": GOOD, f: 5}) for f in ("title", "url", "outlet", "language"))
        + "\n" + json.dumps({"text": GOOD, "id": "ok1"}) + "\n", encoding="utf-8")
    (src / "note.txt").write_text("Stortinget vedtok budsjettet fredag.", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    first = run("ingest", src, "--db", db)
    assert first.returncode == 1, first.stderr
    lines = one_line_each(first.stderr)
    assert sum("skipped" in ln for ln in lines) == 5
    assert "Ingested 2 articles" in first.stderr
    (src / "note.txt").write_text("Stortinget vedtok budsjettet fredag kveld.", encoding="utf-8")
    second = run("ingest", src, "--db", db, "--quiet")
    assert second.returncode == 1
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM rejects").fetchone()[0] == 5
        texts = sorted(t for (t,) in con.execute("SELECT text FROM articles").fetchall())
    assert texts == [GOOD, "Stortinget vedtok budsjettet fredag kveld."]  # the edit replaced its article
    stats = run("stats", "--db", db)
    assert stats.returncode == 0 and "refused inputs" in stats.stdout and "E105" in stats.stdout


# ----------------------------------------------------- 3, 14: numeric options are wrong usage
@pytest.mark.parametrize("args", [
    ("extract", "--batch-size", "0", "x.txt"), ("extract", "--batch-size", "-5", "x.txt"),
    ("ingest", "--batch-size", "0", "x.txt"), ("ingest", "--max-bytes", "-1", "x.txt"),
    ("extract", "--max-bytes", "0", "x.txt"), ("export", "--wait", "-1"), ("stats", "--wait", "-2"),
    ("eval-coref", "--limit", "-1"), ("train-events", "--epochs", "0"), ("train", "--max-seconds", "-1"),
    ("extract", "--format", "xml", "x.txt"), ("ingest", "--batch-size", "abc", "x.txt"),
])
def test_bad_numbers_and_choices_are_usage_errors_on_one_line(args):
    r = run(*args)
    assert r.returncode == 2, r.stderr
    [line] = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert line.startswith(f"eventwire {args[0]}: ") and args[1] in line and "--help" in line


# ----------------------------------------------------------------- 7: unwritable outputs
@pytest.mark.parametrize("target", ["missing/dir/out.jsonl", "", "/dev/full"])
def test_an_unwritable_output_is_one_line_and_exit_2(tmp_path, store_file, target):
    out = tmp_path / target if target and not target.startswith("/") else Path(target or tmp_path)
    r = run("export", "--db", store_file, "-o", out)
    assert r.returncode == 2, r.stderr
    [line] = one_line_each(r.stderr)
    assert "[E500]" in line and str(out) in line and "Traceback" not in r.stderr


def test_parquet_onto_an_existing_file_is_one_line_and_exit_2(tmp_path, store_file):
    target = tmp_path / "taken"
    target.write_text("x", encoding="utf-8")
    r = run("export", "--format", "parquet", "--db", store_file, "-o", target)
    assert r.returncode == 2
    [line] = one_line_each(r.stderr)
    assert "[E500]" in line and str(target) in line


def test_extract_refuses_an_unwritable_output_before_reading(tmp_path):
    r = run("extract", tmp_path / "none.txt", "-o", tmp_path / "no" / "out.jsonl")
    assert r.returncode == 2 and "[E500]" in r.stderr and "none.txt" not in r.stderr


# ---------------------------------------------------------------------------- 16: exports
def test_gdelt_codes_stay_text_and_dates_are_never_blank(tmp_path, store_file):
    tsv = tmp_path / "g.tsv"
    assert run("export", "-f", "gdelt", "--db", store_file, "-o", tsv).returncode == 0
    rows = list(csv.DictReader(tsv.open(encoding="utf-8"), delimiter="\t"))
    assert [r["EventCode"] for r in rows] == ["042", "042"]
    assert sorted(r["SQLDATE"] for r in rows) == ["0", "20240314"]
    table = pacsv.read_csv(tsv, parse_options=pacsv.ParseOptions(delimiter="\t"))
    assert table.schema.field("SQLDATE").type == pa.int64()  # no blanks: never read as floats

    pq_dir = tmp_path / "pq"
    assert run("export", "-f", "parquet", "--db", store_file, "-o", pq_dir).returncode == 0
    gdelt = pq.read_table(pq_dir / "gdelt.parquet")
    assert gdelt.schema.field("EventCode").type == pa.string()
    assert gdelt.column("EventCode").to_pylist() == ["042", "042"]
    assert gdelt.schema.field("SQLDATE").type == pa.int64()
    articles = pq.read_table(pq_dir / "articles.parquet")
    assert articles.schema.field("record").type == pa.string()
    assert json.loads(articles.column("record")[0].as_py())["schema"] == "eventwire/1"


# ------------------------------------------------------------------------ 15: eval commands
def test_eval_ner_refuses_bad_and_empty_files_and_missing_paths_are_usage(tmp_path):
    bad = tmp_path / "bad.conllu"
    bad.write_text("hello world\n", encoding="utf-8")
    empty = tmp_path / "empty.conllu"
    empty.write_text("", encoding="utf-8")
    for p in (bad, empty):
        r = run("eval-ner", p)
        assert r.returncode == 1 and "Traceback" not in r.stderr
        [line] = one_line_each(r.stderr)
        assert str(p) in line and "[E400]" in line
    assert run("eval-ner", tmp_path / "none.conllu").returncode == 2
    assert run("eval", tmp_path / "none").returncode == 2


# ------------------------------------------------------------------- internal errors: exit 3
def test_an_unexpected_exception_exits_3_with_one_line():
    code = ("from eventwire.cli import app\n"
            "@app.command('boom')\n"
            "def boom():\n"
            "    raise RuntimeError('a deliberate fault\\nover two lines')\n"
            "app(['boom'])\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 3
    [line] = r.stderr.splitlines()
    assert "[E900]" in line and "RuntimeError: a deliberate fault over two lines" in line and "bug" in line


# ------------------------------------------------------------- 12: readers during an ingest
def test_a_held_store_is_named_in_one_line(tmp_path, store_file):
    holder = subprocess.Popen([sys.executable, "-c",
                               f"import duckdb, time; c = duckdb.connect({str(store_file)!r}); "
                               "print('ready', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        r = run("stats", "--db", store_file, "--wait", "0")
        assert r.returncode == 1
        [line] = one_line_each(r.stderr)
        assert "[E301]" in line and f"PID {holder.pid}" in line and "--wait" in line
    finally:
        holder.kill()
        holder.wait()


def test_readers_and_a_second_ingest_run_against_a_live_ingest(tmp_path, samples):
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, n in ((first, 12), (second, 4)):
        folder.mkdir()
        for i in range(n):
            for s in sorted(samples.glob("*.txt")):
                (folder / f"{i:02d}-{s.name}").write_text(s.read_text(encoding="utf-8") + f"\n\nKopi {folder.name} {i}.",
                                                          encoding="utf-8")
    db = tmp_path / "live.duckdb"
    writer = subprocess.Popen([sys.executable, "-m", "eventwire", "ingest", first, "--db", db,
                               "--batch-size", "4", "--quiet"], stderr=subprocess.PIPE, text=True)
    other = None
    seen: list[int] = []
    try:
        while not db.exists():
            time.sleep(0.1)
        other = subprocess.Popen([sys.executable, "-m", "eventwire", "ingest", second, "--db", db,
                                  "--batch-size", "4", "--quiet"], stderr=subprocess.PIPE, text=True)
        while writer.poll() is None:
            with Store(db, read_only=True, wait=60) as store:
                seen.append(store.counts()["articles"])
            stats = run("stats", "--db", db, "--json", timeout=120)
            assert stats.returncode == 0, stats.stderr
            assert json.loads(stats.stdout)["counts"]["articles"] >= seen[-1]
        assert writer.wait() == 0, writer.stderr.read()
        assert other.wait(timeout=600) == 0, other.stderr.read()
    finally:
        for p in (writer, other):
            if p is not None and p.poll() is None:
                p.kill()
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 16 * len(list(samples.glob("*.txt")))
    assert seen == sorted(seen) and len(seen) >= 2  # readers answered while it wrote, from committed batches


# ------------------------------------------------- 4: a stage failure is one line naming the input
def test_a_failing_stage_is_one_line_naming_the_input_by_its_path(tmp_path):
    from eventwire.pipeline import Analysis, Pipeline, PipelineConfig, stage

    @stage("explode_for_test")
    class Explode:
        name, requires, provides = "explode_for_test", (), ()

        def __init__(self, config):
            pass

        def __call__(self, analysis):
            if "boom" in analysis.article.text:
                raise ValueError("first line\nsecond line\n" + "x" * 1000)

    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"text": "boom"}) + "\n" + json.dumps({"text": GOOD}) + "\n", encoding="utf-8")
    from eventwire.reader import read_items

    pipeline = Pipeline(PipelineConfig(stages=("explode_for_test",)))
    out = list(pipeline.process(Analysis(a, origin=o) for o, a in read_items([p])))
    assert isinstance(out[0], Rejected) and isinstance(out[1], Article)
    assert out[0].origin == f"{p}:1" and out[0].code == "E204"
    assert "\n" not in out[0].reason and len(out[0].reason) < 700 and "first line second line" in out[0].reason


def test_a_closed_stdout_is_not_an_error(store_file):
    r = subprocess.run(f"{sys.executable} -m eventwire export --db {store_file} | head -c 5", shell=True,
                       capture_output=True, text=True, timeout=120)
    assert r.stdout == '{"sch' and r.stderr == ""


def test_the_library_refuses_a_batch_size_below_one():
    from eventwire.pipeline import PipelineConfig

    for bad in (0, -5):
        with pytest.raises(ValueError, match="batch_size must be"):
            PipelineConfig(batch_size=bad)
    with pytest.raises(ValueError, match="max_bytes must be"):
        list(read(["x.txt"], max_bytes=-1))


def test_a_stray_byte_order_mark_line_does_not_take_the_good_lines_with_it(tmp_path):
    """Found by scripts/fuzz.py: a first line b'\\xfe\\xff' made the whole file read as UTF-16."""
    p = tmp_path / "feed.jsonl"
    p.write_bytes(b"\xfe\xff\n" + json.dumps({"text": GOOD}).encode() + b"\n")
    bad, good = read([p])
    assert isinstance(bad, Rejected) and bad.origin == f"{p}:1"
    assert isinstance(good, Article) and good.text == GOOD


def test_a_bad_first_line_that_looks_utf16_does_not_swallow_the_good_lines(tmp_path):
    from eventwire.reader import Rejected, read

    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b"\xfe\xff\x00A\x00\n" + '{"text": "Stortinget vedtok loven i går."}\n'.encode())
    items = list(read([feed]))
    assert isinstance(items[0], Rejected) and items[0].origin.endswith(":1")
    assert [a.text for a in items[1:]] == ["Stortinget vedtok loven i går."]
    wide = tmp_path / "wide.jsonl"  # a real UTF-16 file still reads line by line
    wide.write_bytes('{"text": "Første sak."}\n{"text": "Andre sak."}\n'.encode("utf-16"))
    assert [a.text for a in read([wide])] == ["Første sak.", "Andre sak."]
