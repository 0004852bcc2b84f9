"""The web UI's pages.  Each calls the same :mod:`eventwire.queries` function as its API route
and hands the result to a template; ``….json`` or ``Accept: application/json`` returns that
result itself (the page's JSON twin)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from .. import queries
from ..queries import EventFilter
from ..store import Store
from .api import article_or_404
from .app import page
from .deps import events_filter, reader

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, store: Store = Depends(reader)):
    return page(request, "home.html", {"overview": queries.overview(store.con),
                                        "articles": queries.list_articles(store.con, limit=10)["items"]})


@router.get("/articles")
def articles(request: Request, q: str | None = None, language: str | None = None, date_from: str | None = None,
             date_to: str | None = None, offset: int = 0, store: Store = Depends(reader)):
    data = queries.list_articles(store.con, q=q, language=language, date_from=date_from, date_to=date_to,
                                 limit=50, offset=offset)
    return page(request, "articles.html", {**data, "q": q or ""})


@router.get("/articles/{article_id:path}")
def article(request: Request, article_id: str, store: Store = Depends(reader)):
    return page(request, "article.html", article_or_404(store, article_id))


@router.get("/events")
def events(request: Request, filt: EventFilter = Depends(events_filter), sort: str = "-date",
           after: str | None = None, limit: int = Query(50), store: Store = Depends(reader)):
    return page(request, "events.html", queries.list_events(store.con, filt, sort=sort, limit=limit, after=after))


MAX_COLUMNS = 200  # more periods than this make bars too thin to see or click: draw coarser ones


@router.get("/timeline")
def timeline(request: Request, filt: EventFilter = Depends(events_filter), interval: str = "month",
             store: Store = Depends(reader)):
    asked = interval
    shown = queries.timelines(store.con, filt, interval=interval)
    while len(shown["by_type"]["buckets"]) > MAX_COLUMNS and interval != queries.INTERVALS[-1]:
        interval = queries.INTERVALS[queries.INTERVALS.index(interval) + 1]
        shown = queries.timelines(store.con, filt, interval=interval)
    note = (f"These events span too many {asked}s to draw one bar each; shown per {interval}. "
            f"Narrow the dates (From, To) to see {asked}s.") if interval != asked else None
    return page(request, "timeline.html", {"interval": interval, "asked_interval": asked, "note": note,
                                            "filters": filt.active(), **shown})


@router.get("/map")
def world_map(request: Request, filt: EventFilter = Depends(events_filter), store: Store = Depends(reader)):
    return page(request, "map.html", {"filters": filt.active(), "countries": queries.country_counts(store.con, filt),
                                       "places": queries.event_places(store.con, filt)})


@router.get("/network")
def network(request: Request, filt: EventFilter = Depends(events_filter), store: Store = Depends(reader)):
    return page(request, "network.html", {"filters": filt.active(),
                                           "pairs": queries.actor_pairs(store.con, filt, limit=60)})


@router.get("/entities")
def entities(request: Request, q: str | None = None, country: str | None = None, sector: str | None = None,
             type: str | None = None, store: Store = Depends(reader)):
    return page(request, "entities.html", {
        "q": q or "", "country": country or "", "sector": sector or "", "type": type or "",
        "entities": queries.search_entities(store.con, q=q, country=country, sector=sector, type=type, limit=200),
        "actors": queries.actors(store.con, q=q, country=country, limit=50)})


@router.get("/quotes")
def quotes(request: Request, q: str | None = None, speaker: str | None = None, offset: int = 0,
           store: Store = Depends(reader)):
    data = queries.search_quotes(store.con, q=q, speaker=speaker, limit=50, offset=offset)
    return page(request, "quotes.html", {**data, "q": q or "", "speaker": speaker or ""})


@router.get("/search")
def search(request: Request, q: str = "", store: Store = Depends(reader)):
    return page(request, "search.html", queries.search(store.con, q))


@router.get("/docs")
def docs(request: Request):
    """The API's reference, drawn from its OpenAPI description (no script, nothing from outside)."""
    spec = request.app.openapi()
    routes = [{"method": method.upper(), "path": path, "summary": op.get("summary", ""),
               "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                               "description": p.get("description", "")} for p in op.get("parameters", [])]}
              for path, ops in spec["paths"].items() for method, op in ops.items()]
    return page(request, "docs.html", {"title": spec["info"]["title"], "version": spec["info"]["version"],
                                       "description": spec["info"].get("description", ""), "routes": routes})
