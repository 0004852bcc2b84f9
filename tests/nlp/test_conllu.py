"""The CoNLL-U reader on a small hand-written file."""
from pathlib import Path

from spacy.tokens import DocBin
from spacy.vocab import Vocab

from eventwire.nlp.conllu import (
    conllu_to_docbin,
    group_sentences,
    iter_sentences,
    read_conllu_docs,
)

SAMPLE = """\
# sent_id = doc1.conll-1
# text = Ola Hansen bor i Tromsø.
1\tOla\tOla\tPROPN\t_\t_\t3\tnsubj\t_\tname=B-PER
2\tHansen\tHansen\tPROPN\t_\t_\t1\tflat:name\t_\tname=I-PER
3\tbor\tbo\tVERB\t_\tMood=Ind|Tense=Pres|VerbForm=Fin\t0\troot\t_\tname=O
4\ti\ti\tADP\t_\t_\t5\tcase\t_\tname=O
5\tTromsø\tTromsø\tPROPN\t_\t_\t3\tobl\t_\tSpaceAfter=No|name=B-GPE_LOC
6\t.\t$.\tPUNCT\t_\t_\t3\tpunct\t_\tname=O

# sent_id = doc1.conll-2
# text = Han jobber i Fiskeriselskapet Nord.
1\tHan\than\tPRON\t_\tCase=Nom|Gender=Masc|Number=Sing|Person=3|PronType=Prs\t2\tnsubj\t_\tname=O
2\tjobber\tjobbe\tVERB\t_\tMood=Ind|Tense=Pres|VerbForm=Fin\t0\troot\t_\tname=O
3\ti\ti\tADP\t_\t_\t4\tcase\t_\tname=O
4\tFiskeriselskapet\tFiskeriselskapet\tPROPN\t_\t_\t2\tobl\t_\tname=B-ORG
5\tNord\tNord\tPROPN\t_\t_\t4\tflat:name\t_\tSpaceAfter=No|name=I-ORG
6\t.\t$.\tPUNCT\t_\t_\t2\tpunct\t_\tname=O

# sent_id = doc2.conll-1
# text = Det regner.
1\tDet\tdet\tPRON\t_\t_\t2\texpl\t_\tname=O
2\tregner\tregne\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No|name=O
3\t.\t$.\tPUNCT\t_\t_\t2\tpunct\t_\tname=O
"""


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "sample.conllu"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_sentences_are_read():
    sents = list(iter_sentences(SAMPLE.splitlines()))
    assert [len(s.tokens) for s in sents] == [6, 6, 3]
    assert sents[0].sent_id == "doc1.conll-1"
    assert sents[0].tokens[4].space_after is False
    assert sents[0].tokens[4].ner == "B-GPE_LOC"
    assert sents[0].tokens[2].feats == "Mood=Ind|Tense=Pres|VerbForm=Fin"


def test_documents_follow_sent_id_prefix():
    sents = list(iter_sentences(SAMPLE.splitlines()))
    assert [len(g) for g in group_sentences(sents, n_sents=10)] == [2, 1]
    assert [len(g) for g in group_sentences(sents, n_sents=1)] == [1, 1, 1]


def test_doc_has_gold_annotation(tmp_path):
    docs = read_conllu_docs(_write(tmp_path), Vocab())
    assert len(docs) == 2
    doc = docs[0]
    assert doc.text == "Ola Hansen bor i Tromsø. Han jobber i Fiskeriselskapet Nord."
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Ola Hansen", "PER"), ("Tromsø", "GPE_LOC"), ("Fiskeriselskapet Nord", "ORG")]
    assert [s.text for s in doc.sents] == ["Ola Hansen bor i Tromsø.",
                                           "Han jobber i Fiskeriselskapet Nord."]
    assert doc[2].dep_ == "ROOT" and doc[2].head.i == 2
    assert doc[0].head.text == "bor" and doc[1].dep_ == "flat:name"
    assert doc[6].head.text == "jobber"  # head index shifted into the second sentence
    assert doc[8].head.text == "Fiskeriselskapet"
    assert doc[2].lemma_ == "bo" and doc[2].pos_ == "VERB"
    assert str(doc[2].morph) == "Mood=Ind|Tense=Pres|VerbForm=Fin"


def test_docbin_round_trip(tmp_path):
    out = tmp_path / "sample.spacy"
    assert conllu_to_docbin(_write(tmp_path), out) == 2
    docs = list(DocBin().from_disk(out).get_docs(Vocab()))
    assert [len(d.ents) for d in docs] == [3, 0]


def test_ner_only_docs_from_ndt_files(tmp_path):
    # NDT format: same ten columns, tags that are not UD ("subst"), no comments
    (tmp_path / "a_0000.conll").write_text(
        "1\tKari\tKari\tsubst\tsubst\tprop\t2\tSUBJ\t_\tname=B-PER\n"
        "2\tkom\tkomme\tverb\tverb\tpret\t0\tFINV\t_\tname=O\n\n", encoding="utf-8")
    from eventwire.nlp.conllu import ndt_dir_to_docs

    docs = ndt_dir_to_docs(tmp_path)
    assert len(docs) == 1
    assert [(e.text, e.label_) for e in docs[0].ents] == [("Kari", "PER")]
    assert not docs[0].has_annotation("DEP") and not docs[0].has_annotation("POS")


# --------------------------------------------------------------------------- GUM entity mentions

_GUM = """# newdoc id = GUM_news_example
# text = The mayor of Oslo met Anna Berg of the Museum of Flight in Seattle.
1	The	the	DET	DT	_	2	det	_	Entity=(1-person-new-nnnnn-cf1-1-sgl
2	mayor	mayor	NOUN	NN	_	6	nsubj	_	_
3	of	of	ADP	IN	_	4	case	_	_
4	Oslo	Oslo	PROPN	NNP	_	2	nmod	_	Entity=(2-place-new-nnnnn-cf2-1-sgl-Oslo)1)
5	met	meet	VERB	VBD	_	0	root	_	_
6	Anna	Anna	PROPN	NNP	_	5	obj	_	Entity=(3-person-new-nnnnn-cf3-1,2-sgl-Anna_Berg
7	Berg	Berg	PROPN	NNP	_	6	flat	_	Entity=3)
8	of	of	ADP	IN	_	11	case	_	_
9	the	the	DET	DT	_	11	det	_	Entity=(4-organization-new-nnnnn-cf4-2-sgl-Museum_of_Flight
10	Museum	Museum	PROPN	NNP	_	6	nmod	_	_
11	of	of	ADP	IN	_	12	case	_	_
12	Flight	Flight	PROPN	NNP	_	10	nmod	_	_
13	in	in	ADP	IN	_	14	case	_	_
14	Seattle	Seattle	PROPN	NNP	_	10	nmod	_	Entity=(5-place-new-nnnnn-cf5-1-sgl-Seattle)4)
15	.	.	PUNCT	.	_	5	punct	_	_

"""


def test_gum_mentions_become_names_trimmed_to_the_proper_noun_run(tmp_path):
    from eventwire.nlp.conllu import read_sentences

    path = tmp_path / "gum.conllu"
    path.write_text(_GUM, encoding="utf-8")
    [sent] = read_sentences(path)
    tags = [t.ner for t in sent.tokens]
    # "the mayor of Oslo" is no name (its head is a common noun) but Oslo inside it is;
    # "the Museum of Flight in Seattle" is cut to "Museum of Flight"; Seattle is then free
    assert tags == ["O", "O", "O", "B-GPE_LOC", "O", "B-PER", "I-PER", "O", "O",
                    "B-ORG", "I-ORG", "I-ORG", "O", "B-GPE_LOC", "O"]


def test_a_treebank_without_names_gives_docs_with_missing_not_empty_entities(tmp_path):
    from spacy.vocab import Vocab

    from eventwire.nlp.conllu import read_conllu_docs

    path = tmp_path / "ewt.conllu"
    path.write_text("\n".join(line.split("\tEntity")[0] + ("\t_" if "\tEntity" in line else "")
                              if "\t" in line else line for line in _GUM.splitlines()) + "\n\n", encoding="utf-8")
    [doc] = read_conllu_docs(path, Vocab())
    assert not doc.has_annotation("ENT_IOB")
