"""Noun phrases of unnamed people and groups, for the stages that describe them (coreference's
mentions in :mod:`eventwire.entities`, the events' participants in
:mod:`eventwire.events.participants`)."""
from __future__ import annotations

from collections.abc import Collection

#: dependents before a noun that belong to an unnamed person's or group's description
_DESCRIBING = ("det", "amod", "nummod", "nmod:poss", "compound", "advmod", "flat")


def has_case(tok, preps: Collection[str]) -> bool:
    """Whether a phrase is opened by one of the prepositions ``preps`` ("fra Serbia")."""
    return any(k.dep_ == "case" and k.lower_ in preps for k in tok.children)


def describing_phrase(tok, origin: Collection[str], whole: bool = False):
    """The span (of tokens) that describes an unnamed person or group: its determiners, numbers and
    adjectives, and a phrase after it opened by one of ``origin`` ("over 450 mennesker", "en
    mann fra Serbia"); ``whole``: every phrase after it ("en talsmann for departementet"), not
    its clauses.  The one definition, for coreference's mentions and the events' participants."""
    toks = [tok]
    for c in tok.children:
        if c.dep_ in _DESCRIBING and c.i < tok.i:
            toks += list(c.subtree)
        elif c.dep_ == "nmod" and c.i > tok.i and (whole or has_case(c, origin)):
            toks += [t for t in c.subtree if t.dep_ != "punct"]
    lo, hi = min(t.i for t in toks), max(t.i for t in toks)
    return tok.doc[lo:hi + 1]
