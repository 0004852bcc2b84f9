"""NLP stage: tokens, sentences, tags, lemmas, parse and names from our trained spaCy model.

Runs the model over a batch with ``nlp.pipe``.  Norwegian (nb, nn) articles get a ``Doc``;
other languages get none and a warning, and the stages after this one skip them.
"""
from __future__ import annotations

from ..pipeline import Analysis, PipelineConfig, stage

#: languages the shipped model is meant for (Nynorsk runs on the Bokmål model)
MODEL_LANGUAGES = ("nb", "nn", "no")


@stage("nlp")
class NLPStage:
    name = "nlp"
    requires = ("language",)
    provides = ("doc",)

    def __init__(self, config: PipelineConfig):
        from . import load_model

        self.nlp = load_model(config.model)
        self.batch_size = config.batch_size

    def pipe(self, batch: list[Analysis]) -> None:
        todo = [a for a in batch if (a.article.language or "nb") in MODEL_LANGUAGES]
        for a in batch:
            if (a.article.language or "nb") not in MODEL_LANGUAGES:
                a.article.warnings.append(
                    f"no language model for {a.article.language!r}; names, quotes and events were not extracted"
                )
        docs = self.nlp.pipe((a.article.text for a in todo), batch_size=self.batch_size)
        for a, doc in zip(todo, docs):
            a.doc = doc

    def __call__(self, analysis: Analysis) -> None:
        self.pipe([analysis])
