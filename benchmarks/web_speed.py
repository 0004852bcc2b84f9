"""Benchmark: the REST API and the web UI over a store of 100,000+ events.

Fills a fresh store with synthetic records built from the sample articles (each run through
the real pipeline once, then copied with new ids, dates spread over two years, event types
rotated and every event repeated a few times within its article), then times requests through
the whole app in process (routing, SQL, JSON or HTML): the event list's first page, its page
1,000 (keyset: reached by following ``next``), the timeline aggregate and the article view.
Prints p50/p95 per request in milliseconds.  Not a test: run it by hand and quote its figures.

    .venv/bin/python benchmarks/web_speed.py [--events 100000] [--repeat 50] [--db FILE]
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import warnings
from datetime import date, timedelta
from pathlib import Path

PER_ARTICLE = 4  # each event of a copied article appears this many times (new ids, same spans)
PAGE = 50


def shifted(value: str | None, days: int) -> str | None:
    """A day-precision ISO date moved by ``days``; coarser or missing dates are kept."""
    if not value or len(value) < 10:
        return value
    return (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat() + value[10:]


def synthetic(base: list, n_events: int):
    """Copies of the base records until they hold at least ``n_events`` events."""
    from eventwire.records import PLOVER_TYPES

    per_round = sum(len(a.events) for a in base) * PER_ARTICLE
    rounds = -(-n_events // per_round)
    for i in range(rounds):
        for a in base:
            days = (i * 7) % 730 - 365
            events = []
            for k in range(PER_ARTICLE):
                for v in a.events:
                    typ = PLOVER_TYPES[(PLOVER_TYPES.index(v.type) + i + k) % len(PLOVER_TYPES)]
                    events.append(v.model_copy(update={
                        "id": f"{v.id}-{k}", "type": typ, "mode": v.mode if typ == v.type else None,
                        "date": shifted(v.date, days)}))
            yield a.model_copy(update={
                "id": f"{a.id}-{i:05d}", "published": shifted(a.published, days), "events": events,
                "times": [t.model_copy(update={"value": shifted(t.value, days)}) for t in a.times]})


def fill(path: Path, n_events: int) -> int:
    from eventwire import get_pipeline
    from eventwire.reader import read
    from eventwire.records import Article
    from eventwire.store import Store

    samples = Path(__file__).resolve().parents[1] / "samples"
    base = list(get_pipeline().pipe(a for a in read([samples]) if isinstance(a, Article)))
    batch = []
    with Store(path) as store:
        for article in synthetic(base, n_events):
            batch.append(article)
            if len(batch) == 1000:
                store.ingest(batch)
                batch = []
        store.ingest(batch)
        return store.counts()["events"]


def timed(client, urls: dict[str, object], repeat: int) -> dict[str, list[float]]:
    """Milliseconds per request for each named URL (a string, or a function giving one).  The
    URLs take turns, so that a busy moment of the machine falls on all of them alike."""
    out: dict[str, list[float]] = {name: [] for name in urls}
    for i in range(repeat + 3):  # the first three rounds warm up
        for name, url in urls.items():
            url = url() if callable(url) else url
            t0 = time.perf_counter()
            r = client.get(url)
            if i >= 3:
                out[name].append((time.perf_counter() - t0) * 1000)
            if r.status_code != 200:
                raise SystemExit(f"{url} answered {r.status_code}: {r.text[:300]}")
    return out


def report(name: str, ms: list[float]) -> None:
    q = statistics.quantiles(ms, n=100, method="inclusive")
    print(f"  {name:<46} p50 {q[49]:7.1f} ms   p95 {q[94]:7.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000, help="at least this many events in the store")
    ap.add_argument("--repeat", type=int, default=50, help="timed requests per measurement")
    ap.add_argument("--db", type=Path, help="fill this store file (default: a temporary one, removed after)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        path = args.db or Path(tmp) / "bench.duckdb"
        if path.exists():
            path.unlink()
        t0 = time.perf_counter()
        n = fill(path, args.events)
        print(f"store: {n:,} events in {path} (filled in {time.perf_counter() - t0:.0f} s)")

        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*httpx2.*")
            from fastapi.testclient import TestClient
        from eventwire.web import create_app

        with TestClient(create_app(path)) as client:
            after, t0 = None, time.perf_counter()
            for _ in range(999):  # follow `next` to page 1,000
                after = client.get("/api/events", params={"limit": PAGE, **({"after": after} if after else {})}).json()["next"]
            walk = (time.perf_counter() - t0) / 999 * 1000
            ids = [a["id"] for a in client.get("/api/articles", params={"limit": 500}).json()["items"]]
            rng = random.Random(14)
            print(f"requests through the app in process, {args.repeat} timed each, taking turns "
                  f"(walking pages 1-999 took {walk:.1f} ms a page on average):")
            results = timed(client, {
                "GET /api/events (page 1)": f"/api/events?limit={PAGE}",
                "GET /api/events (page 1,000, keyset)": f"/api/events?limit={PAGE}&after={after}",
                "GET /api/aggregates/timeline (week, by type)": "/api/aggregates/timeline?interval=week",
                "GET /articles/ID (article view, HTML)": lambda: f"/articles/{rng.choice(ids)}",
                "GET /events (explorer page, HTML)": "/events",
                "GET /timeline (both charts by month, HTML)": "/timeline",
            }, args.repeat)
            for name, ms in results.items():
                report(name, ms)


if __name__ == "__main__":
    main()
