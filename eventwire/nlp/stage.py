"""NLP stage: tokens, sentences, tags, lemmas, parse and names from our trained spaCy models.

Each article goes to the model of its language (``languages.yaml``: nb and nn → the Bokmål
model, en → the English one); a batch of mixed languages runs ``nlp.pipe`` once per language
and keeps the articles' order.  Articles in a language without a model get no ``Doc`` and a
warning, and the stages after this one skip them.  ``PipelineConfig.model`` (a path) reads
every article with that one model instead.
"""
from __future__ import annotations

from ..language import data_language, model_name
from ..pipeline import Analysis, PipelineConfig, stage


@stage("nlp")
class NLPStage:
    name = "nlp"
    requires = ("language",)
    provides = ("doc",)

    def __init__(self, config: PipelineConfig):
        from . import MODELS_DIR, load_model

        self.config = config
        self.batch_size = config.batch_size
        self._load = load_model
        self._dir = MODELS_DIR
        if config.model is not None:  # fail at build time when the given model is missing
            load_model(config.model)

    def _model(self, language: str | None):
        if self.config.model is not None:
            return self._load(self.config.model)
        name = model_name(language)
        return self._load(self._dir / name) if name is not None else None

    def pipe(self, batch: list[Analysis]) -> None:
        groups: dict[str | None, list[Analysis]] = {}
        for a in batch:
            lang = a.article.language or data_language(None)
            key = data_language(lang) if self.config.model is None else None
            if self.config.model is None and model_name(lang) is None:
                a.article.warnings.append(
                    f"no language model for {a.article.language!r}; names, quotes and events were not extracted"
                )
                continue
            groups.setdefault(key, []).append(a)
        for lang, todo in groups.items():
            nlp = self._model(lang)
            docs = nlp.pipe((a.article.text for a in todo), batch_size=self.batch_size)
            for a, doc in zip(todo, docs):
                a.doc = doc

    def __call__(self, analysis: Analysis) -> None:
        self.pipe([analysis])
