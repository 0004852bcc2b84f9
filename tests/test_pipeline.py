"""The pipeline object: stage wiring, requirement checks, batching, failure isolation."""
from __future__ import annotations

import pytest

import eventwire
from eventwire.errors import MissingRequirement, StageFailed, UnknownStage
from eventwire.pipeline import Pipeline, PipelineConfig, stage
from eventwire.reader import Rejected, make_article, read
from eventwire.records import Article


def test_unknown_stage_is_refused():
    with pytest.raises(UnknownStage):
        Pipeline(PipelineConfig(stages=("language", "no-such-stage")))


def test_stage_without_its_requirement_is_refused():
    with pytest.raises(MissingRequirement, match="doc"):
        Pipeline(PipelineConfig(stages=("language", "entities")))


@pytest.mark.parametrize("text,lang", [
    ("Regjeringen la fram statsbudsjettet i dag, og opposisjonen var lite fornøyd med kuttene.", "nb"),
    ("Regjeringa la fram statsbudsjettet i dag, og opposisjonen var ikkje nøgd med kutta dei gjorde.", "nn"),
    ("The government presented its budget today, and the opposition was not pleased with the cuts.", "en"),
])
def test_language_is_detected(text, lang):
    p = Pipeline(PipelineConfig(stages=("language",)))
    assert p(make_article(text, "t")).language == lang


def test_every_span_of_every_record_matches_the_text(pipeline, hanoi, samples):
    articles = [a for a in read([samples]) if isinstance(a, Article)]
    records = list(pipeline.pipe(articles)) + [hanoi]
    assert len(records) == len(list(samples.glob("*.txt"))) + 1 >= 9  # Norwegian and English samples
    for r in records:
        assert r.check_spans() == [], r.id
        ids = {e.id for e in r.entities}
        for q in r.quotes:
            assert q.speaker is None or q.speaker in ids
        for v in r.events:
            assert set(v.actor) | set(v.recipient) <= ids


def test_extract_many_keeps_order_across_batches():
    p = eventwire.get_pipeline(PipelineConfig(batch_size=2))
    texts = [f"Artikkel nummer {i} handler om Stortinget i Oslo." for i in range(5)]
    out = list(eventwire.extract_many(texts, pipeline=p))
    assert [a.text for a in out] == texts


def test_text_in_a_language_without_model_gets_a_warning_not_a_crash(pipeline):
    a = eventwire.extract("Le gouvernement a présenté son budget aujourd'hui à Paris.", pipeline=pipeline)
    assert a.language == "fr"
    assert a.entities == [] and a.events == []
    assert any("no language model" in w for w in a.warnings)


def test_a_stage_failing_on_one_article_rejects_only_that_article():
    @stage("fails-on-boom")
    class Boom:
        name = "fails-on-boom"
        requires = ("text",)
        provides = ()

        def __init__(self, config):
            pass

        def __call__(self, analysis):
            if "BOOM" in analysis.article.text:
                raise ValueError("cannot handle this")

    p = Pipeline(PipelineConfig(stages=("language", "fails-on-boom")))
    out = list(p.process([make_article(t, "t") for t in ("En.", "BOOM to.", "Tre.")]))
    assert [type(x).__name__ for x in out] == ["Article", "Rejected", "Article"]
    assert isinstance(out[1], Rejected) and "fails-on-boom" in out[1].reason
    with pytest.raises(StageFailed):
        list(p.pipe([make_article("BOOM", "t")]))
