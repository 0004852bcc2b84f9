"""Packaging and merging trained pipelines (with small untrained pipelines built here)."""
import spacy

import eventwire.nlp  # noqa: F401
from eventwire.nlp.training import make_time_cap, merge_models, package_model, TrainingTimeUp


def test_package_model_replaces_and_keeps_card(tmp_path):
    src = tmp_path / "src"
    nlp = spacy.blank("nb")
    nlp.add_pipe("eventwire_newline_sents")
    nlp.to_disk(src)
    (src / "__pycache__").mkdir()
    dst = tmp_path / "models" / "nb_test"
    package_model(src, dst)
    (dst / "MODEL_CARD.md").write_text("card", encoding="utf-8")
    package_model(src, dst)
    assert (dst / "MODEL_CARD.md").read_text(encoding="utf-8") == "card"
    assert not (dst / "__pycache__").exists()
    assert spacy.load(dst).pipe_names == ["eventwire_newline_sents"]
    assert sorted(p.name for p in dst.parent.iterdir()) == ["nb_test"]  # no temp dirs left


def test_merge_models_keeps_order(tmp_path):
    a = spacy.blank("nb")
    a.add_pipe("eventwire_newline_sents")
    a.to_disk(tmp_path / "a")
    b = spacy.blank("nb")
    b.add_pipe("eventwire_ner_consistency")
    b.to_disk(tmp_path / "b")
    merge_models([tmp_path / "a", tmp_path / "b"], tmp_path / "m")
    assert spacy.load(tmp_path / "m").pipe_names == ["eventwire_newline_sents",
                                                     "eventwire_ner_consistency"]


def test_time_cap():
    import pytest

    make_time_cap(0)(None, {"step": 1})  # 0 = no cap
    import time

    cap = make_time_cap(0.05)
    cap(None, {"step": 0})
    time.sleep(0.1)
    with pytest.raises(TrainingTimeUp):
        cap(None, {"step": 1})
