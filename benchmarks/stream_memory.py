"""Benchmark: a large JSON Lines file streams through the reader in constant memory.

Writes a JSON Lines file of ``--size`` bytes (default 1 GB) of short articles to a temporary
folder, reads it with :func:`eventwire.reader.read`, and prints the articles read, the time, and
peak memory (RSS) after 10 % and after all of the file: the two are the same when memory does
not grow with the file.  The pipeline and the store work in fixed batches on top of this.

    .venv/bin/python benchmarks/stream_memory.py [--size 1000000000]
"""
from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1_000_000_000, help="bytes of JSON Lines to write")
    args = ap.parse_args()

    from eventwire.reader import Rejected, read

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.jsonl"
        line = json.dumps({"text": "Stortinget vedtok loven i Oslo onsdag, sa Kari Holm til NTB. " * 8,
                           "published": "2024-03-14"}, ensure_ascii=False) + "\n"
        block = line.encode("utf-8") * 1000
        with path.open("wb") as f:
            for _ in range(max(1, args.size // len(block))):
                f.write(block)
        size = path.stat().st_size
        lines = size // len(line.encode("utf-8"))
        print(f"file: {size / 1e9:.2f} GB, {lines} lines; RSS before reading: {peak_mb():.0f} MB", flush=True)
        t0 = time.perf_counter()
        n = refused = 0
        for item in read([path]):
            if isinstance(item, Rejected):
                refused += 1
            n += 1
            if n == lines // 10:
                print(f"after 10 %: peak RSS {peak_mb():.0f} MB", flush=True)
        dt = time.perf_counter() - t0
        print(f"read {n} items ({refused} refused) in {dt:.0f} s ({size / 1e6 / dt:.0f} MB/s); "
              f"peak RSS at the end: {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
