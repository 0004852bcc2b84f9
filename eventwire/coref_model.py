"""The trained part of coreference: which earlier entity a third-person pronoun refers to.

:class:`~eventwire.coref.Resolver` clusters names and titles by knowledge (the same known
actor, the same name, a title whose role and country fit); a pronoun (*han*, *hun*, *ham*,
*hennes*) has no such evidence, so a **mention-ranking scorer** decides it.  Its candidates are
the person clusters with a mention in the pronoun's sentence or the ``max_back`` sentences
before whose gender does not clash; each (pronoun, candidate) pair gets sparse features
(:func:`pair_features`: how far back, the candidate's last mention's kind and syntactic role,
whether it is the subject of a clause that embeds the pronoun or of the same verb, gender
agreement, salience, recency rank), and a logistic regression (the same numpy trainer as the
events stage's, :func:`eventwire.events.triggers.fit`) gives the probability that they
corefer.  The best candidate above the model's threshold is the antecedent; none above it
leaves the pronoun out, as the rules did.

It is trained by ``eventwire train-coref`` from NARC Bokmål's train documents
(:func:`train_coref`; the threshold is chosen by CoNLL F1 on the dev documents; the test
documents are never read) and shipped in ``eventwire/models/coref_nb``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from .coref import Cluster, Mention
from .events.triggers import Scorer

CLASSES = ("apart", "same")


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def pair_features(p: Mention, c: Cluster, rank: int) -> list[str]:
    """Features of linking pronoun ``p`` to cluster ``c`` (``rank``: 0 for the cluster
    mentioned last before ``p``, 1 for the one before, …)."""
    before = [x for x in c.mentions if x.start < p.start]
    x = before[-1]
    gap = p.sent - x.sent
    word = p.text.lower()
    same = [m for m in before if m.sent == p.sent]
    feats = [f"gap={gap}", f"rank={_bucket(rank, (0, 1, 2, 4))}", f"kind={x.kind}", f"word={word}",
             f"gap={gap}|kind={x.kind}", f"size={_bucket(len(before), (1, 2, 4, 8))}",
             f"gender={'unknown' if c.gender is None else 'same' if c.gender == p.gender else 'other'}",
             f"subj={x.subject}|main={x.main}", f"gap={gap}|subj={x.subject}",
             f"psubj={p.subject}|subj={x.subject}", f"word={word}|subj={x.subject}",
             f"actor={c.actor is not None}", f"names={any(m.kind == 'name' for m in c.mentions)}"]
    if any(m.subject and m.governor in p.chain for m in same):
        feats.append("embeds")  # the subject of a clause that holds the pronoun
    if any(m.subject and m.governor is not None and m.governor == p.governor for m in same):
        feats.append("same_verb")
    if p.chain and any(m.governor == p.chain[0] for m in same if m.subject):
        feats.append("own_clause_subject")  # "Per slo ham": ham is not Per
    if gap == 0 and not any(m.subject for m in same):
        feats.append("same_sentence_nonsubject")
    return feats


def candidates(p: Mention, clusters: list[Cluster], max_back: int, fits: Callable[[Cluster, Mention], bool]) -> list[Cluster]:
    """Person clusters mentioned within ``max_back`` sentences before ``p``, latest first."""
    found = []
    for c in clusters:
        before = [x for x in c.mentions if x.start < p.start]
        if before and c.kind == "PER" and fits(c, p) and p.sent - before[-1].sent <= max_back:
            found.append((before[-1].start, c))
    return [c for _, c in sorted(found, key=lambda t: -t[0])]


class CorefModel(Scorer):
    """The pair scorer (a two-class :class:`~eventwire.events.triggers.TriggerModel`)."""

    def scores(self, p: Mention, cands: list[Cluster]) -> np.ndarray:
        feats = [pair_features(p, c, rank) for rank, c in enumerate(cands)]
        return self.model.probabilities(feats, np.zeros((len(feats), 0), np.float32))[:, 1]

    def choose(self, p: Mention, cands: list[Cluster]) -> Cluster | None:
        if not cands:
            return None
        probs = self.scores(p, cands)
        best = int(probs.argmax())
        return cands[best] if probs[best] >= self.threshold else None


@lru_cache(maxsize=None)
def load_coref_model(language: str | None, path: str | None = None) -> CorefModel | None:
    """The pronoun scorer of ``language`` shipped in the package (nn falls back to nb), or the
    one at ``path``; None when there is none (the rules then decide)."""
    from . import resources

    where = resources.model_dir("coref", language, path)
    return CorefModel.load(where) if where is not None else None


# --------------------------------------------------------------------------- training

class Recorder:
    """Stands in for the model while training examples are collected: records every pronoun's
    candidates with their gold labels and links the pronoun to the gold antecedent (so the
    clusters grow as they should)."""

    def __init__(self, gold_of: Callable[[Mention], frozenset | None]):
        self.gold_of = gold_of
        self.feats: list[list[str]] = []
        self.labels: list[str] = []

    def choose(self, p: Mention, cands: list[Cluster]) -> Cluster | None:
        mine = self.gold_of(p)
        right = None
        for rank, c in enumerate(cands):
            same = mine is not None and any(self.gold_of(x) == mine for x in c.mentions if x.start < p.start)
            self.feats.append(pair_features(p, c, rank))
            self.labels.append(CLASSES[same])
            right = right or (c if same else None)
        return right


def examples(files: Iterable[str], pipeline=None) -> tuple[list[list[str]], list[str]]:
    """The (pronoun, candidate) pairs of NARC documents, with features and gold labels."""
    from .coref_eval import LANGUAGES, aligned_markable, gold_clusters, _markables
    from .entities import extract_entities
    from .event_corpus import narc_text
    from .pipeline import Pipeline, PipelineConfig
    from .reader import make_article

    files = list(files)
    pipeline = pipeline or Pipeline(PipelineConfig(stages=("language", "nlp")))
    docs = [narc_text(f) for f in files]
    lang = LANGUAGES.get(files[0].split("/")[0], "nb") if files else "nb"
    articles = (make_article(d.text, d.file, id=Path(d.file).stem, language=lang) for d in docs)
    feats: list[list[str]] = []
    labels: list[str] = []
    for f, d, analysis in zip(files, docs, pipeline.analyse(articles)):
        chain_of = {m: c for c in gold_clusters(f) for m in c}
        marks = _markables(f)

        def gold_of(m: Mention, d=d, marks=marks, chain_of=chain_of):
            aligned = aligned_markable(d, marks, m.start, m.end)
            return chain_of.get(aligned) if aligned else None

        rec = Recorder(gold_of)
        a = analysis.article
        extract_entities(a.text, analysis.doc, a.published, a.language, coref=rec)
        feats += rec.feats
        labels += rec.labels
    return feats, labels


def train_coref(train: list[str], dev: list[str], output: Path, *, epochs: int = 80, l2: float = 1e-4,
                lr: float = 0.05, thresholds: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6),
                progress=print) -> tuple[CorefModel, dict]:
    """Fit the scorer on the ``train`` NARC files and save it to ``output`` with the threshold
    that gives the best CoNLL F1 on ``dev``."""
    from .coref_eval import COREF_STAGES, evaluate_coref
    from .events.triggers import fit
    from .pipeline import Pipeline, PipelineConfig

    feats, labels = examples(train)
    positives = labels.count("same")
    progress(f"{len(feats)} train pairs ({positives} coreferent) from {len(train)} documents")
    model = fit(feats, np.zeros((len(feats), 0), np.float32), labels, l2=l2, epochs=epochs, lr=lr,
                classes=CLASSES)
    out, output = CorefModel(model), Path(output)

    def score(where: Path) -> dict:
        report = evaluate_coref(dev, pipeline=Pipeline(PipelineConfig(stages=COREF_STAGES, coref_model=str(where))))
        progress(f"threshold {model.threshold}: dev CoNLL F1 {report.conll_f1:.4f} (MUC {report.muc.f1:.3f})")
        return report.to_dict()

    by_threshold = out.sweep(output, thresholds, score, "conll_f1", load_coref_model)
    report = {"train_documents": len(train), "dev_documents": len(dev), "train_pairs": len(feats),
              "train_coreferent_pairs": positives, "threshold": model.threshold,
              "dev_by_threshold": {str(t): v for t, v in by_threshold.items()},
              "settings": {"epochs": epochs, "l2": l2, "lr": lr}}
    model.meta = {"report": report}
    out.save(output)
    load_coref_model.cache_clear()
    return out, report
