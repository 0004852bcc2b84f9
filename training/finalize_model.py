"""Set the post-processing options of a trained model and install it in the package.

    PYTHONPATH=. python training/finalize_model.py MODEL_DIR [--relabel] [--no-person-parts]
        [--no-consistency | --disable-consistency] [--gazetteer] [--out eventwire/models/nb_eventwire]
    (English: --out eventwire/models/en_eventwire; the model is named after its folder)

The choices are made on dev (see training/evaluate_model.py); the model is written
atomically with eventwire.nlp.training.package_model (MODEL_CARD.md in --out is kept).
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import spacy

from eventwire.nlp import DEFAULT_MODEL_PATH
from eventwire.nlp.training import package_model

GAZETTEER = Path(__file__).resolve().parents[1] / "eventwire" / "nlp" / "data" / "countries_nb.jsonl"
CONSISTENCY = "eventwire_ner_consistency"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("model_dir")
    ap.add_argument("--out", default=str(DEFAULT_MODEL_PATH))
    ap.add_argument("--relabel", action="store_true")
    ap.add_argument("--no-person-parts", action="store_true")
    ap.add_argument("--no-consistency", action="store_true")
    ap.add_argument("--disable-consistency", action="store_true",
                    help="ship the consistency component disabled (nlp.enable_pipe turns it on)")
    ap.add_argument("--gazetteer", action="store_true")
    args = ap.parse_args()
    nlp = spacy.load(args.model_dir)
    if CONSISTENCY in nlp.component_names:
        nlp.remove_pipe(CONSISTENCY)
    if args.gazetteer:
        ruler = nlp.add_pipe("entity_ruler", name="country_ruler", last=True,
                             config={"overwrite_ents": False})
        ruler.from_disk(GAZETTEER)
    if not args.no_consistency:
        nlp.add_pipe(CONSISTENCY, last=True,
                     config={"person_parts": not args.no_person_parts, "relabel": args.relabel})
        if args.disable_consistency:
            nlp.disable_pipe(CONSISTENCY)
    with tempfile.TemporaryDirectory() as tmp:
        nlp.to_disk(tmp)
        out = package_model(tmp, args.out, Path(args.out).name)
    print(f"{out}: {spacy.load(out).pipe_names}")


if __name__ == "__main__":
    main()
