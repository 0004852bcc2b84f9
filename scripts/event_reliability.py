"""How far an event's confidence can be trusted: a reliability table on gold documents, and
the fit of the calibration that turns rule scores into confidences.

    python scripts/event_reliability.py corpus/events/dev [--json]
    python scripts/event_reliability.py corpus/events/train --fit   # the calibration's slope and intercept

Every predicted event is right or wrong as ``eventwire eval`` scores events (type, actor and
recipient).  The table shows per confidence bin how many events fall in it, their mean
confidence and the share that is right, and the expected calibration error over all.  ``--fit``
fits a logistic map from the events' rule scores (``score``) to being right and prints it for
``calibration`` in ``eventwire/data/<lang>/events.yaml`` (the fallback when no confidence
model, ``eventwire train-confidence``, is shipped).  The table reads the confidences the
pipeline gives, the confidence model's where there is one.  Fit on the train split, read the
table on dev; the test split is for the report only.
"""
from __future__ import annotations

import argparse
import json

import numpy as np

from eventwire.evaluate import event_hits, gold_article, reliability
from eventwire.events.confidence import fit_logistic
from eventwire.gold import find_gold, load_gold
from eventwire.pipeline import Pipeline, PipelineConfig


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="+", help="gold files or directories")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--fit", action="store_true", help="fit the calibration on these documents")
    args = ap.parse_args()
    golds = [load_gold(p) for p in find_gold(args.gold)]
    hits = []
    # the calibration is fitted on the rule scores of every event (no confidence model dropping any)
    config = PipelineConfig(event_confidence=not args.fit)
    for gold, analysis in zip(golds, Pipeline(config).analyse(gold_article(g) for g in golds)):
        hits += event_hits(gold, analysis.article)
    if args.fit:
        x = np.array([e.score for e, _ in hits], dtype=float)
        y = np.array([float(r) for _, r in hits])
        slope, intercept = fit_logistic(np.stack([x, np.ones_like(x)], axis=1), y, l2=1e-3, steps=50)
        print(json.dumps({"slope": round(slope, 3), "intercept": round(intercept, 3), "events": len(hits),
                          "right": int(y.sum())}))
        return
    table = reliability([(e.confidence, r) for e, r in hits])
    if args.json:
        print(json.dumps(table, indent=1))
        return
    print(f"{'confidence':>12} {'events':>7} {'mean conf':>10} {'right':>7}")
    for row in table["bins"]:
        print(f"{row['from']:.1f}–{row['to']:.1f}{'':>4} {row['events']:>7} {row['confidence']:>10.3f} {row['right']:>7.3f}")
    print(f"{table['events']} events, expected calibration error {table['ece']:.3f}")


if __name__ == "__main__":
    main()
