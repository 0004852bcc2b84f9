"""Coreference scored on NARC: MUC, B³, CEAF-e and their mean, the CoNLL F1.

The gold clusters are NARC's coreference chains (``Coref`` links; chains of one mention are
left out, as in the CoNLL-2012 scorer's usual setting).  The system's clusters are the
pipeline's entities: each entity is a cluster of its mentions.  NARC marks whole noun phrases
("Kofi Annan , som ble valgt …") where eventwire marks names, titles and pronouns, so a
predicted mention stands for the **smallest NARC markable that contains it** (any markable,
chain or not); one that no markable contains keeps its own span and can only be wrong.

A document's split is the NorNE/UD split most of its sentences belong to (:func:`narc_split`),
the same rule as the event corpus', so nothing the model or the event corpus trains on is
scored as test.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .corpus import narc_path, shared_dir
from .errors import GoldError
from .event_corpus import NarcText, narc_text

Mention = tuple[int, int, int]
Cluster = frozenset[Mention]
#: the UD files that fix each language's document split
_UD_FILES = {
    "bokmaal": {"train": "norne-ud/no_bokmaal-ud-train.converted.conllu",
                "dev": "norne-ud/no_bokmaal-ud-dev.conllu", "test": "norne-ud/no_bokmaal-ud-test.conllu"},
    "nynorsk": {"dev": "norne/ud/nno/no_nynorsk-ud-dev.conllu", "test": "norne/ud/nno/no_nynorsk-ud-test.conllu"},
}
LANGUAGES = {"bokmaal": "nb", "nynorsk": "nn"}
#: the stages that make the clusters: entities (names, titles, pronouns) and quotes (a quote's
#: "jeg" is its speaker)
COREF_STAGES = ("language", "nlp", "entities", "quotes")


# --------------------------------------------------------------------------- the split

@lru_cache(maxsize=2)
def _sentence_splits(variety: str) -> dict[str, str]:
    from .corpus import read_sentences

    root = shared_dir()
    if root is None:
        raise GoldError("the shared data folder was not found", hint="set EVENTWIRE_SHARED")
    out: dict[str, str] = {}
    for split, rel in _UD_FILES[variety].items():
        for sent in read_sentences(root / "data" / rel):
            out.setdefault(" ".join(t for t in sent if t != "|"), split)
    return out


def narc_split(file: str) -> str:
    """``train``, ``dev`` or ``test``: the split of most of the document's sentences (a
    Nynorsk sentence in neither dev nor test counts as train)."""
    variety = file.split("/")[0]
    index = _sentence_splits(variety)
    counts: dict[str, int] = {}
    for sent in narc_text(file).sentences:
        split = index.get(" ".join(t for t in sent if t != "|"), "train" if variety == "nynorsk" else None)
        if split:
            counts[split] = counts.get(split, 0) + 1
    return max(counts, key=counts.get) if counts else "train"


def narc_documents(variety: str = "bokmaal", split: str | None = "test") -> list[str]:
    """The NARC files (``bokmaal/<name>.txt``) of a variety, of one split or all."""
    folder = narc_path(variety)
    files = sorted(f"{variety}/{p.name}" for p in folder.glob("*.txt"))
    return [f for f in files if split is None or narc_split(f) == split]


# --------------------------------------------------------------------------- gold and system

@lru_cache(maxsize=1024)
def _markables(file: str) -> tuple[Mention, ...]:
    from .event_corpus import narc_markables

    return tuple(sorted(narc_markables(file)))


def gold_clusters(file: str) -> list[Cluster]:
    from .event_corpus import narc_chains

    return [frozenset(c) for c in narc_chains(file)]


def system_clusters(doc: NarcText, entities, markables: Iterable[Mention]) -> list[Cluster]:
    """The entities' mentions aligned to NARC markables (smallest containing one)."""
    marks = tuple(markables)
    out = []
    for e in entities:
        aligned = {m for span in e.mentions if (m := aligned_markable(doc, marks, span.start, span.end))}
        if len(aligned) > 1:
            out.append(frozenset(aligned))
    return out


def aligned_markable(doc: NarcText, markables: tuple[Mention, ...], start: int, end: int) -> Mention | None:
    """The smallest NARC markable holding the characters ``start:end`` (their own token span
    when none does; None when they cross a sentence boundary or hold no token)."""
    own = _token_span(doc, start, end)
    if own is None:
        return None
    s, a, b = own
    inside = [m for m in _by_sentence(markables).get(s, ()) if m[1] <= a and b <= m[2]]
    return min(inside, key=lambda m: m[2] - m[1]) if inside else own


@lru_cache(maxsize=64)
def _by_sentence(markables: tuple[Mention, ...]) -> dict[int, list[Mention]]:
    out: dict[int, list[Mention]] = {}
    for m in markables:
        out.setdefault(m[0], []).append(m)
    return out


def _token_span(doc: NarcText, start: int, end: int) -> Mention | None:
    toks = [(s, t) for s, sent in enumerate(doc.offsets, 1) for t, (a, b) in enumerate(sent, 1) if a < end and b > start]
    if not toks or toks[0][0] != toks[-1][0]:
        return None
    return toks[0][0], toks[0][1], toks[-1][1]


# --------------------------------------------------------------------------- metrics

@dataclass
class PRF:
    pn: float = 0.0  # precision numerator and denominator
    pd: float = 0.0
    rn: float = 0.0
    rd: float = 0.0

    def add(self, other: "PRF") -> None:
        self.pn += other.pn
        self.pd += other.pd
        self.rn += other.rn
        self.rd += other.rd

    @property
    def precision(self) -> float:
        return self.pn / self.pd if self.pd else 0.0

    @property
    def recall(self) -> float:
        return self.rn / self.rd if self.rd else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def _muc_side(key: list[Cluster], response: list[Cluster]) -> tuple[float, float]:
    where = {m: n for n, c in enumerate(response) for m in c}
    num = den = 0.0
    for k in key:
        parts = {where.get(m, ("alone", m)) for m in k}
        num += len(k) - len(parts)
        den += len(k) - 1
    return num, den


def muc(key: list[Cluster], response: list[Cluster]) -> PRF:
    rn, rd = _muc_side(key, response)
    pn, pd = _muc_side(response, key)
    return PRF(pn, pd, rn, rd)


def _b3_side(key: list[Cluster], response: list[Cluster]) -> tuple[float, float]:
    where = {m: c for c in response for m in c}
    num = 0.0
    for k in key:
        for m in k:
            r = where.get(m)  # a mention the other side lacks counts nothing
            num += len(k & r) / len(k) if r else 0.0
    return num, float(sum(len(k) for k in key))


def b_cubed(key: list[Cluster], response: list[Cluster]) -> PRF:
    rn, rd = _b3_side(key, response)
    pn, pd = _b3_side(response, key)
    return PRF(pn, pd, rn, rd)


def ceaf_e(key: list[Cluster], response: list[Cluster]) -> PRF:
    if not key or not response:
        return PRF(0.0, float(len(response)), 0.0, float(len(key)))
    sim = np.array([[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in key])
    best = _assignment_score(sim)
    return PRF(best, float(len(response)), best, float(len(key)))


def _assignment_score(sim: np.ndarray) -> float:
    """The largest total similarity of a one-to-one alignment (Hungarian method)."""
    n = max(sim.shape)
    cost = np.zeros((n, n))
    cost[: sim.shape[0], : sim.shape[1]] = sim.max() - sim if sim.size else 0
    if sim.shape[0] < n:
        cost[sim.shape[0]:, :] = sim.max()
    if sim.shape[1] < n:
        cost[:, sim.shape[1]:] = sim.max()
    u, v = np.zeros(n + 1), np.zeros(n + 1)
    p, way = np.zeros(n + 1, dtype=int), np.zeros(n + 1, dtype=int)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = np.full(n + 1, np.inf), np.zeros(n + 1, dtype=bool)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], np.inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1, j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    total = 0.0
    for j in range(1, n + 1):
        i = p[j]
        if i and i - 1 < sim.shape[0] and j - 1 < sim.shape[1]:
            total += sim[i - 1, j - 1]
    return total


@dataclass
class CorefReport:
    documents: int
    muc: PRF
    b_cubed: PRF
    ceaf_e: PRF

    @property
    def conll_f1(self) -> float:
        return (self.muc.f1 + self.b_cubed.f1 + self.ceaf_e.f1) / 3

    def to_dict(self) -> dict:
        return {"documents": self.documents, "muc": self.muc.to_dict(), "b_cubed": self.b_cubed.to_dict(),
                "ceaf_e": self.ceaf_e.to_dict(), "conll_f1": round(self.conll_f1, 4)}


def score_clusters(key: list[Cluster], response: list[Cluster]) -> tuple[PRF, PRF, PRF]:
    return muc(key, response), b_cubed(key, response), ceaf_e(key, response)


def evaluate_coref(files: list[str], pipeline=None) -> CorefReport:
    """Run the pipeline's entity stage over NARC documents and score its clusters (micro
    averages over the documents)."""
    from .pipeline import Pipeline, PipelineConfig
    from .reader import make_article

    if not files:
        raise GoldError("no NARC documents to score", hint="check the split and the shared data folder")
    pipeline = pipeline or Pipeline(PipelineConfig(stages=COREF_STAGES))
    docs = [narc_text(f) for f in files]
    lang = LANGUAGES.get(files[0].split("/")[0], "nb")
    articles = (make_article(d.text, d.file, id=Path(d.file).stem, language=lang) for d in docs)
    totals = [PRF(), PRF(), PRF()]
    for f, d, article in zip(files, docs, pipeline.pipe(articles)):
        response = system_clusters(d, article.entities, _markables(f))
        for t, s in zip(totals, score_clusters(gold_clusters(f), response)):
            t.add(s)
    return CorefReport(len(files), *totals)


def narc_checksum(files: list[str]) -> str:
    """SHA-256 over the names and bytes (text and annotation) of NARC documents, in order: the
    fingerprint of the frozen coreference test split (``corpus/coref/test.sha256``)."""
    import hashlib

    h = hashlib.sha256()
    for f in files:
        txt = narc_path(f)
        for p in (txt, txt.with_suffix(".ann")):
            h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()
