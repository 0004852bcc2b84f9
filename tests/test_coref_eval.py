"""Coreference scoring: the three metrics on the textbook example, the NARC split, alignment
of eventwire's mentions to NARC markables, and a real run on a few NARC documents."""
from __future__ import annotations

import pytest

from eventwire.coref_eval import b_cubed, ceaf_e, evaluate_coref, gold_clusters, muc, narc_documents, narc_split, system_clusters
from eventwire.event_corpus import narc_markables, narc_text
from eventwire.records import Entity, Span

KEY = [frozenset({1, 2, 3, 4, 5}), frozenset({6, 7}), frozenset({8, 9, 10, 11, 12})]
RESPONSE = [frozenset({1, 2, 3, 4, 5}), frozenset({6, 7, 8, 9, 10, 11, 12})]


def test_metrics_on_the_textbook_example():
    assert (muc(KEY, RESPONSE).recall, muc(KEY, RESPONSE).precision) == (1.0, 0.9)
    b3 = b_cubed(KEY, RESPONSE)
    assert b3.recall == 1.0 and b3.precision == pytest.approx(64 / 84)
    ce = ceaf_e(KEY, RESPONSE)
    assert ce.recall == pytest.approx((1 + 10 / 12) / 3) and ce.precision == pytest.approx((1 + 10 / 12) / 2)
    perfect = [m.f1 for m in (muc(KEY, KEY), b_cubed(KEY, KEY), ceaf_e(KEY, KEY))]
    assert perfect == [1.0, 1.0, 1.0]
    assert ceaf_e(KEY, []).f1 == 0.0


def test_splits_follow_norne(shared):
    assert narc_split("bokmaal/ap~20090112-2862477.txt") == "test"
    assert narc_split("bokmaal/ap~20081210-1564010.txt") == "dev"
    test = narc_documents("bokmaal", "test")
    assert len(test) == 34 and "bokmaal/ap~20090112-2862477.txt" in test


def test_mentions_align_to_the_smallest_narc_markable(shared):
    file = "bokmaal/ap_20011210-242954.txt"
    doc = narc_text(file)
    annan = next(c for c in gold_clusters(file) if any(doc.words(m) == "Kofi Annan" for m in c))
    starts = [i for i in range(len(doc.text)) if doc.text.startswith("Kofi Annan", i)][:3]
    assert len(starts) >= 2
    entity = Entity(id="e1", name="Kofi Annan", type="PER",
                    mentions=[Span.of(doc.text, i, i + len("Kofi Annan")) for i in starts])
    [cluster] = system_clusters(doc, [entity], narc_markables(file))
    assert len(cluster) >= 2 and cluster <= annan  # "Kofi Annan , som ble valgt …" is one markable
    lone = entity.model_copy(update={"mentions": entity.mentions[:1]})
    assert system_clusters(doc, [lone], narc_markables(file)) == []  # one mention is no cluster


def test_a_real_run_scores_between_zero_and_one(shared):
    report = evaluate_coref(narc_documents("bokmaal", "test")[:2])
    assert report.documents == 2 and 0.0 < report.conll_f1 < 1.0
    assert report.muc.rd > 0 and report.b_cubed.pd > 0
