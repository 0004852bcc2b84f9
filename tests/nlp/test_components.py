"""The custom components on hand-built docs (no trained model)."""
import spacy
from spacy.tokens import Doc, Span

import eventwire.nlp  # noqa: F401  (registers the components)
from eventwire.nlp.components import NERConsistency


def test_newline_starts_sentences():
    nlp = spacy.blank("nb")
    nlp.add_pipe("eventwire_newline_sents")
    doc = nlp("Storm over Vestlandet\n\nVinden tok taket av låven i natt\nBonden var ute")
    starts = [t.text for t in doc if t.is_sent_start]
    assert "Vinden" in starts and "Bonden" in starts
    assert not doc[1].is_sent_start  # "over": nothing set inside a line


def test_newline_boundaries_survive_sentencizer_like_parser():
    nlp = spacy.blank("nb")
    nlp.add_pipe("eventwire_newline_sents")
    nlp.add_pipe("sentencizer")
    doc = nlp("Ny regjering\n\nStatsministeren la fram planen. Den ble godt mottatt.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Ny regjering"
    assert len(sents) == 3


def _doc(words, ents):
    vocab = spacy.blank("nb").vocab
    doc = Doc(vocab, words=words)
    doc.ents = [Span(doc, s, e, label=l) for s, e, l in ents]
    return doc


def test_consistency_tags_repeated_names():
    words = ["Ingrid", "Bakke", "møtte", "Tromsø", "kommune", ".", "Senere", "sa", "Bakke",
             "at", "Tromsø", "var", "klar", "."]
    doc = _doc(words, [(0, 2, "PER"), (3, 4, "GPE_ORG")])
    doc = NERConsistency()(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Ingrid Bakke", "PER"), ("Tromsø", "GPE_ORG"), ("Bakke", "PER"), ("Tromsø", "GPE_ORG")]


def test_consistency_skips_lowercase_and_glued_names():
    words = ["Per", "Olsen", "kom", ".", "Prisen", "per", "liter", "steg", "for", "Olsen",
             "Bygg", "."]
    doc = _doc(words, [(0, 2, "PER")])
    doc = NERConsistency()(doc)
    # "per" is lower case; "Olsen Bygg" looks like a longer (different) name
    assert [e.text for e in doc.ents] == ["Per Olsen"]


def test_consistency_without_person_parts():
    words = ["Ingrid", "Bakke", "kom", ".", "Bakke", "gikk", "."]
    doc = NERConsistency(person_parts=False)(_doc(words, [(0, 2, "PER")]))
    assert [e.text for e in doc.ents] == ["Ingrid Bakke"]


def test_relabel_follows_the_majority_but_not_gpe_sense():
    words = ["Fjellkraft", "vant", ".", "Fjellkraft", "tapte", ".", "Fjellkraft", "jublet", ".",
             "Bodø", "sa", "nei", ".", "Bodø", "er", "fin", ".", "Bodø", "vokser", "."]
    doc = _doc(words, [(0, 1, "ORG"), (3, 4, "ORG"), (6, 7, "PROD"),
                       (9, 10, "GPE_ORG"), (13, 14, "GPE_LOC"), (17, 18, "GPE_LOC")])
    doc = NERConsistency(relabel=True)(doc)
    assert [e.label_ for e in doc.ents] == ["ORG", "ORG", "ORG", "GPE_ORG", "GPE_LOC", "GPE_LOC"]
