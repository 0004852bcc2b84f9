"""The event corpus: text rebuilt from NARC, drafts turned into pointers, the validator, the
loader and scorer on corpus files, and the frozen test split."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.corpus import detokenize_spans, sentences_text
from eventwire.event_corpus import (CORPUS_DIR, annotation_article, corpus_files, from_draft, locate, narc_text,
                                    problems, published_from_name, split_checksum)
from eventwire.evaluate import score_document
from eventwire.gold import load_gold
from eventwire.records import Article, Entity, Event, Span

DOC = "ap~20090112-2862477"  # a NARC Bokmål document (NorNE test)


def test_token_spans_cover_exactly_the_tokens():
    text, spans = detokenize_spans(["Han", "sa", '"', "nei", '"', "(", "i", "går", ")", "."])
    assert text == 'Han sa "nei" (i går).'
    assert [text[a:b] for a, b in spans] == ["Han", "sa", '"', "nei", '"', "(", "i", "går", ")", "."]


def test_headline_marks_end_a_paragraph_and_leave_the_text():
    text, offsets = sentences_text([["Krise", "i", "EU", "|"], ["Det", "går", "dårlig", "."], ["–", "Nei", "."]])
    assert text == "Krise i EU\n\nDet går dårlig.\n\n– Nei."
    assert offsets[0][3][0] == offsets[0][3][1] == len("Krise i EU")
    assert text[slice(*offsets[2][1])] == "Nei"


def test_published_dates_from_file_names():
    assert published_from_name("ap~20090112-2862477") == "2009-01-12"
    assert published_from_name("bt~BT-20120405-2681286a") == "2012-04-05"
    assert published_from_name("spbm~20050822-508220314") == "2005-08-22"
    assert published_from_name("blogg-bm001") is None


def _draft(**events) -> dict:
    return {"document": DOC,
            "participants": {"eu": {"mention": [8, "EU"], "type": "ORG"},
                             "tr": {"mention": [2, "Tyrkia"], "type": "GPE", "country": "TUR"},
                             "police": {"implicit": True, "type": "ORG", "country": "TUR", "sector": "COP"}},
            "events": [{"trigger": [9, "kombinere"], "also": [[10, "omfatte"]], "type": "COOPERATE",
                        "actor": ["eu"], "recipient": ["tr"], "note": "dropped"} | events]}


def test_a_draft_becomes_pointers_without_copied_text(shared):
    data = from_draft(_draft(), "dev")
    doc = narc_text(data["source"]["file"])
    ev = data["events"][0]
    assert doc.words(tuple(ev["trigger"])) == "kombinere"
    assert doc.words(tuple(ev["also"][0])) == "omfatte"
    assert data["participants"]["eu"]["mention"] == [8, 5, 5]
    assert "note" not in ev and data["document"]["published"] == "2009-01-12"
    assert "kombinere" not in json.dumps(data)


def test_drafts_with_words_not_in_the_sentence_are_refused(shared):
    with pytest.raises(ValueError, match="not in sentence 9"):
        from_draft(_draft(trigger=[9, "angrep"]), "dev")
    doc = narc_text(f"bokmaal/{DOC}.txt")
    assert locate(doc, 9, "eu")[0] == 9  # a case-folded match when there is no exact one


def test_the_validator_names_each_problem(shared):
    data = from_draft(_draft(), "dev")
    data["events"].append({"trigger": [999, 1, 1], "type": "HUG", "mode": "kill", "actor": ["nobody"],
                           "modality": "certain", "date": "May"})
    data["participants"]["bad"] = {"mention": [2, 1, 9], "type": "PERSON", "country": "Turkey"}
    found = "\n".join(problems(data))
    for words in ("sentence 999 is out of range", "'HUG' is not a PLOVER type", "mode 'kill'",
                  "'nobody' is not a participant", "modality 'certain'", "date 'May'",
                  "tokens 1-9 are out of range", "type 'PERSON'", "country 'Turkey'"):
        assert words in found
    assert problems(from_draft(_draft(), "dev")) == []


def test_a_corpus_file_is_scored_on_events_triggers_and_countries(shared, tmp_path):
    path = tmp_path / f"{DOC}.expected.json"
    path.write_text(json.dumps(from_draft(_draft(), "dev")), encoding="utf-8")
    gold = load_gold(path)
    assert gold.corpus and gold.published == "2009-01-12"
    (ge,) = gold.events
    assert gold.text[slice(*ge.triggers[0])] == "kombinere" and gold.text[slice(*ge.triggers[1])] == "omfatte"
    assert ge.actor == ("EU",) and set(ge.recipient) == {"Tyrkia", "TUR"}

    def span(word: str, nth: int = 0) -> Span:
        start = -1
        for _ in range(nth + 1):
            start = gold.text.index(word, start + 1)
        return Span.of(gold.text, start, start + len(word))

    eu = Entity(id="e1", name="EU", type="ORG", mentions=[span("EU")])
    tr = Entity(id="e2", name="Tyrkia", type="GPE", country="TUR", mentions=[span("Tyrkia")])
    hit = Event(id="v1", type="COOPERATE", actor=["e1"], recipient=["e2"], trigger=span("kombinere"),
                evidence=span("kombinere"), confidence=0.9)
    repeat = hit.model_copy(update={"id": "v2", "trigger": span("omfatte")})
    wrong = hit.model_copy(update={"id": "v3", "type": "ASSAULT"})
    article = Article(id="a", text=gold.text, entities=[eu, tr], events=[hit, repeat, wrong])
    scores = score_document(gold, article)
    assert (scores["event_triggers"].tp, scores["event_triggers"].fp, scores["event_triggers"].fn) == (1, 1, 0)
    assert (scores["events"].tp, scores["events"].fp) == (1, 2)
    assert scores["entity_country"].correct == 1 and scores["entity_country"].judged == 1


def test_a_second_annotation_is_scored_like_a_system(shared, tmp_path):
    """Inter-annotator agreement: one annotation read as a record and scored against another."""
    first = from_draft(_draft(), "dev")
    path = tmp_path / f"{DOC}.expected.json"
    path.write_text(json.dumps(first), encoding="utf-8")
    gold = load_gold(path)
    same = score_document(gold, annotation_article(path, first))
    assert (same["events"].tp, same["events"].fp, same["events"].fn) == (1, 0, 0)
    assert same["event_triggers"].tp == 1 and same["entity_country"].correct == same["entity_country"].judged == 1
    # the second annotator takes the EU for the recipient too, and adds an event
    second = from_draft(_draft(recipient=["eu"]), "dev")
    second["events"].append({"trigger": [10, 1, 1], "type": "ACCUSE", "actor": ["tr"], "recipient": ["eu"]})
    other = annotation_article(path, second)
    assert [e.id for e in other.entities if e.implicit] == ["police"]
    scores = score_document(gold, other)
    assert (scores["events"].tp, scores["events"].fp, scores["events"].fn) == (0, 2, 1)
    assert (scores["event_triggers"].tp, scores["event_triggers"].fp) == (1, 1)


def test_every_corpus_file_is_valid_and_in_its_split(shared):
    names = {}
    for line in (CORPUS_DIR / "documents.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        doc, split = line.split("\t")[:2]
        names[doc] = split
    for split in ("train", "dev", "test"):
        for p in corpus_files(split):
            data = json.loads(p.read_text(encoding="utf-8"))
            assert problems(data) == [], p
            assert data["split"] == split and names.get(p.name[: -len(".expected.json")]) == split, p


def test_the_test_split_is_frozen():
    frozen = Path(CORPUS_DIR / "test.sha256")
    assert frozen.exists(), "corpus/events/test.sha256 is missing: the test split must be frozen"
    assert len(corpus_files("test")) >= 30
    assert split_checksum("test") == frozen.read_text(encoding="utf-8").strip(), (
        "a file of the frozen test split changed: the test split is annotated once, before tuning")
