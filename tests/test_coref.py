"""Coreference through the real pipeline: pronouns by the trained scorer, reflexives by their
clause's subject, definite descriptions by the last entity of their kind, a quote's "jeg" by its
speaker; the shipped model, its training on NARC, and the rules-versus-model comparison."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from eventwire.resources import MODELS_DIR
from eventwire.coref_model import CLASSES, CorefModel, examples, load_coref_model, pair_features
from eventwire.coref import Cluster, Mention


def _entity_of(article, word: str, nth: int = 0):
    start = [i for i in range(len(article.text)) if article.text.startswith(word, i)][nth]
    return article.entity_at(start, start + len(word))


def test_the_shipped_pronoun_scorer_has_a_card_and_a_dev_threshold():
    model = load_coref_model("nb")
    assert model is not None and 0.0 < model.threshold < 1.0
    meta = json.loads((MODELS_DIR / "coref_nb" / "meta.json").read_text(encoding="utf-8"))
    assert meta["report"]["train_documents"] > 200 and str(model.threshold) in meta["report"]["dev_by_threshold"]
    assert (MODELS_DIR / "coref_nb" / "MODEL_CARD.md").exists()


def test_candidates_are_recent_people_of_a_fitting_gender_latest_first():
    from eventwire.coref import gender_fits
    from eventwire.coref_model import candidates

    kari = Cluster([Mention(0, 9, "Kari Holm", "name", label="PER", sent=2)], gender="female")
    per = Cluster([Mention(20, 29, "Per Hansen", "name", label="PER", sent=2)], gender="male")
    anne = Cluster([Mention(30, 34, "Anne", "name", label="PER", sent=3)])
    old = Cluster([Mention(0, 4, "Lise", "name", label="PER", sent=0)], gender="female")
    oslo = Cluster([Mention(35, 39, "Oslo", "name", label="GPE_LOC", sent=3)])
    p = Mention(40, 43, "hun", "pronoun", gender="female", sent=3)
    assert candidates(p, [old, kari, per, anne, oslo], 2, gender_fits) == [anne, kari]
    probs = load_coref_model("nb").scores(p, [anne, kari])
    assert probs.shape == (2,) and all(0.0 < x < 1.0 for x in probs)


@pytest.mark.parametrize("text, named, anaphor", [
    # a pronoun: the trained scorer
    ("Statsråd Kari Nordmann besøkte skolen i Bergen mandag. Hun sa at elevene fortjener bedre lokaler.",
     "Kari Nordmann", "Hun"),
    # a reflexive: its clause's subject
    ("Ola Hansen meldte seg som kandidat til styret i Fagforbundet i går.", "Ola Hansen", "seg"),
    # a definite description: the last entity of its kind that was a subject
    ("Venstre vil samarbeide med Høyre i Trondheim. Partiet har stilt krav om bedre kollektivtrafikk.",
     "Venstre", "Partiet"),
])
def test_an_anaphor_joins_the_entity_it_refers_to(extract, text, named, anaphor):
    a = extract(text)
    antecedent = _entity_of(a, named)
    assert antecedent is not None and _entity_of(a, anaphor) is antecedent


def test_a_quotes_first_person_pronouns_belong_to_its_speaker(extract):
    a = extract("– Jeg er lei av å vente på svar fra departementet, sier ordfører Kari Holm i Tromsø.")
    [q] = [q for q in a.quotes if q.kind == "direct"]
    holm = a.entity(q.speaker)
    assert holm is not None and holm.name.endswith("Kari Holm")
    assert _entity_of(a, "Jeg") is holm


def test_training_examples_come_from_narc_with_both_labels(shared):
    from eventwire.coref_eval import narc_documents

    feats, labels = examples(narc_documents("bokmaal", "train")[:12])
    assert len(feats) == len(labels) > 20 and set(labels) == set(CLASSES)
    assert all(any(f.startswith("gap=") for f in fs) for fs in feats)


def test_a_scorer_trained_on_narc_ranks_coreferent_pairs_higher(shared, tmp_path):
    from eventwire.coref_eval import narc_documents
    from eventwire.events.triggers import fit

    feats, labels = examples(narc_documents("bokmaal", "train")[:40])
    model = CorefModel(fit(feats, np.zeros((len(feats), 0), np.float32), labels, classes=CLASSES))
    model.save(tmp_path / "m")
    again = CorefModel.load(tmp_path / "m")
    probs = again.model.probabilities(feats, np.zeros((len(feats), 0), np.float32))[:, 1]
    same = np.array([lab == "same" for lab in labels])
    assert probs[same].mean() > probs[~same].mean() + 0.1


def _cli(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "eventwire", *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_eval_coref_reports_the_rules_and_the_model(shared):
    model = _cli("eval-coref", "--split", "dev", "--limit", "3", "--json")
    rules = _cli("eval-coref", "--split", "dev", "--limit", "3", "--json", "--no-model")
    for r in (model, rules):
        assert r["documents"] == 3 and 0.0 < r["conll_f1"] < 1.0


def test_pair_features_name_the_syntax_and_agreement():
    x = Mention(0, 4, "Kari", "name", sent=0, subject=True, governor=10)
    p = Mention(20, 23, "hun", "pronoun", gender="female", sent=0, chain=(10,))
    c = Cluster([x], gender="female")
    feats = pair_features(p, c, 0)
    assert "embeds" in feats and "gender=same" in feats and "gap=0" in feats


def test_nynorsk_pronouns_come_from_its_own_file_and_the_rest_from_bokmaal(extract):
    from eventwire.language import data_language

    assert data_language("nn", "pronouns.yaml") == "nn" and data_language("nn", "events.yaml") == "nb"
    a = extract("Statsråd Kari Nordmann vitja skulen i Bergen måndag. Ho sa at elevane fortener betre lokale.",
                language="nn")
    kari = _entity_of(a, "Kari Nordmann")
    assert kari is not None and _entity_of(a, "Ho") is kari


def test_train_coref_writes_a_model_with_the_dev_threshold(shared, tmp_path):
    from eventwire.coref_eval import narc_documents
    from eventwire.coref_model import train_coref

    out = tmp_path / "coref"
    model, report = train_coref(narc_documents("bokmaal", "train")[:15], narc_documents("bokmaal", "dev")[:2], out,
                                thresholds=(0.3, 0.5), progress=lambda _: None)
    assert report["threshold"] in (0.3, 0.5) and set(report["dev_by_threshold"]) == {"0.3", "0.5"}
    again = load_coref_model("nb", str(out))
    assert again is not None and again.threshold == model.threshold
    best = report["dev_by_threshold"][str(report["threshold"])]["conll_f1"]
    assert best == max(r["conll_f1"] for r in report["dev_by_threshold"].values())


def _entities(nlp, text: str):
    from eventwire.entities import extract_entities

    return extract_entities(text, nlp(text), "2024-03-14", "nb", coref=load_coref_model("nb"))


def _holding(entities, text: str, word: str):
    start = text.index(word)
    return next((e for e in entities if any(m.start == start for m in e.mentions)), None)


def test_an_unnamed_person_is_brought_in_by_an_indefinite_noun_and_referred_back_to(nlp):
    text = ("En kvinne fra Sverige ble funnet skadet i Tromsø natt til søndag. "
            "Kvinnen ble kjørt til sykehuset, der hun ble operert.")
    ents = _entities(nlp, text)
    woman = _holding(ents, text, "kvinne")
    assert woman is not None and woman.unnamed and woman.type == "PER"
    assert woman.name == "En kvinne fra Sverige" and woman.country == "SWE"
    assert _holding(ents, text, "Kvinnen") is woman and _holding(ents, text, "hun") is woman


def test_a_person_noun_beside_a_name_or_in_apposition_is_that_person(nlp):
    text = ("Datteren Anne Holm sa at hun er lettet. Den tiltalte, en mann fra Polen, nekter straffskyld.")
    ents = _entities(nlp, text)
    anne = _holding(ents, text, "Anne Holm")
    assert anne is not None and not anne.unnamed and _holding(ents, text, "Datteren") is anne
    man = _holding(ents, text, "mann")
    assert man is not None and man.unnamed and man.country == "POL" and _holding(ents, text, "tiltalte") is man


def test_a_definite_person_noun_with_nobody_brought_in_and_a_role_word_are_no_new_person(nlp):
    # "kvinnen" here is someone the article named or never introduced; "nestformann" is a role
    text = "Kvinnen ble kjørt til sykehuset. Partiets nestformann John Alvheim leder komiteen."
    ents = _entities(nlp, text)
    assert _holding(ents, text, "Kvinnen") is None
    assert not any(e.unnamed for e in ents)


def test_a_surname_two_people_share_joins_the_one_named_last():
    from eventwire.coref import Resolver

    name = lambda s, text: Mention(s, s + len(text), text, "name", label="PER")  # noqa: E731
    ola, kari = name(0, "Ola Berg"), name(40, "Kari Berg")
    clusters = Resolver(None).run([ola, kari, name(80, "Berg"), name(120, "Ola Berg"), name(160, "Berg")])
    by_text = {tuple(m.start for m in c.mentions): c for c in clusters}
    assert set(by_text) == {(0, 120, 160), (40, 80)}
