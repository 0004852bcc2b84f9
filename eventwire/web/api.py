"""The REST API under ``/api/``: each route is one call of :mod:`eventwire.queries`."""
from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from .. import queries
from ..errors import NotFound
from ..export import TEXT_FORMATS
from ..queries import EventFilter
from ..store import Store
from .deps import events_filter, reader

router = APIRouter(prefix="/api")
LIMIT = Query(50, description=f"items per page, 1-{queries.MAX_LIMIT}")
INTERVAL = Query("month", description="day, week or month")
#: format -> (file name, media type)
EXPORT_FILES = {"jsonl": ("articles.jsonl", "application/x-ndjson"),
                "plover": ("events.plover.jsonl", "application/x-ndjson"),
                "gdelt": ("events.gdelt.tsv", "text/tab-separated-values"),
                "parquet": ("tables.parquet.zip", "application/zip")}


@router.get("/stats", summary="Counts of what the store holds")
def stats(store: Store = Depends(reader)):
    return queries.overview(store.con)


@router.get("/articles", summary="Articles, newest first; q searches titles and texts")
def articles(q: str | None = None, language: str | None = None, outlet: str | None = None,
             date_from: str | None = None, date_to: str | None = None, limit: int = LIMIT, offset: int = 0,
             store: Store = Depends(reader)):
    return queries.list_articles(store.con, q=q, language=language, outlet=outlet, date_from=date_from,
                                 date_to=date_to, limit=limit, offset=offset)


def article_or_404(store: Store, article_id: str) -> dict:
    record = queries.get_article(store.con, article_id)
    if record is None:
        raise NotFound(f"there is no article with id {article_id!r}")
    return record


@router.get("/articles/{article_id:path}", summary="One full article record (the eventwire/1 contract)")
def article(article_id: str, store: Store = Depends(reader)):
    return article_or_404(store, article_id)


@router.get("/entities", summary="Entities by name, country, sector or type")
def entities(q: str | None = None, country: str | None = None, sector: str | None = None, type: str | None = None,
             limit: int = LIMIT, store: Store = Depends(reader)):
    return queries.search_entities(store.con, q=q, country=country, sector=sector, type=type, limit=limit)


@router.get("/entities/mentions", summary="Mentions of one entity (exact name) over time")
def entity_mentions(name: str, interval: str = Query("month", description="day, week or month"),
                    store: Store = Depends(reader)):
    return queries.entity_mentions_over_time(store.con, name, interval)


@router.get("/actors", summary="Entities taking part in events, as actor and as recipient")
def actors(q: str | None = None, country: str | None = None, limit: int = LIMIT, store: Store = Depends(reader)):
    return queries.actors(store.con, q=q, country=country, limit=limit)


@router.get("/quotes", summary="Quotes: full-text search (every word must occur) and by speaker")
def quotes(q: str | None = None, speaker: str | None = None, kind: str | None = None, limit: int = LIMIT,
           offset: int = 0, store: Store = Depends(reader)):
    return queries.search_quotes(store.con, q=q, speaker=speaker, kind=kind, limit=limit, offset=offset)


@router.get("/events", summary="Events: filters, sort, keyset pagination (pass `next` as `after`)")
def events(filt: EventFilter = Depends(events_filter),
           sort: str = Query("-date", description=", ".join(queries.EVENT_SORTS)),
           limit: int = LIMIT, after: str | None = Query(None, description="the `next` of the previous page"),
           store: Store = Depends(reader)):
    return queries.list_events(store.con, filt, sort=sort, limit=limit, after=after)


@router.get("/aggregates/timeline", summary="Events per day, week or month, by type or by quad class")
def timeline(filt: EventFilter = Depends(events_filter), by: str = Query("type", description="type or quad"),
             interval: str = INTERVAL, store: Store = Depends(reader)):
    return queries.timeline(store.con, filt, by=by, interval=interval)


@router.get("/aggregates/pairs", summary="Top actor → recipient pairs, cooperation and conflict")
def pairs(filt: EventFilter = Depends(events_filter), limit: int = LIMIT, store: Store = Depends(reader)):
    return queries.actor_pairs(store.con, filt, limit=limit)


@router.get("/aggregates/countries", summary="Events per country (actor, recipient or place)")
def countries(filt: EventFilter = Depends(events_filter), store: Store = Depends(reader)):
    return queries.country_counts(store.con, filt)


@router.get("/aggregates/places", summary="Places where events happen, with coordinates")
def places(filt: EventFilter = Depends(events_filter), store: Store = Depends(reader)):
    return queries.event_places(store.con, filt)


@router.get("/search", summary="One search across entities, quotes and articles")
def search(q: str = "", limit: int = Query(10, description="items per kind"), store: Store = Depends(reader)):
    return queries.search(store.con, q, limit=limit)


@router.get("/export/{format}", summary="The CLI's exports as a download: jsonl, plover, gdelt or parquet (zip)")
def export(format: str, store: Store = Depends(reader)):
    if format not in EXPORT_FILES:
        raise NotFound(f"there is no export format {format!r}", hint=f"use one of {', '.join(EXPORT_FILES)}")
    tmp = Path(tempfile.mkdtemp(prefix="eventwire-export-"))
    name, media_type = EXPORT_FILES[format]
    target = tmp / name
    if format == "parquet":
        with zipfile.ZipFile(target, "w") as z:
            for p in store.export_parquet(tmp / "tables"):
                z.write(p, p.name)
    else:
        with target.open("w", encoding="utf-8", newline="") as out:
            TEXT_FORMATS[format](store.articles(), out, store.mentions_of_clusters())
    return FileResponse(target, filename=f"eventwire-{name}", media_type=media_type,
                        background=BackgroundTask(shutil.rmtree, tmp, ignore_errors=True))
