"""Read queries over the store, for the REST API and the web UI (``eventwire serve``).

The store side of the web layer: every SQL statement the web layer runs is here, each with
its values passed as parameters — no SQL is ever built from what a user typed.  Sort orders
and time intervals are looked up in fixed tables below.  Each function takes an open DuckDB
connection (a per-request cursor of a read-only :class:`~eventwire.store.Store`) and returns
plain dicts and lists, ready for JSON.
"""
from __future__ import annotations

import base64
import binascii
import json
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, timedelta

import duckdb

from .errors import BadQuery
from .plover import plover_table

MAX_LIMIT = 500

#: sort name -> (key expression, direction); the only SQL fragments chosen by a parameter
EVENT_SORTS = {
    "date": ("coalesce(v.date, '')", "ASC"),
    "-date": ("coalesce(v.date, '')", "DESC"),
    "confidence": ("coalesce(v.confidence, 0)", "ASC"),
    "-confidence": ("coalesce(v.confidence, 0)", "DESC"),
    "type": ("v.type", "ASC"),
}
INTERVALS = ("day", "week", "month")
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def quad_classes() -> dict[str, int]:
    """PLOVER event type -> GDELT quad class (1-4), from ``data/plover.yaml``."""
    return {t: spec["quad_class"] for t, spec in plover_table().items()}


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise BadQuery(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    return limit


def _like(word: str) -> str:
    """A LIKE pattern that matches ``word`` anywhere, with LIKE's wildcards taken literally."""
    escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _match_words(where: list[str], params: list, q: str | None, *columns: str) -> None:
    """Add a condition per word of ``q``: some of ``columns`` (SQL expressions written here,
    never user input) contains it, case-insensitively; the word itself is a parameter."""
    for w in _words(q):
        where.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns) + ")")
        params += [_like(w)] * len(columns)


def _words(q: str | None) -> list[str]:
    return [w for w in (q or "").split() if w][:10]


_DATE_FORMATS = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
#: how long a date is at each precision (EventFilter.precision)
PRECISIONS = {"year": 4, "month": 7, "day": 10}
#: the precision a timeline's interval needs of a date
INTERVAL_PRECISION = {"day": "day", "week": "day", "month": "month"}


def _check_date(value: str | None, name: str) -> None:
    if value is None:
        return
    try:
        datetime.strptime(value, _DATE_FORMATS[len(value)])
    except (KeyError, ValueError):
        raise BadQuery(f"{name} must be a date like 2024, 2024-03 or 2024-03-14, not {value!r}") from None


# -- overview ---------------------------------------------------------------------------------
def overview(con) -> dict:
    """Counts of the store's tables and the date range of its events."""
    row = con.execute(
        """SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM entities),
                  (SELECT count(*) FROM quotes), (SELECT count(*) FROM events),
                  (SELECT min(date) FROM events), (SELECT max(date) FROM events)""").fetchone()
    types = _rows(con.execute("SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY n DESC, type"))
    return {"articles": row[0], "entities": row[1], "quotes": row[2], "events": row[3],
            "first_event": row[4], "last_event": row[5], "event_types": types}


# -- articles ---------------------------------------------------------------------------------
def list_articles(con, q: str | None = None, language: str | None = None, outlet: str | None = None,
                  date_from: str | None = None, date_to: str | None = None,
                  limit: int = 50, offset: int = 0) -> dict:
    """Articles, newest first, optionally those whose title or text contains every word of ``q``."""
    _check_date(date_from, "date_from")
    _check_date(date_to, "date_to")
    where, params = ["TRUE"], []
    _match_words(where, params, q, "lower(coalesce(title, ''))", "lower(text)")
    for col, value in (("language", language), ("outlet", outlet)):
        if value:
            where.append(f"{col} = ?")
            params.append(value)
    if date_from:
        where.append("left(coalesce(published, ''), length(?)) >= ?")
        params += [date_from, date_from]
    if date_to:
        where.append("left(coalesce(published, ''), length(?)) <= ?")
        params += [date_to, date_to]
    cond = " AND ".join(where)
    total = con.execute(f"SELECT count(*) FROM articles WHERE {cond}", params).fetchone()[0]
    items = _rows(con.execute(
        f"""SELECT id, title, published, language, outlet, source_uri, tone, n_entities, n_quotes, n_events,
                   left(text, 240) AS snippet
            FROM articles WHERE {cond} ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?""",
        params + [_limit(limit), max(offset, 0)]))
    return {"total": total, "offset": offset, "items": items}


def get_article(con, article_id: str) -> dict | None:
    """The full article record (the contract's JSON), or None."""
    row = con.execute("SELECT record FROM articles WHERE id = ?", [article_id]).fetchone()
    return json.loads(row[0]) if row else None


# -- entities and actors ----------------------------------------------------------------------
def search_entities(con, q: str | None = None, country: str | None = None, sector: str | None = None,
                    type: str | None = None, limit: int = 50) -> list[dict]:
    """Entities across articles, one row per name/type/country/sector, most mentioned first."""
    where, params = ["TRUE"], []
    _match_words(where, params, q, "lower(name)")
    for col, value in (("country", country), ("sector", sector), ("type", type)):
        if value:
            where.append(f"{col} = ?")
            params.append(value.upper())
    return _rows(con.execute(
        f"""SELECT name, type, country, sector, code, count(DISTINCT article_id) AS articles,
                   sum(n_mentions)::BIGINT AS mentions
            FROM entities WHERE {' AND '.join(where)}
            GROUP BY name, type, country, sector, code
            ORDER BY mentions DESC, articles DESC, name, type, country, sector LIMIT ?""", params + [_limit(limit)]))


def entity_mentions_over_time(con, name: str, interval: str = "month") -> list[dict]:
    """How often an entity (by exact name) is mentioned per period of its articles' dates."""
    period = _period_sql("a.published", interval)
    return _rows(con.execute(
        f"""SELECT {period} AS period, sum(e.n_mentions)::BIGINT AS mentions, count(DISTINCT e.article_id) AS articles
            FROM entities e JOIN articles a ON a.id = e.article_id
            WHERE e.name = ? AND {period} IS NOT NULL GROUP BY 1 ORDER BY 1""", [name]))


def actors(con, q: str | None = None, country: str | None = None, limit: int = 50) -> list[dict]:
    """Entities that take part in events, with how often they act and are acted upon."""
    where, params = ["TRUE"], []
    _match_words(where, params, q, "lower(e.name)")
    if country:
        where.append("e.country = ?")
        params.append(country.upper())
    return _rows(con.execute(
        f"""WITH roles AS (
              SELECT v.article_id, x.id AS entity_id, 'actor' AS role FROM events v, unnest(v.actor) AS x(id)
              UNION ALL
              SELECT v.article_id, x.id, 'recipient' FROM events v, unnest(v.recipient) AS x(id))
            SELECT e.name, e.country, e.code, count(*) FILTER (WHERE role = 'actor') AS as_actor,
                   count(*) FILTER (WHERE role = 'recipient') AS as_recipient, count(*) AS events
            FROM roles r JOIN entities e ON e.article_id = r.article_id AND e.id = r.entity_id
            WHERE {' AND '.join(where)}
            GROUP BY e.name, e.country, e.code ORDER BY events DESC, e.name, e.country, e.code LIMIT ?""",
        params + [_limit(limit)]))


# -- quotes -----------------------------------------------------------------------------------
def search_quotes(con, q: str | None = None, speaker: str | None = None, kind: str | None = None,
                  limit: int = 50, offset: int = 0) -> dict:
    """Quotes containing every word of ``q`` (case-insensitive), optionally by a speaker's name."""
    where, params = ["TRUE"], []
    _match_words(where, params, q, "lower(q.text)")
    if speaker:
        where.append("lower(coalesce(q.speaker_name, '')) LIKE ? ESCAPE '\\'")
        params.append(_like(speaker))
    if kind:
        where.append("q.kind = ?")
        params.append(kind)
    cond = " AND ".join(where)
    total = con.execute(f"SELECT count(*) FROM quotes q WHERE {cond}", params).fetchone()[0]
    items = _rows(con.execute(
        f"""SELECT q.article_id, q.id, q.kind, q.text, q.speaker, q.speaker_name, q.cue, q."start", q."end",
                   a.title, a.published
            FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {cond}
            ORDER BY a.published DESC NULLS LAST, q.article_id, q."start", q.id LIMIT ? OFFSET ?""",
        params + [_limit(limit), max(offset, 0)]))
    return {"total": total, "offset": offset, "items": items}


# -- events -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class EventFilter:
    """What events to keep.  ``actor``/``recipient``/``party`` match an entity's country code
    (``NOR``), code (``NORGOV``) or a part of its name; ``place`` a part of the place's name or
    its country; dates compare at the coarser of the two precisions (``2024-03`` overlaps
    ``2024-03-14``), and ``precision`` (``year``, ``month``, ``day``) keeps only the events
    dated at least that precisely (as a timeline's period counts them); ``quad`` is a GDELT
    quad class 1-4."""

    type: str | None = None
    mode: str | None = None
    actor: str | None = None
    recipient: str | None = None
    party: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    place: str | None = None
    modality: str | None = None
    quad: int | None = None
    article: str | None = None
    precision: str | None = None

    def active(self) -> dict:
        """The filters that are set (for links and for the JSON answer)."""
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}

    def sql(self) -> tuple[str, list]:
        _check_date(self.date_from, "date_from")
        _check_date(self.date_to, "date_to")
        where, params = ["TRUE"], []
        for col, value in (("v.type", self.type and self.type.upper()), ("v.mode", self.mode),
                           ("v.modality", self.modality), ("v.article_id", self.article)):
            if value:
                where.append(f"{col} = ?")
                params.append(value)
        for role, value in (("actor", self.actor), ("recipient", self.recipient)):
            if value:
                where.append(f"""EXISTS (SELECT 1 FROM entities e WHERE e.article_id = v.article_id
                                 AND list_contains(v.{role}, e.id) AND {_ENTITY_MATCH})""")
                params += _entity_params(value)
        if self.party:
            where.append(f"""EXISTS (SELECT 1 FROM entities e WHERE e.article_id = v.article_id
                             AND (list_contains(v.actor, e.id) OR list_contains(v.recipient, e.id))
                             AND {_ENTITY_MATCH})""")
            params += _entity_params(self.party)
        if self.place:
            where.append("""EXISTS (SELECT 1 FROM entities e WHERE e.article_id = v.article_id AND e.id = v.location
                            AND (coalesce(e.geo_country, e.country) = ? OR lower(e.name) LIKE ? ESCAPE '\\'))""")
            params += [self.place.upper(), _like(self.place)]
        if self.date_from:
            where.append("left(v.date, least(length(v.date), length(?))) >= left(?, length(v.date))")
            params += [self.date_from, self.date_from]
        if self.date_to:
            where.append("left(v.date, least(length(v.date), length(?))) <= left(?, length(v.date))")
            params += [self.date_to, self.date_to]
        if self.precision:
            if self.precision not in PRECISIONS:
                raise BadQuery(f"precision must be one of {', '.join(PRECISIONS)}, not {self.precision!r}")
            where.append("length(v.date) >= ?")
            params.append(PRECISIONS[self.precision])
        if self.quad is not None:
            if self.quad not in QUAD_NAMES:
                raise BadQuery(f"quad must be 1, 2, 3 or 4, not {self.quad}")
            where.append("v.type IN (SELECT unnest(?))")
            params.append([t for t, qc in quad_classes().items() if qc == self.quad])
        return " AND ".join(where), params


_ENTITY_MATCH = "(e.country = ? OR e.code = ? OR lower(e.name) LIKE ? ESCAPE '\\')"


def _entity_params(value: str) -> list:
    return [value.upper(), value.upper(), _like(value)]


def event_filter(**values) -> EventFilter:
    """An :class:`EventFilter` from keyword values, ignoring empty ones."""
    names = {f.name for f in fields(EventFilter)}
    return EventFilter(**{k: v for k, v in values.items() if k in names and v not in (None, "")})


def _encode_cursor(key, article_id: str, event_id: str) -> str:
    raw = json.dumps([key, article_id, event_id], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> list:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key, article_id, event_id = json.loads(raw)
        if not (isinstance(article_id, str) and isinstance(event_id, str)):
            raise ValueError
        return [key, article_id, event_id]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise BadQuery(f"the page cursor {cursor!r} is not one this server gave out",
                       hint="follow the `next` link of the previous page, or leave `after` out") from None


def list_events(con, filt: EventFilter = EventFilter(), sort: str = "-date", limit: int = 50,
                after: str | None = None) -> dict:
    """One page of events with their actors, recipients, place and article, plus ``next``: the
    cursor of the following page (keyset pagination: as fast on page 1,000 as on page 1)."""
    if sort not in EVENT_SORTS:
        raise BadQuery(f"cannot sort events by {sort!r}", hint=f"use one of {', '.join(EVENT_SORTS)}")
    key, direction = EVENT_SORTS[sort]
    cond, params = filt.sql()
    total = con.execute(f"SELECT count(*) FROM events v WHERE {cond}", params).fetchone()[0]
    page_cond, page_params = cond, list(params)
    if after:
        op = ">" if direction == "ASC" else "<"
        page_cond += f" AND ({key}, v.article_id, v.id) {op} (?, ?, ?)"
        page_params += _decode_cursor(after)
    limit = _limit(limit)
    order = f"sort_key {direction}, article_id {direction}, id {direction}"
    rows = _rows(con.execute(
        f"""WITH page AS (
              SELECT {key} AS sort_key, v.article_id, v.id, v.type, v.mode, v.context, v.actor, v.recipient,
                     v.date, v.location, v.negated, v.modality, v.source_quote, v.trigger_text, v.trigger_start,
                     v.evidence_text, v.confidence
              FROM events v WHERE {page_cond} ORDER BY {order} LIMIT ?)
            SELECT page.*, a.title, a.published FROM page JOIN articles a ON a.id = page.article_id
            ORDER BY {order}""",
        page_params + [limit + 1]))
    more = len(rows) > limit
    rows = rows[:limit]
    items = _with_entities(con, rows)
    last = rows[-1] if rows else None
    return {"total": total, "sort": sort, "filters": filt.active(), "items": items,
            "next": _encode_cursor(last["sort_key"], last["article_id"], last["id"]) if more else None}


def _with_entities(con, rows: list[dict]) -> list[dict]:
    """Event rows with entity ids replaced by ``{id, name, country, code}`` and the quad class."""
    ids = sorted({r["article_id"] for r in rows})
    ents = {}
    if ids:
        for e in _rows(con.execute(
                """SELECT article_id, id, name, type, country, code, lat, lon, geo_country FROM entities
                   WHERE article_id IN (SELECT unnest(?))""", [ids])):
            ents[(e["article_id"], e["id"])] = e
    quads = quad_classes()

    def ent(aid: str, eid: str | None) -> dict | None:
        if eid is None:
            return None
        e = ents.get((aid, eid))
        if e is None:
            return {"id": eid, "name": eid, "country": None, "code": None}
        return {"id": eid, "name": e["name"], "type": e["type"], "country": e["country"], "code": e["code"],
                "lat": e["lat"], "lon": e["lon"]}

    out = []
    for r in map(dict, rows):
        aid = r.pop("article_id")
        r.pop("sort_key")
        article = {"id": aid, "title": r.pop("title"), "published": r.pop("published")}
        out.append({
            **r, "article": article,
            "quad_class": quads.get(r["type"]),
            "actor": [ent(aid, x) for x in r["actor"]], "recipient": [ent(aid, x) for x in r["recipient"]],
            "location": ent(aid, r["location"]),
        })
    return out


# -- aggregates -------------------------------------------------------------------------------
def _period_sql(col: str, interval: str) -> str:
    """The SQL of the period a date column falls in (the day, the Monday of its week, or
    ``YYYY-MM``); NULL when the date is too coarse for it.  Chosen from fixed text only."""
    if interval == "day":
        return f"CASE WHEN length({col}) >= 10 THEN left({col}, 10) END"
    if interval == "week":
        return (f"CASE WHEN length({col}) >= 10 THEN "
                f"strftime(date_trunc('week', TRY_CAST(left({col}, 10) AS DATE)), '%Y-%m-%d') END")
    if interval == "month":
        return f"CASE WHEN length({col}) >= 7 THEN left({col}, 7) END"
    raise BadQuery(f"interval must be one of {', '.join(INTERVALS)}, not {interval!r}")


def period_range(period: str, interval: str) -> tuple[str, str]:
    """The first and last day of a period as the timeline names it."""
    if interval == "month":
        first = date.fromisoformat(period + "-01")
        nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first.isoformat(), (nxt - timedelta(days=1)).isoformat()
    first = date.fromisoformat(period)
    return first.isoformat(), (first + timedelta(days=6 if interval == "week" else 0)).isoformat()


def _all_periods(first: str, last: str, interval: str) -> list[str]:
    out, p = [], first
    while p <= last and len(out) < 5000:
        out.append(p)
        end = date.fromisoformat(period_range(p, interval)[1]) + timedelta(days=1)
        p = end.isoformat()[:7] if interval == "month" else end.isoformat()
    return out


def _period_counts(con, filt: EventFilter, interval: str) -> list[tuple[str | None, str, int]]:
    """(period, type, events) for the events kept by ``filt``; period None: too coarse a date."""
    period = _period_sql("v.date", interval)
    cond, params = filt.sql()
    # ordered, so that the same store always gives the same answer, byte for byte
    return con.execute(f"SELECT {period}, v.type, count(*) FROM events v WHERE {cond} GROUP BY ALL ORDER BY 1, 2",
                       params).fetchall()


def _timeline(rows: list[tuple], filt: EventFilter, by: str, interval: str) -> dict:
    if by not in ("type", "quad"):
        raise BadQuery(f"by must be 'type' or 'quad', not {by!r}")
    quads = quad_classes()
    counts: dict[str, dict[str, int]] = {}
    undated = 0
    for p, typ, n in rows:
        if p is None:
            undated += n
            continue
        key = typ if by == "type" else str(quads.get(typ, 0))
        bucket = counts.setdefault(p, {})
        bucket[key] = bucket.get(key, 0) + n
    totals: dict[str, int] = {}
    for b in counts.values():
        for k, n in b.items():
            totals[k] = totals.get(k, 0) + n
    keys = sorted(totals, key=lambda k: (-totals[k], k))
    buckets = []
    for p in _all_periods(min(counts), max(counts), interval) if counts else []:
        start, end = period_range(p, interval)
        c = counts.get(p, {})
        buckets.append({"period": p, "start": start, "end": end, "counts": c, "total": sum(c.values())})
    labels = {k: QUAD_NAMES.get(int(k), k) for k in keys} if by == "quad" else {k: k for k in keys}
    return {"by": by, "interval": interval, "filters": filt.active(), "keys": keys, "labels": labels,
            "buckets": buckets, "undated": undated}


def timeline(con, filt: EventFilter = EventFilter(), by: str = "type", interval: str = "month") -> dict:
    """Events per period, split by event type or by quad class; every period between the first
    and the last is listed (empty ones too).  ``undated`` counts events whose date is missing
    or too coarse for the interval."""
    return _timeline(_period_counts(con, filt, interval), filt, by, interval)


def timelines(con, filt: EventFilter = EventFilter(), interval: str = "month") -> dict:
    """:func:`timeline` by type and by quad class at once (one query)."""
    rows = _period_counts(con, filt, interval)
    return {"by_type": _timeline(rows, filt, "type", interval), "by_quad": _timeline(rows, filt, "quad", interval)}


def actor_pairs(con, filt: EventFilter = EventFilter(), limit: int = 50) -> list[dict]:
    """Who acts on whom: actor -> recipient pairs by entity name, with event counts split into
    cooperation (quad class 1-2) and conflict (3-4)."""
    cond, params = filt.sql()
    quads = quad_classes()
    return _rows(con.execute(
        f"""WITH q AS (SELECT unnest(?) AS type, unnest(?) AS quad),
            pairs AS (
              SELECT v.article_id, v.type, a.id AS actor_id, r.id AS recipient_id
              FROM events v, unnest(v.actor) AS a(id), unnest(v.recipient) AS r(id) WHERE {cond})
            SELECT ea.name AS actor, ea.country AS actor_country, er.name AS recipient,
                   er.country AS recipient_country, count(*) AS events,
                   count(*) FILTER (WHERE q.quad <= 2) AS cooperation,
                   count(*) FILTER (WHERE q.quad >= 3) AS conflict
            FROM pairs p
            JOIN entities ea ON ea.article_id = p.article_id AND ea.id = p.actor_id
            JOIN entities er ON er.article_id = p.article_id AND er.id = p.recipient_id
            LEFT JOIN q ON q.type = p.type
            GROUP BY ALL ORDER BY events DESC, actor, recipient, actor_country, recipient_country LIMIT ?""",
        [list(quads), list(quads.values())] + params + [_limit(limit)]))


def country_counts(con, filt: EventFilter = EventFilter()) -> list[dict]:
    """Events per country: as the country of an actor, of a recipient, or of the event's place
    (each event counted once per country in ``events``)."""
    cond, params = filt.sql()
    return _rows(con.execute(
        f"""WITH roles AS (
              SELECT v.article_id, v.id AS event_id, x.id AS entity_id, 'actor' AS role
              FROM events v, unnest(v.actor) AS x(id) WHERE {cond}
              UNION ALL
              SELECT v.article_id, v.id, x.id, 'recipient' FROM events v, unnest(v.recipient) AS x(id) WHERE {cond}
              UNION ALL
              SELECT v.article_id, v.id, v.location, 'place' FROM events v WHERE v.location IS NOT NULL AND {cond}),
            per_event AS (
              SELECT coalesce(e.geo_country, e.country) AS country, bool_or(role = 'actor') AS a,
                     bool_or(role = 'recipient') AS r, bool_or(role = 'place') AS p
              FROM roles r JOIN entities e ON e.article_id = r.article_id AND e.id = r.entity_id
              WHERE coalesce(e.geo_country, e.country) IS NOT NULL
              GROUP BY r.article_id, r.event_id, 1)
            SELECT country, count(*) AS events, count(*) FILTER (WHERE a) AS as_actor,
                   count(*) FILTER (WHERE r) AS as_recipient, count(*) FILTER (WHERE p) AS as_place
            FROM per_event GROUP BY country ORDER BY events DESC, country""", params * 3))


def event_places(con, filt: EventFilter = EventFilter(), limit: int = 500) -> list[dict]:
    """The places events happen at, with coordinates, by number of events."""
    cond, params = filt.sql()
    return _rows(con.execute(
        f"""SELECT e.name, coalesce(e.geo_country, e.country) AS country, round(e.lat, 3) AS lat,
                   round(e.lon, 3) AS lon, count(*) AS events
            FROM events v JOIN entities e ON e.article_id = v.article_id AND e.id = v.location
            WHERE e.lat IS NOT NULL AND {cond}
            GROUP BY ALL ORDER BY events DESC, e.name, country, lat, lon LIMIT ?""", params + [_limit(limit)]))


# -- search -----------------------------------------------------------------------------------
def search(con, q: str, limit: int = 10) -> dict:
    """One search across entities, quotes and articles."""
    if not _words(q):
        return {"q": q or "", "entities": [], "quotes": [], "articles": []}
    return {"q": q, "entities": search_entities(con, q=q, limit=limit),
            "quotes": search_quotes(con, q=q, limit=limit)["items"],
            "articles": list_articles(con, q=q, limit=limit)["items"]}
