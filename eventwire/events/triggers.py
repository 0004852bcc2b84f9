"""The trained trigger detector: which words express an event, and of which PLOVER type.

Every verb, noun and adjective is a candidate.  A candidate is described by sparse features —
its form, lemma, word-shape pieces (so that unseen compounds share their head:
*sanksjonspakke*, *straffetoll*), part of speech, dependency relation and morphology, what the
lexicon (:mod:`eventwire.events.lexicon`) says of it, its head, its dependents' relations and
prepositions and the kinds of entity among them — and by the shipped model's contextual token
vector (``doc.tensor``).  A multinomial logistic regression over these gives the probability
of each type and of "no event".  The lexicon stays as a high-precision backoff that the model
can overrule both ways (:func:`decide`): a lexicon trigger stands unless the model is sure it
is no event (P(no event) ≥ :attr:`TriggerModel.veto`), and a word the lexicon does not know is
a trigger of the model's best type when that type clears :attr:`TriggerModel.threshold`; both
thresholds are chosen on the dev split.

The model is trained by :func:`eventwire.events.training.train_events` (``eventwire
train-events``) from the event corpus' train split and saved as ``model.npz`` + ``meta.json``
under ``eventwire/models/events_<lang>/`` with a model card.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..records import PLOVER_TYPES, Article
from .lexicon import Lexicon, _keys, _pos_group, match
from .syntax import _case

NONE = "O"
LABELS = (NONE, *PLOVER_TYPES)
_ARG_DEPS = {"nsubj", "nsubj:pass", "obj", "iobj", "obl", "nmod", "nmod:poss", "obl:agent", "amod"}


def candidates(doc) -> list:
    """The tokens that may be triggers: verbs, nouns and adjectives (names are not)."""
    return [t for t in doc if _pos_group(t) in ("VERB", "NOUN", "ADJ") and t.pos_ != "PROPN" and t.is_alpha]


def _entity_type(article: Article, tok) -> str | None:
    e = article.entity_at(tok.idx, tok.idx + len(tok.text))
    return None if e is None else e.type


def features(tok, article: Article, lex: Lexicon) -> list[str]:
    """The sparse features of one candidate token."""
    form, lemma = tok.text.lower(), tok.lemma_.lower()
    group = _pos_group(tok)
    out = [f"f={form}", f"l={lemma}", f"p={tok.pos_}", f"d={tok.dep_}", f"pd={tok.pos_}_{tok.dep_}"]
    for n in (3, 4, 5, 6):
        if len(form) > n + 2:
            out += [f"s{n}={form[-n:]}", f"b{n}={form[:n]}"]
    for feat in ("VerbForm", "Voice", "Definite", "Tense", "Number"):
        out += [f"m{feat}={v}" for v in tok.morph.get(feat)]
    entry = match(tok, lex)
    if entry is not None:
        out += [f"lex={entry.type}", f"lexm={entry.type}_{entry.mode}", f"lexp={entry.pos}"]
    keys = _keys(tok, lex)
    for pos in ("VERB", "NOUN", "ADJ"):
        for e in lex.lookup(pos, keys)[:1]:
            out.append(f"lexany={e.type}" + ("" if pos == group else f"_{pos}"))
    head = tok.head
    if head.i != tok.i:
        out += [f"hl={head.lemma_.lower()}", f"hp={head.pos_}", f"hd={tok.dep_}_{head.pos_}"]
        h = match(head, lex)
        if h is not None:
            out.append(f"hlex={h.type}")
    else:
        out.append("root")
    for c in tok.children:
        out.append(f"cd={c.dep_}")
        if c.dep_ in _ARG_DEPS:
            case = _case(c)
            if case:
                out.append(f"cp={c.dep_}_{case}")
            et = _entity_type(article, c)
            if et:
                out.append(f"ce={c.dep_}_{et}")
        if c.dep_ == "advmod" and c.lower_ in lex.list("negations"):
            out.append("neg")
        if c.dep_ == "compound:prt":
            out.append(f"prt={c.lower_}")
    own = _entity_type(article, tok)
    if own:
        out.append(f"inent={own}")
    if article.quote_at(tok.idx) is not None:
        out.append("inquote")
    return out


@dataclass
class TriggerModel:
    """A multinomial logistic regression over sparse features and the token vector."""

    labels: tuple[str, ...]
    vocab: dict[str, int]
    weights: np.ndarray  # (features, labels)
    dense: np.ndarray  # (vector width, labels)
    bias: np.ndarray  # (labels,)
    threshold: float = 0.5
    veto: float = 1.01  # above 1: the model never overrules the lexicon
    meta: dict = field(default_factory=dict)

    def logits(self, feats: list[list[str]], vectors: np.ndarray) -> np.ndarray:
        out = np.tile(self.bias, (len(feats), 1)).astype(np.float32)
        for n, fs in enumerate(feats):
            idx = [self.vocab[f] for f in fs if f in self.vocab]
            if idx:
                out[n] += self.weights[idx].sum(axis=0)
        if len(feats) and self.dense.shape[0]:
            out += vectors @ self.dense
        return out

    def probabilities(self, feats: list[list[str]], vectors: np.ndarray) -> np.ndarray:
        z = self.logits(feats, vectors)
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        names = sorted(self.vocab, key=self.vocab.get)
        np.savez_compressed(path / "model.npz", weights=self.weights.astype(np.float16),
                            dense=self.dense.astype(np.float16), bias=self.bias.astype(np.float32),
                            features=np.array(names, dtype=np.str_))
        meta = dict(self.meta, labels=list(self.labels), threshold=self.threshold, veto=self.veto)
        (path / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "TriggerModel":
        arrays = np.load(path / "model.npz")
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        names = [str(n) for n in arrays["features"]]
        return cls(labels=tuple(meta["labels"]), vocab={n: i for i, n in enumerate(names)},
                   weights=arrays["weights"].astype(np.float32), dense=arrays["dense"].astype(np.float32),
                   bias=arrays["bias"], threshold=float(meta["threshold"]),
                   veto=float(meta.get("veto", 1.01)), meta=meta)


class Scorer:
    """A decision built on a :class:`TriggerModel` (the argument and pronoun scorers): the
    model, its threshold, saving and loading."""

    def __init__(self, model: TriggerModel):
        self.model = model

    @property
    def threshold(self) -> float:
        return self.model.threshold

    def save(self, path: Path) -> None:
        self.model.save(Path(path))

    @classmethod
    def load(cls, path: Path):
        return cls(TriggerModel.load(Path(path)))

    def sweep(self, output: Path, thresholds, score, by: str, loaded) -> dict[float, dict]:
        """Save the scorer at each threshold to ``output`` and measure it there
        (``score(output) -> dict``; ``loaded``: the cached loader to clear); keep the threshold
        whose ``by`` figure is best (a tie goes to the higher threshold)."""
        results: dict[float, dict] = {}
        for t in thresholds:
            self.model.threshold = t
            self.save(output)
            loaded.cache_clear()
            results[t] = score(output)
        self.model.threshold = max(results, key=lambda t: (results[t][by], t))
        return results


@lru_cache(maxsize=None)
def load_trigger_model(language: str | None, path: str | None = None) -> TriggerModel | None:
    """The trigger model of ``language`` shipped in the package (nn falls back to nb), or the
    one at ``path``; None when there is none (the lexicon then decides alone)."""
    from .. import resources

    where = resources.model_dir("events", language, path)
    return TriggerModel.load(where) if where is not None else None


def decide(row: np.ndarray, lexicon_type: str | None, model: TriggerModel) -> tuple[str, float] | None:
    """The type a candidate triggers and its probability, or None: the lexicon's type unless
    the model is sure it is no event, else the model's best type when it is likely enough."""
    if lexicon_type is not None and row[0] < model.veto:
        return lexicon_type, float(1.0 - row[0])
    best = int(row[1:].argmax()) + 1
    return (model.labels[best], float(row[best])) if row[best] >= model.threshold else None


@dataclass(frozen=True)
class Detection:
    """A candidate's type and probability by the model and the lexicon together; ``type`` is
    None when it triggers nothing."""

    type: str | None
    probability: float


def lexicon_type(feats: list[str]) -> str | None:
    """The type the lexicon gives a candidate, read off its features."""
    return next((f[4:] for f in feats if f.startswith("lex=")), None)


def detect(doc, article: Article, lex: Lexicon, model: TriggerModel) -> dict[int, Detection]:
    """The decision for every candidate of a document, by token index."""
    toks = candidates(doc)
    if not toks:
        return {}
    feats = [features(t, article, lex) for t in toks]
    width = model.dense.shape[0]
    vectors = doc.tensor[[t.i for t in toks]] if width else np.zeros((len(toks), 0), np.float32)
    if vectors.shape[1] != width:
        vectors = np.zeros((len(toks), width), dtype=np.float32)
    out = {}
    for t, fs, row in zip(toks, feats, model.probabilities(feats, vectors)):
        found = decide(row, lexicon_type(fs), model)
        out[t.i] = Detection(*found) if found else Detection(None, float(row[0]))
    return out


# --------------------------------------------------------------------------- training

def vocabulary(feats: list[list[str]], min_count: int) -> dict[str, int]:
    """Column numbers of the features seen in at least ``min_count`` examples, sorted by name."""
    counts: dict[str, int] = {}
    for fs in feats:
        for f in set(fs):
            counts[f] = counts.get(f, 0) + 1
    return {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}


def fit(feats: list[list[str]], vectors: np.ndarray, labels: list[str], *, min_count: int = 2,
        l2: float = 1e-4, epochs: int = 60, lr: float = 0.05, seed: int = 0,
        none_weight: float = 1.0, classes: tuple[str, ...] = LABELS) -> TriggerModel:
    """Train the regression with Adam on full-batch gradients (numpy only); ``classes`` are
    the labels, the first one the "nothing" label that ``none_weight`` weighs."""
    vocab = vocabulary(feats, min_count)
    rows, cols = [], []
    for n, fs in enumerate(feats):
        for f in set(fs):
            if f in vocab:
                rows.append(n)
                cols.append(vocab[f])
    rows_a, cols_a = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
    y = np.array([classes.index(lab) for lab in labels])
    n, k, d = len(feats), len(classes), vectors.shape[1]
    sample_w = np.where(y == 0, none_weight, 1.0).astype(np.float32)
    sample_w /= sample_w.mean()
    rng = np.random.default_rng(seed)
    params = [np.zeros((len(vocab), k), np.float32), (rng.standard_normal((d, k)) * 0.01).astype(np.float32),
              np.zeros(k, np.float32)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    onehot = np.eye(k, dtype=np.float32)[y]
    for step in range(1, epochs + 1):
        w, dense, bias = params
        z = np.zeros((n, k), np.float32)
        np.add.at(z, rows_a, w[cols_a])
        z += vectors @ dense + bias
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * sample_w[:, None] / n
        gw = np.zeros_like(w)
        np.add.at(gw, cols_a, g[rows_a])
        grads = [gw + l2 * w, vectors.T @ g + l2 * dense, g.sum(axis=0)]
        for i, (param, grad) in enumerate(zip(params, grads)):
            m[i] = 0.9 * m[i] + 0.1 * grad
            v[i] = 0.999 * v[i] + 0.001 * grad * grad
            param -= lr * (m[i] / (1 - 0.9 ** step)) / (np.sqrt(v[i] / (1 - 0.999 ** step)) + 1e-8)
    return TriggerModel(labels=classes, vocab=vocab, weights=params[0], dense=params[1], bias=params[2])
