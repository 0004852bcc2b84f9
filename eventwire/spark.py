"""Apache Spark beyond one machine: extract in partitions, write Parquet with the store's schema.

Needs the ``spark`` extra (``pip install 'eventwire[spark]'``) and Java.  Two layers:

- :func:`extract_arrow` is the function for ``DataFrame.mapInArrow`` (each executor's Python
  worker builds the pipeline, and so loads the model, once, and reuses it for every batch)::

      from eventwire.spark import RESULT_SCHEMA, extract_arrow
      results = articles_df.mapInArrow(extract_arrow, RESULT_SCHEMA)

  Its input rows are either files (columns ``path`` and ``content``, as Spark's ``binaryFile``
  source gives them, each read as :func:`eventwire.reader.read` reads that file), or article
  records (a ``text`` column and optionally ``id``, ``published``, ``url``, ``title``,
  ``outlet``, ``language``, as in a JSON Lines line or a Parquet table).  Each output row is
  one article (``record``: its JSON record) or one refused input (``code``, ``reason``), with
  the ``origin`` it came from.
- :func:`extract` (``eventwire spark-extract INPUT OUTPUT``) reads JSON Lines, Parquet or files
  (text, HTML, JSON) from any path Spark can read, runs :func:`extract_arrow`, and writes
  ``OUTPUT/<table>/`` Parquet for each table of the store (``articles``, ``entities``,
  ``mentions``, ``quotes``, ``events``, ``times``, ``rejects``), with the store's columns
  and types; ``eventwire ingest OUTPUT`` loads it into a DuckDB store.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlparse

import pyarrow as pa

from .reader import DEFAULT_MAX_BYTES, Item, Rejected, read_file_bytes, read_record
from .records import Article
from .store import CONTENT_TABLES, arrow_schema, article_rows

#: the rows :func:`extract_arrow` yields
RESULT_SCHEMA = "origin string, record string, code string, reason string"
_RESULT_ARROW = pa.schema([("origin", pa.string()), ("record", pa.string()), ("code", pa.string()),
                           ("reason", pa.string())])
#: the article fields a record row may have (see eventwire.reader)
_RECORD_FIELDS = ("id", "text", "published", "url", "uri", "title", "outlet", "language")


def _local_path(spark_path: str) -> str:
    """A ``file:`` URI as Spark writes it (``file:/a/b``) as a plain path; others unchanged."""
    parsed = urlparse(spark_path)
    return unquote(parsed.path) if parsed.scheme == "file" else spark_path


def _items(batch: pa.RecordBatch) -> Iterator[Item]:
    columns = batch.schema.names
    if "content" in columns:
        for row in batch.to_pylist():
            yield from read_file_bytes(row["content"], _local_path(row["path"]), DEFAULT_MAX_BYTES)
    elif "text" in columns:
        for n, row in enumerate(batch.to_pylist()):
            record = {k: v for k, v in row.items() if k in _RECORD_FIELDS and v is not None}
            if "published" in record and not isinstance(record["published"], str):
                record["published"] = str(record["published"])
            yield read_record(record, str(row.get("origin") or f"<row {n}>"))
    else:
        raise ValueError(f"extract_arrow needs a 'text' column (records) or 'path' and 'content' (files), "
                         f"not {', '.join(columns)}")


def extract_arrow(batches: Iterator[pa.RecordBatch], batch_size: int = 32) -> Iterator[pa.RecordBatch]:
    """For ``DataFrame.mapInArrow(extract_arrow, RESULT_SCHEMA)``: articles in, records out
    (see the module docstring for the columns), one output batch per input batch."""
    from . import get_pipeline
    from .pipeline import Analysis, PipelineConfig

    pipeline = get_pipeline(PipelineConfig(batch_size=batch_size))  # once per Python worker
    for batch in batches:
        rows: list[dict] = []
        analyses = []
        for origin, item in _items(batch):
            if isinstance(item, Rejected):
                rows.append({"origin": origin, "record": None, "code": item.code, "reason": item.reason})
            else:
                analyses.append(Analysis(item, origin=origin))
        for analysis, item in zip(analyses, pipeline.process(analyses)):
            if isinstance(item, Rejected):
                rows.append({"origin": analysis.origin, "record": None, "code": item.code, "reason": item.reason})
            else:
                rows.append({"origin": analysis.origin, "record": item.to_json(), "code": None, "reason": None})
        yield pa.RecordBatch.from_pylist(rows, schema=_RESULT_ARROW)


def _table_rows(table: str):
    """For ``mapInArrow``: result rows in, rows of the store table ``table`` out."""
    schema = arrow_schema(table)

    def rows_of(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            now = datetime.now(timezone.utc).replace(tzinfo=None)
            out: list[dict] = []
            for row in batch.to_pylist():
                if table == "rejects":
                    if row["record"] is None:
                        out.append({"origin": row["origin"], "code": row["code"], "reason": row["reason"],
                                    "refused_at": now})
                elif row["record"] is not None:
                    out.extend(article_rows(Article.from_json(row["record"]), now)[table])
            yield pa.RecordBatch.from_pylist(out, schema=schema)

    return rows_of


def session(master: str = "local[*]", app: str = "eventwire"):
    """A Spark session whose Python workers run this Python (and so find eventwire)."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    spark = (SparkSession.builder.master(master).appName(app)
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


#: input formats of :func:`read_input`
SPARK_FORMATS = ("auto", "jsonl", "parquet", "files")


def read_input(spark, path: str, format: str = "auto"):
    """A DataFrame of what ``path`` holds, for :func:`extract_arrow`: JSON Lines (one record per
    line), Parquet (one record per row) or files (``.txt .json .jsonl .html``, recursively).
    ``auto`` goes by the suffix: ``.jsonl`` and ``.parquet``, else files."""
    from pyspark.sql import functions as F

    if format not in SPARK_FORMATS:
        raise ValueError(f"format must be one of {', '.join(SPARK_FORMATS)}, not {format!r}")
    if format == "auto":
        suffix = Path(path.rstrip("/")).suffix.lower()
        format = {".jsonl": "jsonl", ".parquet": "parquet"}.get(suffix, "files")
    if format == "jsonl":  # one row per line, every field as text, read as the reader reads a line
        lines = spark.read.text(path).where(F.trim("value") != "")
        return lines.select(F.col("value").alias("line"), F.col("_metadata.file_path").alias("origin"))
    if format == "parquet":
        return spark.read.parquet(path).withColumn("origin", F.col("_metadata.file_path"))
    return (spark.read.format("binaryFile").option("recursiveFileLookup", "true")
            .option("pathGlobFilter", "*.{txt,json,jsonl,html,htm}").load(path).select("path", "content"))


def extract(input_path: str, output: str | Path, *, format: str = "auto", master: str = "local[*]",
            batch_size: int = 32, spark=None) -> dict[str, int]:
    """``eventwire spark-extract``: read ``input_path``, extract on Spark, and write
    ``output/<table>/`` Parquet for each table of the store.  Returns the rows per table."""
    from pyspark import StorageLevel
    from pyspark.sql.pandas.types import from_arrow_schema

    spark = spark or session(master)
    frame = read_input(spark, input_path, format)
    if "line" in frame.columns:
        frame = frame.mapInArrow(_jsonl_lines, "path string, content binary")
    results = frame.mapInArrow(lambda b: extract_arrow(b, batch_size), RESULT_SCHEMA)
    results = results.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        counts: dict[str, int] = {}
        for table in (*CONTENT_TABLES, "rejects"):
            rows = results.mapInArrow(_table_rows(table), from_arrow_schema(arrow_schema(table)))
            target = f"{str(output).rstrip('/')}/{table}"
            rows.write.mode("overwrite").parquet(target)
            counts[table] = spark.read.parquet(target).count()
        return counts
    finally:
        results.unpersist()


def _jsonl_lines(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Lines of JSON Lines as one-line files: each then reads as the reader reads a line."""
    for batch in batches:
        yield pa.RecordBatch.from_pylist([
            {"path": origin, "content": line.encode("utf-8")}
            for line, origin in zip(batch.column("line").to_pylist(), batch.column("origin").to_pylist())],
            schema=pa.schema([("path", pa.string()), ("content", pa.binary())]))
