"""Event exports: PLOVER JSON rows and GDELT 2.0-style rows (pure functions of an article).

The PLOVER → CAMEO table, QuadClass and the Goldstein-like score come from ``data/plover.yaml``.
GDELT conventions kept: ``SQLDATE`` is YYYYMMDD (a month or year date is written as its first
day, ``FractionDate`` likewise), country codes are ISO 3166-1 alpha-3 (GDELT's CAMEO country
codes are the same for nearly all countries; its ``*Geo_CountryCode`` uses FIPS, for which we
write ISO alpha-3 as well), an event without a date of its own is dated by its article
(``published``), the date columns of one without either are 0 (unknown), and other columns
without a value are empty strings.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping

from . import resources
from .dedup import Cluster, cluster_id
from .records import Article, Entity, Event

#: event clusters (``Store.mentions_of_clusters``): (article id, event id) → its cluster's counts
Clusters = Mapping[tuple[str, str], Cluster]

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{c}" for n in (1, 2) for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)

_GEO_TYPE = {"country": 1, "adm1": 5, "city": 4}


def plover_table() -> dict:
    """PLOVER type → {modes, cameo_root, cameo, mode_cameo, quad_class, goldstein, …}."""
    return resources.load("plover.yaml")["types"]


def cameo_code(event: Event) -> str:
    """The CAMEO event code of a PLOVER event (its mode's code where the table has one)."""
    spec = plover_table()[event.type]
    return (spec.get("mode_cameo") or {}).get(event.mode or "", spec["cameo"])


def _actor(article: Article, ids: list[str]) -> dict | None:
    ents = [e for e in (article.entity(i) for i in ids) if e is not None]
    if not ents:
        return None
    e = ents[0]
    return {"entity_text": e.name, "code": e.code, "sector": e.sector, "country": e.country,
            "entity_type": e.type, "entities": [x.name for x in ents], "entity_ids": [x.id for x in ents]}


def _place(article: Article, event: Event) -> Entity | None:
    return article.entity(event.location)


def _is_root(article: Article, event: Event) -> int:
    """1 when the event is told in the article's first paragraph (GDELT's IsRootEvent)."""
    first = article.text.find("\n\n")
    return int(first < 0 or event.trigger.start < first)


def cluster_of(article: Article, event: Event, clusters: Clusters | None) -> Cluster:
    """The event's cluster (see :mod:`eventwire.dedup`); an event in no cluster is one of its own."""
    found = (clusters or {}).get((article.id, event.id))
    return found or Cluster(id=cluster_id(article.id, event.id), type=event.type, num_mentions=1, num_sources=1,
                            num_articles=1, first_seen=article.published, last_seen=article.published)


def plover_rows(article: Article, clusters: Clusters | None = None) -> list[dict]:
    """One dict per event with PLOVER's field names, and the event's cluster: ``cluster_id``,
    ``num_mentions``, ``num_sources``, ``num_articles``, ``first_seen``, ``last_seen``."""
    rows = []
    for v in article.events:
        c = cluster_of(article, v, clusters)
        place = _place(article, v)
        geo = place.geo if place is not None else None
        rows.append({
            "id": f"{article.id}-{v.id}", "date": v.date, "event": v.type, "mode": v.mode or "",
            "context": list(v.context), "actor": _actor(article, v.actor),
            "recipient": _actor(article, v.recipient),
            "event_loc": None if place is None else {
                "name": place.name, "country": (geo.country if geo else None) or place.country,
                "lat": geo.lat if geo else None, "lon": geo.lon if geo else None,
                "geonameid": geo.geonameid if geo else None, "feature": geo.feature if geo else None},
            "event_text": v.evidence.text, "trigger": v.trigger.text, "negated": v.negated,
            "modality": v.modality, "source_quote": v.source_quote, "confidence": v.confidence,
            "language": article.language, "publication_date": article.published,
            "source": article.source.outlet, "url": article.source.uri, "article_id": article.id,
            "tone": article.tone, "coder": "eventwire",
            "cluster_id": c.id, "num_mentions": c.num_mentions, "num_sources": c.num_sources,
            "num_articles": c.num_articles, "first_seen": c.first_seen, "last_seen": c.last_seen,
        })
    return rows


def _date_cols(date: str | None) -> dict:
    if not date:
        return {"SQLDATE": 0, "MonthYear": 0, "Year": 0, "FractionDate": 0}
    y = date[:4]
    m = date[5:7] if len(date) >= 7 else "01"
    d = date[8:10] if len(date) >= 10 else "01"
    return {"SQLDATE": f"{y}{m}{d}", "MonthYear": f"{y}{m}", "Year": y,
            "FractionDate": f"{int(y) + (int(m) - 1) / 12 + (int(d) - 1) / 365:.4f}"}


def _actor_cols(n: int, ent: Entity | None) -> dict:
    if ent is None:
        return {}
    return {f"Actor{n}Code": ent.code or ent.country or "", f"Actor{n}Name": ent.name.upper(),
            f"Actor{n}CountryCode": ent.country or "", f"Actor{n}Type1Code": ent.sector or ""}


def _geo_cols(prefix: str, ent: Entity | None) -> dict:
    if ent is None or ent.geo is None:
        return {} if ent is None else {f"{prefix}_FullName": ent.name, f"{prefix}_CountryCode": ent.country or ""}
    g = ent.geo
    return {f"{prefix}_Type": _GEO_TYPE.get(g.feature or "", 4), f"{prefix}_FullName": g.name or ent.name,
            f"{prefix}_CountryCode": g.country or ent.country or "", f"{prefix}_Lat": g.lat,
            f"{prefix}_Long": g.lon, f"{prefix}_FeatureID": g.geonameid or ""}


def _event_id(article: Article, event: Event) -> int:
    return int(hashlib.sha1(f"{article.id}/{event.id}".encode()).hexdigest()[:12], 16)


def gdelt_rows(article: Article, clusters: Clusters | None = None) -> list[dict]:
    """One dict per event cluster keyed by ``GDELT_COLUMNS`` (empty string where no value
    exists), as GDELT counts an event once: with ``clusters``, only the event that first reported
    its cluster gets a row, with the cluster's NumMentions, NumSources and NumArticles; without,
    one row per event, each counted once."""
    table = plover_table()
    rows = []
    for v in article.events:
        c = cluster_of(article, v, clusters)
        if not c.is_root(article.id, v.id):
            continue
        spec = table[v.type]
        code = cameo_code(v)
        a1 = article.entity(v.actor[0]) if v.actor else None
        a2 = article.entity(v.recipient[0]) if v.recipient else None
        row = dict.fromkeys(GDELT_COLUMNS, "")
        row.update({"GLOBALEVENTID": _event_id(article, v), "IsRootEvent": _is_root(article, v),
                    "EventCode": code, "EventBaseCode": code[:3], "EventRootCode": code[:2],
                    "QuadClass": spec["quad_class"], "GoldsteinScale": spec["goldstein"],
                    "NumMentions": c.num_mentions, "NumSources": c.num_sources,
                    "NumArticles": c.num_articles,
                    "AvgTone": "" if article.tone is None else article.tone,
                    "SOURCEURL": article.source.uri or ""})
        row.update(_date_cols(v.date or article.published))
        row.update(_actor_cols(1, a1))
        row.update(_actor_cols(2, a2))
        row.update(_geo_cols("ActionGeo", article.entity(v.location)))
        row["DATEADDED"] = _date_cols(article.published)["SQLDATE"]
        rows.append(row)
    return rows
