"""Spark (eventwire.spark) on a real local[2] session: its Parquet tables hold, row for row, what
a single-machine ingest of the same articles writes to a real DuckDB file."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from eventwire.reader import read
from eventwire.store import CONTENT_TABLES, TABLES, Store

DEDUP = Path(__file__).parent / "data" / "dedup"
#: columns that hold the time of writing, which no two runs share
CLOCK = {"articles": "ingested_at", "rejects": "refused_at"}


def _needs(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {what} is missing: the Spark test cannot run (see .ci/run and the Makefile)")
    pytest.skip(f"needs {what}")


@pytest.fixture(scope="module")
def spark():
    try:
        import pyspark  # noqa: F401
    except ImportError:
        _needs("pyspark (pip install 'eventwire[spark]')")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        _needs("Java (apt-get install default-jre-headless)")
    from eventwire.spark import session

    s = session("local[2]", "eventwire-test")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, samples) -> Path:
    """The samples, the dedup stories and one binary file, in one folder (not an empty file:
    Spark lists no empty files)."""
    folder = tmp_path_factory.mktemp("inputs")
    for f in [*samples.glob("*.txt"), *DEDUP.glob("*.jsonl")]:
        shutil.copy(f, folder / f.name)
    (folder / "binær.txt").write_bytes(b"\x00\x01\x02 ikke tekst \x00" * 10)
    return folder


def _articles(inputs: Path) -> int:
    """How many articles the inputs hold: one per text file but the binary one, one per line."""
    texts = [p for p in inputs.glob("*.txt") if p.name != "binær.txt"]
    lines = [ln for p in inputs.glob("*.jsonl") for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return len(texts) + len(lines)


@pytest.fixture(scope="module")
def local_db(tmp_path_factory, inputs, pipeline) -> Path:
    """The single-machine result: the same inputs through the pipeline into a DuckDB file."""
    from eventwire.reader import Rejected

    db = tmp_path_factory.mktemp("local") / "local.duckdb"
    items = list(read([inputs]))
    articles = list(pipeline.pipe(a for a in items if not isinstance(a, Rejected)))
    with Store(db) as store:
        store.ingest(articles, [r for r in items if isinstance(r, Rejected)])
        store.recluster()
    return db


@pytest.fixture(scope="module")
def spark_out(tmp_path_factory, spark, inputs) -> tuple[Path, dict]:
    from eventwire.spark import extract

    out = tmp_path_factory.mktemp("spark") / "out"
    return out, extract(str(inputs), out, spark=spark)


def _rows(con: duckdb.DuckDBPyConnection, source: str, table: str) -> list[tuple]:
    clock = CLOCK.get(table)
    select = f"SELECT * EXCLUDE ({clock})" if clock else "SELECT *"
    if table == "articles":
        select += " REPLACE (CAST(record AS VARCHAR) AS record)"
    if table == "rejects":  # the local reader names inputs as given, Spark by absolute path
        select = "SELECT code, regexp_replace(origin, '^.*/', '') AS name"
    return con.execute(f"{select} FROM {source} ORDER BY ALL").fetchall()


def test_spark_writes_every_store_table_row_for_row_as_a_local_ingest(spark_out, local_db, inputs):
    out, counts = spark_out
    assert counts["articles"] == _articles(inputs) and counts["rejects"] == 1
    with duckdb.connect(str(local_db), read_only=True) as con:
        for table in (*CONTENT_TABLES, "rejects"):
            spark_rows = _rows(con, f"read_parquet('{out / table}/*.parquet')", table)
            local_rows = _rows(con, table, table)
            assert spark_rows == local_rows, table
            assert len(spark_rows) == counts[table] > 0, table


def test_spark_parquet_has_the_store_schema(spark_out, local_db):
    out, _ = spark_out
    with duckdb.connect(str(local_db), read_only=True) as con:
        for table in (*CONTENT_TABLES, "rejects"):
            stored = [(c[0], c[1].replace("JSON", "VARCHAR")) for c in con.execute(f"DESCRIBE {table}").fetchall()]
            written = [(c[0], c[1]) for c in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{out / table}/*.parquet')").fetchall()]
            assert written == stored, table


def test_ingest_loads_spark_output_into_the_same_store(spark_out, local_db, tmp_path, inputs):
    import subprocess
    import sys

    out, _ = spark_out
    db = tmp_path / "from-spark.duckdb"
    r = subprocess.run([sys.executable, "-m", "eventwire", "ingest", str(out), "--db", str(db)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 1, r.stderr  # the binary file was refused, and says so
    assert f"Ingested {_articles(inputs)} articles" in r.stderr and "1 refused" in r.stderr
    with duckdb.connect(str(db), read_only=True) as got, duckdb.connect(str(local_db), read_only=True) as want:
        for table in TABLES:
            assert _rows(got, table, table) == _rows(want, table, table), table


def test_extract_arrow_works_on_a_dataframe_of_records(spark, pipeline):
    from eventwire.reader import read_record
    from eventwire.spark import RESULT_SCHEMA, extract_arrow

    records = [{"id": "a1", "text": "Stortinget vedtok budsjettet fredag, sa Kari Holm til NTB.", "published": "2024-01-05"},
               {"id": "a2", "text": "   ", "published": "2024-01-05"}]
    rows = spark.createDataFrame(records).mapInArrow(extract_arrow, RESULT_SCHEMA).orderBy("record").collect()
    refused, done = rows
    assert refused.record is None and refused.code == "E101"
    _, article = read_record(records[0], "<row 0>")
    assert done.record == pipeline(article).to_json()


def test_spark_extract_usage_errors_need_no_spark(tmp_path):
    import subprocess
    import sys

    def run(*args):
        return subprocess.run([sys.executable, "-m", "eventwire", "spark-extract", *map(str, args)],
                              capture_output=True, text=True, timeout=120)

    assert run("--help").returncode == 0
    r = run(tmp_path, tmp_path / "out", "--format", "bogus")
    assert r.returncode == 2 and "--format" in r.stderr and "jsonl" in r.stderr


def test_json_lines_and_parquet_inputs_give_the_records_of_the_local_reader(spark, pipeline, tmp_path):
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    from eventwire.spark import extract

    lines = DEDUP / "wire_rewrites.jsonl"
    rows = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    table = tmp_path / "wire.parquet"
    pq.write_table(pa.Table.from_pylist(rows), table)
    want = sorted(a.to_json() for a in pipeline.pipe(read([lines])))
    for source in (lines, table):
        out = tmp_path / f"out-{source.suffix[1:]}"
        assert extract(str(source), out, spark=spark)["articles"] == len(rows)
        with duckdb.connect() as con:
            got = [r[0] for r in con.execute(f"SELECT record FROM read_parquet('{out}/articles/*.parquet') ORDER BY record").fetchall()]
        assert sorted(got) == want, source.name  # each row names its url, so no file is its source
