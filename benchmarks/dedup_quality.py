"""Measure dedup and event clustering on the stories written for the tests (tests/data/dedup)
and the samples: near-duplicates found, and distinct events wrongly merged.

The truth is in the ids: the five ``wire-*`` articles are one story (one group, and their
meeting one event); every other article is a story of its own, so any cluster or group that
joins two stories is a wrong merge.

    .venv/bin/python benchmarks/dedup_quality.py
"""
from __future__ import annotations

import tempfile
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def story(article_id: str) -> str:
    return "wire" if article_id.startswith("wire-") else article_id


def main() -> None:
    from eventwire import get_pipeline
    from eventwire.reader import read
    from eventwire.store import Store

    articles = list(get_pipeline().pipe(read([REPO / "tests" / "data" / "dedup", REPO / "samples"])))
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "dedup.duckdb") as store:
        store.ingest(articles)
        store.recluster()
        groups = store.duplicate_groups()
        clusters = store.mentions_of_clusters()
    ids = [a.id for a in articles]
    true_pairs = {p for p in combinations(sorted(ids), 2) if story(p[0]) == story(p[1])}
    found_pairs = {p for members in groups.values() for p in combinations(sorted(members), 2)}
    members: dict[str, set[str]] = {}
    for (article_id, _), c in clusters.items():
        members.setdefault(c.id, set()).add(article_id)
    wrong = [c for c, arts in members.items() if len({story(a) for a in arts}) > 1]
    wire_events = {c.id for (a, _), c in clusters.items() if story(a) == "wire"}
    print(f"articles: {len(ids)}; near-duplicate pairs: {len(found_pairs & true_pairs)} of {len(true_pairs)} found, "
          f"{len(found_pairs - true_pairs)} wrong")
    print(f"events: {len(clusters)} in {len(members)} clusters; clusters that merge distinct stories: {len(wrong)}")
    top = max(members.values(), key=len)
    print(f"the wire story's meeting: one cluster of {len(top)} articles "
          f"({len(wire_events)} clusters hold the wire articles' events)")


if __name__ == "__main__":
    main()
