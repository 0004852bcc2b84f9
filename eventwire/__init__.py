"""eventwire: who did what to whom, when and where, and who said what — from news text.

The library API::

    import eventwire
    article = eventwire.extract("– Vi er enige, sa statsministeren.", published="2024-05-02")
    for article in eventwire.extract_many(texts):
        ...
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from .errors import EventwireError
from .pipeline import Pipeline, PipelineConfig
from .reader import make_article
from .records import Article, Entity, Event, Quote, Span, Time

__version__ = "0.1.0"
__all__ = ["extract", "extract_many", "get_pipeline", "Article", "Entity", "Event", "Quote",
           "Span", "Time", "Pipeline", "PipelineConfig", "EventwireError", "__version__"]


@lru_cache(maxsize=4)
def get_pipeline(config: PipelineConfig | None = None) -> Pipeline:
    """The pipeline for ``config`` (default stages and model), built once and reused."""
    return Pipeline(config)


def extract(text: str, published: str | None = None, language: str | None = None,
            *, id: str | None = None, pipeline: Pipeline | None = None) -> Article:
    """Extract one article record from its text."""
    article = make_article(text, "<text>", id=id, published=published, language=language)
    return (pipeline or get_pipeline())(article)


def extract_many(items: Iterable[str | Article | dict], *, pipeline: Pipeline | None = None) -> Iterator[Article]:
    """Extract records from many texts (strings, prepared Articles or dicts with 'text'),
    batching inside; yields them in input order."""

    def articles() -> Iterator[Article]:
        for n, item in enumerate(items):
            if isinstance(item, Article):
                yield item
            elif isinstance(item, str):
                yield make_article(item, f"<item {n}>")
            else:
                yield make_article(item["text"], f"<item {n}>", id=item.get("id"),
                                   published=item.get("published"), title=item.get("title"),
                                   url=item.get("url"), outlet=item.get("outlet"),
                                   language=item.get("language"))

    return (pipeline or get_pipeline()).pipe(articles())
