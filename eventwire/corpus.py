"""NorNE / NDT documents as article text, for gold files that point at them.

Gold files in ``gold/`` never copy corpus text: they name a document (``ndt/nob/ap012_0003.conll``)
and a sentence range, and :func:`document_text` rebuilds the text from the tokens, the same way
every time: tokens joined with the usual Norwegian spacing, a new paragraph before a sentence
that opens with a dash (speech) and after one that has no closing punctuation (a headline).
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import GoldError

_NO_SPACE_BEFORE = set(",.:;!?)]}»%…") | {"'s"}
_NO_SPACE_AFTER = set("([{«")
_DASHES = ("–", "-", "—")
_END = (".", "!", "?", ":", "»", '"', "…")


def shared_dir() -> Path | None:
    """Where the project's shared data lies: $EVENTWIRE_SHARED, else ``../shared`` beside the
    checkout or the working directory; None when there is none."""
    env = os.environ.get("EVENTWIRE_SHARED")
    candidates = [Path(env)] if env else []
    candidates += [Path(__file__).resolve().parents[2] / "shared", Path.cwd().parent / "shared",
                   Path.cwd() / "shared"]
    for c in candidates:
        if (c / "data").is_dir():
            return c
    return None


def norne_path(rel: str) -> Path:
    """Resolve a path relative to ``shared/data/norne``."""
    root = shared_dir()
    if root is None:
        raise GoldError("the shared data folder was not found", hint="set EVENTWIRE_SHARED to the folder holding data/norne")
    p = root / "data" / "norne" / rel
    if not p.exists():
        raise GoldError(f"NorNE file {rel!r} does not exist under {root / 'data' / 'norne'}")
    return p


def read_sentences(path: Path) -> list[list[str]]:
    """Token forms of each sentence of a CoNLL(-U) file (comments and multiword lines skipped)."""
    sents: list[list[str]] = []
    cur: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        cur.append(cols[1])
    if cur:
        sents.append(cur)
    return sents


def detokenize(tokens: list[str]) -> str:
    out = ""
    quote_open = False
    no_space_next = False
    for tok in tokens:
        if tok == '"':
            space = not quote_open and not no_space_next
            quote_open = not quote_open
            out += (" " if out and space else "") + tok
            no_space_next = quote_open
            continue
        space = bool(out) and not no_space_next and tok not in _NO_SPACE_BEFORE
        out += (" " if space else "") + tok
        no_space_next = tok in _NO_SPACE_AFTER
    return out


def document_text(rel: str, first: int = 1, last: int | None = None) -> str:
    """The text of sentences ``first``..``last`` (1-based, inclusive) of a NorNE file."""
    sents = read_sentences(norne_path(rel))
    last = len(sents) if last is None else last
    if not 1 <= first <= last <= len(sents):
        raise GoldError(f"sentences {first}-{last} are out of range: {rel} has {len(sents)}")
    paragraphs: list[str] = []
    current: list[str] = []
    for tokens in sents[first - 1:last]:
        sentence = detokenize(tokens)
        if current and tokens[0] in _DASHES:
            paragraphs.append(" ".join(current))
            current = []
        current.append(sentence)
        if not sentence.endswith(_END):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)
