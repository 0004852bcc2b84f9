"""The quote corpus (corpus/quotes): drafts with quotes become pointers, every file is valid,
the split follows documents.tsv, the loader gives scored quotes, and the test split is frozen."""
from __future__ import annotations

import json

import pytest

from eventwire.event_corpus import CORPUS_DIR, corpus_files, from_draft, narc_text, problems, quote_span, split_checksum
from eventwire.evaluate import score_document
from eventwire.gold import load_gold
from eventwire.records import Article, Entity, Quote, Span

ROOT = CORPUS_DIR.parent / "quotes"
DOC = "db~20081207-3961487"  # a NARC Bokmål document (NorNE test)


def _draft() -> dict:
    return {"document": DOC,
            "participants": {"p1": {"mention": [4, "Clas Brede Bråthen"], "type": "PER", "country": "NOR"}},
            "quotes": [{"kind": "direct", "start": [10, "Hvis han"], "end": [10, "ikke blir med"], "speaker": "p1"},
                       {"kind": "indirect", "start": [4, "Johan Remen"], "end": [4, "bli best"], "speaker": None,
                        "required": False}]}


def test_a_quote_draft_becomes_pointers_without_copied_text(shared):
    data = from_draft(_draft(), "dev")
    doc = narc_text(data["source"]["file"])
    q = data["quotes"][0]
    assert q["span"] == [[10, 2], [10, 16]] and q["speaker"] == "p1"
    start, end = quote_span(doc, q["span"])
    assert doc.text[start:end].startswith("Hvis han") and doc.text[start:end].endswith("blir med")
    assert "events" not in data and data["guideline"].startswith("docs/annotation-quotes.md")
    assert "Hvis" not in json.dumps(data, ensure_ascii=False)


def test_the_checker_names_bad_quotes(shared):
    data = from_draft(_draft(), "dev")
    data["quotes"][0]["kind"] = "reported"
    data["quotes"][1]["span"] = [[4, 9], [4, 2]]
    data["quotes"][1]["speaker"] = "p9"
    found = " | ".join(problems(data))
    assert "kind 'reported'" in found and "ends before it starts" in found and "'p9' is not a participant" in found


def test_a_loaded_quote_file_scores_quotes_and_speakers(shared, tmp_path):
    path = tmp_path / f"{DOC}.expected.json"
    path.write_text(json.dumps(from_draft(_draft(), "dev"), ensure_ascii=False), encoding="utf-8")
    gold = load_gold(path)
    assert gold.scored == frozenset({"quotes"}) and gold.events is None
    assert [q.speaker for q in gold.quotes] == [("Clas Brede Bråthen",), (None,)]
    text = gold.text
    s, e = text.index("Hvis han"), text.index("blir med") + len("blir med")
    name = text.index("Clas Brede Bråthen")
    person = Entity(id="e1", name="Clas Brede Bråthen", type="PER", mentions=[Span.of(text, name, name + 18)])
    right = Article(id="x", text=text, entities=[person],
                    quotes=[Quote(id="q1", kind="direct", text=text[s:e], speaker="e1", span=Span.of(text, s, e))])
    scores = score_document(gold, right)
    assert scores["quotes"].tp == 1 and scores["quote_speaker"].accuracy == 1.0
    wrong = Article(id="x", text=text, entities=[person],
                    quotes=[Quote(id="q1", kind="direct", text=text[s:e], speaker=None, span=Span.of(text, s, e))])
    assert score_document(gold, wrong)["quote_speaker"].accuracy == 0.0


def test_every_corpus_file_is_valid_and_in_its_listed_split(shared):
    listed = dict(line.split("\t")[:2] for line in (ROOT / "documents.tsv").read_text(encoding="utf-8").splitlines()[1:])
    files = corpus_files("dev", ROOT) + corpus_files("test", ROOT)
    assert len(files) == len(listed)
    for p in files:
        data = json.loads(p.read_text(encoding="utf-8"))
        assert problems(data) == [], p.name
        assert listed[p.name.removesuffix(".expected.json")] == data["split"] == p.parent.name


def test_the_held_out_quote_set_is_big_enough_and_frozen():
    frozen = ROOT / "test.sha256"
    assert frozen.exists(), "corpus/quotes/test.sha256 is missing: the test split must be frozen"
    files = corpus_files("test", ROOT)
    speakers = sum(q.get("speaker") is not None for p in files for q in json.loads(p.read_text(encoding="utf-8"))["quotes"])
    assert len(files) >= 20 and speakers >= 120
    assert split_checksum("test", ROOT) == frozen.read_text(encoding="utf-8").strip(), (
        "a file of the frozen quote test split changed: it is annotated once, before tuning")


@pytest.mark.parametrize("split", ["dev", "test"])
def test_no_test_document_is_a_training_document_of_the_event_corpus(split):
    train = {p.name for p in corpus_files("train")}
    assert not train & {p.name for p in corpus_files(split, ROOT)}
