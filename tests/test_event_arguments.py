"""The trained argument scorer (eventwire.events.arguments), through the real pipeline."""
from __future__ import annotations

import pytest

import eventwire
from eventwire.events.arguments import ROLES, ArgumentModel, _path, load_argument_model
from eventwire.pipeline import Pipeline, PipelineConfig

TEXT = "Jonas Gahr Støre ba om et møte med Erna Solberg."


@pytest.fixture(scope="module")
def rules_only():
    return Pipeline(PipelineConfig(argument_scorer=False, event_confidence=False))


@pytest.fixture
def extract(extract_every_event):
    """Every event kept: these tests compare the scorer with the rules, not what the
    confidence model keeps."""
    return extract_every_event


def _requests(article):
    return [e for e in article.events if e.type == "REQUEST"]


def test_a_scorer_ships_with_its_report():
    model = load_argument_model("nb")
    assert model is not None and model.model.labels == ROLES
    report = model.model.meta["report"]
    assert 0.0 < model.threshold < 1.0 and str(model.threshold) in report["dev_events_by_threshold"]
    nynorsk = load_argument_model("nn")  # Nynorsk falls back to Bokmål
    assert nynorsk is not None and nynorsk.model.vocab == model.model.vocab


def test_the_scorer_names_the_recipient_the_rules_miss(extract, rules_only):
    [alone] = _requests(eventwire.extract(TEXT, published="2024-03-14", language="nb", pipeline=rules_only))
    assert alone.recipient == []
    a = extract(TEXT)
    [e] = _requests(a)
    assert [a.entity(i).name for i in e.actor] == ["Jonas Gahr Støre"]
    assert [a.entity(i).name for i in e.recipient] == ["Erna Solberg"]
    assert e.score < 0.9  # a guessed role costs score


@pytest.mark.parametrize("text", [
    # known weakness since people with a Nordic name got a country (2026-12-03): the scorer, trained
    # when most of them had none, now takes a coded "Sylvi Listhaug" for a second actor, not the recipient
    pytest.param("Sylvi Listhaug fikk kraftig kritikk fra Jonas Gahr Støre i går.",
                 marks=pytest.mark.xfail(strict=True, reason="the argument scorer's 'coded' feature; see docs/events.md")),
    "Anklagene mot Sylvi Listhaug kom fra Jonas Gahr Støre."])
def test_the_scorer_names_the_actor_the_rules_miss(extract, rules_only, text):
    alone = eventwire.extract(text, published="2024-03-14", language="nb", pipeline=rules_only)
    assert not any(e.type == "ACCUSE" and e.actor for e in alone.events)
    a = extract(text)
    [e] = [e for e in a.events if e.type == "ACCUSE"]
    assert [a.entity(i).name for i in e.actor] == ["Jonas Gahr Støre"]
    assert [a.entity(i).name for i in e.recipient] == ["Sylvi Listhaug"]
    assert e.score < 0.9


def test_dependency_paths(nlp):
    doc = nlp("Russland angrep Ukraina i natt.")
    verb, subj, obj = doc[1], doc[0], doc[2]
    assert _path(verb, subj) == "vnsubj" and _path(verb, obj) == "vobj"
    assert _path(subj, obj) == "^nsubjvobj"


def test_train_arguments_end_to_end_on_a_few_corpus_documents(shared, tmp_path):
    from eventwire.event_corpus import corpus_files
    from eventwire.events.arguments import train_arguments

    train, dev = corpus_files("train")[:4], corpus_files("dev")[:2]
    model, report = train_arguments(train, dev, tmp_path / "arguments_nb", epochs=5, thresholds=(0.3, 0.6),
                                    actor_thresholds=(0.5,), progress=lambda _: None)
    assert report["train_pairs"] > 0 and report["threshold"] in (0.3, 0.6)
    assert set(report["dev_events_by_threshold"]) == {"0.3", "0.6"}
    assert set(report["dev_events_by_actor_threshold"]) == {"None", "0.5"}
    assert report["actor_threshold"] in (None, 0.5)
    again = ArgumentModel.load(tmp_path / "arguments_nb")
    assert again.model.vocab == model.model.vocab and again.threshold == model.threshold
    assert again.actor_threshold == report["actor_threshold"]
