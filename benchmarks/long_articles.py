"""Benchmark: time and memory of one long article, by length (is the pipeline linear?).

Builds articles of the given lengths by repeating the sample articles' paragraphs, runs each
through the whole pipeline on its own and prints seconds, seconds per 100k characters and peak
memory (RSS).  ``--no-breaks`` uses text without sentence breaks (brackets and words), the
pathological case.  Not a test: run it by hand and quote its figures.

    .venv/bin/python benchmarks/long_articles.py [--sizes 25000 50000 100000] [--no-breaks]
"""
from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path


def text_of(n: int, no_breaks: bool) -> str:
    if no_breaks:
        unit = "[Stortinget (( vedtok [ loven ] i Oslo )) ] "
    else:
        samples = Path(__file__).resolve().parents[1] / "samples"
        unit = "\n\n".join(p.read_text(encoding="utf-8").split("\n", 1)[-1].strip()
                           for p in sorted(samples.glob("*.txt"))) + "\n\n"
    return (unit * (n // len(unit) + 1))[:n].rsplit(" ", 1)[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000])
    ap.add_argument("--no-breaks", action="store_true", help="text without sentence breaks")
    ap.add_argument("--threads", type=int, default=1, help="BLAS/OpenMP threads")
    args = ap.parse_args()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)

    from eventwire import get_pipeline
    from eventwire.reader import make_article

    pipeline = get_pipeline()
    pipeline(make_article("Stortinget vedtok loven i går, sa Kari Holm.", "warm-up", language="nb"))
    print(f"{'characters':>10}  {'seconds':>8}  {'s/100k chars':>12}  {'entities':>8}  {'events':>6}")
    for n in args.sizes:
        article = make_article(text_of(n, args.no_breaks), f"long-{n}", published="2024-03-14", language="nb")
        t0 = time.perf_counter()
        record = pipeline(article)
        dt = time.perf_counter() - t0
        print(f"{len(article.text):>10}  {dt:>8.1f}  {dt / len(article.text) * 1e5:>12.1f}  "
              f"{len(record.entities):>8}  {len(record.events):>6}", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MB")


if __name__ == "__main__":
    main()
