"""Score a trained model on NorNE dev/test (and the Nynorsk NDT half) and measure the ideas.

    PYTHONPATH=. python training/evaluate_model.py [--model DIR] [--out results.json] [--quick]

NER: strict entity-level P/R/F, docs of 10 sentences within the NDT documents recovered for
the UD files (as in training).  Ablations on dev: without document-level consistency,
consistency without person-name parts, with the
relabel option flipped, with whole NDT documents as docs, with the country
gazetteer.  Parse scores (UPOS, morph, lemma, UAS, LAS) on test (gold tokens).
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import spacy

from eventwire.nlp import DEFAULT_MODEL_PATH
from eventwire.nlp.evaluate import eval_ner, eval_parse
from eventwire.nlp.training import DEFAULT_DEV, DEFAULT_NDT_DIR, DEFAULT_TEST, SHARED_DATA

TEST = DEFAULT_TEST
NNO_DIR = SHARED_DATA / "norne" / "ndt" / "nno"
GAZETTEER = Path(__file__).resolve().parents[1] / "eventwire" / "nlp" / "data" / "countries_nb.jsonl"
CONSISTENCY = "eventwire_ner_consistency"
NER_ONLY = ["tok2vec", "morphologizer", "trainable_lemmatizer", "parser", "eventwire_newline_sents"]


def _short(r: dict) -> dict:
    keep = {k: round(r[k], 4) if isinstance(r[k], float) else r[k] for k in ("p", "r", "f", "tp", "fp", "fn")}
    keep["per_type"] = {t: {k: round(v[k], 4) if isinstance(v[k], float) else v[k]
                            for k in ("p", "r", "f", "tp", "fp", "fn")}
                        for t, v in r["per_type"].items()}
    for k in ("n_docs", "n_sents", "n_gold"):
        if k in r:
            keep[k] = r[k]
    return keep


def nynorsk_conllu(out: Path) -> Path:
    """All NDT Nynorsk documents as one CoNLL-U file with ``# newdoc`` lines."""
    with open(out, "w", encoding="utf-8") as f:
        for file in sorted(NNO_DIR.glob("*.conll")):
            f.write(f"# newdoc id = {file.stem}\n")
            f.write(file.read_text(encoding="utf-8").strip("\n") + "\n\n")
    return out


def with_gazetteer(nlp):
    if "country_ruler" not in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", name="country_ruler", after="ner",
                             config={"overwrite_ents": False})
        ruler.from_disk(GAZETTEER)
    return nlp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", default=str(DEFAULT_MODEL_PATH))
    ap.add_argument("--out", default=None)
    ap.add_argument("--quick", action="store_true", help="dev NER ablations only")
    ap.add_argument("--nynorsk", action="store_true",
                    help="also NER on all of NDT nno (held out only if NER did not train on it)")
    args = ap.parse_args()
    nlp = spacy.load(args.model)
    res: dict = {"model": args.model}
    t0 = time.time()
    nd = dict(ndt_dir=DEFAULT_NDT_DIR, disable=NER_ONLY)
    res["ner_dev"] = _short(eval_ner(DEFAULT_DEV, nlp, **nd))
    res["ner_dev_no_consistency"] = _short(eval_ner(DEFAULT_DEV, nlp, ndt_dir=DEFAULT_NDT_DIR,
                                                    disable=NER_ONLY + [CONSISTENCY]))
    cons = nlp.get_pipe(CONSISTENCY)
    cons.person_parts = False
    res["ner_dev_consistency_no_person_parts"] = _short(eval_ner(DEFAULT_DEV, nlp, **nd))
    cons.person_parts = True
    cons.relabel = not cons.relabel
    res[f"ner_dev_consistency_relabel_{cons.relabel}"] = _short(eval_ner(DEFAULT_DEV, nlp, **nd))
    cons.relabel = not cons.relabel
    res["ner_dev_whole_docs"] = _short(eval_ner(DEFAULT_DEV, nlp, n_sents=None, **nd))
    res["ner_dev_whole_docs_no_consistency"] = _short(eval_ner(
        DEFAULT_DEV, nlp, n_sents=None, ndt_dir=DEFAULT_NDT_DIR, disable=NER_ONLY + [CONSISTENCY]))
    res["ner_dev_10sent_chunks_no_doc_ids"] = _short(eval_ner(DEFAULT_DEV, nlp, disable=NER_ONLY))
    gaz = with_gazetteer(spacy.load(args.model))
    res["ner_dev_gazetteer"] = _short(eval_ner(DEFAULT_DEV, gaz, **nd))
    print(f"dev NER done in {time.time() - t0:.0f}s", flush=True)
    if not args.quick:
        res["ner_test"] = _short(eval_ner(TEST, nlp, **nd))
        res["ner_test_no_consistency"] = _short(eval_ner(TEST, nlp, ndt_dir=DEFAULT_NDT_DIR,
                                                         disable=NER_ONLY + [CONSISTENCY]))
        res["ner_test_gazetteer"] = _short(eval_ner(TEST, gaz, **nd))
        res["parse_test"] = eval_parse(TEST, nlp, ndt_dir=DEFAULT_NDT_DIR)
        res["parse_dev"] = eval_parse(DEFAULT_DEV, nlp, ndt_dir=DEFAULT_NDT_DIR)
        if args.nynorsk:  # only meaningful for a model whose NER did not train on ndt/nno
            with tempfile.TemporaryDirectory() as tmp:
                nno = nynorsk_conllu(Path(tmp) / "nno.conllu")
                res["ner_nno_all"] = _short(eval_ner(nno, nlp, disable=NER_ONLY))
    text = json.dumps(res, indent=1, ensure_ascii=False)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    for key, r in res.items():
        if isinstance(r, dict) and "f" in r:
            print(f"{key:40s} P {r['p']:.4f} R {r['r']:.4f} F {r['f']:.4f}")
        elif isinstance(r, dict):
            print(key, {k: round(v, 4) if isinstance(v, float) else v for k, v in r.items()})


if __name__ == "__main__":
    main()
