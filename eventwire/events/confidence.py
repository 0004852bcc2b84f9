"""How likely an extracted event is right: a trained logistic model over the finished event.

An event is *right* when its type, actor and recipient are those a reader marks, as
``eventwire eval`` scores it.  The rule score alone hardly tells right from wrong events on
unseen text (dev AUC 0.54), so the confidence is learned from the event as the stage built it:
its type and modality, the trigger's word, part of speech and relation and whether the lexicon
knows it, and for actor and recipient their entity type, sector, whether they have a country,
are unnamed, how prominent they are in the article, whether one stands near the trigger, and
whether both sides are of one country.  Features only read the finished record and its Doc.

The model is fitted on the event corpus' train split by :func:`train_confidence`
(``eventwire train-confidence``); the dev split chooses :attr:`ConfidenceModel.threshold`, the
confidence below which an event is dropped.  Saved as ``model.npz`` + ``meta.json`` under
``eventwire/models/confidence_<lang>/`` with a model card.  Without a model the rule score's
calibration (``calibration`` in the lexicon) gives the confidence and nothing is dropped.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..records import Article, Event
from .lexicon import Lexicon, load_lexicon, match
from .triggers import vocabulary


_NEAR = 120  # characters: a party named this close to the trigger stands "near" it


def features(event: Event, article: Article, doc, lex: Lexicon) -> list[str]:
    """The sparse features of one finished event."""
    out = [f"type={event.type}", f"modality={event.modality}", f"negated={event.negated}",
           f"quoted={event.source_quote is not None}", f"score={round(event.score, 2)}"]
    tok = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand") if doc is not None else None
    if tok is not None and len(tok):
        t = tok.root
        out += [f"pos={t.pos_}", f"lemma={t.lemma_.lower()}", f"dep={t.dep_}", f"lexicon={match(t, lex) is not None}"]
    counts = sorted((len(e.mentions) for e in article.entities), reverse=True)
    actors = [e for e in map(article.entity, event.actor) if e is not None]
    recipients = [e for e in map(article.entity, event.recipient) if e is not None]
    for side, parties in (("actor", actors), ("recipient", recipients)):
        if not parties:
            out.append(f"{side}=none")
            continue
        e = parties[0]
        out += [f"{side}_type={e.type}", f"{side}_sector={e.sector}", f"{side}_country={e.country is not None}",
                f"{side}_unnamed={e.unnamed}", f"{side}_salience={_salience(len(e.mentions), counts)}",
                f"{side}_several={len(parties) > 1}",
                f"{side}_near={any(abs(m.start - event.trigger.start) < _NEAR for m in e.mentions)}"]
    if actors and recipients:
        out.append(f"one_country={actors[0].country is not None and actors[0].country == recipients[0].country}")
    out.append(f"type_actor={event.type}_{actors[0].type if actors else None}")
    return out


def _salience(mentions: int, counts: list[int]) -> str:
    """How prominent a party is in its article: among the most named, named more than once,
    or once (``counts``: every entity's number of mentions, largest first)."""
    if mentions >= counts[min(2, len(counts) - 1)]:
        return "top"
    return "repeated" if mentions > 1 else "once"


@dataclass
class ConfidenceModel:
    """A binary logistic regression over sparse features; ``threshold`` drops the events below it."""

    weights: dict[str, float]
    bias: float
    threshold: float = 0.0
    meta: dict = field(default_factory=dict)

    def probability(self, feats: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in set(feats))
        return float(1.0 / (1.0 + np.exp(-z)))

    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        names = sorted(self.weights)
        np.savez_compressed(path / "model.npz", features=np.array(names, dtype=np.str_),
                            weights=np.array([self.weights[n] for n in names], dtype=np.float32),
                            bias=np.array([self.bias], dtype=np.float32))
        meta = dict(self.meta, threshold=self.threshold)
        (path / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "ConfidenceModel":
        with np.load(path / "model.npz") as z:
            weights = {str(n): float(w) for n, w in zip(z["features"], z["weights"])}
            bias = float(z["bias"][0])
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        return cls(weights, bias, float(meta.get("threshold", 0.0)), meta)


@lru_cache(maxsize=8)
def load_confidence_model(language: str | None, path: str | None = None) -> ConfidenceModel | None:
    """The confidence model of ``language`` shipped in the package (nn falls back to nb), or
    the one at ``path``; None when there is none."""
    from .. import resources

    where = resources.model_dir("confidence", language, path)
    return ConfidenceModel.load(where) if where is not None else None


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 30) -> np.ndarray:
    """Weights of P(y) = 1 / (1 + exp(-X @ w)) by Newton's method with an L2 penalty (the
    last column of ``X`` is the constant, penalised like the rest)."""
    w = np.zeros(X.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-X @ w))
        grad = X.T @ (p - y) + l2 * w
        hess = (X * (p * (1 - p))[:, None]).T @ X + l2 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return w


def fit(feats: list[list[str]], labels: list[bool], *, l2: float = 10.0, min_count: int = 3) -> ConfidenceModel:
    """Fit the model on events' features and whether each was right."""
    index = vocabulary(feats, min_count)
    X = np.zeros((len(feats), len(index) + 1))
    X[:, -1] = 1.0
    for n, fs in enumerate(feats):
        for f in fs:
            if f in index:
                X[n, index[f]] = 1.0
    w = fit_logistic(X, np.array(labels, dtype=float), l2=l2)
    return ConfidenceModel({f: float(w[i]) for f, i in index.items()}, float(w[-1]),
                           meta={"events": len(labels), "right": int(sum(labels)), "l2": l2, "min_count": min_count})


# --------------------------------------------------------------------------- training

def _collect(golds, pipeline) -> tuple[list[list[str]], list[bool], int]:
    """Features and rightness of every event the pipeline (without a confidence model) finds
    in the gold documents, and how many required gold events it misses."""
    from ..evaluate import event_pairs, gold_article

    feats, labels, missed = [], [], 0
    for gold, analysis in zip(golds, pipeline.analyse(gold_article(g) for g in golds)):
        article = analysis.article
        lex = load_lexicon(article.language)
        pairs = event_pairs(gold, article)
        right = {p for _, p in pairs}
        hit = {g for g, _ in pairs}
        missed += sum(1 for k, g in enumerate(gold.events or []) if g.required and k not in hit)
        for k, e in enumerate(article.events):
            feats.append(features(e, article, analysis.doc, lex))
            labels.append(k in right)
    return feats, labels, missed


def train_confidence(train, dev, output: Path | None = None, *, l2: float = 10.0,
                     thresholds=(0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4), progress=None) -> tuple[ConfidenceModel, dict]:
    """Fit the confidence model on the train documents and choose its threshold on dev by
    events F1 (the dropped events leave recall), each threshold's F1 averaged with its
    neighbours' so that a lucky peak is not chosen; the test split is never read."""
    from ..pipeline import Pipeline, PipelineConfig
    from .training import load_split

    say = progress or (lambda *_: None)
    pipeline = Pipeline(PipelineConfig(event_confidence=False))
    say("running the pipeline on the train split …")
    feats, labels, _ = _collect(load_split(train), pipeline)
    model = fit(feats, labels, l2=l2)
    say(f"fitted on {len(labels)} events ({sum(labels)} right); choosing the threshold on dev …")
    dev_feats, dev_labels, dev_missed = _collect(load_split(dev), pipeline)
    probs = np.array([model.probability(f) for f in dev_feats])
    right = np.array(dev_labels, dtype=bool)
    rows = []
    for th in thresholds:
        keep = probs >= th
        tp, fp = int((keep & right).sum()), int((keep & ~right).sum())
        fn = dev_missed + int((~keep & right).sum())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        rows.append({"threshold": th, "kept": int(keep.sum()), "precision": round(p, 3), "recall": round(r, 3),
                     "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0})
    # the best F1 averaged with its neighbours: a peak beside a cliff is not picked
    smooth = [sum(r["f1"] for r in rows[max(0, k - 1):k + 2]) / len(rows[max(0, k - 1):k + 2])
              for k in range(len(rows))]
    best = max(range(len(rows)), key=lambda k: (round(smooth[k], 6), -rows[k]["threshold"]))
    model.threshold = rows[best]["threshold"]
    report = {"train_events": len(labels), "train_right": int(sum(labels)), "dev_events": len(dev_labels),
              "dev_auc": round(auc(probs, right), 3), "dev_thresholds": rows, "threshold": model.threshold}
    model.meta.update(report)
    if output is not None:
        model.save(Path(output))
    return model, report


def auc(scores: np.ndarray, right: np.ndarray) -> float:
    """The area under the ROC curve: how often a right event scores above a wrong one."""
    pos, neg = scores[right], scores[~right]
    if not len(pos) or not len(neg):
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))
