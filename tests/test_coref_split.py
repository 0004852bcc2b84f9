"""The NARC coreference split: the rule gives the listed split, test documents are frozen, and
no document of the quote or event corpora's test splits is trained on."""
from __future__ import annotations


import pytest

from eventwire.coref_eval import narc_checksum, narc_documents, narc_split
from eventwire.event_corpus import CORPUS_DIR, corpus_files

ROOT = CORPUS_DIR.parent / "coref"


def _listed() -> dict[str, str]:
    lines = (ROOT / "documents.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return dict(line.split("\t") for line in lines)


@pytest.mark.parametrize("variety", ["bokmaal", "nynorsk"])
def test_the_split_rule_gives_the_listed_split_and_the_test_documents_are_frozen(shared, variety):
    listed = {f: s for f, s in _listed().items() if f.startswith(variety + "/")}
    assert {f: narc_split(f) for f in narc_documents(variety, None)} == listed
    test = [f for f, s in listed.items() if s == "test"]
    assert len(test) >= 30
    frozen = (ROOT / f"{variety}-test.sha256").read_text(encoding="utf-8").strip()
    assert narc_checksum(test) == frozen, f"a NARC {variety} test document changed: the frozen split is broken"


@pytest.mark.parametrize("corpus", ["events", "quotes"])
def test_held_out_corpus_documents_are_never_coreference_training_documents(corpus):
    listed = _listed()
    for p in corpus_files("test", CORPUS_DIR.parent / corpus):
        name = "bokmaal/" + p.name.removesuffix(".expected.json") + ".txt"
        assert listed[name] == "test", name
