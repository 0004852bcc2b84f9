"""Exports: article records as JSON Lines, PLOVER JSON Lines, GDELT-style TSV, and Parquet.

Each text format is a function that writes records of an iterable of articles to a text stream;
Parquet writes one file per store table (see :meth:`eventwire.store.Store.export_parquet`) and
the GDELT rows with typed columns (:func:`write_gdelt_parquet`).

GDELT codes (``EventCode`` "020", ``Actor1Code``) are text: a TSV carries no types, so read it
with the code columns as strings, as GDELT's own loaders do (pandas: ``dtype=str``), or read
``gdelt.parquet``, where every column has its type.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .records import Article

if TYPE_CHECKING:  # pyarrow and the dedup module load slowly, and writing JSON Lines needs neither
    import pyarrow as pa

    from .plover import Clusters


def write_jsonl(articles: Iterable[Article], out: TextIO, clusters: Clusters | None = None) -> int:
    """One article record per line (the canonical form; ``clusters`` are in the store's own
    tables, not in the records).  Returns the number of lines."""
    n = 0
    for a in articles:
        out.write(a.to_json() + "\n")
        n += 1
    return n


def write_plover(articles: Iterable[Article], out: TextIO, clusters: Clusters | None = None) -> int:
    """One PLOVER event per line, with its cluster's id and counts."""
    from .plover import plover_rows

    n = 0
    for a in articles:
        for row in plover_rows(a, clusters):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def write_gdelt(articles: Iterable[Article], out: TextIO, clusters: Clusters | None = None) -> int:
    """GDELT 2.0 Events-style TSV with a header row; one row per event cluster (see
    :func:`eventwire.plover.gdelt_rows`)."""
    from .plover import GDELT_COLUMNS, gdelt_rows

    writer = csv.DictWriter(out, fieldnames=GDELT_COLUMNS, delimiter="\t", extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    n = 0
    for a in articles:
        for row in gdelt_rows(a, clusters):
            writer.writerow(row)
            n += 1
    return n


TEXT_FORMATS = {"jsonl": write_jsonl, "plover": write_plover, "gdelt": write_gdelt}


#: GDELT columns that hold numbers; every other column is text (codes keep their leading zeros)
_GDELT_INTS = ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass",
               "NumMentions", "NumSources", "NumArticles", "DATEADDED",
               "Actor1Geo_Type", "Actor2Geo_Type", "ActionGeo_Type")
_GDELT_FLOATS = ("FractionDate", "GoldsteinScale", "AvgTone", "Actor1Geo_Lat", "Actor1Geo_Long",
                 "Actor2Geo_Lat", "Actor2Geo_Long", "ActionGeo_Lat", "ActionGeo_Long")


def gdelt_schema() -> pa.Schema:
    import pyarrow as pa

    from .plover import GDELT_COLUMNS

    def kind(col: str) -> pa.DataType:
        return pa.int64() if col in _GDELT_INTS else pa.float64() if col in _GDELT_FLOATS else pa.string()

    return pa.schema([(c, kind(c)) for c in GDELT_COLUMNS])


def _typed(value: object, kind: pa.DataType) -> object:
    import pyarrow as pa

    if value == "" or value is None:
        return None
    if kind == pa.string():
        return str(value)
    return int(value) if kind == pa.int64() else float(value)


def write_gdelt_parquet(articles: Iterable[Article], path: str | Path, clusters: Clusters | None = None) -> Path:
    """The GDELT rows as one Parquet file with typed columns: codes as strings, dates as
    integers.  Returns the path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .errors import OutputError
    from .plover import gdelt_rows

    schema = gdelt_schema()
    rows = [{f.name: _typed(row[f.name], f.type) for f in schema} for a in articles for row in gdelt_rows(a, clusters)]
    try:
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), str(path))
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err}") from None
    return Path(path)
