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
from .lexicon import _pos_group, load_lexicon
from .triggers import LABELS, NONE, TriggerModel, candidates, features, fit

#: the stages whose output the events stage reads
UPSTREAM = ("language", "nlp", "entities", "times", "quotes")
#: which candidate heads a multi-word trigger: a verb before an adjective before a noun
_HEAD_ORDER = {"VERB": 0, "ADJ": 1, "NOUN": 2}


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
                head = min(inside, key=lambda t: (_HEAD_ORDER[_pos_group(t)], t.i))
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


def token_scores(model: TriggerModel, ex: Examples, threshold: float) -> dict[str, float]:
    """Trigger + type P/R/F1 over candidate tokens at ``threshold``."""
    probs = model.probabilities(ex.feats, ex.vectors)
    best = probs[:, 1:].argmax(axis=1) + 1
    pred = np.where(probs[np.arange(len(best)), best] >= threshold, best, 0)
    gold = np.array([LABELS.index(lab) for lab in ex.labels])
    tp = int(((pred == gold) & (gold > 0)).sum())
    fp = int(((pred > 0) & (pred != gold)).sum())
    fn = int(((gold > 0) & (pred != gold)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def load_split(paths: Iterable[str | Path]) -> list[GoldDoc]:
    return [load_gold(p) for p in find_gold(paths)]


def train_events(train: Iterable[str | Path], dev: Iterable[str | Path], output: Path | None = None, *,
                 epochs: int = 80, l2: float = 1e-4, lr: float = 0.05, none_weight: float = 0.5,
                 min_count: int = 2, seed: int = 0, progress=print) -> tuple[TriggerModel, dict]:
    """Fit the trigger model on ``train``, choose its threshold on ``dev``, save it to ``output``."""
    train_golds, dev_golds = load_split(train), load_split(dev)
    progress(f"reading {len(train_golds)} train and {len(dev_golds)} dev documents")
    tr, dv = examples(train_golds), examples(dev_golds)
    progress(f"{len(tr)} train candidates ({sum(lab != NONE for lab in tr.labels)} triggers), "
             f"{len(dv)} dev candidates ({sum(lab != NONE for lab in dv.labels)} triggers)")
    model = fit(tr.feats, tr.vectors, tr.labels, min_count=min_count, l2=l2, epochs=epochs, lr=lr,
                seed=seed, none_weight=none_weight)
    grid = [round(x, 2) for x in np.arange(0.2, 0.86, 0.05)]
    scored = {t: token_scores(model, dv, t) for t in grid}
    model.threshold = max(grid, key=lambda t: (scored[t]["f1"], t))
    report = {"train_documents": len(train_golds), "dev_documents": len(dev_golds),
              "train_candidates": len(tr), "train_triggers": sum(lab != NONE for lab in tr.labels),
              "dev_triggers": sum(lab != NONE for lab in dv.labels), "features": len(model.vocab),
              "threshold": model.threshold, "dev_tokens": scored[model.threshold],
              "train_tokens": token_scores(model, tr, model.threshold),
              "settings": {"epochs": epochs, "l2": l2, "lr": lr, "none_weight": none_weight,
                           "min_count": min_count, "seed": seed}}
    model.meta = {"report": report}
    if output is not None:
        model.save(Path(output))
    return model, report
