"""Event confidence: calibrated from the rule score, and the reliability table that checks it."""
from __future__ import annotations

import math

import pytest

from eventwire.evaluate import reliability
from eventwire.events import calibrated, load_lexicon


def test_reliability_table_bins_and_expected_calibration_error():
    hits = [(0.9, True), (0.9, False), (0.85, True), (0.1, False)]
    table = reliability(hits, edges=(0.0, 0.5, 1.0001))
    assert [(b["events"], b["right"]) for b in table["bins"]] == [(1, 0.0), (3, round(2 / 3, 3))]
    low, high = table["bins"]
    assert low["confidence"] == 0.1 and high["confidence"] == round((0.9 + 0.9 + 0.85) / 3, 3)
    expected = 1 / 4 * 0.1 + 3 / 4 * abs(2 / 3 - (0.9 + 0.9 + 0.85) / 3)
    assert table["ece"] == pytest.approx(expected, abs=1e-3)


def test_calibration_is_a_monotone_probability():
    lex = load_lexicon("nb")
    cal = lex.words["calibration"]
    assert cal["slope"] > 0 and cal["fitted_on"] == "corpus/events/train"
    values = [calibrated(s / 20, lex) for s in range(21)]
    assert all(0.0 < v < 1.0 for v in values)
    assert values == sorted(values) and values[0] < values[-1]


def test_events_carry_their_score_and_its_calibrated_confidence(extract):
    a = extract("Evan Gershkovich ble arrestert av FSB i Jekaterinburg.")
    [e] = [e for e in a.events if e.type == "COERCE"]
    cal = load_lexicon("nb").words["calibration"]
    assert e.score is not None
    expected = 1 / (1 + math.exp(-(cal["slope"] * e.score + cal["intercept"])))
    assert e.confidence == pytest.approx(expected, abs=1e-3)
