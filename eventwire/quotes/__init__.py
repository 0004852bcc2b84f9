"""The quotes stage: who said what, as :class:`~eventwire.records.Quote` records.

Direct quotes are found in the text itself, so they need no model: dash paragraphs
("– Tekst, sa hun.") with the speech tag after, inside or in a later paragraph, and quotes in
marks («…», "…") with a tag before or after.  Indirect quotes ("sa at …", "mener …",
"ifølge X") use the spaCy parse of Norwegian text (a reported clause of a speech verb) with
token patterns as the fallback; English text gets textual patterns ("… that", "according to").
Speakers and addressees are entity ids found through the entity mentions over the speaker's
words (names, titles and pronouns resolved by the entities stage).

Speech verbs, quote marks and the little words the patterns need are data:
``data/<lang>/speech.yaml`` and ``data/quote_marks.yaml``.

Modules: :mod:`.lexicon` (the data, words with offsets), :mod:`.tags` (speech tags, findings),
:mod:`.direct`, :mod:`.indirect`, :mod:`.attribution` (entity ids, records); this one runs them.
"""
from __future__ import annotations

from bisect import bisect_right

from functools import lru_cache

from .. import resources
from ..coref import speakers_first_person
from ..language import data_language
from ..pipeline import Analysis, PipelineConfig, stage
from .attribution import to_records
from .direct import dash_quotes, mark_quotes
from .indirect import closing_tags, indirect_quotes, indirect_text
from .lexicon import Lexicon, Verb, lexicon, paragraphs
from .tags import Found

__all__ = ["Found", "Lexicon", "Stage", "Verb", "find_quotes", "lexicon", "to_records"]


def find_quotes(text: str, lang: str, doc=None) -> list[Found]:
    """Every quote of ``text`` in language ``lang`` ("nb" or "en"); ``doc`` its spaCy Doc."""
    lex = lexicon(lang)
    pos = _pos_lookup(doc)
    direct = dash_quotes(text, lex, pos)
    blocked = [(f.start, f.end) for f in direct]
    direct += mark_quotes(text, lex, blocked, pos, speaker_first=(lang == "en"))
    blocked = [(f.start, f.end) for f in direct]
    blocked += [(f.tag_start, max(f.tag_start + 1, f.speaker[1] if f.speaker else 0)) for f in direct if f.tag_start >= 0]
    if doc is not None:
        indirect = indirect_quotes(doc, lex, blocked)
    else:
        indirect = indirect_text(text, lex, blocked)
    indirect = [f for f in indirect if not _overlaps(f, direct)]  # 'X said: "…"' is direct only
    indirect += [f for f in closing_tags(text, lex, blocked, pos) if not _overlaps(f, indirect)]
    _carry_from_indirect(text, direct, indirect)
    return direct + indirect


def _overlaps(f: Found, others: list[Found]) -> bool:
    return any(g.start < f.end and f.start < g.end for g in others)


def _pos_lookup(doc):
    """``pos(word) -> UPOS`` of the token at a word's start, when the doc has tags."""
    if doc is None or not doc.has_annotation("POS"):
        return None
    starts = {t.idx: t.pos_ for t in doc}
    return lambda w: starts.get(w.start, "")


def _carry_from_indirect(text: str, direct: list[Found], indirect: list[Found]) -> None:
    """An untagged dash quote right after a paragraph whose last report has a speaker
    continues that speaker ("Hansen mener at … ." then "– …")."""
    starts = [s for s, _ in paragraphs(text)]
    last: dict[int, Found] = {}
    for g in sorted(indirect, key=lambda g: g.start):
        last[bisect_right(starts, g.start) - 1] = g
    for f in direct:
        g = last.get(f.paragraph - 1)
        if f.continues and f.speaker is None and g is not None and g.speaker is not None:
            f.speaker, f.cue = g.speaker, g.cue


@lru_cache(maxsize=4)
def _first_person(language: str | None) -> frozenset[str]:
    lang = data_language(language, "pronouns.yaml")
    return frozenset(resources.load(f"{lang}/pronouns.yaml").get("first_person") or ()) if lang else frozenset()


@stage("quotes")
class Stage:
    name = "quotes"
    requires = ("doc", "entities")
    provides = ("quotes",)

    def __init__(self, config: PipelineConfig):
        self.config = config

    def __call__(self, analysis: Analysis) -> None:
        article = analysis.article
        lang = data_language(article.language, "speech.yaml")
        if lang is None:
            return
        found = find_quotes(article.text, lang, analysis.doc)
        article.quotes = to_records(article, found, lexicon(lang), analysis.doc)
        first = _first_person(article.language)
        if first:
            speakers_first_person(article, first)
