"""Several NER models voting on each name.

A pipeline ``ner → eventwire_ner_stash(key="ner") → ner_b → eventwire_ner_vote(keys=["ner"],
tiebreak=["ner_c"])`` (``ner_c`` disabled) runs independently trained NER models: the stash
moves the entities found so far into ``doc.spans[key]`` and clears ``doc.ents`` (a NER
component treats entities already set as fixed); the vote keeps the names that a majority
found with the same boundaries, with their most frequent label.  The third model is asked
only about the sentences where the first two disagree (:class:`NERVote`), which gives (nearly)
the result of a three-way vote at about two thirds of the cost.

:func:`build_ensemble` assembles such a pipeline from trained models.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

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
                  default_config={"keys": ["ner"], "min_votes": 2, "tiebreak": [], "keep_stashed": False})
def make_ner_vote(nlp: Language, name: str, keys: list[str], min_votes: int, tiebreak: list[str],
                  keep_stashed: bool):
    return NERVote(nlp, keys, min_votes, tiebreak, keep_stashed)


class NERVote:
    """Votes over the entities stashed under ``keys`` and those in ``doc.ents``.

    ``tiebreak`` names NER components (disabled in the pipeline) that are run only on the
    sentences where the others disagree: where every voter found exactly the same names, the
    tie-breakers could not change the outcome, so they are skipped.  The result is that of
    running them everywhere, except that a tie-breaker sees the disputed sentence without the
    sentences around it.
    """

    def __init__(self, nlp: Language, keys: list[str], min_votes: int, tiebreak: list[str],
                 keep_stashed: bool = False):
        n_voters = len(keys) + 1
        if tiebreak and not (len(tiebreak) < min_votes <= n_voters and len(tiebreak) < n_voters):
            raise ValueError(f"{len(tiebreak)} tie-breaker(s) could outvote {n_voters} voters "
                             f"(min_votes={min_votes}); use fewer tie-breakers")
        self.nlp, self.keys, self.min_votes = nlp, list(keys), min_votes
        self.tiebreak, self.keep_stashed = list(tiebreak), keep_stashed

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            yield from self._vote(list(batch))

    def _vote(self, docs: list[Doc]) -> list[Doc]:
        votes = [[list(doc.spans[k]) if k in doc.spans else [] for k in self.keys] + [list(doc.ents)]
                 for doc in docs]
        # the passages (sentences, or whole docs without sentences) where the voters disagree
        passages = [(i, start, end) for i, (doc, v) in enumerate(zip(docs, votes)) if self.tiebreak
                    for start, end in _disputed(doc, v)]
        if passages:
            texts = [docs[i][start:end].as_doc() for i, start, end in passages]
            for name in self.tiebreak:
                found: dict[int, list[Span]] = {}
                for text in texts:
                    text.ents = []
                for (i, start, _), text in zip(passages, self.nlp.get_pipe(name).pipe(texts)):
                    found.setdefault(i, []).extend(
                        Span(docs[i], start + e.start, start + e.end, label=e.label_) for e in text.ents)
                for i in {i for i, _, _ in passages}:
                    votes[i].append(found.get(i, []))
        for doc, doc_votes in zip(docs, votes):
            doc.ents = vote_spans(doc, doc_votes, self.min_votes)
            if not self.keep_stashed:
                for k in self.keys:
                    doc.spans.pop(k, None)
        return docs


def _disputed(doc: Doc, votes: Sequence[Sequence[Span]]) -> list[tuple[int, int]]:
    """Token ranges of the sentences holding a name the voters do not all agree on (the whole
    doc when it has no sentence boundaries); empty when they agree on everything."""
    sets = [{(s.start, s.end, s.label_) for s in v} for v in votes]
    disputed = set.union(*sets) - set.intersection(*sets)
    if not disputed:
        return []
    if not doc.has_annotation("SENT_START"):
        return [(0, len(doc))]
    tokens = {t for start, end, _ in disputed for t in range(start, end)}
    return [(sent.start, sent.end) for sent in doc.sents if any(sent.start <= t < sent.end for t in tokens)]


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


#: components of a base pipeline that an ensemble replaces
_NER_FACTORIES = {"ner", STASH, VOTE, "eventwire_ner_consistency"}


def build_ensemble(base_dir: str | Path, ner_dirs: Sequence[str | Path], output_dir: str | Path,
                   min_votes: int = 2) -> Path:
    """Write to ``output_dir`` the pipeline at ``base_dir`` with its NER components (a single
    ``ner`` or an earlier ensemble) replaced by the ``ner`` components of ``ner_dirs`` (each
    trained with its own tok2vec), voting."""
    if len(ner_dirs) < 2:
        raise ValueError("an ensemble needs at least two NER models")
    nlp = spacy.load(base_dir)
    names_all = nlp.component_names  # disabled components too
    old = [name for name in names_all if nlp.get_pipe_meta(name).factory in _NER_FACTORIES]
    anchor = names_all.index(old[0]) if old else len(names_all)
    previous = names_all[anchor - 1] if anchor else None
    for name in old:
        nlp.remove_pipe(name)
    names = ["ner"] + [f"ner_{chr(ord('b') + i)}" for i in range(len(ner_dirs) - 1)]
    # with an odd number (≥ 3), the last member only breaks ties (see NERVote)
    tiebreak = names[-1:] if len(names) >= 3 and len(names) % 2 else []
    voters = names[:len(names) - len(tiebreak)]
    for name, path in zip(names, ner_dirs):
        where = {"after": previous} if previous else {"first": True}
        nlp.add_pipe("ner", name=name, source=spacy.load(path), **where)
        previous = name
        if name in voters[:-1]:
            nlp.add_pipe(STASH, name=f"stash_{name}", config={"key": name}, after=previous)
            previous = f"stash_{name}"
    nlp.add_pipe(VOTE, after=previous,
                 config={"keys": voters[:-1], "min_votes": min_votes, "tiebreak": tiebreak})
    for name in tiebreak:
        nlp.disable_pipe(name)
    nlp.to_disk(output_dir)
    return Path(output_dir)
