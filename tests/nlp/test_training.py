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


def test_shipped_recipe_names_existing_configs_and_ner_voters():
    from eventwire.nlp.training import DEFAULT_RECIPE, _is_ner_only, load_recipe

    recipe = load_recipe(DEFAULT_RECIPE)
    assert all(part.config.is_file() for part in recipe.parts)
    voters = [p for p in recipe.parts if p.name in recipe.ner_vote]
    assert len(voters) == 3 and all(_is_ner_only(p.config) for p in voters)
    assert len({tuple(sorted(p.overrides.items())) for p in voters}) == 3  # members differ


def test_recipe_vote_must_name_parts(tmp_path):
    import pytest

    from eventwire.nlp.training import load_recipe

    (tmp_path / "r.yaml").write_text("parts:\n  a: {config: a.cfg}\nner_vote: [a, b]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="do not exist"):
        load_recipe(tmp_path / "r.yaml")


def test_held_out_nynorsk_documents_are_found(shared):
    from eventwire.nlp.conllu import ndt_dir_to_docs
    from eventwire.nlp.training import held_out_documents

    ndt = shared / "data" / "norne" / "ndt" / "nno"
    ud = shared / "data" / "norne" / "ud" / "nno"
    held = held_out_documents([ud / "no_nynorsk-ud-dev.conllu", ud / "no_nynorsk-ud-test.conllu"], ndt)
    assert 30 < len(held) < 60 and all((ndt / f"{stem}.conll").is_file() for stem in held)
    n_all, n_kept = len(ndt_dir_to_docs(ndt)), len(ndt_dir_to_docs(ndt, exclude=held))
    assert 0 < n_kept < n_all


def test_recipe_trains_parts_in_parallel_and_assembles_the_vote(tmp_path, shared):
    """The whole recipe (parse part + three NER members) on a few NorNE sentences, 4 steps each."""
    from eventwire.nlp.training import DEFAULT_RECIPE, train

    sents = (shared / "data" / "norne" / "ud" / "nob" / "no_bokmaal-ud-dev.conllu").read_text(
        encoding="utf-8").split("\n\n")
    (tmp_path / "train.conllu").write_text("\n\n".join(sents[:60]) + "\n\n", encoding="utf-8")
    (tmp_path / "dev.conllu").write_text("\n\n".join(sents[60:90]) + "\n\n", encoding="utf-8")
    out = train(tmp_path / "model", DEFAULT_RECIPE, tmp_path / "train.conllu", tmp_path / "dev.conllu",
                extra_ner_dirs=(), overrides={"training.max_steps": 4, "training.eval_frequency": 2},
                processes=2)
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["tok2vec", "morphologizer", "trainable_lemmatizer", "eventwire_newline_sents",
                              "parser", "ner", "stash_ner", "ner_b", "eventwire_ner_vote"]
    assert nlp.disabled == ["ner_c"]
    doc = nlp("Statsministeren besøkte Bergen i går.")
    assert len(doc) == 6 and all(t.pos_ for t in doc) and doc.has_annotation("DEP")
    assert not any(p.name.startswith(".") for p in out.parent.iterdir())  # written atomically
    # retraining only the NER members keeps the base model's parse part as it is
    again = train(tmp_path / "model2", DEFAULT_RECIPE, tmp_path / "train.conllu", tmp_path / "dev.conllu",
                  extra_ner_dirs=(), overrides={"training.max_steps": 2, "training.eval_frequency": 2},
                  processes=2, base_model=out)
    assert spacy.load(again).pipe_names == nlp.pipe_names
    assert (again / "parser" / "model").read_bytes() == (out / "parser" / "model").read_bytes()
    assert (again / "ner_b" / "model").read_bytes() != (out / "ner_b" / "model").read_bytes()
