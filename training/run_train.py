"""Train an eventwire pipeline (nb: recipe.yaml, en: recipe_en.yaml): thin wrapper over eventwire.nlp.training.train.

    PYTHONPATH=. python training/run_train.py OUTPUT_DIR [--recipe training/recipe.yaml |
        --config CFG ...] [--max-seconds S] [--work-dir DIR] [--set key=value ...]
"""
from __future__ import annotations

import argparse
import ast

from eventwire.nlp.training import (DEFAULT_EXTRA_NER, DEFAULT_RECIPE, Recipe,
                                    train)


def _value(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def _extra(dirs):
    if dirs is None:
        return DEFAULT_EXTRA_NER
    return [d for d in dirs if d != "none"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("output_dir")
    ap.add_argument("--recipe", default=str(DEFAULT_RECIPE),
                    help="parts to train and how to combine them (default: training/recipe.yaml)")
    ap.add_argument("--config", action="append", default=None,
                    help="train these spaCy configs instead of the recipe, in parallel, merged")
    ap.add_argument("--base-model", default=None,
                    help="reuse this model's parse part; train only the recipe's NER members")
    ap.add_argument("--processes", type=int, default=None, help="parts trained at once (default: cores)")
    ap.add_argument("--max-seconds", type=float, default=0, help="wall-clock cap per part")
    ap.add_argument("--train", action="append", default=None, help="CoNLL-U train file(s) (default: the recipe's, else NorNE)")
    ap.add_argument("--dev", action="append", default=None)
    ap.add_argument("--work-dir", default=None)
    ap.add_argument("--extra-ner-dir", action="append", default=None,
                    help="NDT-format folder added to the training data of NER-only configs "
                         "(default: NorNE ndt/nno); --extra-ner-dir none for none")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="spaCy config override, e.g. training.max_steps=2000")
    args = ap.parse_args()
    overrides = {k: _value(v) for k, v in (s.split("=", 1) for s in args.set)}
    recipe = Recipe.from_configs(args.config) if args.config else args.recipe
    path = train(args.output_dir, recipe, args.train, args.dev, work_dir=args.work_dir,
                 overrides=overrides, max_seconds=args.max_seconds, processes=args.processes,
                 base_model=args.base_model,
                 extra_ner_dirs=_extra(args.extra_ner_dir))
    print(f"model written to {path}")


if __name__ == "__main__":
    main()
