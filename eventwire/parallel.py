"""All cores of one machine: the pipeline in worker processes, results back in input order.

:func:`process` is :meth:`eventwire.pipeline.Pipeline.process` spread over ``workers``
processes.  Each worker builds the pipeline (and so loads the model) once, when it starts, and
runs whole batches through it (spaCy batches inside).  The caller's process reads the input,
hands out batches and takes the results back in the order it handed them out, so the one
writer (the store, or the JSON Lines output) sees articles in input order.  At most
``2 × workers`` batches are in flight, so memory stays the same however long the input is.

With one worker, or when the whole input fits in one batch (a single ``eventwire extract``),
nothing is started: the pipeline runs in this process, and a small job starts as fast as before.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from .pipeline import Analysis, Pipeline, PipelineConfig
from .reader import Rejected
from .records import Article

#: batches in flight per worker: one being worked on, one waiting, so no worker idles
IN_FLIGHT_PER_WORKER = 2


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


# -- inside a worker -------------------------------------------------------------------------
_pipeline: Pipeline | None = None

#: the thread pools of the numeric libraries (numpy's OpenBLAS, BLIS, OpenMP, MKL): one thread
#: each in a worker, since the workers already fill the cores; more only fight over them
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def _start_worker(config: PipelineConfig) -> None:
    """Build the pipeline once per worker process (the model loads here, not per batch), with
    one thread per numeric library (set before numpy loads, which reads them only then)."""
    global _pipeline
    for var in THREAD_VARIABLES:
        os.environ.setdefault(var, "1")
    from . import get_pipeline

    _pipeline = get_pipeline(config)


def _run_batch(batch: list[tuple[Article, str | None]]) -> list[str | tuple[str, str, str]]:
    """One batch through the worker's pipeline: each article as its JSON record, each refusal
    as ``(origin, code, reason)`` (plain values travel between processes; exceptions may not)."""
    assert _pipeline is not None, "the worker was started without its pipeline"
    out: list[str | tuple[str, str, str]] = []
    for item in _pipeline.process(Analysis(a, origin=o) for a, o in batch):
        out.append((item.origin, item.code, item.reason) if isinstance(item, Rejected) else item.to_json())
    return out


def _result(value: str | tuple[str, str, str]) -> Article | Rejected:
    if isinstance(value, str):
        return Article.from_json(value)
    origin, code, reason = value
    return Rejected(origin=origin, code=code, reason=reason)


# -- in the caller -----------------------------------------------------------------------------
def _batches(items: Iterable[Analysis], size: int) -> Iterator[list[Analysis]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def process(items: Iterable[Analysis | Article], config: PipelineConfig | None = None,
            workers: int | None = None) -> Iterator[Article | Rejected]:
    """Run ``items`` through the pipeline of ``config`` on ``workers`` processes (default: every
    core), yielding one :class:`Article` or :class:`Rejected` per item, in input order, like
    :meth:`Pipeline.process`.  ``items`` is read lazily, a few batches ahead of the results."""
    from . import get_pipeline

    config = config or PipelineConfig()
    workers = default_workers() if workers is None else workers
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    batches = _batches((i if isinstance(i, Analysis) else Analysis(i) for i in items), config.batch_size)
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None) if workers > 1 else None
    if second is None:  # one worker, or one batch in all: no process to start
        pipeline = get_pipeline(config)
        yield from pipeline.process(first)
        for batch in batches:
            yield from pipeline.process(batch)
        return
    yield from _pooled([first, second], batches, config, workers)


def _pooled(head: list[list[Analysis]], batches: Iterator[list[Analysis]], config: PipelineConfig,
            workers: int) -> Iterator[Article | Rejected]:
    # "spawn": a worker starts clean (no threads or open store copied from this process)
    context = multiprocessing.get_context("spawn")
    pending: deque = deque()
    with context.Pool(workers, initializer=_start_worker, initargs=(config,)) as pool:
        def submit(batch: list[Analysis]) -> None:
            pending.append(pool.apply_async(_run_batch, ([(a.article, a.origin) for a in batch],)))

        for batch in head:
            submit(batch)
        for batch in batches:
            if len(pending) >= IN_FLIGHT_PER_WORKER * workers:
                yield from map(_result, pending.popleft().get())
            submit(batch)
        while pending:
            yield from map(_result, pending.popleft().get())
