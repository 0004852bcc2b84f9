"""Benchmark: the whole eventwire pipeline (all stages) on the sample articles, repeated.

Prints articles/s, words/s, peak memory (RSS) and model load time.  Not a test: run it by hand
(`make bench`) and quote its figures.  Use --threads 1 for the one-core figure.

    .venv/bin/python benchmarks/pipeline_speed.py [--repeat 40] [--batch-size 32] [--samples 'en-*.txt']

``--samples 'en-*.txt'`` measures the English samples alone (the English model and data).
"""
from __future__ import annotations

import argparse
import os
import resource
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=40, help="how many times to process the samples")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--threads", type=int, default=1, help="BLAS/OpenMP threads")
    ap.add_argument("--samples", default="*.txt", help="which sample files (a glob in samples/)")
    args = ap.parse_args()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)

    from pathlib import Path

    from eventwire import get_pipeline
    from eventwire.pipeline import PipelineConfig
    from eventwire.reader import read
    from eventwire.records import Article

    samples = Path(__file__).resolve().parents[1] / "samples"
    t0 = time.perf_counter()
    pipeline = get_pipeline(PipelineConfig(batch_size=args.batch_size))
    load = time.perf_counter() - t0
    base = [a for a in read(sorted(samples.glob(args.samples))) if isinstance(a, Article)]
    list(pipeline.pipe([a.model_copy(deep=True) for a in base]))  # warm-up (lazy data files)
    articles = [a.model_copy(deep=True) for _ in range(args.repeat) for a in base]
    words = sum(len(a.text.split()) for a in articles)
    t0 = time.perf_counter()
    out = list(pipeline.pipe(articles))
    took = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pipeline load:     {load:6.2f} s")
    print(f"articles:          {len(out)} ({words} words) in {took:.2f} s")
    print(f"speed:             {len(out) / took:8.1f} articles/s, {words / took:8.0f} words/s")
    print(f"events / quotes:   {sum(len(a.events) for a in out)} / {sum(len(a.quotes) for a in out)}")
    print(f"peak memory (RSS): {rss_mb:6.0f} MB")


if __name__ == "__main__":
    main()
