"""Language stage: detect nb / nn / en (or another ISO 639-1 code) offline with lingua."""
from __future__ import annotations

from functools import lru_cache

from . import resources
from .pipeline import Analysis, PipelineConfig, stage

#: the languages the detector chooses between; others come out as the nearest of these
_CANDIDATES = ("BOKMAL", "NYNORSK", "ENGLISH", "SWEDISH", "DANISH", "GERMAN", "FRENCH", "SPANISH")
_SAMPLE_CHARS = 3000


@lru_cache(maxsize=1)
def _table() -> dict:
    return resources.load("languages.yaml")


def data_language(language: str | None, file: str | None = None) -> str | None:
    """The language whose data serves ``language`` ("nb-NO" → nb, nn → nb, None → the
    default, nb), the one implementation of language fallback.  With ``file`` (e.g.
    ``"events.yaml"``): the language's own file when it has one, else its fallback's; None
    when neither has such a data file."""
    table = _table()
    own = (language or table["default"]).replace("_", "-").split("-")[0].lower()
    if file is not None and resources.path(f"{own}/{file}").exists():
        return own  # a language's own file comes first (Nynorsk's pronouns)
    lang = table["fallbacks"].get(own, own)
    if file is not None and not resources.path(f"{lang}/{file}").exists():
        return None
    return lang


def model_name(language: str | None) -> str | None:
    """The shipped spaCy model (folder of ``eventwire/models/``) that reads ``language``
    (after fallback: nn → the Bokmål model), or None when there is none."""
    return _table().get("models", {}).get(data_language(language))


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    langs = [getattr(Language, name) for name in _CANDIDATES]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` ("nb", "nn", "en", …), or None when it cannot be told."""
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None
    found = _detector().detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found is not None else None


@stage("language")
class LanguageStage:
    name = "language"
    requires = ("text",)
    provides = ("language",)

    def __init__(self, config: PipelineConfig):
        self.config = config

    def __call__(self, analysis: Analysis) -> None:
        article = analysis.article
        if article.language:
            return
        article.language = detect_language(article.text)
        if article.language is None:
            article.warnings.append("the language could not be detected")
