"""Shared fixtures.  Tests use real components: the trained model, real DuckDB files."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Derived tables (gazetteer, NER lexicon) are kept in a folder of this test run, not the user's.
os.environ.setdefault("EVENTWIRE_CACHE", tempfile.mkdtemp(prefix="eventwire-test-cache-"))

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"


@pytest.fixture(scope="session")
def samples() -> Path:
    """The sample articles written for the demo and the tests."""
    return SAMPLES


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared data folder (``../shared``).  Skips outside CI when absent; fails in CI."""
    from eventwire.corpus import shared_dir

    found = shared_dir()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but the shared folder (../shared) is missing: tests that need it cannot run")
        pytest.skip("needs ../shared (set EVENTWIRE_SHARED)")
    return found


@pytest.fixture(scope="session")
def nlp():
    """The trained spaCy pipeline shipped with the package."""
    from eventwire.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def pipeline():
    """The default eventwire pipeline (all stages, the shipped model)."""
    from eventwire import get_pipeline

    return get_pipeline()


@pytest.fixture(scope="session")
def extract(pipeline):
    """``extract(text, published=...)`` through the real default pipeline."""
    import eventwire

    def run(text: str, published: str | None = "2024-03-14", language: str | None = "nb"):
        return eventwire.extract(text, published=published, language=language, pipeline=pipeline)

    return run


@pytest.fixture(scope="session")
def extract_every_event():
    """``extract(text)`` through the real pipeline with every event the stage builds kept (no
    confidence model dropping the unlikely ones): for tests of how events are built, on
    one-sentence texts the confidence model was not trained on (it has its own tests)."""
    import eventwire
    from eventwire.pipeline import PipelineConfig

    pipeline = eventwire.get_pipeline(PipelineConfig(event_confidence=False))

    def run(text: str, published: str | None = "2024-03-14", language: str | None = "nb", title: str | None = None):
        article = eventwire.make_article(text, "<text>", published=published, language=language, title=title)
        return pipeline(article)

    return run


@pytest.fixture(scope="session")
def hanoi(shared, pipeline):
    """The record of the shared example article, through the real pipeline."""
    from eventwire.reader import read

    [article] = list(read([shared / "examples" / "hanoi-2019-02.txt"]))
    return pipeline(article)
