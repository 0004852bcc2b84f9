"""The tone stage: article tone as positive% − negative% of word tokens, GDELT-style.

Polarity comes from the per-language word list ``data/<lang>/tone.tsv`` (columns ``word`` and
``polarity`` = 1 or -1; its header says how it was made).  A word counts when its form or its
lemma (when the NLP stage gave a Doc) is in the list.  Languages without a list get ``None``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import resources
from .pipeline import Analysis, PipelineConfig, stage

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@lru_cache(maxsize=None)
def polarity_lexicon(language: str | None) -> dict[str, int] | None:
    """word → +1/-1 for ``language``, or None when eventwire has no list for it."""
    from .language import data_language

    lang = data_language(language, "tone.tsv")
    if lang is None:
        return None
    return {row["word"].lower(): int(row["polarity"]) for row in resources.load(f"{lang}/tone.tsv")}


def tone(text: str, language: str | None, lemmas: list[str] | None = None) -> float | None:
    """positive% − negative% of the words of ``text`` (rounded to 2 decimals); None without a list.

    ``lemmas``: the lemma of each word, when known, tried after the word form."""
    lex = polarity_lexicon(language)
    if lex is None:
        return None
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return 0.0
    lemmas = lemmas if lemmas is not None and len(lemmas) == len(words) else [None] * len(words)
    pos = neg = 0
    for w, lem in zip(words, lemmas):
        p = lex.get(w) or (lex.get(lem.lower()) if lem else 0) or 0
        pos += p > 0
        neg += p < 0
    return round(100.0 * (pos - neg) / len(words), 2)


def _doc_lemmas(doc) -> list[str] | None:
    if doc is None:
        return None
    return [t.lemma_ for t in doc if _WORD.fullmatch(t.text)]


@stage("tone")
class Stage:
    name = "tone"
    requires = ("text",)
    provides = ("tone",)

    def __init__(self, config: PipelineConfig | None):
        self.config = config

    def __call__(self, analysis: Analysis) -> None:
        article = analysis.article
        article.tone = tone(article.text, article.language, _doc_lemmas(analysis.doc))
