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


def _data_path(corpus: str, label: str, rel: str) -> Path:
    """``rel`` under ``shared/data/<corpus>``, or a GoldError that says what is missing."""
    root = shared_dir()
    if root is None:
        raise GoldError("the shared data folder was not found", hint=f"set EVENTWIRE_SHARED to the folder holding data/{corpus}")
    p = root / "data" / corpus / rel
    if not p.exists():
        raise GoldError(f"{label} file {rel!r} does not exist under {root / 'data' / corpus}")
    return p


def norne_path(rel: str) -> Path:
    """Resolve a path relative to ``shared/data/norne``."""
    return _data_path("norne", "NorNE", rel)


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


def detokenize_spans(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Tokens joined with the usual Norwegian spacing, and each token's (start, end) in it."""
    out = ""
    spans: list[tuple[int, int]] = []
    quote_open = False
    no_space_next = False
    for tok in tokens:
        if tok == '"':
            space = bool(out) and not quote_open and not no_space_next
            quote_open = not quote_open
            next_tight = quote_open
        else:
            space = bool(out) and not no_space_next and tok not in _NO_SPACE_BEFORE
            next_tight = tok in _NO_SPACE_AFTER
        out += " " if space else ""
        spans.append((len(out), len(out) + len(tok)))
        out += tok
        no_space_next = next_tight
    return out, spans


def detokenize(tokens: list[str]) -> str:
    return detokenize_spans(tokens)[0]


def sentences_text(sents: list[list[str]]) -> tuple[str, list[list[tuple[int, int]]]]:
    """The text of tokenized sentences as paragraphs (a new one before a sentence that opens
    with a dash, after one without closing punctuation, and after a headline marker ``|``),
    and the (start, end) of every token in it; a ``|`` token gets an empty span."""
    text = ""
    offsets: list[list[tuple[int, int]]] = []
    paragraph_open = False
    for tokens in sents:
        headline = bool(tokens) and tokens[-1] == "|"
        words = tokens[:-1] if headline else tokens
        sentence, spans = detokenize_spans(words)
        if paragraph_open and words and words[0] in _DASHES:
            paragraph_open = False
        if text:
            text += " " if paragraph_open else "\n\n"
        base = len(text)
        offsets.append([(base + a, base + b) for a, b in spans] + ([(base + len(sentence),) * 2] if headline else []))
        text += sentence
        paragraph_open = not headline and sentence.endswith(_END)
    return text, offsets


def document_text(rel: str, first: int = 1, last: int | None = None) -> str:
    """The text of sentences ``first``..``last`` (1-based, inclusive) of a NorNE file."""
    sents = read_sentences(norne_path(rel))
    last = len(sents) if last is None else last
    if not 1 <= first <= last <= len(sents):
        raise GoldError(f"sentences {first}-{last} are out of range: {rel} has {len(sents)}")
    return sentences_text(sents[first - 1:last])[0]


def ud_document_text(rel: str, document: str, first: int = 1, last: int | None = None) -> str:
    """The text of one document (``# newdoc id``) of a CoNLL-U file under
    ``shared/data/ud-english`` (GUM): the ``# text`` of sentences ``first``..``last``
    (1-based within the document), a space between sentences and a blank line at each
    ``# newpar``."""
    sents: list[tuple[bool, str]] = []
    inside = False
    newpar = False
    for line in _data_path("ud-english", "UD English", rel).read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc"):
            inside = line.split("=", 1)[1].strip() == document
            newpar = True
        elif inside and line.startswith("# newpar"):
            newpar = True
        elif inside and line.startswith("# text ="):
            sents.append((newpar, line.split("=", 1)[1].strip()))
            newpar = False
    if not sents:
        raise GoldError(f"document {document!r} is not in {rel}")
    last = len(sents) if last is None else last
    if not 1 <= first <= last <= len(sents):
        raise GoldError(f"sentences {first}-{last} are out of range: {document} has {len(sents)}")
    text = ""
    for k, (par, sentence) in enumerate(sents[first - 1:last]):
        text += ("\n\n" if par else " ") if k else ""
        text += sentence
    return text


def narc_path(rel: str) -> Path:
    """Resolve a path relative to ``shared/data/narc`` (``bokmaal/<document>.txt``)."""
    return _data_path("narc", "NARC", rel)


def narc_sentences(rel: str) -> list[list[str]]:
    """The tokens of each sentence (line) of a NARC text."""
    return [line.split(" ") if line.strip() else [] for line in narc_path(rel).read_text(encoding="utf-8").split("\n")[:-1]]
