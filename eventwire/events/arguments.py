"""A trained argument scorer: which entity of the clause and the discourse is a trigger's actor,
which its recipient.

Candidates are the entities with a mention in the trigger's sentence or the one before it (and
the speaker of the quote the trigger stands in).  Each (trigger, candidate) pair is described
by sparse features — the dependency path between them, the preposition on the candidate, the
trigger's voice, part of speech and type, the candidate's entity type and sector (each also
with the event type), whether it comes before or after, its distance, how often the article
mentions it, whether it has a country, whether it speaks the quote — and a logistic regression over
them (:func:`eventwire.events.triggers.fit`, the same trainer as the trigger model) gives
P(actor), P(recipient) and P(neither).  The rules of :mod:`eventwire.events` decide first; the
scorer fills a role the rules leave empty, when its best candidate is likely enough
(:attr:`ArgumentModel.threshold`, chosen on dev).

Trained by :func:`train_arguments` from the event corpus' train split: a candidate is the
actor (recipient) of a gold event when it refers to one of the event's gold actors
(recipients), by name or, for a party given only as a country, by country.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..records import Article, Entity
from .lexicon import _pos_group, load_lexicon
from .syntax import _case, passive
from .triggers import Scorer, TriggerModel, fit

ROLES = ("none", "actor", "recipient")
#: how many steps a dependency path may have before it is cut to its ends
MAX_PATH = 4


def _head_token(doc, start: int, end: int):
    """The token heading the character span ``start:end`` (its highest token)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def _path(a, b) -> str:
    """The dependency path from token ``a`` up to the common ancestor and down to ``b``."""
    up, seen = [a], {a.i: 0}
    while up[-1].head.i != up[-1].i:
        up.append(up[-1].head)
        seen[up[-1].i] = len(up) - 1
    down = [b]
    while down[-1].i not in seen and down[-1].head.i != down[-1].i:
        down.append(down[-1].head)
    if down[-1].i not in seen:
        return "far"
    top = seen[down[-1].i]
    ups = [t.dep_ for t in up[:top]]
    downs = [t.dep_ for t in reversed(down[:-1])]
    steps = [f"^{d}" for d in ups] + [f"v{d}" for d in downs]
    if len(steps) > MAX_PATH:
        steps = steps[:2] + ["…"] + steps[-1:]
    return "".join(steps) or "self"


def candidates(tok, article: Article) -> list[tuple[Entity, object]]:
    """(entity, the token heading its mention closest to the trigger) for every entity named
    in the trigger's sentence or the one before, and the speaker of its quote."""
    doc, sent = tok.doc, tok.sent
    lo = doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
    hi = sent.end_char
    out: dict[str, tuple[Entity, object, int]] = {}
    for e in article.entities:
        if e.implicit:
            continue
        for m in e.mentions:
            if lo <= m.start < hi and not (m.start <= tok.idx < m.end):
                head = _head_token(doc, m.start, m.end)
                if head is None:
                    continue
                dist = abs(head.i - tok.i)
                if e.id not in out or dist < out[e.id][2]:
                    out[e.id] = (e, head, dist)
    return [(e, h) for e, h, _ in out.values()]


def pair_features(tok, typ: str, entity: Entity, head, article: Article, speaker: str | None) -> list[str]:
    """The sparse features of one (trigger, candidate) pair."""
    path = _path(tok, head) if head.sent == tok.sent else "prevsent"
    lex = load_lexicon(article.language)
    voice = passive(tok, lex.list("stative_auxiliaries") if lex is not None else ())
    group = _pos_group(tok) or tok.pos_
    case = _case(head) or "-"
    side = "before" if head.i < tok.i else "after"
    dist = abs(head.i - tok.i)
    bucket = "1" if dist <= 1 else "3" if dist <= 3 else "8" if dist <= 8 else "far"
    out = [f"path={path}", f"path_pass={path}_{voice}", f"path_pos={path}_{group}", f"case={case}",
           f"case_pos={case}_{group}", f"case_type={case}_{typ}", f"side={side}_{group}", f"dist={bucket}",
           f"etype={entity.type}", f"etype_pos={entity.type}_{group}", f"type={typ}", f"dep={head.dep_}",
           f"dep_pass={head.dep_}_{voice}", f"dep_type={head.dep_}_{typ}", f"pass={voice}"]
    mentioned = len(entity.mentions)
    out += [f"sector_type={entity.sector}_{typ}", f"etype_type={entity.type}_{typ}", f"path_type={path}_{typ}",
            f"mentioned={'1' if mentioned <= 1 else '3' if mentioned <= 3 else 'many'}",
            f"coded={entity.country is not None}"]
    if entity.type in ("GPE", "LOC") and entity.gpe_sense != "ORG":
        out.append(f"place_case={case}")
    if speaker is not None:
        out.append("speaker" if entity.id == speaker else "quoted")
    if entity.unnamed:
        out.append("unnamed")
    return out


def _speaker(tok, article: Article) -> str | None:
    """The speaker of the quote ``tok`` stands in ("" when unattributed), None outside quotes."""
    q = article.quote_at(tok.idx)
    return None if q is None else (q.speaker or "")


class ArgumentModel(Scorer):
    """The scorer: a :class:`TriggerModel` over the three roles, and the decision threshold."""

    def scores(self, tok, typ: str, article: Article) -> list[tuple[Entity, float, float]]:
        """(candidate, P(actor), P(recipient)) for a trigger of type ``typ``."""
        cands = candidates(tok, article)
        if not cands:
            return []
        speaker = _speaker(tok, article)
        feats = [pair_features(tok, typ, e, h, article, speaker) for e, h in cands]
        probs = self.model.probabilities(feats, np.zeros((len(feats), 0), np.float32))
        return [(e, float(p[1]), float(p[2])) for (e, _), p in zip(cands, probs)]

    @property
    def actor_threshold(self) -> float | None:
        """How likely a candidate must be to become the actor of a trigger whose actor the
        rules did not find; None: the scorer names no actors."""
        return self.model.meta.get("actor_threshold")

    def best(self, scored: list[tuple[Entity, float, float]], role: str, taken: set[str]) -> str | None:
        """The id of the likeliest candidate of ``scored`` (:meth:`scores`) for ``role``
        ("actor" or "recipient") not in ``taken``, when it clears that role's threshold."""
        k = 1 if role == "actor" else 2
        threshold = self.actor_threshold if role == "actor" else self.threshold
        ranked = sorted(((s[k], s[0].id) for s in scored if s[0].id not in taken), reverse=True)
        return ranked[0][1] if ranked and threshold is not None and ranked[0][0] >= threshold else None


@lru_cache(maxsize=None)
def load_argument_model(language: str | None, path: str | None = None) -> ArgumentModel | None:
    """The argument scorer of ``language`` shipped in the package (nn falls back to nb), or the
    one at ``path``; None when there is none (the rules then decide alone)."""
    from .. import resources

    where = resources.model_dir("arguments", language, path)
    return ArgumentModel.load(where) if where is not None else None


# --------------------------------------------------------------------------- training

def examples(golds, pipeline=None) -> tuple[list[list[str]], list[str], list[tuple]]:
    """Pairs of every gold trigger's head with its candidates, features and gold role."""
    from ..evaluate import Names, gold_article, party_matches, score_entities
    from ..pipeline import Pipeline, PipelineConfig
    from .training import UPSTREAM, head_tokens
    from .triggers import candidates as trigger_candidates

    pipeline = pipeline or Pipeline(PipelineConfig(stages=UPSTREAM))
    feats, labels, keys = [], [], []
    for gold, analysis in zip(golds, pipeline.analyse(gold_article(g) for g in golds)):
        doc, article = analysis.doc, analysis.article
        linked = score_entities(gold.entities, article, typed=False)[1] if gold.entities is not None else {}
        names = Names(gold.entities)
        heads = head_tokens(gold, trigger_candidates(doc))
        for g in gold.events:
            tok = next((doc[i] for i in heads if any(s <= doc[i].idx < e for s, e in g.triggers)), None)
            if tok is None:
                continue
            speaker = _speaker(tok, article)
            for e, h in candidates(tok, article):
                role = "none"
                if any(party_matches(e, v, names, linked) for v in g.actor):
                    role = "actor"
                elif any(party_matches(e, v, names, linked) for v in g.recipient):
                    role = "recipient"
                feats.append(pair_features(tok, g.types[0], e, h, article, speaker))
                labels.append(role)
                keys.append((gold.name, tok.i))
    return feats, labels, keys


def role_scores(model: TriggerModel, feats, labels, keys, threshold: float) -> dict[str, float]:
    """Per trigger and role: is the best candidate above the threshold the gold one?"""
    probs = model.probabilities(feats, np.zeros((len(feats), 0), np.float32))
    by_key: dict[tuple, list[int]] = {}
    for n, k in enumerate(keys):
        by_key.setdefault(k, []).append(n)
    tp = fp = fn = 0
    for rows in by_key.values():
        for k, role in ((1, "actor"), (2, "recipient")):
            gold = {n for n in rows if labels[n] == role}
            best = max(rows, key=lambda n: probs[n][k])
            chosen = best if probs[best][k] >= threshold else None
            tp += chosen in gold
            fp += chosen is not None and chosen not in gold
            fn += bool(gold) and chosen not in gold
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def train_arguments(train: Iterable[str | Path], dev: Iterable[str | Path], output: Path, *,
                    epochs: int = 80, l2: float = 3e-3, lr: float = 0.05, none_weight: float = 1.0,
                    thresholds: tuple[float, ...] = (0.2, 0.35, 0.5, 0.65),
                    actor_thresholds: tuple[float, ...] = (0.5, 0.65, 0.8),
                    progress=print) -> tuple[ArgumentModel, dict]:
    """Fit the scorer on ``train`` and save it to ``output`` with the thresholds that give the
    whole pipeline its best events F1 on ``dev``: first the recipients', then the actors'
    (or none, when naming actors does not pay).  The test split is never read."""
    from ..evaluate import evaluate
    from ..pipeline import Pipeline, PipelineConfig
    from .training import load_split

    train, dev = list(train), list(dev)
    tr, dv = examples(load_split(train)), examples(load_split(dev))
    progress(f"{len(tr[0])} train pairs, {len(dv[0])} dev pairs")
    model = fit(tr[0], np.zeros((len(tr[0]), 0), np.float32), tr[1], l2=l2, epochs=epochs, lr=lr,
                none_weight=none_weight, classes=ROLES)
    out, output = ArgumentModel(model), Path(output)

    def score(where: Path) -> dict:
        report = evaluate(dev, pipeline=Pipeline(PipelineConfig(argument_model=str(where))))
        found = {k: round(getattr(report.fields["events"], k), 4) for k in ("precision", "recall", "f1")}
        progress(f"threshold {model.threshold}, actors {model.meta.get('actor_threshold')}: "
                 f"dev events P {found['precision']:.3f} R {found['recall']:.3f} F1 {found['f1']:.3f}")
        return found

    pipeline_f1 = out.sweep(output, thresholds, score, "f1", load_argument_model)
    by_actor: dict[str, dict] = {}
    for t in (None,) + tuple(actor_thresholds):  # then the actors, the recipients' threshold fixed
        model.meta = {"actor_threshold": t}
        out.save(output)
        load_argument_model.cache_clear()
        by_actor[str(t)] = score(output)
    best = max(by_actor, key=lambda t: (by_actor[t]["f1"], t == "None"))
    actor_threshold = None if best == "None" else float(best)
    report = {"train_pairs": len(tr[0]), "dev_pairs": len(dv[0]), "threshold": model.threshold,
              "actor_threshold": actor_threshold,
              "dev_events_by_threshold": {str(t): v for t, v in pipeline_f1.items()},
              "dev_events_by_actor_threshold": by_actor,
              "dev_roles_gold_triggers": role_scores(model, *dv, model.threshold),
              "train_roles_gold_triggers": role_scores(model, *tr, model.threshold),
              "settings": {"epochs": epochs, "l2": l2, "lr": lr, "none_weight": none_weight}}
    model.meta = {"actor_threshold": actor_threshold, "report": report}
    out.save(output)
    load_argument_model.cache_clear()
    return out, report
