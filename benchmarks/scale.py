"""Benchmark: all cores (and Spark) on a corpus of N articles; prints the figures of issue 15.

Builds a JSON Lines corpus of ``--articles`` articles (the samples and, where ../shared is
there, NorNE dev documents of 10 sentences, repeated with their own ids and a small edit each),
then prints, in one run:

- articles/s and words/s of the bare spaCy model (``nlp.pipe``, ``n_process`` = workers) and of
  the full eventwire pipeline (``eventwire.parallel.process``), for each ``--workers`` count;
- peak memory (RSS) of the main process and of the largest worker;
- the time of ``eventwire ingest`` of the corpus into a new DuckDB store (dedup included);
- peak RSS of the full pipeline for each of ``--memory-sizes`` articles (flat = constant memory);
- with ``--spark``, the throughput of ``eventwire.spark.extract`` on ``local[2]``.

Each measurement runs in a fresh process, so peaks do not carry over.  Every timing includes
starting the workers and loading the model in them (in the main process for one worker).

    nice -n 10 .venv/bin/python benchmarks/scale.py [--articles 2000] [--workers 1,2]
        [--memory-sizes 1000,20000] [--spark]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EDITS = ("", " Saken oppdateres.", " (NTB)", " Flere detaljer kommer.")


def base_texts() -> list[str]:
    from eventwire.corpus import sentences_text, shared_dir
    from eventwire.reader import Rejected, read

    texts = [a.text for a in read([REPO / "samples"]) if not isinstance(a, Rejected)]
    if shared_dir() is not None:
        from eventwire.corpus import read_sentences
        from eventwire.nlp.training import DEFAULT_DEV

        sents = read_sentences(Path(DEFAULT_DEV))
        texts += [sentences_text(sents[i:i + 10])[0] for i in range(0, min(len(sents), 2000), 10)]
    return texts


def write_corpus(n: int, path: Path) -> Path:
    """``n`` articles as JSON Lines, written one at a time."""
    texts = base_texts()
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            text = texts[i % len(texts)] + EDITS[(i // len(texts)) % len(EDITS)]
            f.write(json.dumps({"id": f"bench-{i}", "text": text, "published": "2024-03-14"}, ensure_ascii=False) + "\n")
    return path


def peaks() -> dict[str, float]:
    """Peak RSS of this process and of its largest worker, and the CPU seconds of both (all
    workers together): on a machine shared with other work, CPU time is the steadier figure."""
    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"rss_main_mb": me.ru_maxrss / 1024, "rss_worker_mb": workers.ru_maxrss / 1024,
            "cpu_seconds": me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime}


def measure(kind: str, corpus: Path, workers: int) -> dict:
    """One measurement (run in its own process by :func:`child`)."""
    from eventwire.reader import Rejected, read

    t0 = time.perf_counter()
    n = words = 0
    if kind == "bare":
        from eventwire.nlp import load_model

        texts = [a.text for a in read([corpus]) if not isinstance(a, Rejected)]
        nlp = load_model()
        for doc in nlp.pipe(texts, batch_size=32, n_process=workers):
            n += 1
            words += len(doc.text.split())
    elif kind == "full":
        from eventwire.parallel import process
        from eventwire.pipeline import PipelineConfig

        for item in process((a for a in read([corpus]) if not isinstance(a, Rejected)), PipelineConfig(), workers):
            n += 1
            words += len(item.text.split()) if not isinstance(item, Rejected) else 0
    elif kind == "spark":
        from eventwire.spark import extract, session

        spark = session(f"local[{workers}]", "eventwire-bench")
        t0 = time.perf_counter()  # the session's start is not the job's
        with tempfile.TemporaryDirectory() as tmp:
            n = extract(str(corpus), Path(tmp) / "out", spark=spark)["articles"]
        words = sum(len(json.loads(line)["text"].split()) for line in corpus.open(encoding="utf-8"))
        spark.stop()
    took = time.perf_counter() - t0
    return {"articles": n, "words": words, "seconds": took, **peaks()}


def child(kind: str, corpus: Path, workers: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--measure", kind, "--corpus", str(corpus), "--workers", str(workers)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def rate(r: dict) -> str:
    return (f"{r['articles'] / r['seconds']:7.1f} articles/s {r['words'] / r['seconds']:8.0f} words/s  "
            f"{r['words'] / r['cpu_seconds']:6.0f} words per CPU second  peak RSS main {r['rss_main_mb']:5.0f} MB, largest worker {r['rss_worker_mb']:5.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000, help="corpus size for the speed figures")
    ap.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    ap.add_argument("--memory-sizes", default="1000,20000", help="corpus sizes for the memory figure ('' to skip)")
    ap.add_argument("--spark", action="store_true", help="also time eventwire.spark.extract on local[2]")
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, Path(args.corpus), int(args.workers))))
        return
    counts = [int(w) for w in args.workers.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(args.articles, Path(tmp) / "corpus.jsonl")
        print(f"corpus: {args.articles} articles, {corpus.stat().st_size / 1e6:.1f} MB", flush=True)
        full = {}
        for w in counts:
            bare = child("bare", corpus, w)
            full[w] = child("full", corpus, w)
            ratio = (full[w]["words"] / full[w]["seconds"]) / (bare["words"] / bare["seconds"])
            cpu_ratio = bare["cpu_seconds"] / full[w]["cpu_seconds"]
            print(f"bare spaCy,  {w} worker(s): {rate(bare)}", flush=True)
            print(f"eventwire,   {w} worker(s): {rate(full[w])}  (= {ratio:.2f} x bare spaCy; "
                  f"{cpu_ratio:.2f} x in CPU time)", flush=True)
        if len(counts) > 1:
            a, b = counts[0], counts[-1]
            speedup = (full[b]["articles"] / full[b]["seconds"]) / (full[a]["articles"] / full[a]["seconds"])
            print(f"speed-up {b} workers over {a}: {speedup:.2f} x", flush=True)
        db = Path(tmp) / "bench.duckdb"
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "eventwire", "ingest", str(corpus), "--db", str(db), "--quiet",
                        "--workers", str(counts[-1])], check=True)
        print(f"ingest ({counts[-1]} workers, into a new store, dedup included): {time.perf_counter() - t0:.1f} s "
              f"for {args.articles} articles", flush=True)
        if args.spark:
            print(f"spark local[2]:             {rate(child('spark', corpus, 2))}", flush=True)
        for size in [int(s) for s in args.memory_sizes.split(",") if s]:
            big = write_corpus(size, Path(tmp) / f"memory-{size}.jsonl")
            r = child("full", big, counts[-1])
            print(f"memory, {size:6d} articles, {counts[-1]} workers: peak RSS main {r['rss_main_mb']:.0f} MB, "
                  f"largest worker {r['rss_worker_mb']:.0f} MB ({r['seconds']:.0f} s)", flush=True)
            big.unlink()


if __name__ == "__main__":
    main()
