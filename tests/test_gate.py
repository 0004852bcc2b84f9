"""The quality gate: the real pipeline over every gold file scores at least the pinned floors.

The gold set is ``gold/`` (recursively) plus the shared examples; the floors are
``gold/floors.yaml`` (see ``gold/README.md`` for raising them).  The pipeline runs once for
the whole module.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.evaluate import FLOORS_PATH, EvalReport, check_floors, check_scores, evaluate, floors_from, load_floors

GOLD = Path(__file__).resolve().parents[1] / "gold"
FLOORS = load_floors(FLOORS_PATH)
#: stages without quotes (and events, which need quotes): a deliberately broken pipeline
NO_QUOTES = ("language", "nlp", "entities", "times", "tone")


def gold_paths(shared: Path) -> list[Path]:
    return [GOLD, shared / "examples"]


@pytest.fixture(scope="module")
def report(shared, pipeline) -> EvalReport:
    return evaluate(gold_paths(shared), pipeline=pipeline, explain=True)


def test_every_gold_document_was_evaluated(report, shared):
    assert len(report.documents) >= 1
    assert "hanoi-2019-02" in [d.name for d in report.documents]
    failed = [f"{d.name}: {d.error}" for d in report.documents if d.error]
    assert not failed, "the pipeline failed on gold documents:\n" + "\n".join(failed)


@pytest.mark.parametrize("field", sorted(FLOORS["fields"]))
def test_field_is_at_or_above_its_floor(report, field):
    failures = check_scores(report.fields, {field: FLOORS["fields"][field]})
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("doc", sorted(FLOORS["files"]))
def test_document_is_at_or_above_its_floors(report, doc):
    failures = check_floors(report, {"files": {doc: FLOORS["files"][doc]}})
    assert not failures, "\n".join(failures)


def test_a_pipeline_without_quotes_falls_below_the_floors(report, shared):
    """The gate can fail: dropping the quotes stage falls below the floors that are pinned
    (when they are above 0) and below those write_floors would pin from this run."""
    from eventwire.pipeline import Pipeline, PipelineConfig

    assert report.fields["quotes"].tp > 0, "the full pipeline finds no quotes at all"
    broken = evaluate(gold_paths(shared), pipeline=Pipeline(PipelineConfig(stages=NO_QUOTES)))
    assert broken.fields["quotes"].tp == 0 and broken.fields["quotes"].fn >= report.fields["quotes"].fn
    pinned = floors_from(report.fields, FLOORS["margin"])
    failures = check_scores(broken.fields, {"quotes": pinned["quotes"]})
    assert any("quotes recall 0.000 < floor" in f for f in failures), failures
    per_file = check_floors(broken, {"files": FLOORS["files"]})
    assert any(": quotes_direct recall 0.000 < floor" in f for f in per_file), per_file
    pinned_now = {k: v for k, v in FLOORS["fields"].items() if k.startswith("quote") and any(x > 0 for x in v.values())}
    if pinned_now:
        assert check_scores(broken.fields, pinned_now), "the pinned floors do not notice a pipeline without quotes"


# --- the event corpus' dev split: its own floors (the frozen test split is never gated) ------

CORPUS_DEV = Path(__file__).resolve().parents[1] / "corpus" / "events" / "dev"


@pytest.fixture(scope="module")
def corpus_dev_report(shared, pipeline) -> EvalReport:
    return evaluate([CORPUS_DEV], pipeline=pipeline, explain=True)


def test_the_corpus_dev_split_is_at_or_above_its_floors(corpus_dev_report):
    from eventwire.evaluate import CORPUS_FLOORS_PATH

    floors = load_floors(CORPUS_FLOORS_PATH)
    assert {"events", "event_triggers", "entity_country"} <= set(floors["fields"])
    assert len(corpus_dev_report.documents) >= 30
    failures = check_floors(corpus_dev_report, floors)
    assert not failures, "\n".join(failures)
