"""Unnamed participants: the people and groups an event's arguments describe without a name.

News tells many events between parties it never names: *over 450 mennesker ble arrestert*,
*studentene krevde reformer*, *over 450 demonstranter*.  The entities stage finds names,
known titles and the nouns for one unnamed person (*en mann fra Serbia … mannen … han*, whose
coreference is :mod:`eventwire.coref`'s); when an event argument is another common noun for
people, a group or a body that none of them covers, this module makes it an entity of its own
(``unnamed: true``), so that the event keeps its dyad.  The participant's country comes from its noun phrase (a nationality adjective, a
country or a coded entity in a "fra"/"i"/"ved" phrase), else from the event's place, else
from the article's focus country; its sector from a title word it ends in.

One participant per head lemma and country in an article; participants no event uses are
removed again (:func:`prune`).
"""
from __future__ import annotations

from functools import lru_cache

from .. import resources
from ..actors import country_of_word, title_of
from ..phrases import describing_phrase
from ..records import Article, Entity, Event, Span
from .lexicon import Lexicon, _keys, match


@lru_cache(maxsize=None)
def _people(language: str | None) -> dict[str, str | None]:
    from ..language import data_language

    lang = data_language(language, "people.yaml")
    return dict(resources.load(f"{lang}/people.yaml")["people"]) if lang else {}


def person_noun(tok, article: Article, lex: Lexicon) -> tuple[bool, str | None]:
    """Whether a noun names people, a group or a body (``people.yaml`` or a title of
    ``roles.yaml``, also as the head of a compound), and the sector it gives."""
    found = title_of(tok.text)
    if found is not None and found[0].kind != "LOC":
        return True, found[0].sector
    people = _people(article.language)
    for key in _keys(tok, lex)[:3]:
        if key in people:
            return True, people[key]
        heads = [w for w in people if len(key) >= len(w) + 3 and key.endswith(w)]
        if heads:
            return True, people[max(heads, key=len)]
    return False, None


def _definite(tok, lex: Lexicon) -> bool:
    """A definite form, or a possessive or determiner that makes the phrase definite (the
    lexicon's ``definite_determiners``: "de fire partiene", "eget utvalg")."""
    if "Def" in tok.morph.get("Definite"):
        return True
    words = lex.list("definite_determiners")
    return any(c.dep_ in ("det", "amod", "nmod:poss") and (
        "Yes" in c.morph.get("Poss") or c.lower_ in words or c.lemma_.lower() in words) for c in tok.children)


def describable(tok, article: Article, lex: Lexicon) -> bool:
    """Whether a token can stand for an unnamed participant: a common noun for people, a
    group or a body (:func:`person_noun`) that no entity covers and that is no event word.
    Only an indefinite phrase introduces a new participant ("studenter", "en mann fra
    Serbia"); a definite or possessed one ("journalistene", "de fire partiene", "eget
    utvalg") refers back to someone the article names, which is coreference's work."""
    noun = tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.is_sent_start and tok.lemma_.islower())
    if not noun or not tok.is_alpha or _definite(tok, lex):  # (a capitalised first word may be tagged a name)
        return False
    if article.entity_at(tok.idx, tok.idx + len(tok.text)) is not None or match(tok, lex) is not None:
        return False
    return person_noun(tok, article, lex)[0]


def _add_mention(e: Entity, span: Span) -> None:
    if all(m.start != span.start for m in e.mentions):
        e.mentions.append(span)


def _own_country(phrase: list, article: Article) -> str | None:
    """A country the noun phrase itself gives: a nationality adjective or coded name inside it."""
    for t in phrase:
        if t.pos_ in ("ADJ", "NOUN", "PROPN"):
            iso3 = country_of_word(t.text) if t.pos_ == "ADJ" else None
            if iso3:
                return iso3
            e = article.entity_at(t.idx, t.idx + len(t.text))
            if e is not None and e.country:
                return e.country
    return None


def participant(tok, article: Article, lex: Lexicon, fallback_country: str | None,
                made: dict[tuple[str, str | None], Entity], whole: bool = False, kind: str | None = None) -> Entity:
    """The unnamed participant a noun stands for, made in ``article`` (or found again in
    ``made``, keyed by head lemma and country); ``whole``: named by its whole noun phrase;
    ``kind``: its type when the caller knows it (else ORG for a body or a plural, PER)."""
    phrase = describing_phrase(tok, lex.list("origin_preps"), whole)
    start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
    country = _own_country(phrase, article) or fallback_country
    lemma = tok.lemma_.lower()
    span = Span.of(article.text, start, end)
    e = made.get((lemma, country))
    if e is not None:
        _add_mention(e, span)
        return e
    found = title_of(tok.text)
    body = found is not None and found[0].kind == "ORG"
    kind = kind or ("ORG" if body or "Plur" in tok.morph.get("Number") else "PER")
    sector = person_noun(tok, article, lex)[1]
    e = Entity(id=f"e{len(article.entities) + 1}", name=span.text, type=kind, country=country, sector=sector,
               code=(country or "") + (sector or "") or None, mentions=[span], unnamed=True)
    article.entities.append(e)
    made[lemma, country] = e
    return e


def prune(article: Article, events: list[Event]) -> None:
    """Drop the unnamed participants that no event kept (nor a quote as its speaker)."""
    used = {i for ev in events for i in ev.actor + ev.recipient} | {q.speaker for q in article.quotes}
    article.entities = [e for e in article.entities if not e.unnamed or e.id in used]
