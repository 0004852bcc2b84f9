"""Integration tests with the committed, trained model (eventwire/models/nb_eventwire)."""
import pytest

import eventwire.nlp as enlp

@pytest.fixture(scope="module")
def nlp():
    return enlp.load_model()


def test_load_model_is_cached(nlp):
    assert enlp.load_model() is nlp
    assert nlp.lang == "nb"
    for name in ("morphologizer", "trainable_lemmatizer", "parser", "ner",
                 "eventwire_newline_sents"):
        assert name in nlp.pipe_names
    assert nlp.pipe_names.index("eventwire_newline_sents") < nlp.pipe_names.index("parser")
    # shipped but switched off (no gain on dev); nlp.enable_pipe turns it on
    assert "eventwire_ner_consistency" in nlp.disabled
    # three NER members vote; the third only breaks ties, called by the vote
    assert nlp.pipe_names[-3:] == ["stash_ner", "ner_b", "eventwire_ner_vote"]
    assert "ner_c" in nlp.disabled and "ner_c" in nlp.component_names


def test_missing_model_gives_a_clear_error(tmp_path):
    with pytest.raises(enlp.ModelNotFoundError, match="eventwire train"):
        enlp.load_model(tmp_path / "nowhere")


def test_ner_labels_are_norne(nlp):
    labels = set(nlp.get_pipe("ner").labels)
    assert {"PER", "ORG", "LOC", "GPE_LOC", "GPE_ORG", "PROD", "EVT", "DRV"} <= labels


def test_finds_people_and_places(nlp):
    text = ("Finansminister Sigrun Haugland møtte stortingsrepresentant Torleif Brekke i Trondheim "
            "mandag. Haugland sa etterpå at Norge og Sverige må samarbeide bedre om kraftprisene.")
    doc = nlp(text)
    ents = {(e.text, e.label_) for e in doc.ents}
    per = {t for t, label in ents if label == "PER"}
    gpe = {t for t, label in ents if label.startswith("GPE")}
    assert "Sigrun Haugland" in per
    assert "Torleif Brekke" in per
    assert {"Trondheim", "Norge", "Sverige"} & gpe


def test_model_tokenizer_has_news_rules(nlp):
    doc = nlp.make_doc("Bl.a. kom hun kl. 14.00. Det kostet 1,7 millioner.")
    assert [t.text for t in doc][:8] == ["Bl.a.", "kom", "hun", "kl.", "14.00", ".", "Det", "kostet"]


def test_paragraph_break_splits_sentences(nlp):
    doc = nlp("Brann i Bergen sentrum\n\nBrannvesenet rykket ut i natt\nIngen ble skadd")
    starts = [t.text for t in doc if t.is_sent_start]
    assert "Brannvesenet" in starts
    assert "Ingen" in starts


def test_tags_lemmas_and_parse(nlp):
    doc = nlp("Regjeringen la fram budsjettet i går.")
    assert doc[1].pos_ in {"VERB", "AUX"}
    assert doc[3].lemma_ == "budsjett"
    assert sum(1 for t in doc if t.dep_ == "ROOT") == 1
