"""One event, counted once: near-duplicate articles and clusters of events across articles.

**Near-duplicate articles** (the same wire story in several papers, with small edits and other
headlines) are found with MinHash over word shingles (the ``datasketch`` library) and grouped:
each article keeps its own record, and :func:`duplicate_groups` says which group it belongs to.

**Event clusters**: events of different articles that report the same real-world event.  Two
events go together (and clusters are the connected groups of such pairs) when they have

- the same PLOVER type;
- compatible actors and compatible recipients: the same entity code or the same country
  (``NORGOV`` and ``NOR`` share Norway), or one side unknown;
- dates at most ``window_days`` apart (the event's date, else its article's);
- compatible places: the same place, one inside the other's country, or one unknown;
- similar evidence (word overlap of at least ``evidence_similarity``), or articles that are
  near-duplicates of each other.

Each cluster gets GDELT-style counts: ``num_mentions`` (events), ``num_articles`` (distinct
articles), ``num_sources`` (distinct outlets, else web hosts, else articles), and the first
and last date it was seen (its articles' publication dates).  The thresholds and the window
live in ``data/dedup.yaml``.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from urllib.parse import urlparse

from . import resources

@dataclass(frozen=True)
class ArticleRules:
    """When two articles are near-duplicates (``articles`` in ``data/dedup.yaml``)."""

    shingle_words: int
    num_perm: int
    threshold: float


@dataclass(frozen=True)
class EventRules:
    """When events of two articles are one event (``events`` in ``data/dedup.yaml``)."""

    window_days: int
    evidence_similarity: float


@dataclass(frozen=True)
class DedupConfig:
    articles: ArticleRules
    events: EventRules

    @classmethod
    def load(cls) -> "DedupConfig":
        """The rules of ``data/dedup.yaml``."""
        data = resources.load("dedup.yaml")
        return cls(ArticleRules(**data["articles"]), EventRules(**data["events"]))


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None = None
    is_country: bool = False


@dataclass(frozen=True)
class EventItem:
    """What clustering needs to know of one event (built by the store from its tables)."""

    article_id: str
    event_id: str
    type: str
    actor_codes: tuple[str, ...] = ()
    recipient_codes: tuple[str, ...] = ()
    date: str | None = None  # the event's date, else its article's publication date
    published: str | None = None  # the article's publication date
    place: Place | None = None
    evidence: str = ""
    source: str = ""  # the outlet, else the web host, else the article id


@dataclass
class Cluster:
    """One real-world event and the events (``members``: article id, event id) that report it."""

    id: str
    type: str
    members: list[tuple[str, str]] = field(default_factory=list)
    num_mentions: int = 0
    num_articles: int = 0
    num_sources: int = 0
    first_seen: str | None = None
    last_seen: str | None = None
    date: str | None = None

    def is_root(self, article_id: str, event_id: str) -> bool:
        """Whether this event is the cluster's first report (the one a GDELT row stands for)."""
        return self.id == cluster_id(article_id, event_id)


def source_of(outlet: str | None, url: str | None, article_id: str) -> str:
    """Who published an article: its outlet, else the host of its URL, else the article itself."""
    if outlet:
        return outlet.casefold()
    host = urlparse(url).hostname if url else None
    return host or f"article:{article_id}"


# -- near-duplicate articles -----------------------------------------------------------------
_WORD = re.compile(r"\w+")
#: an entity code that starts with a country (NOR, NORGOV, SWEMIL)
_COUNTRY_CODE = re.compile(r"[A-Z]{3}[A-Z0-9]*")


def _shingles(text: str, n: int) -> set[bytes]:
    words = _WORD.findall(text.casefold())
    if len(words) <= n:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + n]).encode("utf-8") for i in range(len(words) - n + 1)}


def signature(text: str, config: DedupConfig):
    """The MinHash of ``text``'s word shingles."""
    from datasketch import MinHash

    m = MinHash(num_perm=config.articles.num_perm)
    m.update_batch(list(_shingles(text, config.articles.shingle_words)))
    return m


class _Groups:
    """Union-find over string keys; a group is named by its smallest key."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def duplicate_groups(articles: Iterable[tuple[str, str]], config: DedupConfig | None = None) -> dict[str, str]:
    """Near-duplicate groups of ``(article id, text)`` pairs: article id → group id (the
    smallest article id of its group), for the articles that have at least one near-duplicate.
    Reads ``articles`` once and keeps only their signatures."""
    from datasketch import MinHashLSH

    config = config or DedupConfig.load()
    lsh = MinHashLSH(threshold=config.articles.threshold, num_perm=config.articles.num_perm)
    signatures = {}
    groups = _Groups()
    for article_id, text in articles:
        if article_id in signatures:
            continue
        sig = signature(text, config)
        for other in lsh.query(sig):
            if sig.jaccard(signatures[other]) >= config.articles.threshold:
                groups.union(article_id, other)
        lsh.insert(article_id, sig)
        signatures[article_id] = sig
    found = {a: groups.find(a) for a in groups.parent}
    sizes: dict[str, int] = {}
    for g in found.values():
        sizes[g] = sizes.get(g, 0) + 1
    return {a: g for a, g in found.items() if sizes[g] > 1}


# -- event clusters --------------------------------------------------------------------------
def _day(value: str | None) -> Date | None:
    if not value or len(value) < 4 or not value[:4].isdigit():
        return None
    try:
        return Date(int(value[:4]), int(value[5:7]) if len(value) >= 7 else 1, int(value[8:10]) if len(value) >= 10 else 1)
    except ValueError:
        return None


def _country(code: str) -> str | None:
    return code[:3] if _COUNTRY_CODE.fullmatch(code) else None


def _compatible_sides(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Actors (or recipients) of two events: one side unknown, a shared code or a shared country."""
    if not a or not b:
        return True
    if set(a) & set(b):
        return True
    return bool({c for c in map(_country, a) if c} & {c for c in map(_country, b) if c})


def _compatible_places(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None or a.name.casefold() == b.name.casefold():
        return True
    if a.is_country and a.country and a.country == b.country:
        return True
    return bool(b.is_country and b.country and b.country == a.country)


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if len(w) >= 3}


def _similar(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def _same_event(a: EventItem, b: EventItem, groups: dict[str, str], config: DedupConfig) -> bool:
    da, db = _day(a.date), _day(b.date)
    if da is None or db is None or abs((da - db).days) > config.events.window_days:
        return False
    if not (_compatible_sides(a.actor_codes, b.actor_codes) and _compatible_sides(a.recipient_codes, b.recipient_codes)
            and _compatible_places(a.place, b.place)):
        return False
    near_duplicates = a.article_id in groups and groups.get(a.article_id) == groups.get(b.article_id)
    return near_duplicates or _similar(a.evidence, b.evidence) >= config.events.evidence_similarity


def cluster_id(article_id: str, event_id: str) -> str:
    """A cluster's id: a stable hash of its first member."""
    return hashlib.sha1(f"{article_id}/{event_id}".encode()).hexdigest()[:16]


def _order(e: EventItem) -> tuple:
    return (e.published or "9999", e.article_id, e.event_id)


def cluster_events(events: Iterable[EventItem], groups: dict[str, str] | None = None,
                   config: DedupConfig | None = None) -> list[Cluster]:
    """Cluster events of different articles that report the same real-world event (the module
    docstring says when).  Every event is in exactly one cluster; a cluster's id is that of its
    earliest member (by publication date, article id, event id).  Ordered by id."""
    config = config or DedupConfig.load()
    groups = groups or {}
    items = sorted(events, key=_order)
    key = {id(e): f"{e.article_id}\x1f{e.event_id}" for e in items}
    links = _Groups()
    by_type: dict[str, list[EventItem]] = {}
    for e in items:
        links.find(key[id(e)])
        by_type.setdefault(e.type, []).append(e)
    for same_type in by_type.values():
        dated = sorted((e for e in same_type if _day(e.date)), key=lambda e: _day(e.date))
        for i, a in enumerate(dated):  # a sliding window over the dates
            for b in dated[i + 1:]:
                if (_day(b.date) - _day(a.date)).days > config.events.window_days:
                    break
                if a.article_id != b.article_id and _same_event(a, b, groups, config):
                    links.union(key[id(a)], key[id(b)])
    members: dict[str, list[EventItem]] = {}
    rank = {key[id(e)]: n for n, e in enumerate(items)}
    for e in items:
        members.setdefault(links.find(key[id(e)]), []).append(e)
    clusters = []
    for group in members.values():
        group.sort(key=lambda e: rank[key[id(e)]])
        first = group[0]
        seen = sorted(p for p in (e.published for e in group) if p)
        clusters.append(Cluster(
            id=cluster_id(first.article_id, first.event_id), type=first.type,
            members=[(e.article_id, e.event_id) for e in group], num_mentions=len(group),
            num_articles=len({e.article_id for e in group}), num_sources=len({e.source for e in group}),
            first_seen=seen[0] if seen else None, last_seen=seen[-1] if seen else None,
            date=min((e.date for e in group if e.date), default=None)))
    return sorted(clusters, key=lambda c: c.id)
