"""eval_ner gives exactly the expected strict scores for a hand-made case."""
import pytest
import spacy

from eventwire.nlp.evaluate import eval_ner, score_entities

GOLD = """\
# sent_id = t1.conll-1
1\tKari\tKari\tPROPN\t_\t_\t3\tnsubj\t_\tname=B-PER
2\tNordmann\tNordmann\tPROPN\t_\t_\t1\tflat:name\t_\tname=I-PER
3\treiste\treise\tVERB\t_\t_\t0\troot\t_\tname=O
4\ttil\ttil\tADP\t_\t_\t5\tcase\t_\tname=O
5\tBergen\tBergen\tPROPN\t_\t_\t3\tobl\t_\tSpaceAfter=No|name=B-GPE_LOC
6\t.\t$.\tPUNCT\t_\t_\t3\tpunct\t_\tname=O

# sent_id = t1.conll-2
1\tHun\thun\tPRON\t_\t_\t2\tnsubj\t_\tname=O
2\tbesøkte\tbesøke\tVERB\t_\t_\t0\troot\t_\tname=O
3\tHavforskningsinstituttet\tHavforskningsinstituttet\tPROPN\t_\t_\t2\tobj\t_\tSpaceAfter=No|name=B-ORG
4\t.\t$.\tPUNCT\t_\t_\t2\tpunct\t_\tname=O
"""


def test_eval_ner_exact_scores(tmp_path):
    path = tmp_path / "gold.conllu"
    path.write_text(GOLD, encoding="utf-8")
    nlp = spacy.blank("nb")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "PER", "pattern": "Kari Nordmann"},   # right
        {"label": "GPE_ORG", "pattern": "Bergen"},      # right span, wrong label
    ])                                                 # Havforskningsinstituttet missed
    result = eval_ner(path, nlp)
    assert result["n_docs"] == 1
    assert (result["tp"], result["fp"], result["fn"]) == (1, 1, 2)
    assert result["p"] == pytest.approx(0.5)
    assert result["r"] == pytest.approx(1 / 3)
    assert result["f"] == pytest.approx(0.4)
    per_type = result["per_type"]
    assert set(per_type) >= {"PER", "ORG", "LOC", "GPE_LOC", "GPE_ORG", "PROD", "EVT", "DRV", "MISC"}
    assert per_type["PER"]["f"] == pytest.approx(1.0)
    assert per_type["GPE_LOC"]["r"] == 0.0 and per_type["GPE_ORG"]["p"] == 0.0
    assert per_type["ORG"]["fn"] == 1


def test_partial_span_is_an_error():
    gold = [{(0, 2, "PER")}]
    pred = [{(1, 2, "PER")}]
    result = score_entities(gold, pred)
    assert (result["tp"], result["fp"], result["fn"]) == (0, 1, 1)
    assert result["f"] == 0.0
