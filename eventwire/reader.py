"""Reader: files, directories, JSON Lines, HTML and stdin in; :class:`Article` records out.

Each input yields either an :class:`~eventwire.records.Article` (text normalised, metadata
taken out) or a :class:`Rejected` that names the input and says why it was refused.  One bad
input never stops the others.

Limits: an input file (or stdin) of more than ``max_bytes`` is refused, except JSON Lines,
which are read one line at a time (so a file of any size streams in constant memory) and
where the limit applies to each line; an article of more than :data:`MAX_ARTICLE_CHARS`
characters is refused.

Identity: an article's ``id`` is the one given, else a hash of its URL, else (for a file
that holds one article) a hash of the file's absolute path, else a hash of its text; so
re-ingesting an edited file or a re-fetched URL replaces the article instead of adding one.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from .dates import normalize_date
from .errors import (BadEncoding, BadJSON, BinaryInput, EmptyInput, EventwireError, InputError, InputTooLarge,
                     MissingInput, UnreadableInput)
from .records import Article, Source

DEFAULT_MAX_BYTES = 10_000_000
#: the longest article text, in characters: about 30,000 words, far beyond any news article,
#: and where the pipeline still takes about a minute (docs/reliability.md; spaCy's own limit
#: is 1,000,000, but parts of the events stage still grow faster than linearly)
MAX_ARTICLE_CHARS = 200_000
#: refused JSON Lines in a row after which the rest of a file is refused at once (a binary file)
MAX_BAD_RUN = 1000
SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".htm")
#: the values of ``format``: ``auto`` detects it from the file suffix, else from the content
FORMATS = ("auto", "txt", "json", "jsonl", "html")
_LEGACY_ENCODINGS = ("cp1252", "iso8859_15", "latin_1", "mac_roman")
_META_LINE = re.compile(r"\A[ \t\ufeff]*date[ \t]+(\S+)[ \t]*(?:\n|[ \t]+|\Z)")
_BOMS = ((b"\xff\xfe\x00\x00", "utf_32"), (b"\x00\x00\xfe\xff", "utf_32"),
         (b"\xff\xfe", "utf_16"), (b"\xfe\xff", "utf_16"), (b"\xef\xbb\xbf", "utf_8_sig"))
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_STRING_FIELDS = ("title", "url", "uri", "outlet", "language")


@dataclass(frozen=True)
class Rejected:
    """An input that was refused, and why (one line, plain words)."""

    origin: str
    code: str
    reason: str
    error: EventwireError | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, err: EventwireError, origin: str) -> "Rejected":
        return cls(origin=err.origin or origin, code=err.code, reason=str(err), error=err)


#: what the reader yields inside: where an item came from, and the item
Item = tuple[str, "Article | Rejected"]


def article_id(text: str) -> str:
    """A stable id: the first 16 hex digits of the SHA-1 of ``text`` (the normalised text,
    or the URL or path that identifies the article)."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def clean(text: str) -> str:
    """``text`` with lone surrogates (from JSON escapes such as ``\\ud800``) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def normalize_text(text: str) -> str:
    text = clean(text).replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def megabytes(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def decode(data: bytes, origin: str) -> tuple[str, list[str]]:
    """Bytes to text and warnings: a byte-order mark decides, else UTF-8 (a few stray bytes
    replaced, with a warning), else the legacy encoding charset-normalizer finds; never binary."""
    if not data.strip():
        raise EmptyInput("the input is empty", origin=origin)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding), origin), []
            except UnicodeDecodeError:
                raise BadEncoding(f"the input starts with a {encoding} byte-order mark but is not valid {encoding}",
                                  origin=origin) from None
    if b"\x00" in data[:8192]:
        raise BinaryInput("the input looks binary (it contains NUL bytes)", origin=origin)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if len(_UTF8_SEQUENCE.findall(data)) >= bad:
        return _check_text(text, origin), [f"{bad} byte(s) that are not UTF-8 were replaced by U+FFFD"]
    return _legacy(data, origin), []


def _legacy(data: bytes, origin: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_LEGACY_ENCODINGS)).best()
    if best is None:
        raise BadEncoding("the input is neither UTF-8 nor a text encoding that could be detected", origin=origin)
    return _check_text(str(best), origin)


def _check_text(text: str, origin: str) -> str:
    sample = text[:4096]
    controls = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs") and ch not in "\n\r\t\f")
    if controls > 0.02 * len(sample):
        raise BinaryInput("the input looks binary (many control characters)", origin=origin)
    return text


def make_article(text: str, origin: str, *, id: str | None = None, published: object = None,
                 title: str | None = None, url: str | None = None, outlet: str | None = None,
                 language: str | None = None, key: str | None = None,
                 warnings: list[str] | None = None) -> Article:
    """Build an article from raw text: normalise it, take the ``date`` metadata line out.

    The id is ``id``, else a hash of ``url``, else of ``key`` (the file the article came
    from), else of the text."""
    text = normalize_text(text)
    m = _META_LINE.match(text)
    if m:
        if published is None:
            published = m.group(1)
        text = text[m.end():].strip()
    if not text:
        raise EmptyInput("the input has no article text", origin=origin)
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputTooLarge(f"the article is {len(text):,} characters long, over the limit of "
                            f"{MAX_ARTICLE_CHARS:,}", origin=origin,
                            hint=f"split it into articles of at most {MAX_ARTICLE_CHARS:,} characters")
    url = clean(url) if url else None
    return Article(
        id=str(id) if id not in (None, "") else article_id(url or key or text),
        source=Source(uri=url, outlet=clean(outlet) if outlet else outlet),
        language=clean(language) if language else None,
        published=normalize_date(published, origin=origin),
        title=clean(title) if title is not None else headline(text),
        text=text,
        warnings=list(warnings or []),
    )


def headline(text: str) -> str | None:
    """The first paragraph when it reads as a headline: one short line without final punctuation."""
    first, sep, _ = text.partition("\n\n")
    if sep and "\n" not in first and len(first) <= 150 and not first.rstrip().endswith((".", "!", "?", ":", "»", '"')):
        return first.strip() or None
    return None


def _json_type(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def _from_record(obj: object, origin: str, key: str | None = None,
                 warnings: list[str] | None = None) -> Article:
    if not isinstance(obj, dict):
        raise BadJSON(f"the JSON value is {_json_type(obj)}, not an object", origin=origin)
    text = obj.get("text")
    if not isinstance(text, str):
        raise BadJSON("the object has no 'text' string", origin=origin)
    for name in _STRING_FIELDS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            raise BadJSON(f"the field {name!r} is {_json_type(value)}, not a string", origin=origin)
    id_ = obj.get("id")
    if id_ is not None and (isinstance(id_, bool) or not isinstance(id_, (str, int))):
        raise BadJSON(f"the field 'id' is {_json_type(id_)}, not a string", origin=origin)
    return make_article(text, origin, id=clean(str(id_)) if id_ is not None else None,
                        published=obj.get("published"), title=obj.get("title"),
                        url=obj.get("url") or obj.get("uri"), outlet=obj.get("outlet"),
                        language=obj.get("language"), key=key, warnings=warnings)


def _parse_json(text: str, origin: str, line: bool) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        where = f"column {err.colno}" if line else f"line {err.lineno}"
        raise BadJSON(f"malformed JSON ({err.msg}, {where})", origin=origin) from None
    except RecursionError:
        raise BadJSON("the JSON is nested too deeply to read", origin=origin) from None


def _jsonl(lines: Iterable[bytes | None], origin: str, max_bytes: int) -> Iterator[Item]:
    """JSON Lines, one line at a time (``None`` stands for a line over ``max_bytes``).  After
    :data:`MAX_BAD_RUN` refused lines in a row the rest of the file is refused in one line."""
    run = 0
    for n, line in enumerate(lines, start=1):
        where = f"{origin}:{n}"
        if run >= MAX_BAD_RUN:
            err = BadJSON(f"stopped at line {n}: the {MAX_BAD_RUN} lines before it could not be read",
                          origin=origin, hint="is it a JSON Lines file? check its format and encoding")
            yield origin, Rejected.of(err, origin)
            return
        try:
            if line is None:
                raise InputTooLarge(f"the line is over the limit of {megabytes(max_bytes)}", origin=where,
                                    hint="split the article, or raise --max-bytes")
            if not line.strip():
                continue
            text, warnings = decode(line, where)
            yield where, _from_record(_parse_json(text, where, line=True), where, warnings=warnings)
            run = 0
        except InputError as err:
            run += 1
            yield where, Rejected.of(err, where)


def _json(text: str, origin: str, key: str | None, warnings: list[str]) -> Iterator[Item]:
    obj = _parse_json(text, origin, line=False)
    items = obj if isinstance(obj, list) else [obj]
    if not items:
        raise EmptyInput("the JSON list is empty", origin=origin)
    for i, item in enumerate(items):
        where = origin if len(items) == 1 else f"{origin}[{i}]"
        try:
            yield where, _from_record(item, where, key if len(items) == 1 else None, warnings)
        except InputError as err:
            yield where, Rejected.of(err, where)


def _html(text: str, origin: str, key: str | None, warnings: list[str]) -> Article:
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
                        url=getattr(doc, "url", None), outlet=getattr(doc, "sitename", None),
                        key=key, warnings=warnings)


def read_bytes(data: bytes, origin: str, kind: str = "txt", max_bytes: int = DEFAULT_MAX_BYTES,
               key: str | None = None) -> Iterator[Item]:
    """Read one input's bytes as ``kind`` (auto, txt, json, jsonl, html), yielding
    ``(origin, item)``; ``key`` identifies the input (see the module's note on identity)."""
    try:
        if len(data) > max_bytes:
            raise InputTooLarge(f"the input is {megabytes(len(data))}, over the limit of {megabytes(max_bytes)}",
                                origin=origin)
        if _wide(data):  # UTF-16 or UTF-32: lines and formats are found in UTF-8
            data = _narrow(data, origin, kind)
        if kind == "auto":
            kind = sniff(data)
        if kind == "jsonl":
            yield from _jsonl(data.split(b"\n"), origin, max_bytes)
            return
        text, warnings = decode(data, origin)
        if kind == "json":
            yield from _json(text, origin, key, warnings)
        elif kind in ("html", "htm"):
            yield origin, _html(text, origin, key, warnings)
        else:
            yield origin, make_article(text, origin, key=key, warnings=warnings)
    except InputError as err:
        yield origin, Rejected.of(err, origin)


def _narrow(data: bytes, origin: str, kind: str) -> bytes:
    """UTF-16 or UTF-32 data as UTF-8.  JSON Lines whose first line only looks wide (a stray
    mark and NUL bytes in a bad first line) but whose next line is a UTF-8 JSON object stay as
    they are: each good line still lands and the bad one is refused alone."""
    later = next((ln for ln in data.split(b"\n")[1:6] if ln.strip()), b"")
    if kind in ("jsonl", "auto") and _json_object_line(later):
        return data
    return decode(data, origin)[0].encode("utf-8")


def _json_object_line(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def sniff(data: bytes) -> str:
    """The format of content with no telling suffix: jsonl when the first line is a JSON
    object, json when the whole is one JSON value, jsonl when it opens with ``{``, html for
    an HTML page, else txt."""
    body = data.lstrip(b" \t\r\n\xef\xbb\xbf")
    if _json_object_line(body.split(b"\n", 1)[0]):
        return "jsonl"
    if body[:1] in (b"{", b"["):
        try:
            json.loads(body)
            return "json"
        except (ValueError, RecursionError):
            if body[:1] == b"{":
                return "jsonl"
    if body[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    return "txt"


def _wide(data: bytes) -> bool:
    """Whether ``data`` is UTF-16 or UTF-32: a byte-order mark for them, and the NUL bytes that
    such text has (a line break is ``00 0A``); a mark before UTF-8 text is a stray one."""
    return data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) and b"\x00" in data[:64]


def _lines(f: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """The lines of a stream, each of at most ``max_bytes`` (``None`` for a longer one, which
    is skipped without being held in memory)."""
    while True:
        line = f.readline(max_bytes + 1)
        if not line:
            return
        if len(line.rstrip(b"\r\n")) <= max_bytes:
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = f.readline(1 << 20)
        yield None


def read_stream(f: BinaryIO, origin: str, kind: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES,
                key: str | None = None) -> Iterator[Item]:
    """Read a binary stream (a file, stdin, a pipe), yielding ``(origin, item)``; JSON Lines
    are streamed line by line, anything else is read whole (up to ``max_bytes``)."""
    lines = _lines(f, max_bytes)
    first = next(lines, b"")
    if first is not None and not _wide(first) and (
            kind == "jsonl" or (kind == "auto" and _json_object_line(first))):
        yield from _jsonl(chain([first], lines), origin, max_bytes)
        return
    data = (first or b"") + f.read(max_bytes + 1 - len(first or b""))
    if first is None or len(data) > max_bytes:
        err = InputTooLarge(f"the input is over the limit of {megabytes(max_bytes)}", origin=origin)
        yield origin, Rejected.of(err, origin)
        return
    yield from read_bytes(data, origin, kind, max_bytes, key)


def iter_files(path: Path) -> Iterator[Path]:
    """The readable files under a directory, recursively, in a stable order."""
    for p in sorted(path.rglob("*")):
        if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("."):
            yield p


def kind_of(path: Path, format: str = "auto") -> str:
    """The format to read ``path`` as: ``format`` when given, else its suffix, else auto."""
    if format != "auto":
        return format
    suffix = path.suffix.lower()
    return suffix.lstrip(".") if suffix in SUFFIXES else "auto"


def read(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES,
         format: str = "auto") -> Iterator[Article | Rejected]:
    """Read every input; ``-`` is standard input.  Yields articles and rejections in order.
    ``format`` (one of :data:`FORMATS`) forces how every input is read."""
    for _, item in read_items(paths, max_bytes, format):
        yield item


def read_items(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES,
               format: str = "auto") -> Iterator[Item]:
    """Like :func:`read`, but yields ``(origin, item)``: where each article came from
    (``path``, ``path:line``, ``path[index]`` or ``<stdin>``) beside it."""
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be at least 1, not {max_bytes}")
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    for raw in paths:
        name = str(raw)
        if name == "-":
            yield from read_stream(sys.stdin.buffer, "<stdin>", format, max_bytes)
            continue
        path = Path(name)
        if path.is_dir():
            files = list(iter_files(path))
            if not files:
                yield name, Rejected.of(EmptyInput(f"the directory has no {', '.join(SUFFIXES)} files", origin=name), name)
            for f in files:
                yield from _read_file(f, max_bytes, format)
        elif path.exists():
            yield from _read_file(path, max_bytes, format)
        else:
            yield name, Rejected.of(MissingInput("no such file or directory", origin=name), name)


def _read_file(path: Path, max_bytes: int, format: str) -> Iterator[Item]:
    """A regular file, or a FIFO, device or process substitution (read as a stream)."""
    origin = str(path)
    kind = kind_of(path, format)
    try:
        regular = path.is_file()
        if regular and kind != "jsonl" and path.stat().st_size > max_bytes:
            size = path.stat().st_size
            err = InputTooLarge(f"the file is {megabytes(size)}, over the limit of {megabytes(max_bytes)}", origin=origin)
            yield origin, Rejected.of(err, origin)
            return
        uri = path.resolve().as_uri() if regular else None
        with path.open("rb") as f:
            yield from _located(read_stream(f, origin, kind, max_bytes, key=uri), uri)
    except OSError as err:
        yield origin, Rejected.of(UnreadableInput(f"cannot read it: {err.strerror or err}", origin=origin), origin)


def _located(items: Iterable[Item], uri: str | None) -> Iterator[Item]:
    """Articles read from the file at ``uri`` have it as their source, unless they name their own."""
    for where, item in items:
        if isinstance(item, Article) and item.source.uri is None:
            item.source.uri = uri
        yield where, item


def read_file_bytes(data: bytes, path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES,
                    format: str = "auto") -> Iterator[Item]:
    """The content of the regular file at ``path`` (an absolute path), read exactly as
    :func:`read` reads that file: for readers that fetched the bytes themselves (Spark)."""
    path = Path(path)
    uri = path.as_uri()
    yield from _located(read_stream(io.BytesIO(data), str(path), kind_of(path, format), max_bytes, key=uri), uri)


def read_record(obj: object, origin: str) -> Item:
    """One JSON object (as a dict), as a line of JSON Lines is read: ``(origin, article)``, or
    ``(origin, rejection)`` naming what is wrong with it."""
    try:
        return origin, _from_record(obj, origin)
    except InputError as err:
        return origin, Rejected.of(err, origin)
