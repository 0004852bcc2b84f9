"""Small dependency-tree helpers shared by the event modules."""
from __future__ import annotations


def _kids(tok, *deps: str) -> list:
    return [c for c in tok.children if c.dep_ in deps]


def _case(tok) -> str | None:
    for c in tok.children:
        if c.dep_ == "case":
            return c.text.lower()
    return None


def _conj(tok) -> list:
    """A token and the tokens coordinated with it."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            out.extend(_conj(c))
    return out
