"""The pipeline: named stages composed in order, each declaring what it needs and provides.

A stage is a small object with ``name``, ``requires``, ``provides`` and
``__call__(analysis) -> None``; it may also define ``pipe(analyses)`` to work on a batch
(the NLP stage does, to use spaCy's batching).  Stages are registered by name with
:func:`stage` and built by :class:`Pipeline` from a :class:`PipelineConfig`.  The pipeline
refuses to build when a stage needs something no earlier stage provides.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import Any, Protocol

from .errors import MissingRequirement, StageFailed, UnknownStage
from .reader import Rejected
from .records import Article

#: the default order of stages, by name
DEFAULT_STAGES = ("language", "nlp", "entities", "times", "quotes", "events", "tone")

#: modules that define the built-in stages (imported lazily, on first build)
_STAGE_MODULES = {
    "language": "eventwire.language",
    "nlp": "eventwire.nlp.stage",
    "entities": "eventwire.entities",
    "times": "eventwire.times",
    "quotes": "eventwire.quotes",
    "events": "eventwire.events",
    "tone": "eventwire.tone",
}

STAGES: dict[str, Callable[["PipelineConfig"], "Stage"]] = {}


@dataclass
class Analysis:
    """One article on its way through the pipeline.

    ``article`` is the record being filled; ``doc`` is the spaCy ``Doc`` of ``article.text``
    once the NLP stage has run (``None`` for languages without a model); ``origin`` names
    the input it was read from, for messages (default: its URI or id).
    """

    article: Article
    doc: Any = None
    origin: str | None = None


class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, analysis: Analysis) -> None: ...


def stage(name: str):
    """Register a stage factory under ``name``: ``factory(config) -> Stage``."""

    def register(factory):
        STAGES[name] = factory
        return factory

    return register


@dataclass(frozen=True)
class PipelineConfig:
    """Options for building a pipeline; one object instead of many keyword arguments."""

    stages: tuple[str, ...] = DEFAULT_STAGES
    model: str | None = None  # path of the spaCy model; None = the one shipped in the package
    batch_size: int = 32
    #: how the events stage finds triggers: "trained" (the trigger model shipped for the
    #: language, from `eventwire train-events`, with the lexicon as its backoff; the lexicon
    #: alone for a language without one) or "lexicon" (the trigger lexicon decides)
    event_detector: str = "trained"
    event_model: str | None = None  # path of a trigger model; None = the one shipped, if any
    #: the trained argument scorer (eventwire.events.arguments) names the roles the rules leave
    #: empty (the recipient; the actor too when the scorer has an actor threshold); False: the
    #: rules alone
    argument_scorer: bool = True
    argument_model: str | None = None  # path of an argument scorer; None = the one shipped
    #: the trained confidence model (eventwire.events.confidence) gives each event its
    #: confidence and drops the unlikely ones; False: the rule score's calibration, none dropped
    event_confidence: bool = True
    confidence_model: str | None = None  # path of a confidence model; None = the one shipped
    #: the trained pronoun scorer (eventwire.coref_model) resolves han/hun/ham/hennes; False:
    #: the salience rules
    coref_scorer: bool = True
    coref_model: str | None = None  # path of a pronoun scorer; None = the one shipped

    def __post_init__(self) -> None:
        if not isinstance(self.batch_size, int) or self.batch_size < 1:
            raise ValueError(f"batch_size must be a whole number of at least 1, not {self.batch_size!r}")


def _factory(name: str):
    if name not in STAGES and name in _STAGE_MODULES:
        import_module(_STAGE_MODULES[name])
    if name not in STAGES:
        raise UnknownStage(f"there is no stage called {name!r}")
    return STAGES[name]


def _failure(stage_name: str, err: Exception) -> str:
    """What went wrong in a stage, on one line of at most about 300 characters."""
    detail = " ".join(f"{type(err).__name__}: {err}".split())
    return f"stage {stage_name!r} failed on this article: {detail[:300]}"


class Pipeline:
    """Run articles through the configured stages."""

    def __init__(self, config: PipelineConfig | None = None):
        self.config = config or PipelineConfig()
        self.stages: list[Stage] = [_factory(n)(self.config) for n in self.config.stages]
        self._check()

    def _check(self) -> None:
        have: set[str] = {"text"}
        for s in self.stages:
            missing = [r for r in s.requires if r not in have]
            if missing:
                raise MissingRequirement(
                    f"stage {s.name!r} needs {', '.join(missing)}, which no earlier stage provides"
                )
            have.update(s.provides)

    def __call__(self, article: Article) -> Article:
        return next(self.pipe([article]))

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Process articles in batches, yielding them in order; a stage failure raises."""
        for item in self.process(articles):
            if isinstance(item, Rejected):
                raise item.error
            yield item

    def analyse(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """Like :meth:`pipe`, but yields each :class:`Analysis` (the record and its ``Doc``),
        for training and inspecting stages; a stage failure raises."""
        for batch in self._batches(articles):
            for item, analysis in zip(self._run(batch), batch):
                if isinstance(item, Rejected):
                    raise item.error
                yield analysis

    def process(self, articles: Iterable[Article | Analysis]) -> Iterator[Article | Rejected]:
        """Like :meth:`pipe`, but an article on which a stage fails comes out as a
        :class:`~eventwire.reader.Rejected` (naming the stage and the error) and the rest go on.
        Items may be :class:`Analysis` objects, to name their origin in such a rejection."""
        for batch in self._batches(articles):
            yield from self._run(batch)

    def _batches(self, articles: Iterable[Article | Analysis]) -> Iterator[list[Analysis]]:
        batch: list[Analysis] = []
        for article in articles:
            batch.append(article if isinstance(article, Analysis) else Analysis(article))
            if len(batch) >= self.config.batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _run(self, batch: list[Analysis]) -> Iterator[Article | Rejected]:
        failed: dict[int, Rejected] = {}
        for s in self.stages:
            live = [a for a in batch if id(a) not in failed]
            pipe = getattr(s, "pipe", None)
            if pipe is not None and len(live) > 1:
                try:
                    pipe(live)
                    continue
                except Exception:  # retry one by one below, so only the bad article fails
                    pass
            for a in live:
                try:
                    s(a)
                except Exception as err:  # noqa: BLE001 - reported as a rejection, never dropped
                    origin = a.origin or a.article.source.uri or a.article.id
                    failed[id(a)] = Rejected.of(StageFailed(_failure(s.name, err), origin=origin), origin)
        for a in batch:
            yield failed.get(id(a), a.article)
