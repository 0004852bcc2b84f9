"""Speakers and addressees as entity ids (through the entity mentions over their words, with
a pronoun fallback), and the findings as :class:`~eventwire.records.Quote` records."""
from __future__ import annotations

from ..phrases import has_case
from ..records import Article, Entity, Quote, Span
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


def _pronoun_fallback(article: Article, span: CharSpan, lex: Lexicon, before: int | None = None) -> str | None:
    """"sa han" with no entity over "han": the person named last before it (before offset
    ``before`` when given), when one is."""
    if article.text[span[0]:span[1]].lower() not in lex.person_pronouns:
        return None
    cut = span[0] if before is None else before
    best, best_start = None, -1
    for e in article.entities:
        if e.type != "PER":
            continue
        for m in e.mentions:
            if best_start < m.start < cut:
                best, best_start = e, m.start
    return best.id if best is not None and span[0] - best_start < 1500 else None


def _spoken_of(article: Article, speaker: str | None, f: Found) -> bool:
    """Whether the person a direct quote's pronoun tag was resolved to ("…, sier han") was last
    named inside the quote itself: one the quote speaks of in the third person ("Han forstår
    ingenting, sier han") is not its speaker."""
    e = article.entity(speaker) if speaker is not None else None
    if e is None or f.kind != "direct" or f.speaker is None:
        return False
    before = [m.start for m in e.mentions if m.start < f.speaker[0]]
    return bool(before) and f.start <= max(before) < f.end


def _continued(article: Article, quotes: list[Quote], untagged: list[bool], lex: Lexicon) -> None:
    """An untagged direct quote still without a speaker belongs to the one person the
    narration since the last attributed quote names ("Linda Cullen damper på sigaretten." then
    "– Da skal jeg slutte."), continues that quote's speaker when the narration names nobody,
    else goes to the article's protagonist.  (The person the narration named last, when it
    names several, was tried: dev speakers fell from 83 to 71 of 120.)"""
    people = sorted((m.start, e.id) for e in article.entities if e.type == "PER" for m in e.mentions)
    last: Quote | None = None
    main = _protagonist(article, lex.protagonist)
    for q, bare in zip(quotes, untagged):
        if bare and q.speaker is None:
            since = last.span.end if last is not None else 0
            between = {eid for start, eid in people if since <= start < q.span.start}
            if len(between) == 1:  # the one person the narration since the last quote names
                q.speaker = next(iter(between))
            elif not between and last is not None:
                q.speaker, q.cue = last.speaker, last.cue
        if bare and q.speaker is None:
            q.speaker = main
        if q.speaker is not None:
            last = q


def _protagonist(article: Article, rule: tuple[int, float] | None) -> str | None:
    """The person an article is about, when one clearly is (``rule``: named at least so many
    times, and so many times as often as anyone else; speech.yaml ``protagonist``)."""
    counts = sorted(((len(e.mentions), e.id) for e in article.entities if e.type == "PER"), reverse=True)
    if rule is None or not counts:
        return None
    least, ratio = rule
    if counts[0][0] < least or (len(counts) > 1 and counts[0][0] < ratio * counts[1][0]):
        return None
    return counts[0][1]


def _unnamed_speaker(article: Article, doc, span: CharSpan, made: dict, qlex: Lexicon) -> str | None:
    """A speaker no entity covers that a common noun for people or a body names ("en kilde
    nær regjeringen", "ukrainske myndigheter", "politiets vaktsjef"), also after a quantity
    ("hver fjerde velger", "en av livvaktene", "70 prosent av velgerne"): an unnamed entity of
    its own, named by the speaker's whole phrase (guideline §3), with the country and sector
    it gives (the same participants the events stage makes); so is a writing among
    ``document_sources`` ("politirapporten", "reportasjen")."""
    from ..events.lexicon import load_lexicon
    from ..events.participants import participant, person_noun

    lex = load_lexicon(article.language)
    toks = doc.char_span(*span, alignment_mode="expand") if doc is not None and lex is not None else None
    if toks is None or not len(toks):
        return None

    def speaking(tok) -> tuple[bool, bool]:  # (a noun that can speak, a writing)
        if tok.pos_ not in ("NOUN", "PROPN") or not tok.is_alpha:
            return False, False
        writing = _writing(tok, qlex)
        return writing or person_noun(tok, article, lex)[0], writing

    head = toks.root
    if not speaking(head)[0]:  # "en av livvaktene": the people after the quantity
        head = next((c for c in head.children if c.dep_ == "nmod" and c.i > head.i and c.i < toks.end
                     and has_case(c, qlex.partitive) and speaking(c)[0]), None)
        if head is None:
            return None
    writing = speaking(head)[1]
    if not writing and "Def" in head.morph.get("Definite") and "Sing" in head.morph.get("Number"):
        earlier = _introduced_as(article, head)
        if earlier is not None:
            return earlier
    e = participant(head, article, lex, None, made, whole=True, kind="ORG" if writing else None)
    _name_by_phrase(article, e, _without_addressee(toks, qlex), head)
    return e.id


def _writing(tok, lex: Lexicon) -> bool:
    """Whether a noun is a writing that can be a source ("politirapporten", "reportasjen")."""
    return any(tok.lemma_.lower().endswith(w) for w in lex.document_sources)


def _without_addressee(toks, lex: Lexicon):
    """A speaker phrase without the addressee the parse hung on it ("flere diplomater til
    The Washington Times" is "flere diplomater"): it ends before a "til" phrase of a name."""
    for t in toks:
        if t.dep_ == "nmod" and t.pos_ == "PROPN" and t.i > toks.start and has_case(t, lex.addressee):
            first = min(u.i for u in t.subtree)
            if max(u.i for u in t.subtree) >= toks.end - 1 and first > toks.start:
                return toks.doc[toks.start:first]
    return toks


def _name_by_phrase(article: Article, e: Entity, toks, head) -> None:
    """Name an entity that a common noun names by the speaker's whole phrase, when that phrase
    holds its present name ("en talsmann" → "en talsmann for de militære"): the most specific
    mention is "the phrase the text uses" (guideline §3).  Its name must be one of its mention
    texts that has the phrase's ``head`` noun in it, so no name is lost and a proper name stays.
    A country the phrase gives ("en av Diarras livvakter") becomes the entity's when it has none."""
    from ..events.participants import _own_country

    phrase = toks.text
    texts = {m.text for m in e.mentions}
    if e.name in texts and e.name != phrase and e.name in phrase and head.pos_ != "PROPN" and head.text in e.name:
        e.name = phrase
        if e.country is None:
            e.country = _own_country(list(toks), article)
            e.code = e.country + e.sector if e.country and e.sector else e.code


def _described(article: Article, doc, span: CharSpan, speaker: str | None, made: dict, lex: Lexicon) -> str | None:
    """The speaker of a phrase whose head is a common noun: a name that only modifies the head
    (a possessor "Diarras livvakter", a phrase after a preposition "ledere for fagforeningene",
    a second conjunct) is not the speaker; the head is, as its own entity or an unnamed one.
    Names heading the phrase, standing in apposition to its head ("talsmann Ola Hansen") or
    closing it keep ``speaker``."""
    toks = doc.char_span(*span, alignment_mode="expand") if doc is not None else None
    if toks is None or not len(toks) or toks.root.pos_ == "PROPN":
        return speaker
    root = toks.root
    if speaker is not None and _writing(root, lex):
        return speaker  # a writing stands for the author its phrase names ("rapporten fra Riksrevisjonen")
    own = {root.i} | {u.i for c in root.children if c.dep_ in _APPOSED and c.i > root.i for u in c.subtree}
    e = article.entity(speaker) if speaker is not None else None
    if e is not None and any(m.start < doc[i].idx + len(doc[i]) and doc[i].idx < m.end
                             for m in e.mentions for i in own):
        if article.entity_at(root.idx, root.idx + len(root)) is e:
            _name_by_phrase(article, e, _without_addressee(toks, lex), root)
        return speaker
    if e is not None and e.type == "PER" and any(m.end == span[1] and m.start > root.idx and m.text[:1].isupper()
                                                 for m in e.mentions):
        return speaker  # the name that closes the phrase ("kritiker i Jyllands-Posten Jon Helt Haarder")
    return _unnamed_speaker(article, doc, span, made, lex) or speaker


#: dependents of a speaker phrase's head that name the same one ("talsmann Ola Hansen")
_APPOSED = ("appos", "flat", "flat:name")


def _introduced_as(article: Article, noun) -> str | None:
    """The one a definite description of a speaker refers back to: the person named next to the
    same noun earlier on ("litteraturkritikeren" after "litteraturkritiker i Jyllands-Posten
    Jon Helt Haarder", "Bulat Atabajev, teatersjef ved …"), else the unnamed source that noun
    made ("en kilde")."""
    lemma = noun.lemma_.lower()
    doc = noun.doc
    for t in reversed(doc[:noun.i]):
        if lemma not in (t.lemma_.lower(), t.text.lower()):  # (the lemmatiser may miss the form)
            continue
        phrase = {u.i for u in t.subtree}
        near = [u for u in doc[max(0, t.i - 3):t.i + 7]  # the noun's own name, not a possessor
                if u.i != t.i and u.pos_ == "PROPN" and (u.i in phrase or t.head.i == u.i)
                and "Gen" not in u.morph.get("Case")]  # ("Cathrines mor" is not Cathrine)
        for u in sorted(near, key=lambda u: abs(u.i - t.i)):
            e = article.entity_at(u.idx, u.idx + len(u.text))
            if e is not None and e.type == "PER" and not e.unnamed:
                return e.id
        own = article.entity_at(t.idx, t.idx + len(t.text))
        if own is not None and own.unnamed:
            return own.id
    return None


def to_records(article: Article, found: list[Found], lex: Lexicon, doc=None) -> list[Quote]:
    """The quote records of ``found``, numbered in text order (``doc``: the article's spaCy
    Doc, for speakers that only a common noun names)."""
    out = []
    text = article.text
    found = sorted(found, key=lambda f: f.start)
    made: dict = {}
    for f in found:
        speaker = speaker_entity(article, f.speaker, lex)
        if speaker is None and f.speaker is not None:
            speaker = _pronoun_fallback(article, f.speaker, lex)
        if f.speaker is not None:
            speaker = _described(article, doc, f.speaker, speaker, made, lex)
        if _spoken_of(article, speaker, f):
            speaker = _pronoun_fallback(article, f.speaker, lex, before=f.start) or speaker
        out.append(Quote(
            id=f"q{len(out) + 1}", kind=f.kind, text=text[f.start:f.end], span=Span.of(text, f.start, f.end),
            speaker=speaker, speaker_span=Span.of(text, *f.speaker) if f.speaker else None,
            cue=f.cue, addressee=speaker_entity(article, f.addressee, lex),
        ))
    _continued(article, out, [f.continues and f.kind == "direct" for f in found], lex)
    return out
