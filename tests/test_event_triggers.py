"""The trained trigger detector: features, the decision rule, fitting, saving and loading, and
the events stage with a model (built here from a few hand-made sentences: no shipped model)."""
from __future__ import annotations

import numpy as np
import pytest

from eventwire.events import extract_events
from eventwire.events.lexicon import load_lexicon
from eventwire.events.triggers import NONE, TriggerModel, candidates, decide, features, fit

SENTENCES = [
    ("Politiet pågrep tre menn i Oslo.", "pågrep", "COERCE"),
    ("Russland angrep byen i natt.", "angrep", "ASSAULT"),
    ("Regjeringen kritiserte selskapet.", "kritiserte", "ACCUSE"),
    ("Ministeren møtte fagforeningen.", "møtte", "CONSULT"),
]


@pytest.fixture(scope="module")
def analysed(pipeline):
    from eventwire import extract
    from eventwire.pipeline import Pipeline, PipelineConfig
    from eventwire.reader import make_article

    upstream = Pipeline(PipelineConfig(stages=("language", "nlp", "entities", "times", "quotes")))
    articles = [make_article(text, "<test>", language="nb", published="2024-03-14") for text, _, _ in SENTENCES * 3]
    return list(upstream.analyse(articles))


def _examples(analysed):
    lex = load_lexicon("nb")
    feats, labels = [], []
    for a, (_, word, typ) in zip(analysed, SENTENCES * 3):
        for t in candidates(a.doc):
            feats.append(features(t, a.article, lex))
            labels.append(typ if t.text == word else NONE)
    return feats, labels


def test_features_describe_form_syntax_and_the_lexicon(analysed):
    a = analysed[0]
    [tok] = [t for t in a.doc if t.text == "pågrep"]
    fs = features(tok, a.article, load_lexicon("nb"))
    assert "f=pågrep" in fs and "lex=COERCE" in fs and any(f.startswith("ce=nsubj_") for f in fs)
    assert all(t.pos_ != "PROPN" for t in candidates(a.doc))


def test_fit_learns_the_training_sentences_and_round_trips(analysed, tmp_path):
    feats, labels = _examples(analysed)
    model = fit(feats, np.zeros((len(feats), 0), np.float32), labels, min_count=1, epochs=60)
    probs = model.probabilities(feats, np.zeros((len(feats), 0), np.float32))
    predicted = [model.labels[int(r.argmax())] for r in probs]
    assert sum(p == g for p, g in zip(predicted, labels)) / len(labels) > 0.95
    model.threshold, model.veto = 0.4, 0.97
    model.save(tmp_path / "m")
    again = TriggerModel.load(tmp_path / "m")
    assert (again.threshold, again.veto) == (0.4, 0.97) and again.vocab == model.vocab
    assert np.abs(again.probabilities(feats, np.zeros((len(feats), 0))) - probs).max() < 1e-2


def test_the_decision_rule():
    model = TriggerModel(labels=("O", "ACCUSE", "ASSAULT"), vocab={}, weights=np.zeros((0, 3)),
                         dense=np.zeros((0, 3)), bias=np.zeros(3), threshold=0.5, veto=0.9)
    assert decide(np.array([0.5, 0.1, 0.4]), "ASSAULT", model)[0] == "ASSAULT"  # the lexicon stands
    assert decide(np.array([0.95, 0.05, 0.0]), "ASSAULT", model) is None  # the model is sure it is no event
    assert decide(np.array([0.3, 0.6, 0.1]), None, model)[0] == "ACCUSE"  # the model adds a trigger
    assert decide(np.array([0.6, 0.3, 0.1]), None, model) is None


def test_the_events_stage_uses_a_model(analysed):
    feats, labels = _examples(analysed)
    model = fit(feats, np.zeros((len(feats), 0), np.float32), labels, min_count=1, epochs=60)
    model.threshold, model.veto = 0.5, 0.5
    a = analysed[1]
    found = extract_events(a.article, a.doc, model)
    assert [e.type for e in found] == ["ASSAULT"]
    model.veto = 0.0  # the model vetoes every lexicon trigger and adds none
    model.threshold = 1.01
    assert extract_events(a.article, a.doc, model) == []


def test_train_events_end_to_end_on_a_few_corpus_documents(shared, tmp_path):
    from eventwire.event_corpus import corpus_files
    from eventwire.events.training import train_events

    train, dev = corpus_files("train")[:3], corpus_files("dev")[:2]
    model, report = train_events(train, dev, tmp_path / "events_nb", epochs=5, progress=lambda _: None)
    assert report["train_documents"] == 3 and report["dev_documents"] == 2 and report["train_triggers"] > 0
    assert "dev_tokens_lexicon_only" in report and 0.0 <= report["dev_tokens"]["f1"] <= 1.0
    again = TriggerModel.load(tmp_path / "events_nb")
    assert again.vocab == model.vocab and again.meta["report"]["settings"]["epochs"] == 5


def test_an_unknown_detector_is_refused():
    from eventwire.pipeline import Pipeline, PipelineConfig

    with pytest.raises(ValueError, match="event_detector"):
        Pipeline(PipelineConfig(event_detector="magic"))


def test_lexicon_guesses_are_remembered_within_a_bounded_cache(analysed, monkeypatch):
    from eventwire.events import lexicon as lexicon_module

    lex = load_lexicon("nb")
    [tok] = [t for t in analysed[0].doc if t.text == "pågrep"]
    fresh = lexicon_module._guesses(tok.text.lower(), tok.lemma_.lower(), lex)
    assert lexicon_module._keys(tok, lex) == fresh and "pågripe" in fresh
    monkeypatch.setattr(lexicon_module, "_KEY_CACHE_SIZE", 3)
    lex.key_cache.clear()
    for t in analysed[1].doc:
        lexicon_module._keys(t, lex)
    assert len(lex.key_cache) <= 3
    assert lexicon_module.match(tok, lex).type == "COERCE"  # the same answer, asked twice
    assert lexicon_module.match(tok, lex) is lexicon_module.match(tok, lex)
