"""NER members voting: the vote itself, and a pipeline assembled from separately saved models."""
import spacy
from spacy.tokens import Doc, Span

import eventwire.nlp  # noqa: F401  (registers the components)
from eventwire.nlp.ensemble import build_ensemble, vote_spans


def _doc() -> Doc:
    return Doc(spacy.blank("nb").vocab, words="Kari Olsen besøkte Statoil i Bergen i går".split())


def _spans(doc, *triples):
    return [Span(doc, s, e, label=lab) for s, e, lab in triples]


def test_majority_keeps_a_name_and_its_most_frequent_label():
    doc = _doc()
    votes = [_spans(doc, (0, 2, "PER"), (3, 4, "ORG")),
             _spans(doc, (0, 2, "PER"), (3, 4, "PROD"), (5, 6, "GPE_LOC")),
             _spans(doc, (0, 1, "PER"), (3, 4, "ORG"))]
    kept = {(s.start, s.end, s.label_) for s in vote_spans(doc, votes, min_votes=2)}
    assert kept == {(0, 2, "PER"), (3, 4, "ORG")}  # Bergen found once, "Kari" alone once


def test_label_tie_goes_to_the_first_model():
    doc = _doc()
    votes = [_spans(doc, (5, 6, "GPE_LOC")), _spans(doc, (5, 6, "GPE_ORG"))]
    assert [s.label_ for s in vote_spans(doc, votes, min_votes=2)] == ["GPE_LOC"]


def test_overlaps_go_to_the_span_with_more_votes():
    doc = _doc()
    votes = [_spans(doc, (0, 2, "PER")), _spans(doc, (0, 2, "PER")), _spans(doc, (0, 1, "PER")),
             _spans(doc, (0, 1, "PER")), _spans(doc, (0, 1, "PER"))]
    assert [(s.start, s.end) for s in vote_spans(doc, votes, min_votes=2)] == [(0, 1)]


TEXT = "Kari Olsen besøkte Statoil i Bergen ."


def _ner_model(path, ents):
    """A NER trained (to memorise) one sentence with ``ents`` as (start, end, label) tokens."""
    from spacy.training import Example

    nlp = spacy.blank("nb")
    nlp.add_pipe("ner")
    doc = nlp.make_doc(TEXT)
    example = Example.from_dict(doc, {"entities": [(doc[s:e].start_char, doc[s:e].end_char, lab)
                                                   for s, e, lab in ents]})
    optimizer = nlp.initialize(lambda: [example])
    for _ in range(40):
        nlp.update([example], sgd=optimizer, drop=0.0)
    nlp.to_disk(path)
    assert {(e.start, e.end, e.label_) for e in spacy.load(path)(TEXT).ents} == set(ents)
    return path


def test_built_ensemble_runs_members_in_turn_and_votes(tmp_path):
    base = spacy.blank("nb")
    base.add_pipe("eventwire_newline_sents")
    base.to_disk(tmp_path / "base")
    members = [_ner_model(tmp_path / "a", [(0, 2, "PER"), (3, 4, "ORG")]),
               _ner_model(tmp_path / "b", [(0, 2, "PER"), (3, 4, "PROD"), (5, 6, "GPE_LOC")]),
               _ner_model(tmp_path / "c", [(0, 1, "PER"), (3, 4, "ORG")])]
    nlp = spacy.load(build_ensemble(tmp_path / "base", members, tmp_path / "ens"))
    assert nlp.pipe_names == ["eventwire_newline_sents", "ner", "stash_ner", "ner_b", "eventwire_ner_vote"]
    assert nlp.disabled == ["ner_c"]  # the tie-breaker, run by the vote where a and b disagree
    doc = nlp(TEXT)
    assert {(e.start, e.end, e.label_) for e in doc.ents} == {(0, 2, "PER"), (3, 4, "ORG")}
    assert "ner" not in doc.spans  # the vote clears the stash
    # batches: docs where a and b agree skip the tie-breaker and get a's names
    docs = list(nlp.pipe([TEXT, "Ingen navn her .", TEXT], batch_size=2))
    assert [len(d.ents) for d in docs] == [2, len(nlp("Ingen navn her .").ents), 2]


def test_tiebreaker_decides_where_the_voters_disagree(tmp_path):
    members = [_ner_model(tmp_path / "a", [(0, 2, "PER"), (5, 6, "GPE_LOC")]),
               _ner_model(tmp_path / "b", [(0, 1, "PER"), (5, 6, "GPE_ORG")]),
               _ner_model(tmp_path / "c", [(0, 1, "PER"), (5, 6, "GPE_ORG"), (3, 4, "ORG")])]
    spacy.blank("nb").to_disk(tmp_path / "base")
    nlp = spacy.load(build_ensemble(tmp_path / "base", members, tmp_path / "ens"))
    assert {(e.start, e.end, e.label_) for e in nlp(TEXT).ents} == {(0, 1, "PER"), (5, 6, "GPE_ORG")}


def test_tiebreaker_count_is_checked():
    import pytest

    from eventwire.nlp.ensemble import NERVote

    with pytest.raises(ValueError, match="outvote"):
        NERVote(spacy.blank("nb"), keys=["ner"], min_votes=2, tiebreak=["c", "d"])


def test_one_member_is_not_an_ensemble(tmp_path):
    import pytest

    with pytest.raises(ValueError, match="at least two"):
        build_ensemble(tmp_path, [tmp_path], tmp_path / "out")


def test_only_disputed_sentences_go_to_the_tiebreaker():
    from eventwire.nlp.ensemble import _disputed

    words = "Kari bor i Oslo . Per bor i Bergen . Alle er glade .".split()
    doc = Doc(spacy.blank("nb").vocab, words=words, sent_starts=[w in ("Kari", "Per", "Alle") for w in words])
    same = _spans(doc, (0, 1, "PER"), (3, 4, "GPE_LOC"))
    assert _disputed(doc, [same, _spans(doc, (0, 1, "PER"), (3, 4, "GPE_LOC"))]) == []
    other = _spans(doc, (0, 1, "PER"), (3, 4, "GPE_LOC"), (5, 6, "PER"), (8, 9, "GPE_LOC"))
    assert _disputed(doc, [same, other]) == [(5, 10)]
    unsentenced = Doc(doc.vocab, words=words)
    assert _disputed(unsentenced, [[], _spans(unsentenced, (0, 1, "PER"))]) == [(0, len(words))]
