"""Score a trained model on NorNE Bokmål dev/test and Nynorsk dev/test, and measure the ideas.

    PYTHONPATH=. python training/evaluate_model.py [--model DIR] [--out results.json] [--quick]
    PYTHONPATH=. python training/evaluate_model.py --recipe training/recipe_en.yaml --model DIR

With ``--recipe`` of a recipe that names its own data (English: ``recipe_en.yaml``): parse
scores on each of its test files (EWT test, GUM test) and NER on the test and dev files that
carry names (GUM, entity mentions as ``eventwire.nlp.conllu.gum_names`` reads them).

NER: strict entity-level P/R/F, docs of 10 sentences within the NDT documents recovered for
the UD files (as in training), and as ``eventwire eval-ner`` does it (consecutive chunks).
On dev also: each voting member alone, document-level consistency switched on (10-sentence
and whole-document docs).  Nynorsk: the UD nno dev/test files (held out of NER training).
Parse scores (UPOS, morph, lemma, UAS, LAS) on dev and test (gold tokens).
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy

from eventwire.nlp import DEFAULT_MODEL_PATH
from eventwire.nlp.ensemble import STASH, VOTE
from eventwire.nlp.evaluate import eval_ner, eval_parse
from eventwire.nlp.training import DEFAULT_DEV, DEFAULT_NDT_DIR, DEFAULT_TEST, SHARED_DATA, load_recipe

TEST = DEFAULT_TEST
NNO_UD = {split: SHARED_DATA / "norne" / "ud" / "nno" / f"no_nynorsk-ud-{split}.conllu" for split in ("dev", "test")}
CONSISTENCY = "eventwire_ner_consistency"
#: not needed for NER scores (the parser stays: it sets the sentences the NER vote works on)
NOT_FOR_NER = ["morphologizer", "trainable_lemmatizer"]


def _short(r: dict) -> dict:
    keep = {k: round(r[k], 4) if isinstance(r[k], float) else r[k] for k in ("p", "r", "f", "tp", "fp", "fn")}
    keep["per_type"] = {t: {k: round(v[k], 4) if isinstance(v[k], float) else v[k]
                            for k in ("p", "r", "f", "tp", "fp", "fn")}
                        for t, v in r["per_type"].items()}
    for k in ("n_docs", "n_sents", "n_gold"):
        if k in r:
            keep[k] = r[k]
    return keep


def members(nlp) -> list[str]:
    """The NER components of a voting ensemble, tie-breakers included (just ``ner`` for one)."""
    return [name for name in nlp.component_names if nlp.get_pipe_meta(name).factory == "ner"]


def member_alone(nlp, member: str) -> dict:
    """NER scores on dev of ``member`` alone (the other members, stash and vote switched off)."""
    others = [name for name in nlp.pipe_names
              if name != member and nlp.get_pipe_meta(name).factory in ("ner", STASH, VOTE)]
    was_disabled = member in nlp.disabled
    if was_disabled:
        nlp.enable_pipe(member)
    try:
        return _short(eval_ner(DEFAULT_DEV, nlp, ndt_dir=DEFAULT_NDT_DIR, disable=NOT_FOR_NER + others))
    finally:
        if was_disabled:
            nlp.disable_pipe(member)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", default=str(DEFAULT_MODEL_PATH))
    ap.add_argument("--out", default=None)
    ap.add_argument("--quick", action="store_true", help="dev NER only")
    ap.add_argument("--recipe", default=None, help="score on the data this recipe names (English)")
    args = ap.parse_args()
    nlp = spacy.load(args.model)
    res: dict = {"model": args.model}
    t0 = time.time()
    if args.recipe:
        _recipe_scores(nlp, load_recipe(args.recipe), res)
        _write(res, args.out)
        return
    nd = dict(ndt_dir=DEFAULT_NDT_DIR, disable=NOT_FOR_NER)
    res["ner_dev"] = _short(eval_ner(DEFAULT_DEV, nlp, **nd))
    res["ner_dev_10sent_chunks_no_doc_ids"] = _short(eval_ner(DEFAULT_DEV, nlp, disable=NOT_FOR_NER))
    if len(members(nlp)) > 1:
        for member in members(nlp):
            res[f"ner_dev_{member}_alone"] = member_alone(nlp, member)
    if CONSISTENCY in nlp.disabled:  # shipped switched off: measure what switching it on does
        nlp.enable_pipe(CONSISTENCY)
        res["ner_dev_consistency_on"] = _short(eval_ner(DEFAULT_DEV, nlp, **nd))
        res["ner_dev_whole_docs_consistency_on"] = _short(eval_ner(DEFAULT_DEV, nlp, n_sents=None, **nd))
        nlp.disable_pipe(CONSISTENCY)
    res["ner_dev_whole_docs"] = _short(eval_ner(DEFAULT_DEV, nlp, n_sents=None, **nd))
    print(f"dev NER done in {time.time() - t0:.0f}s", flush=True)
    if not args.quick:
        res["ner_test"] = _short(eval_ner(TEST, nlp, **nd))
        res["ner_test_10sent_chunks_no_doc_ids"] = _short(eval_ner(TEST, nlp, disable=NOT_FOR_NER))
        for split, path in NNO_UD.items():
            res[f"ner_nno_{split}"] = _short(eval_ner(path, nlp, disable=NOT_FOR_NER))
        res["parse_test"] = eval_parse(TEST, nlp, ndt_dir=DEFAULT_NDT_DIR)
        res["parse_dev"] = eval_parse(DEFAULT_DEV, nlp, ndt_dir=DEFAULT_NDT_DIR)
    _write(res, args.out)


def _recipe_scores(nlp, recipe, res: dict) -> None:
    """Parse on every test file of the recipe, NER on its test and dev files with names."""
    for split in ("test", "dev"):
        for path in recipe.data.get(split, ()):
            stem = Path(path).stem.replace("-ud-", "_").replace("-", "_")
            if split == "test":
                res[f"parse_{stem}"] = eval_parse(path, nlp)
            if "gum" in stem:
                res[f"ner_{stem}"] = _short(eval_ner(path, nlp, disable=NOT_FOR_NER))
                res[f"ner_{stem}_whole_docs"] = _short(eval_ner(path, nlp, n_sents=None, disable=NOT_FOR_NER))


def _write(res: dict, out: str | None) -> None:
    text = json.dumps(res, indent=1, ensure_ascii=False)
    if out:
        Path(out).write_text(text + "\n", encoding="utf-8")
    for key, r in res.items():
        if isinstance(r, dict) and "f" in r:
            print(f"{key:40s} P {r['p']:.4f} R {r['r']:.4f} F {r['f']:.4f}")
        elif isinstance(r, dict):
            print(key, {k: round(v, 4) if isinstance(v, float) else v for k, v in r.items()})


if __name__ == "__main__":
    main()
