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


def passive(tok, stative: list | tuple = (), reciprocal: bool = False) -> bool:
    """Whether a verb is passive: a passive auxiliary or subject ("ble dømt"), a participle
    sharing a passive auxiliary ("ble fengslet og dømt"), passive morphology ("dømmes"), or a
    stative passive — a participle under one of the ``stative`` auxiliaries with no object or
    particle of its own ("Krekar er dømt"; not "er gått av").  A reciprocal verb ("møtes") is
    not passive."""
    if _kids(tok, "aux:pass", "nsubj:pass"):
        return True
    part = "Part" in tok.morph.get("VerbForm")
    if tok.dep_ == "conj" and part and tok.head.i != tok.i and _kids(tok.head, "aux:pass"):
        return True
    if reciprocal:
        return False
    if part and stative and any(c.lemma_.lower() in stative for c in _kids(tok, "aux")) \
            and not _kids(tok, "obj", "iobj", "compound:prt", "expl", "ccomp", "xcomp"):
        return True
    return "Pass" in tok.morph.get("Voice")
