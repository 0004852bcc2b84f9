"""Exports: article records as JSON Lines, PLOVER JSON Lines, GDELT-style TSV, and Parquet.

Each text format is a function that writes records of an iterable of articles to a text stream;
Parquet writes one file per store table (see :meth:`eventwire.store.Store.export_parquet`).
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from .records import Article


def write_jsonl(articles: Iterable[Article], out: TextIO) -> int:
    """One article record per line (the canonical form).  Returns the number of lines."""
    n = 0
    for a in articles:
        out.write(a.to_json() + "\n")
        n += 1
    return n


def write_plover(articles: Iterable[Article], out: TextIO) -> int:
    """One PLOVER event per line."""
    from .plover import plover_rows

    n = 0
    for a in articles:
        for row in plover_rows(a):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def write_gdelt(articles: Iterable[Article], out: TextIO) -> int:
    """GDELT 2.0 Events-style TSV with a header row; one row per event."""
    from .plover import GDELT_COLUMNS, gdelt_rows

    writer = csv.DictWriter(out, fieldnames=GDELT_COLUMNS, delimiter="\t", extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    n = 0
    for a in articles:
        for row in gdelt_rows(a):
            writer.writerow(row)
            n += 1
    return n


TEXT_FORMATS = {"jsonl": write_jsonl, "plover": write_plover, "gdelt": write_gdelt}
