"""Several NER models voting on each name.

A pipeline ``ner → eventwire_ner_stash(key="ner") → ner_b → eventwire_ner_stash(key="ner_b")
→ ner_c → eventwire_ner_vote(keys=["ner", "ner_b"])`` runs three independently trained NER
models; each stash moves the entities found so far into ``doc.spans[key]`` and clears
``doc.ents`` (a NER component treats entities already set as fixed), and the vote keeps the
names that a majority found with the same boundaries, with their most frequent label.

:func:`build_ensemble` assembles such a pipeline from trained models.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

STASH = "eventwire_ner_stash"
VOTE = "eventwire_ner_vote"


@Language.factory(STASH, assigns=["doc.spans", "doc.ents"], requires=["doc.ents"],
                  default_config={"key": "ner"})
def make_ner_stash(nlp: Language, name: str, key: str):
    def stash(doc: Doc) -> Doc:
        doc.spans[key] = list(doc.ents)
        doc.ents = []
        return doc

    return stash


@Language.factory(VOTE, assigns=["doc.ents"], requires=["doc.ents"],
                  default_config={"keys": ["ner"], "min_votes": 2, "keep_stashed": False})
def make_ner_vote(nlp: Language, name: str, keys: list[str], min_votes: int, keep_stashed: bool):
    def vote(doc: Doc) -> Doc:
        votes = [list(doc.spans[k]) if k in doc.spans else [] for k in keys] + [list(doc.ents)]
        doc.ents = vote_spans(doc, votes, min_votes)
        if not keep_stashed:
            for k in keys:
                doc.spans.pop(k, None)
        return doc

    return vote


def vote_spans(doc: Doc, votes: Sequence[Sequence[Span]], min_votes: int) -> list[Span]:
    """The spans found (same start and end) by at least ``min_votes`` of the models, each with
    its most frequent label (a tie goes to the earliest model); overlaps go to the span with
    more votes, then the longer one."""
    labels: dict[tuple[int, int], Counter] = {}
    first_seen: dict[tuple[int, int, str], int] = {}
    for rank, spans in enumerate(votes):
        for span in spans:
            labels.setdefault((span.start, span.end), Counter())[span.label_] += 1
            first_seen.setdefault((span.start, span.end, span.label_), rank)
    chosen = []
    for (start, end), counts in labels.items():
        n = sum(counts.values())
        if n < min_votes:
            continue
        label = min(counts, key=lambda lab: (-counts[lab], first_seen[(start, end, lab)]))
        chosen.append((n, Span(doc, start, end, label=label)))
    chosen.sort(key=lambda item: (-item[0], -(item[1].end - item[1].start), item[1].start))
    kept: list[Span] = []
    taken: set[int] = set()
    for _, span in chosen:
        if taken.isdisjoint(range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda span: span.start)


def build_ensemble(base_dir: str | Path, ner_dirs: Sequence[str | Path], output_dir: str | Path,
                   min_votes: int = 2) -> Path:
    """Write to ``output_dir`` the pipeline at ``base_dir`` with its ``ner`` replaced by the
    NER components of ``ner_dirs`` (each trained with its own tok2vec) voting."""
    if len(ner_dirs) < 2:
        raise ValueError("an ensemble needs at least two NER models")
    nlp = spacy.load(base_dir)
    anchor = nlp.pipe_names.index("ner") if "ner" in nlp.pipe_names else len(nlp.pipe_names)
    after = nlp.pipe_names[anchor - 1] if anchor else None
    if "ner" in nlp.pipe_names:
        nlp.remove_pipe("ner")
    names = ["ner"] + [f"ner_{chr(ord('b') + i)}" for i in range(len(ner_dirs) - 1)]
    previous = after
    for i, (name, path) in enumerate(zip(names, ner_dirs)):
        where = {"after": previous} if previous else {"first": True}
        nlp.add_pipe("ner", name=name, source=spacy.load(path), **where)
        previous = name
        if i < len(names) - 1:
            nlp.add_pipe(STASH, name=f"stash_{name}", config={"key": name}, after=previous)
            previous = f"stash_{name}"
    nlp.add_pipe(VOTE, config={"keys": names[:-1], "min_votes": min_votes}, after=previous)
    nlp.to_disk(output_dir)
    return Path(output_dir)
