"""The crash test: ``eventwire ingest`` killed with SIGKILL at random points, then resumed.

Builds a folder of articles (copies of samples/), ingests it once undisturbed into a reference
store, then ``--kills`` times starts an ingest into a second store and kills it (``kill -9``)
after a random delay.  After every kill the store must hold only whole articles (each article's
rows in every table, no duplicates); at the end one ingest runs to completion and the store must
equal the reference exactly.  Prints the figures; exits 1 on any violation.

    .venv/bin/python scripts/crash_test.py [--kills 35] [--copies 8] [--seed 0]
"""
from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
CONTENT = ("entities", "mentions", "quotes", "events", "times")


def ingest(src: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "eventwire", "ingest", str(src), "--db", str(db),
                             "--batch-size", "2", "--quiet"], stderr=subprocess.DEVNULL)


def violations(db: Path) -> list[str]:
    """Partial or duplicated articles in the store."""
    if not db.exists():
        return []
    bad = []
    with duckdb.connect(str(db), read_only=True) as con:
        n, distinct = con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()
        if n != distinct:
            bad.append(f"{n - distinct} duplicate articles")
        for table, column in (("entities", "n_entities"), ("quotes", "n_quotes"), ("events", "n_events")):
            wrong = con.execute(f"""SELECT count(*) FROM articles a WHERE a.{column} !=
                                    (SELECT count(*) FROM {table} t WHERE t.article_id = a.id)""").fetchone()[0]
            if wrong:
                bad.append(f"{wrong} articles with missing or extra {table}")
        for table in CONTENT:
            orphans = con.execute(f"SELECT count(*) FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0]
            if orphans:
                bad.append(f"{orphans} {table} rows without their article")
    return bad


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, without the time of ingestion."""
    with duckdb.connect(str(db), read_only=True) as con:
        out = {"articles": sorted(con.execute("SELECT id, record FROM articles").fetchall())}
        for table in CONTENT:
            out[table] = sorted(map(repr, con.execute(f"SELECT * FROM {table}").fetchall()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=35)
    ap.add_argument("--copies", type=int, default=8, help="copies of each sample article")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="eventwire-crash-"))
    src = tmp / "articles"
    src.mkdir()
    for i in range(args.copies):
        for s in sorted((REPO / "samples").glob("*.txt")):
            (src / f"{i:03d}-{s.name}").write_text(s.read_text(encoding="utf-8") + f"\n\nKopi {i}.", encoding="utf-8")
    reference, crashed = tmp / "reference.duckdb", tmp / "crashed.duckdb"
    t0 = time.perf_counter()
    assert ingest(src, reference).wait() == 0, "the reference ingest failed"
    full = time.perf_counter() - t0
    failures, partial_counts = [], []
    for k in range(args.kills):
        p = ingest(src, crashed)
        time.sleep(rng.uniform(0.5, full))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
        p.wait()
        problems = violations(crashed)
        failures += [f"after kill {k + 1}: {x}" for x in problems]
        with duckdb.connect(str(crashed), read_only=True) as con:
            partial_counts.append(con.execute("SELECT count(*) FROM articles").fetchone()[0])
    assert ingest(src, crashed).wait() == 0, "the resumed ingest failed"
    failures += [f"after resuming: {x}" for x in violations(crashed)]
    if snapshot(crashed) != snapshot(reference):
        failures.append("the resumed store differs from the reference")
    print(f"articles: {len(list(src.iterdir()))}; one full ingest: {full:.1f} s; kills: {args.kills}; "
          f"articles stored when killed: min {min(partial_counts)}, max {max(partial_counts)}")
    print(f"violations: {len(failures)}" + "".join(f"\n  {f}" for f in failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
