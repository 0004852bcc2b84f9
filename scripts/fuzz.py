"""The long fuzz run: the reader and the whole pipeline fed generated inputs (hypothesis;
atheris too with --atheris, when it is installed).

Property: nothing but a named one-line refusal stops an input, spans stay exact, every good
line of a JSON Lines file lands.  Prints the inputs tried and the failures found (a failure
stops the run with hypothesis' shrunk example).  Figures go into docs/reliability.md.

    .venv/bin/python scripts/fuzz.py [--reader 100000] [--jsonl 20000] [--pipeline 2000]
    .venv/bin/python scripts/fuzz.py --reader 0 --jsonl 0 --pipeline 0 --atheris 100000
"""
from __future__ import annotations

import argparse
import inspect
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))


def _run(name: str, test, inputs: dict, n: int) -> None:
    """Run a test of tests/test_fuzz.py on ``n`` generated inputs (hypothesis)."""
    from hypothesis import HealthCheck, given, settings

    if n < 1:
        return
    t0 = time.perf_counter()
    tried = 0

    def counted(*args, **kwargs):
        nonlocal tried
        tried += 1
        if tried % 5000 == 0:
            print(f"  {name}: {tried} inputs, {time.perf_counter() - t0:.0f} s", flush=True)
        test(*args, **kwargs)

    counted.__signature__ = inspect.signature(test)
    settings(max_examples=n, deadline=None, database=None,
             suppress_health_check=list(HealthCheck))(given(**inputs)(counted))()
    print(f"{name}: {tried} inputs, 0 failures, {time.perf_counter() - t0:.0f} s", flush=True)


def _atheris(n: int) -> None:
    try:
        import atheris
    except ImportError:
        print("atheris: not installed; skipped")
        return
    import tempfile

    from eventwire.reader import read
    from test_fuzz import check_items

    tmp = Path(tempfile.mkdtemp())
    suffixes = (".txt", ".json", ".jsonl", "")

    def one(data: bytes) -> None:
        p = tmp / f"input{suffixes[len(data) % 4]}"
        p.write_bytes(data)
        check_items(list(read([p])), str(p))

    atheris.instrument_all()  # coverage guidance over what is loaded: run it without --pipeline
    print(f"atheris (reader, raw bytes): {n} runs; libFuzzer reports 'Done {n} runs' at the end, "
          "or the failing input", flush=True)
    atheris.Setup([sys.argv[0], f"-runs={n}", "-max_len=4096"], one)
    atheris.Fuzz()  # exits the process when done


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reader", type=int, default=100_000, help="random files for the reader")
    ap.add_argument("--jsonl", type=int, default=20_000, help="JSON Lines files of good and bad lines")
    ap.add_argument("--pipeline", type=int, default=2_000, help="odd texts through the whole pipeline")
    ap.add_argument("--atheris", type=int, default=0, help="coverage-guided raw-bytes runs (atheris)")
    args = ap.parse_args()

    import test_fuzz as t

    _run("reader (random bytes, odd Unicode, bad JSON)", t.test_the_reader_survives_any_bytes.hypothesis.inner_test,
         t.READER_INPUTS, args.reader)
    _run("JSON Lines (every good line lands)", t.test_every_good_line_of_a_jsonl_file_lands.hypothesis.inner_test,
         t.JSONL_INPUTS, args.jsonl)
    if args.pipeline:
        from eventwire import get_pipeline

        pipeline = get_pipeline()
        inner = t.test_the_pipeline_keeps_spans_exact_on_odd_text.hypothesis.inner_test
        _run("pipeline (odd text and dates, spans exact)", lambda text, published: inner(pipeline, text, published),
             t.PIPELINE_INPUTS, args.pipeline)
    if args.atheris:
        _atheris(args.atheris)


if __name__ == "__main__":
    main()
