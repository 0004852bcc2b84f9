"""Reader: files, directories, JSON Lines, HTML and stdin in; :class:`Article` records out.

Each input yields either an :class:`~eventwire.records.Article` (text normalised, metadata
taken out) or a :class:`Rejected` that names the input and says why it was refused.  One bad
input never stops the others.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .dates import normalize_date
from .errors import (BadEncoding, BadJSON, BinaryInput, EmptyInput, InputError, InputTooLarge,
                     MissingInput)
from .records import Article, Source

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".htm")
_LEGACY_ENCODINGS = ("cp1252", "iso8859_15", "latin_1", "mac_roman")
_META_LINE = re.compile(r"\A[ \t\ufeff]*date[ \t]+(\S+)[ \t]*(?:\n|[ \t]+|\Z)")


@dataclass(frozen=True)
class Rejected:
    """An input that was refused, and why (one line, plain words)."""

    origin: str
    code: str
    reason: str

    @classmethod
    def of(cls, err: InputError, origin: str) -> "Rejected":
        return cls(origin=err.origin or origin, code=err.code, reason=str(err))


def article_id(text: str) -> str:
    """A stable id: the first 16 hex digits of the SHA-1 of the normalised text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def normalize_text(text: str) -> str:
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def decode(data: bytes, origin: str) -> str:
    """Bytes to text: UTF-8 first, else the encoding charset-normalizer finds; never binary."""
    if not data.strip():
        raise EmptyInput("the input is empty", origin=origin)
    head = data[:8192]
    if b"\x00" in head:
        raise BinaryInput("the input looks binary (it contains NUL bytes)", origin=origin)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf_16"]
    else:
        candidates = list(_LEGACY_ENCODINGS)
    best = from_bytes(data, cp_isolation=candidates).best()
    if best is None:
        raise BadEncoding("the input is neither UTF-8 nor a text encoding that could be detected", origin=origin)
    text = str(best)
    sample = text[:4096]
    controls = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\n\r\t\f")
    if controls > 0.02 * len(sample):
        raise BinaryInput("the input looks binary (many control characters)", origin=origin)
    return text


def make_article(text: str, origin: str, *, id: str | None = None, published: object = None,
                 title: str | None = None, url: str | None = None, outlet: str | None = None,
                 language: str | None = None) -> Article:
    """Build an article from raw text: normalise it, take the ``date`` metadata line out."""
    text = normalize_text(text)
    m = _META_LINE.match(text)
    if m:
        if published is None:
            published = m.group(1)
        text = text[m.end():].strip()
    if not text:
        raise EmptyInput("the input has no article text", origin=origin)
    return Article(
        id=str(id) if id not in (None, "") else article_id(text),
        source=Source(uri=url, outlet=outlet),
        language=language or None,
        published=normalize_date(published, origin=origin),
        title=title if title is not None else headline(text),
        text=text,
    )


def headline(text: str) -> str | None:
    """The first paragraph when it reads as a headline: one short line without final punctuation."""
    first, sep, _ = text.partition("\n\n")
    if sep and "\n" not in first and len(first) <= 150 and not first.rstrip().endswith((".", "!", "?", ":", "»", '"')):
        return first.strip() or None
    return None


def _from_record(obj: object, origin: str) -> Article:
    if not isinstance(obj, dict):
        raise BadJSON("the JSON value is not an object", origin=origin)
    text = obj.get("text")
    if not isinstance(text, str):
        raise BadJSON("the object has no 'text' string", origin=origin)
    return make_article(text, origin, id=obj.get("id"), published=obj.get("published"),
                        title=obj.get("title"), url=obj.get("url") or obj.get("uri"),
                        outlet=obj.get("outlet"), language=obj.get("language"))


def _jsonl(text: str, origin: str) -> Iterator[Article | Rejected]:
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            yield _from_record(json.loads(line), where)
        except json.JSONDecodeError as err:
            yield Rejected.of(BadJSON(f"malformed JSON ({err.msg}, column {err.colno})", origin=where), where)
        except InputError as err:
            yield Rejected.of(err, where)


def _json(text: str, origin: str) -> Iterator[Article | Rejected]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        yield Rejected.of(BadJSON(f"malformed JSON ({err.msg}, line {err.lineno})", origin=origin), origin)
        return
    items = obj if isinstance(obj, list) else [obj]
    for i, item in enumerate(items):
        where = origin if len(items) == 1 else f"{origin}[{i}]"
        try:
            yield _from_record(item, where)
        except InputError as err:
            yield Rejected.of(err, where)


def _html(text: str, origin: str) -> Article:
    import trafilatura

    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    body = getattr(doc, "text", None) if doc is not None else None
    if not body:
        raise EmptyInput("no article text was found in the HTML page", origin=origin)
    published = getattr(doc, "date", None)
    try:
        published = normalize_date(published, origin=origin)
    except InputError:
        published = None
    return make_article(body, origin, published=published, title=getattr(doc, "title", None),
                        url=getattr(doc, "url", None), outlet=getattr(doc, "sitename", None))


def read_bytes(data: bytes, origin: str, kind: str = "txt", max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Rejected]:
    """Read one input's bytes as ``kind`` (txt, json, jsonl, html)."""
    try:
        if len(data) > max_bytes:
            raise InputTooLarge(f"the input is {len(data) / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.1f} MB", origin=origin)
        text = decode(data, origin)
        if kind == "jsonl":
            yield from _jsonl(text, origin)
        elif kind == "json":
            yield from _json(text, origin)
        elif kind in ("html", "htm"):
            yield _html(text, origin)
        else:
            yield make_article(text, origin)
    except InputError as err:
        yield Rejected.of(err, origin)


def _kind_of(path: Path) -> str:
    return path.suffix.lower().lstrip(".") or "txt"


def _sniff(data: bytes) -> str:
    lines = [ln for ln in data.strip().splitlines() if ln.strip()]
    if lines and all(ln.lstrip().startswith(b"{") for ln in lines):
        return "jsonl"
    if data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    return "txt"


def iter_files(path: Path) -> Iterator[Path]:
    """The readable files under a directory, recursively, in a stable order."""
    for p in sorted(path.rglob("*")):
        if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("."):
            yield p


def read(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Rejected]:
    """Read every input; ``-`` is standard input.  Yields articles and rejections in order."""
    for raw in paths:
        name = str(raw)
        if name == "-":
            data = sys.stdin.buffer.read()
            yield from read_bytes(data, "<stdin>", _sniff(data), max_bytes)
            continue
        path = Path(name)
        if path.is_dir():
            files = list(iter_files(path))
            if not files:
                yield Rejected.of(EmptyInput(f"the directory has no {', '.join(SUFFIXES)} files", origin=name), name)
            for f in files:
                yield from _read_file(f, max_bytes)
        elif path.is_file():
            yield from _read_file(path, max_bytes)
        else:
            yield Rejected.of(MissingInput("no such file or directory", origin=name), name)


def _read_file(path: Path, max_bytes: int) -> Iterator[Article | Rejected]:
    origin = str(path)
    size = path.stat().st_size
    if size > max_bytes:
        err = InputTooLarge(f"the file is {size / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.1f} MB", origin=origin)
        yield Rejected.of(err, origin)
        return
    article_or_rejects = read_bytes(path.read_bytes(), origin, _kind_of(path), max_bytes)
    for item in article_or_rejects:
        if isinstance(item, Article) and item.source.uri is None:
            item.source.uri = path.resolve().as_uri()
        yield item
