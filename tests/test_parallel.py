"""All cores (eventwire.parallel): real worker processes with the real model give the records of
one process, in input order, reading the input only a few batches ahead."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.parallel import IN_FLIGHT_PER_WORKER, default_workers, process
from eventwire.pipeline import PipelineConfig
from eventwire.reader import Rejected, read

DEDUP = Path(__file__).parent / "data" / "dedup"


def run(*args):
    return subprocess.run([sys.executable, "-m", "eventwire", *map(str, args)], capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def articles(samples):
    items = list(read([samples, DEDUP]))
    assert not any(isinstance(a, Rejected) for a in items)
    return items


def test_two_workers_give_the_records_of_one_process_in_input_order(articles, pipeline):
    config = PipelineConfig(batch_size=1)
    want = [a.to_json() for a in pipeline.pipe(a.model_copy(deep=True) for a in articles)]
    pulled = []
    seen_at_first_result = None

    def source():
        for a in articles:
            pulled.append(a.id)
            yield a.model_copy(deep=True)

    got = []
    for item in process(source(), config, workers=2):
        if seen_at_first_result is None:
            seen_at_first_result = len(pulled)
        got.append(item.to_json())
    assert got == want
    # the input is read lazily: a bounded number of batches ahead of the results
    assert seen_at_first_result <= IN_FLIGHT_PER_WORKER * 2 + 1 < len(articles)


def test_one_batch_or_one_worker_runs_in_this_process(articles, pipeline):
    want = [a.to_json() for a in pipeline.pipe(a.model_copy(deep=True) for a in articles[:3])]
    for workers in (1, 4):
        got = [a.to_json() for a in process((a.model_copy(deep=True) for a in articles[:3]), workers=workers)]
        assert got == want


def test_nothing_in_nothing_out_and_bad_worker_counts_are_refused():
    assert list(process(iter([]), workers=2)) == []
    with pytest.raises(ValueError, match="at least 1"):
        list(process(iter([]), workers=0))
    assert default_workers() >= 1


def test_cli_extract_with_two_workers_matches_the_library(tmp_path, samples, pipeline):
    out = tmp_path / "out.jsonl"
    r = run("extract", samples, DEDUP, "--workers", "2", "--batch-size", "2", "-o", out)
    assert r.returncode == 0, r.stderr
    want = [a.to_dict() for a in pipeline.pipe(read([samples, DEDUP]))]
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == want


def test_cli_refuses_zero_workers():
    r = run("ingest", "samples", "--workers", "0")
    assert r.returncode == 2 and "--workers" in r.stderr


def test_an_error_raised_in_a_worker_reaches_the_main_process_as_it_was():
    import pickle

    from eventwire.errors import ModelMissing

    error = ModelMissing("no model at /x", origin="a.txt", hint="pass --model")
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is ModelMissing and str(back) == str(error) == "[E203] a.txt: no model at /x (pass --model)"


def test_a_worker_gives_its_numeric_libraries_one_thread(monkeypatch):
    """Workers fill the cores; a numpy (OpenBLAS) or OpenMP pool of its own in each only fights
    over them, so the worker sets one thread before numpy loads."""
    import multiprocessing
    import os

    from eventwire.parallel import THREAD_VARIABLES, _start_worker

    for var in THREAD_VARIABLES:
        monkeypatch.delenv(var, raising=False)
    context = multiprocessing.get_context("spawn")
    with context.Pool(1, initializer=_start_worker, initargs=(PipelineConfig(stages=("language",)),)) as pool:
        assert [pool.apply(os.getenv, (var,)) for var in THREAD_VARIABLES] == ["1"] * len(THREAD_VARIABLES)
