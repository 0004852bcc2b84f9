"""The English gold set (gold-en/): its test part is frozen, and the pipeline keeps its scores.

The checksums in ``gold-en/test.sha256`` were written when the test documents were annotated,
before any tuning; a changed, added or removed test file fails here.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

GOLD_EN = Path(__file__).resolve().parents[1] / "gold-en"


def _checksums() -> dict[str, str]:
    lines = (GOLD_EN / "test.sha256").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split() for line in lines if line.strip())}


def test_the_frozen_test_part_is_unchanged():
    pinned = _checksums()
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (GOLD_EN / "test").glob("*.expected.json")}
    assert len(pinned) >= 10
    assert set(found) == set(pinned), f"test files added or removed: {sorted(set(found) ^ set(pinned))}"
    changed = sorted(name for name in pinned if found[name] != pinned[name])
    assert not changed, f"frozen test files changed: {changed}"


def test_the_gold_set_has_twenty_documents_split_by_document(shared):
    from eventwire.gold import find_gold, load_gold

    docs = {split: [load_gold(p) for p in find_gold([GOLD_EN / split])] for split in ("dev", "test")}
    assert len(docs["dev"]) + len(docs["test"]) >= 20
    texts = {split: {d.text for d in ds} for split, ds in docs.items()}
    assert not texts["dev"] & texts["test"], "a document is in both dev and test"
    assert all(d.language == "en" for ds in docs.values() for d in ds)


#: the scores on gold-en/test when it was first measured (gold-en/README.md), less a margin
TEST_FLOORS = {"entities": ("recall", 0.65), "entities_untyped": ("recall", 0.85),
               "times": ("recall", 0.95), "quotes": ("recall", 0.6), "quote_kind": ("accuracy", 0.95)}


def test_the_english_pipeline_keeps_its_scores_on_the_test_part(shared, pipeline):
    from eventwire.evaluate import evaluate

    report = evaluate([GOLD_EN / "test"], pipeline=pipeline)
    assert not [d.name for d in report.documents if d.error]
    for field, (measure, floor) in TEST_FLOORS.items():
        score = getattr(report.fields[field], measure)
        assert score >= floor, f"{field} {measure} {score:.3f} < {floor}"
