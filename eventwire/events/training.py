"""Training the trigger detector from the event corpus (``eventwire train-events``).

The corpus' documents run through the pipeline up to the quotes stage (the stages the events
stage reads); every candidate token (:func:`eventwire.events.triggers.candidates`) becomes an
example, labelled with the type of the gold trigger it heads or "O".  The regression is fit
on the train split; the decision threshold is the one with the best trigger + type F1 on the
dev split.  The test split is never read here.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..gold import GoldDoc, find_gold, load_gold
from .lexicon import load_lexicon
from .triggers import NONE, TriggerModel, candidates, decide, features, fit, lexicon_type

#: the stages whose output the events stage reads
UPSTREAM = ("language", "nlp", "entities", "times", "quotes")
#: which candidate heads a multi-word trigger: a verb before an adjective before a noun before
#: an auxiliary ("ble drept", "skjerpet tonen", "gikk av")
_HEAD_ORDER = {"VERB": 0, "ADJ": 1, "NOUN": 2, "AUX": 3}


@dataclass
class Examples:
    feats: list[list[str]]
    vectors: np.ndarray
    labels: list[str]
    docs: list[str]  # the document each example comes from

    def __len__(self) -> int:
        return len(self.labels)


def head_tokens(gold: GoldDoc, toks: list) -> dict[int, str]:
    """Token index -> gold type for the candidate heading each gold trigger mention."""
    out: dict[int, str] = {}
    for g in gold.events:
        for start, end in g.triggers:
            inside = [t for t in toks if t.idx < end and t.idx + len(t.text) > start]
            if inside:
                head = min(inside, key=lambda t: (_HEAD_ORDER.get(t.pos_, 2), t.i))
                out.setdefault(head.i, g.types[0])
    return out


def examples(golds: list[GoldDoc], pipeline=None) -> Examples:
    """Candidates of the gold documents with their features, vectors and labels."""
    from ..evaluate import gold_article
    from ..pipeline import Pipeline, PipelineConfig

    pipeline = pipeline or Pipeline(PipelineConfig(stages=UPSTREAM))
    feats: list[list[str]] = []
    vectors: list[np.ndarray] = []
    labels: list[str] = []
    docs: list[str] = []
    for gold, analysis in zip(golds, pipeline.analyse(gold_article(g) for g in golds)):
        doc, article = analysis.doc, analysis.article
        lex = load_lexicon(article.language)
        toks = candidates(doc)
        gold_heads = head_tokens(gold, toks)
        feats += [features(t, article, lex) for t in toks]
        vectors.append(doc.tensor[[t.i for t in toks]] if toks else np.zeros((0, doc.tensor.shape[1]), np.float32))
        labels += [gold_heads.get(t.i, NONE) for t in toks]
        docs += [gold.name] * len(toks)
    return Examples(feats, np.concatenate(vectors).astype(np.float32), labels, docs)


def token_scores(model: TriggerModel, ex: Examples, probs: np.ndarray | None = None) -> dict[str, float]:
    """Trigger + type P/R/F1 over candidate tokens, decided as the events stage decides."""
    probs = model.probabilities(ex.feats, ex.vectors) if probs is None else probs
    pred = [(decide(row, lexicon_type(fs), model) or (NONE,))[0] for row, fs in zip(probs, ex.feats)]
    tp = sum(p == g != NONE for p, g in zip(pred, ex.labels))
    fp = sum(p != NONE and p != g for p, g in zip(pred, ex.labels))
    fn = sum(g != NONE and p != g for p, g in zip(pred, ex.labels))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def load_split(paths: Iterable[str | Path]) -> list[GoldDoc]:
    return [load_gold(p) for p in find_gold(paths)]


def train_events(train: Iterable[str | Path], dev: Iterable[str | Path], output: Path | None = None, *,
                 epochs: int = 80, l2: float = 1e-4, lr: float = 0.05, none_weight: float = 0.3,
                 min_count: int = 2, seed: int = 0, vectors: bool = False,
                 progress=print) -> tuple[TriggerModel, dict]:
    """Fit the trigger model on ``train``, choose its threshold on ``dev``, save it to ``output``."""
    train_golds, dev_golds = load_split(train), load_split(dev)
    progress(f"reading {len(train_golds)} train and {len(dev_golds)} dev documents")
    tr, dv = examples(train_golds), examples(dev_golds)
    if not vectors:  # the contextual vectors overfit on a corpus this size (see the model card)
        tr.vectors, dv.vectors = tr.vectors[:, :0], dv.vectors[:, :0]
    progress(f"{len(tr)} train candidates ({sum(lab != NONE for lab in tr.labels)} triggers), "
             f"{len(dv)} dev candidates ({sum(lab != NONE for lab in dv.labels)} triggers)")
    model = fit(tr.feats, tr.vectors, tr.labels, min_count=min_count, l2=l2, epochs=epochs, lr=lr,
                seed=seed, none_weight=none_weight)
    probs = model.probabilities(dv.feats, dv.vectors)
    scored = {}
    for veto in (1.01, 0.99, 0.97, 0.95, 0.9, 0.85, 0.8):
        for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01):
            model.veto, model.threshold = veto, threshold
            scored[(veto, threshold)] = token_scores(model, dv, probs)
    model.veto, model.threshold = max(scored, key=lambda k: (scored[k]["f1"], -k[0], k[1]))
    lexicon_only = scored[(1.01, 1.01)]
    report = {"train_documents": len(train_golds), "dev_documents": len(dev_golds),
              "train_candidates": len(tr), "train_triggers": sum(lab != NONE for lab in tr.labels),
              "dev_triggers": sum(lab != NONE for lab in dv.labels), "features": len(model.vocab),
              "threshold": model.threshold, "veto": model.veto,
              "dev_tokens": scored[(model.veto, model.threshold)], "dev_tokens_lexicon_only": lexicon_only,
              "train_tokens": token_scores(model, tr),
              "settings": {"epochs": epochs, "l2": l2, "lr": lr, "none_weight": none_weight,
                           "min_count": min_count, "seed": seed, "vectors": vectors}}
    model.meta = {"report": report}
    if output is not None:
        model.save(Path(output))
    return model, report
