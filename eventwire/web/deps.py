"""What routes share: a per-request store reader and the event filter parameters."""
from __future__ import annotations

from collections.abc import Iterator

from fastapi import Query, Request

from ..queries import EventFilter, event_filter
from ..store import Store


def reader(request: Request) -> Iterator[Store]:
    """The store through a cursor of its own for this request."""
    view = request.app.state.store.reader()
    try:
        yield view
    finally:
        view.close()


def events_filter(
    type: str | None = Query(None, description="PLOVER event type, e.g. ASSAULT"),
    mode: str | None = Query(None, description="PLOVER mode, e.g. visit"),
    actor: str | None = Query(None, description="actor country (NOR), code (NORGOV) or part of a name"),
    recipient: str | None = Query(None, description="recipient country, code or part of a name"),
    party: str | None = Query(None, description="actor or recipient: country, code or part of a name"),
    date_from: str | None = Query(None, description="first date, ISO 8601 (2024, 2024-03, 2024-03-14)"),
    date_to: str | None = Query(None, description="last date, ISO 8601"),
    place: str | None = Query(None, description="the place's country or part of its name"),
    modality: str | None = Query(None, description="asserted, reported, intended or hypothetical"),
    quad: int | None = Query(None, description="GDELT quad class: 1 verbal cooperation … 4 material conflict"),
    article: str | None = Query(None, description="only the events of this article id"),
    precision: str | None = Query(None, description="only events dated at least this precisely: year, month or day"),
) -> EventFilter:
    return event_filter(type=type, mode=mode, actor=actor, recipient=recipient, party=party, date_from=date_from,
                        date_to=date_to, place=place, modality=modality, quad=quad, article=article,
                        precision=precision)
