"""Speakers and addressees as entity ids (through the entity mentions over their words, with
a pronoun fallback), and the findings as :class:`~eventwire.records.Quote` records."""
from __future__ import annotations

from ..records import Article, Quote, Span
from .lexicon import Lexicon, words_of
from .tags import CharSpan, Found

_NAME_TYPES = {"PER": 0, "ORG": 1}


def speaker_entity(article: Article, span: CharSpan | None, lex: Lexicon | None = None) -> str | None:
    """The entity named by the speaker words: of the entities with a mention over them, a
    person or organisation first, else any; the leftmost, then shortest mention among equals
    ("både Trump og Kim" → Trump).  A place behind a preposition only modifies the speaker
    ("de rødgrønne i Trondheim" is not Trondheim), and there the name that closes the phrase
    comes first ("leder i Natur og Ungdom Ingrid Holm" is Ingrid Holm)."""
    if span is None:
        return None
    start, end = span
    cut = _modifier_start(article.text, span, lex) if lex is not None else end
    best, best_key = None, None
    for e in article.entities:
        rank = _NAME_TYPES.get(e.type, 2)
        for m in e.mentions:
            if m.start < end and start < m.end and (rank < 2 or m.start < cut):
                key = (rank, cut <= m.start and m.end < end, m.start, m.end - m.start)
                if best_key is None or key < best_key:
                    best, best_key = e, key
    return best.id if best is not None else None


def _modifier_start(text: str, span: CharSpan, lex: Lexicon) -> int:
    """Offset of the first speaker-stop word after the first word of ``span`` (its end if none)."""
    words = words_of(text, *span)
    for w in words[1:]:
        if w.lower in lex.speaker_stops:
            return w.start
    return span[1]


def _pronoun_fallback(article: Article, span: CharSpan, lex: Lexicon) -> str | None:
    """"sa han" with no entity over "han": the person named last before it, when one is."""
    if article.text[span[0]:span[1]].lower() not in lex.person_pronouns:
        return None
    best, best_start = None, -1
    for e in article.entities:
        if e.type != "PER":
            continue
        for m in e.mentions:
            if best_start < m.start < span[0]:
                best, best_start = e, m.start
    return best.id if best is not None and span[0] - best_start < 1500 else None


def _name_fallback(article: Article, span: CharSpan) -> str | None:
    """A speaker name the entities stage left untagged here ("Holm said …" at a sentence
    start) but found elsewhere: the one person or organisation with a mention of the same
    text, or the one person whose name ends with it (a surname)."""
    said = article.text[span[0]:span[1]].strip()
    if not said[:1].isupper():
        return None
    found = {e.id for e in article.entities if e.type in _NAME_TYPES
             and (any(m.text == said for m in e.mentions) or (e.type == "PER" and e.name.split()[-1] == said))}
    return found.pop() if len(found) == 1 else None


def to_records(article: Article, found: list[Found], lex: Lexicon) -> list[Quote]:
    """The quote records of ``found``, numbered in text order."""
    out = []
    text = article.text
    for f in sorted(found, key=lambda f: f.start):
        speaker = speaker_entity(article, f.speaker, lex)
        if speaker is None and f.speaker is not None:
            speaker = _pronoun_fallback(article, f.speaker, lex) or _name_fallback(article, f.speaker)
        out.append(Quote(
            id=f"q{len(out) + 1}", kind=f.kind, text=text[f.start:f.end], span=Span.of(text, f.start, f.end),
            speaker=speaker, speaker_span=Span.of(text, *f.speaker) if f.speaker else None,
            cue=f.cue, addressee=speaker_entity(article, f.addressee, lex),
        ))
    return out
