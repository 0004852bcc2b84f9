"""Train the eventwire nb pipeline: thin wrapper over eventwire.nlp.training.train.

    PYTHONPATH=. python training/run_train.py OUTPUT_DIR [--config CFG ...] [--max-seconds S]
        [--work-dir DIR] [--set key=value ...]
"""
from __future__ import annotations

import argparse
import ast

from eventwire.nlp.training import DEFAULT_CONFIGS, DEFAULT_DEV, DEFAULT_EXTRA_NER, DEFAULT_TRAIN, train


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
    ap.add_argument("--config", action="append", default=None,
                    help="spaCy config; repeat for parts trained in parallel and merged "
                         "(default: training/configs/nb_parse.cfg + nb_ner.cfg)")
    ap.add_argument("--max-seconds", type=float, default=0, help="wall-clock cap per part")
    ap.add_argument("--train", default=str(DEFAULT_TRAIN))
    ap.add_argument("--dev", default=str(DEFAULT_DEV))
    ap.add_argument("--work-dir", default=None)
    ap.add_argument("--extra-ner-dir", action="append", default=None,
                    help="NDT-format folder added to the training data of NER-only configs "
                         "(default: NorNE ndt/nno); --extra-ner-dir none for none")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="spaCy config override, e.g. training.max_steps=2000")
    args = ap.parse_args()
    overrides = {k: _value(v) for k, v in (s.split("=", 1) for s in args.set)}
    configs = args.config or [str(c) for c in DEFAULT_CONFIGS]
    path = train(args.output_dir, configs, args.train, args.dev, work_dir=args.work_dir,
                 overrides=overrides, max_seconds=args.max_seconds,
                 extra_ner_dirs=_extra(args.extra_ner_dir))
    print(f"model written to {path}")


if __name__ == "__main__":
    main()
