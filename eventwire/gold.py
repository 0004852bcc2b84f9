"""Gold files: what a careful reader extracts from one article, in a scorer-friendly form.

A gold file ``<name>.expected.json`` holds names, countries and texts, never offsets (the
format is described in ``gold/README.md``).  Its article is the sibling ``<name>.txt`` or the
NorNE document its ``source`` points at.  :func:`load_gold` turns one file into a typed
:class:`GoldDoc`; :func:`find_gold` expands files and directories into gold file paths.

Fields a file leaves out are ``None`` on the :class:`GoldDoc` and are not scored for it;
an empty list means "there is nothing of this kind here" and is scored.  A ``"score"`` list
(``["quotes"]``) limits scoring to those groups: the entities of a quotes-only file then only
tell the scorer the speakers' aliases.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import GoldError

SUFFIX = ".expected.json"
#: the groups of fields a gold file can score
GROUPS = ("entities", "quotes", "events", "times")

#: accepted values of a field; ``None`` inside means "null is right"
Accept = tuple[str | None, ...]


@dataclass(frozen=True)
class GoldEntity:
    name: str
    types: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    country: Accept | None = None  # None: not scored
    sector: Accept | None = None
    geo: tuple[float, float] | None = None
    required: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class GoldQuote:
    text: str
    kind: str | None = None
    speaker: Accept | None = None  # None: attribution not scored
    required: bool = True


@dataclass(frozen=True)
class GoldEvent:
    types: tuple[str, ...]
    actor: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    symmetric: bool = False
    date: Accept | None = None
    mode: str | None = None
    evidence: str = ""
    required: bool = True
    #: character spans of the trigger and of its other mentions (corpus files only)
    triggers: tuple[tuple[int, int], ...] = ()
    negated: bool = False
    modality: str = "asserted"


@dataclass(frozen=True)
class GoldTime:
    text: str
    values: tuple[str, ...]
    required: bool = True


@dataclass
class GoldDoc:
    """One gold file with its article text; ``None`` fields are not scored."""

    path: Path
    text: str
    language: str | None = None
    published: str | None = None
    entities: list[GoldEntity] | None = None
    quotes: list[GoldQuote] | None = None
    not_quotes: list[str] = field(default_factory=list)
    events: list[GoldEvent] | None = None
    times: list[GoldTime] | None = None
    #: the groups scored: those the file lists under "score", else every group it has
    scored: frozenset[str] = frozenset(GROUPS)
    #: an event-corpus file: event triggers and the participants' countries are scored too
    corpus: bool = False

    def scores(self, group: str) -> bool:
        return group in self.scored and getattr(self, group) is not None

    @property
    def name(self) -> str:
        return gold_name(self.path)


def gold_name(path: Path) -> str:
    """``hanoi-2019-02`` for ``…/hanoi-2019-02.expected.json``."""
    return path.name[: -len(SUFFIX)] if path.name.endswith(SUFFIX) else path.stem


def find_gold(paths: Iterable[str | Path]) -> list[Path]:
    """Gold files among ``paths``: files as given, directories searched recursively for
    ``*.expected.json``; duplicates dropped, order kept (directories sorted)."""
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found.extend(sorted(p.rglob(f"*{SUFFIX}")))
        elif p.is_file():
            found.append(p)
        else:
            raise GoldError(f"no such gold file or directory: {p}", hint="pass *.expected.json files or folders holding them")
    seen: set[Path] = set()
    unique = []
    for p in found:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def load_gold(path: str | Path) -> GoldDoc:
    """Read and check one gold file and the text of its article."""
    path = Path(path)
    origin = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise GoldError(f"cannot read the gold file: {err}", origin=origin) from err
    if not isinstance(data, dict):
        raise GoldError("a gold file must hold one JSON object", origin=origin)
    if (data.get("source") or {}).get("corpus") == "narc":
        from .event_corpus import load_corpus_gold

        return load_corpus_gold(path, data)
    try:
        text = article_text(path, data)
    except (KeyError, TypeError, ValueError) as err:
        raise GoldError(f"malformed 'source': {type(err).__name__}: {err}", origin=origin) from err
    return gold_from_dict(data, text, path=path)


def gold_from_dict(data: dict[str, Any], text: str, *, path: str | Path = "<gold>") -> GoldDoc:
    """A :class:`GoldDoc` from the parsed JSON of a gold file and its article's text."""
    try:
        return _parse(Path(path), data, text)
    except (KeyError, TypeError, ValueError) as err:
        raise GoldError(f"malformed gold file: {type(err).__name__}: {err}", origin=str(path)) from err


def _parse(path: Path, data: dict[str, Any], text: str) -> GoldDoc:
    document = data.get("document") or {}
    data = {**data, **{key: [_from_span(item, text) for item in data[key]]
                       for key in ("quotes", "times") if isinstance(data.get(key), list)}}
    return GoldDoc(
        path=path,
        text=text,
        language=document.get("language"),
        published=_str_or_none(document.get("published")),
        entities=_items(data, "entities", _entity),
        quotes=_items(data, "quotes", _quote),
        not_quotes=[str(t) for t in data.get("not_quotes") or []],
        events=_items(data, "events", _event),
        times=_items(data, "times", _time),
        scored=_scored(data.get("score", GROUPS)),
    )


def _scored(groups: Any) -> frozenset[str]:
    """The "score" list: e.g. ["quotes"] for a file whose entities only give speakers' aliases."""
    unknown = set(_strs(groups)) - set(GROUPS)
    if unknown:
        raise ValueError(f"'score' names unknown groups {sorted(unknown)}; use some of {', '.join(GROUPS)}")
    return frozenset(_strs(groups))


def article_text(path: Path, data: dict[str, Any]) -> str:
    """The raw text of the gold file's article: the sibling ``.txt`` or the ``source`` document."""
    sibling = path.with_name(gold_name(path) + ".txt")
    if sibling.is_file():
        return sibling.read_text(encoding="utf-8")
    source = data.get("source")
    if not source:
        raise GoldError(f"the article was not found: no {sibling.name} beside the gold file and no 'source'",
                        origin=str(path), hint="put the article beside it as <name>.txt or add a 'source' pointer")
    from .corpus import document_text, ud_document_text

    first, last = (source.get("sentences") or [1, None])
    last = None if last is None else int(last)
    if source.get("corpus") == "ud-english":
        return ud_document_text(source["file"], source["document"], int(first), last)
    if source.get("corpus") != "norne":
        raise GoldError(f"unknown source corpus {source.get('corpus')!r}; 'norne' and 'ud-english' are known",
                        origin=str(path))
    return document_text(source["file"], int(first), last)


def _from_span(item: Any, text: str) -> Any:
    """A quote or time given by ``"span": [start, end]`` (character offsets into the article's
    text, for corpus documents whose text the gold file must not copy) gets its ``text``."""
    if not isinstance(item, dict) or "span" not in item:
        return item
    start, end = (int(v) for v in item["span"])
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {[start, end]} is outside the article's {len(text)} characters")
    return {**item, "text": text[start:end]}


def _items(data: dict[str, Any], key: str, make) -> list | None:
    if key not in data:
        return None
    items = data[key]
    if not isinstance(items, list):
        raise TypeError(f"{key!r} must be a list")
    return [make(item) for item in items]


def _strs(value: Any) -> tuple[str, ...]:
    """A string or a list of strings as a tuple."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _accept(item: dict[str, Any], key: str) -> Accept | None:
    """Accepted values of ``key``: absent → None (not scored); null → (None,); list → tuple."""
    if key not in item:
        return None
    value = item[key]
    if isinstance(value, list):
        return tuple(None if v is None else str(v) for v in value)
    return (None if value is None else str(value),)


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _entity(item: dict[str, Any]) -> GoldEntity:
    geo = item.get("geo")
    return GoldEntity(
        name=str(item["name"]),
        types=_strs(item["type"]),
        aliases=_strs(item.get("aliases")),
        country=_accept(item, "country"),
        sector=_accept(item, "sector"),
        geo=(float(geo["lat"]), float(geo["lon"])) if geo else None,
        required=bool(item.get("required", True)),
    )


def _quote(item: dict[str, Any]) -> GoldQuote:
    return GoldQuote(text=str(item["text"]), kind=item.get("kind"), speaker=_accept(item, "speaker"),
                     required=bool(item.get("required", True)))


def _event(item: dict[str, Any]) -> GoldEvent:
    return GoldEvent(
        types=_strs(item["type"]),
        actor=_strs(item.get("actor")),
        recipient=_strs(item.get("recipient")),
        symmetric=bool(item.get("symmetric", False)),
        date=_accept(item, "date"),
        mode=item.get("mode"),
        evidence=str(item.get("evidence") or ""),
        required=bool(item.get("required", True)),
    )


def _time(item: dict[str, Any]) -> GoldTime:
    values = _strs(item["value"])
    if not values:
        raise ValueError(f"time {item.get('text')!r} has no accepted value")
    return GoldTime(text=str(item["text"]), values=values, required=bool(item.get("required", True)))
