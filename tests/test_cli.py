"""The command line, run as a user runs it: a real process, real files, a real DuckDB store."""
from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pytest


def run(*args, stdin: str | None = None, cwd=None):
    return subprocess.run([sys.executable, "-m", "eventwire", *map(str, args)], input=stdin,
                          capture_output=True, text=True, cwd=cwd, timeout=600)


def test_help_and_usage_errors():
    assert run("--help").returncode == 0
    for cmd in ("extract", "ingest", "export", "stats", "eval", "eval-ner", "train"):
        r = run(cmd, "--help")
        assert r.returncode == 0 and "Usage" in r.stdout, cmd
    assert run("extract", "--no-such-option").returncode == 2


def test_extract_the_shared_example(shared):
    r = run("extract", shared / "examples" / "hanoi-2019-02.txt")
    assert r.returncode == 0, r.stderr
    [line] = r.stdout.splitlines()
    rec = json.loads(line)
    assert rec["schema"] == "eventwire/1"
    assert rec["published"] == "2019-02" and rec["language"] == "nb"
    assert not rec["text"].lstrip().startswith("date")


def test_extract_reads_stdin_and_writes_a_file(tmp_path):
    out = tmp_path / "out.jsonl"
    r = run("extract", "-", "-o", out, stdin=" date 2024-01-05\nStortinget vedtok budsjettet fredag.")
    assert r.returncode == 0, r.stderr
    rec = json.loads(out.read_text(encoding="utf-8"))
    assert rec["published"] == "2024-01-05" and rec["text"] == "Stortinget vedtok budsjettet fredag."


def test_ingest_twice_keeps_row_counts_and_bad_inputs_are_refused(tmp_path, samples):
    db = tmp_path / "s.duckdb"
    n = len(list(samples.glob("*.txt")))  # Norwegian and English samples
    r1 = run("ingest", samples, "--db", db)
    assert r1.returncode == 0, r1.stderr
    assert f"Ingested {n} articles" in r1.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        first = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("articles", "entities", "mentions", "quotes", "events", "times")}
    r2 = run("ingest", samples, "--db", db)
    assert r2.returncode == 0
    with duckdb.connect(str(db), read_only=True) as con:
        second = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in first}
    assert first == second and first["articles"] == n

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("", encoding="utf-8")
    (bad / "lines.jsonl").write_text('{"text": "Regjeringen gikk av i dag."}\n{oops\n', encoding="utf-8")
    r3 = run("ingest", bad, tmp_path / "missing.txt", "--db", db)
    assert r3.returncode == 1
    assert "empty.txt" in r3.stderr and "lines.jsonl:2" in r3.stderr and "missing.txt" in r3.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == n + 1
        assert con.execute("SELECT count(*) FROM rejects").fetchone()[0] == 3

    stats = run("stats", "--db", db, "--json")
    assert stats.returncode == 0
    assert json.loads(stats.stdout)["counts"]["articles"] == n + 1


@pytest.mark.parametrize("fmt", ["jsonl", "plover", "gdelt", "parquet"])
def test_export_formats(tmp_path, fmt, samples):
    db = tmp_path / "s.duckdb"
    assert run("ingest", samples, "--db", db, "--quiet").returncode == 0
    out = tmp_path / ("pq" if fmt == "parquet" else f"out.{fmt}")
    r = run("export", "--format", fmt, "--db", db, "-o", out)
    assert r.returncode == 0, r.stderr
    if fmt == "parquet":
        assert (out / "articles.parquet").exists() and (out / "events.parquet").exists()
    elif fmt == "jsonl":
        assert len(out.read_text(encoding="utf-8").splitlines()) == len(list(samples.glob("*.txt")))
    elif fmt == "gdelt":
        header = out.read_text(encoding="utf-8").splitlines()[0].split("\t")
        assert "EventRootCode" in header and "Actor1Name" in header
    else:
        for line in out.read_text(encoding="utf-8").splitlines():
            assert "event" in json.loads(line)


def test_export_of_a_missing_store_fails_clearly(tmp_path):
    r = run("export", "--db", tmp_path / "none.duckdb")
    assert r.returncode == 1 and "eventwire ingest" in r.stderr


def test_cli_default_store_is_the_store_modules():
    """The CLI names the default store file without importing duckdb; it must stay the store's."""
    from eventwire import cli, store

    assert cli.DEFAULT_DB == store.DEFAULT_DB
