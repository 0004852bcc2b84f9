"""Event confidence: the trained confidence model, the rule score's calibration it falls back
on, and the reliability table that checks them."""
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


SENTENCE = "Evan Gershkovich ble arrestert av FSB i Jekaterinburg."


def test_without_the_model_the_confidence_is_the_calibrated_rule_score():
    import eventwire
    from eventwire.pipeline import Pipeline, PipelineConfig

    a = eventwire.extract(SENTENCE, published="2024-03-14", language="nb",
                          pipeline=Pipeline(PipelineConfig(event_confidence=False)))
    [e] = [e for e in a.events if e.type == "COERCE"]
    cal = load_lexicon("nb").words["calibration"]
    assert e.score is not None
    expected = 1 / (1 + math.exp(-(cal["slope"] * e.score + cal["intercept"])))
    assert e.confidence == pytest.approx(expected, abs=1e-3)


def test_the_shipped_model_gives_the_confidence(extract):
    from eventwire.events.confidence import load_confidence_model

    model = load_confidence_model("nb")
    assert model is not None and 0.0 <= model.threshold < 1.0
    assert model.meta["dev_auc"] > 0.6 and model.meta["train_events"] > 300
    a = extract(SENTENCE)
    [e] = [e for e in a.events if e.type == "COERCE"]
    assert model.threshold <= e.confidence < 1.0
    assert e.confidence != pytest.approx(calibrated(e.score, load_lexicon("nb")), abs=1e-3)
    assert [a.entity(i).country for i in e.actor] == ["RUS"]  # FSB is a known actor


def test_fit_learns_what_marks_a_right_event_and_round_trips(tmp_path):
    from eventwire.events.confidence import ConfidenceModel, fit

    feats = [["type=ASSAULT", "actor_country=True"]] * 8 + [["type=ASSAULT", "actor=none"]] * 8
    labels = [True] * 7 + [False] + [False] * 7 + [True]
    model = fit(feats, labels, l2=0.1, min_count=1)
    good, bad = model.probability(feats[0]), model.probability(feats[-1])
    assert good > 0.7 and bad < 0.3
    model.threshold = 0.5
    model.save(tmp_path / "m")
    again = ConfidenceModel.load(tmp_path / "m")
    assert again.threshold == 0.5 and again.probability(feats[0]) == pytest.approx(good, abs=1e-4)


def test_events_below_the_threshold_are_dropped_and_the_rest_renumbered(analysed_sentence):
    from eventwire.events import extract_events
    from eventwire.events.confidence import ConfidenceModel

    article, doc = analysed_sentence
    keep_all = extract_events(article, doc, confidence=ConfidenceModel({}, 0.0, threshold=0.0))
    assert keep_all and all(e.confidence == 0.5 for e in keep_all)
    assert [e.id for e in keep_all] == [f"v{n}" for n in range(1, len(keep_all) + 1)]
    assert extract_events(article, doc, confidence=ConfidenceModel({}, 0.0, threshold=0.6)) == []


@pytest.fixture
def analysed_sentence(pipeline):
    from eventwire.pipeline import Pipeline, PipelineConfig
    from eventwire.reader import make_article

    upstream = Pipeline(PipelineConfig(stages=("language", "nlp", "entities", "times", "quotes")))
    [a] = upstream.analyse([make_article(SENTENCE + " Politiet pågrep tre menn i Oslo.", "<test>",
                                         language="nb", published="2024-03-14")])
    return a.article, a.doc
