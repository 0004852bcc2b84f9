"""The entities stage: one entity per real-world thing, with every mention of it.

1. mentions: the model's names, a gazetteer pass over known countries and actors the model
   missed, title phrases ("den nordkoreanske lederen", "Regjeringen i Sør-Korea",
   "sørkoreanske myndigheter") and third-person pronouns;
2. clusters (:mod:`eventwire.coref`): names, titles and pronouns joined to their antecedent;
3. records: type, name, country/sector/code (:mod:`eventwire.actors`) and, for places, geo
   (:mod:`eventwire.geo`).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection
from functools import lru_cache

from . import resources
from .actors import (title_of, MAX_NAME_WORDS, Actor, Descriptor, Word, country_name, country_of_name, country_of_word,
                     descriptors, genitive, known_actor, lexicon, words)
from .coref import Cluster, Mention, Resolver, cluster_country, cluster_sector
from .coref_model import load_coref_model
from .geo import candidates, context_of, geocode, home_countries
from .nlp.features import load_lexicon
from .phrases import describing_phrase, has_case
from .pipeline import Analysis, PipelineConfig, stage
from .records import Entity, Span

_LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE_LOC": "GPE", "GPE_ORG": "GPE", "GPE": "GPE",
           "EVT": "EVT", "PROD": "PROD", "DRV": "DRV", "MISC": "MISC"}
_PLACES = ("GPE", "LOC")
#: gazetteer features that are geopolitical; a "GPE" geocoded to anything else is a LOC
_GPE_FEATURES = ("country", "adm1", "city")


@lru_cache(maxsize=4)
def _pronouns(language: str) -> dict:
    from .language import data_language

    return resources.load(f"{data_language(language, 'pronouns.yaml') or data_language(None)}/pronouns.yaml")


# ----------------------------------------------------------------------------- mentions
class _Spans:
    """Character spans, found by overlap in time logarithmic in their number (a long article
    has many; scanning them all for each word would make the stage quadratic)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in self.spans), default=0)
        self.exact = set(self.spans)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that share a character with ``start:end`` or hold it (an empty span
        within them counts)."""
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_right(self.starts, end)
        return [(s, e) for s, e in self.spans[lo:hi] if s <= end and start <= e]


def _ner_names(doc, descs: list[Descriptor], ws: list[Word], home: frozenset[str]) -> list[Mention]:
    heads = _Spans([(ws[d.head].start, ws[d.head].end) for d in descs if d.title.kind != "LOC"])
    text = doc.text  # built once: spaCy joins every token each time doc.text is read
    people = {e.text for e in doc.ents if e.label_ == "PER" and len(e) >= 2}
    out = []
    for ent in doc.ents:
        if any(s <= ent.start_char and ent.end_char <= e
               for s, e in heads.overlapping(ent.start_char, ent.end_char)):
            continue  # the title word itself ("Regjeringen", "Nord-Korea-analytikeren")
        if _common_word(ent.text):
            continue  # a mistagged common word ("militære", "walk-in-closet")
        first, last = _trim(ent)
        for start, end, label in _split_name(text, first, last, ent.label_, home, people):
            out.append(Mention(start, end, text[start:end], "name", label=label))
    return out


_EDGE_POS = {"VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PRON", "DET", "ADV", "PART", "PUNCT", "NUM", "SYM"}


def _no_name(tok) -> bool:
    """A token that cannot start or end a name: punctuation, a number, a lowercase function
    word or verb ("hadde", "med")."""
    if tok.is_punct or tok.like_num or tok.is_space:
        return True
    return tok.text[:1].islower() and (tok.is_stop or tok.pos_ in _EDGE_POS)


def _title_before_name(toks: list, label: str) -> bool:
    """A common noun heading a person's name ("Forbundsleder Kari Lunde"): a title, not a name."""
    if label != "PER" or len(toks) < 2 or not toks[1].text[:1].isupper():
        return False
    title = title_of(toks[0].text)
    return toks[0].pos_ == "NOUN" or (title is not None and title[0].kind == "PER")


def _trim(ent) -> tuple[int, int]:
    """A model span without edge tokens that are no name ("2007. Signy Fardal hadde" →
    "Signy Fardal"), unless the whole span is a known name."""
    toks = list(ent)
    if known_actor(ent.text, tagged=True) is not None:
        return ent.start_char, ent.end_char
    while toks and (_no_name(toks[0]) or _title_before_name(toks, ent.label_)):
        toks.pop(0)
    while toks and _no_name(toks[-1]):
        toks.pop()
    if not toks:
        return ent.start_char, ent.end_char
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _known_piece(name: str, home: frozenset[str], places: bool = True) -> str | None:
    """The label a known name gives ("Aftenposten" → ORG, "Kristiansund" in a Norwegian text →
    GPE_LOC), else None.  Small places and places abroad do not count: many are also first
    names or surnames ("Lars", "Moen")."""
    actor = known_actor(name, tagged=True)
    if actor is not None:
        return actor.kind
    if not places:
        return None
    size = resources.load("places.yaml").get("split_population", 0)
    if country_of_name(name) is not None or any(
            p.curated or (p.country in home and p.population >= size) for p in candidates(name)):
        return "GPE_LOC"
    return None


def _split_name(text: str, start: int, end: int, label: str, home: frozenset[str],
                people: Collection[str] = ()) -> list[tuple[int, int, str]]:
    """A model span that runs a known name into a person's name ("Aftenposten Espen
    Thomassen", "Kristiansund Håvard Krane"), or a name into a person the model tags on its own
    elsewhere in the article (``people``: "Jyllands-Posten Jon Helt Haarder" when "Jon Helt
    Haarder" is tagged alone), split in two; any other span as it is."""
    ws = words(text[start:end])
    if len(ws) < 3 or _known_piece(text[start:end], home) is not None:
        return [(start, end, label)]
    if label != "PER":
        for cut in range(1, len(ws) - 1):
            if text[start + ws[cut].start:end] in people:
                return [(start, start + ws[cut - 1].end, label), (start + ws[cut].start, end, "PER")]
    for cut in (1, len(ws) - 1):  # a known first word, or a known last word
        head, tail = (ws[:cut], ws[cut:])
        known_part, rest = (head, tail) if cut == 1 else (tail, head)
        piece = _known_piece(text[start + known_part[0].start:start + known_part[-1].end], home, cut == 1)
        if piece is None or not all(w.text[:1].isupper() for w in ws) or _known_piece(
                text[start + rest[0].start:start + rest[-1].end], home) is not None:
            continue
        rest_label = "PER" if len(rest) >= 2 and piece != "PER" else label
        spans = [(start + known_part[0].start, start + known_part[-1].end, piece),
                 (start + rest[0].start, start + rest[-1].end, rest_label)]
        return sorted(spans)
    return [(start, end, label)]


def _common_word(text: str) -> bool:
    """No capital letter anywhere and no known actor or country: not a proper name."""
    if any(ch.isupper() for ch in text):
        return False
    return known_actor(text, tagged=True) is None and country_of_word(text) is None


def _capitalised(text: str) -> bool:
    return text[:1].isupper()


def _gazetteer_names(text: str, ws: list[Word], taken: list[Mention], ctx: set[str],
                     home: frozenset[str]) -> list[Mention]:
    """Known countries and actors the model did not tag."""
    lex = lexicon()
    index = _Spans([(m.start, m.end) for m in taken])
    out: list[Mention] = []
    i = 0
    while i < len(ws):
        step = 1
        if not _capitalised(text[ws[i].start:ws[i].end]):  # every name from here starts with this word
            i += step
            continue
        for n in range(min(MAX_NAME_WORDS, len(ws) - i), 0, -1):
            start, end = ws[i].start, ws[i + n - 1].end
            name = text[start:end]
            busy = index.overlapping(start, end)
            if any(s < end and start < e and (s, e) == (start, end) for s, e in busy):
                continue
            inside = all(start <= s and e <= end for s, e in busy if s < end and start < e)
            known = known_actor(name, ctx, home=home) is not None
            if not (inside and known) and any(s < end and start < e for s, e in busy):
                continue  # a longer known name ("Norges Bank") may replace the model's "Norges"
            if name in lex.country_names or known:
                label = "GPE_LOC" if name in lex.country_names else None
                out.append(Mention(start, end, name, "name", label=label))
                step = n
                break
        i += step
    return out


def _context_countries(text: str, ws: list[Word]) -> set[str]:
    found = set()
    for w in ws:
        iso3 = country_of_word(w.text)
        if iso3 is not None:
            found.add(iso3)
    return found


def _resolve_name(m: Mention, ctx: set[str], home: frozenset[str]) -> None:
    lex = lexicon()
    m.actor = known_actor(m.text, ctx, tagged=True, home=home)
    if m.actor is None and m.text.endswith("s"):
        m.actor = known_actor(m.text[:-1], ctx, tagged=True, home=home)
    if m.actor is not None:
        m.label = m.actor.kind if not (m.label or "").startswith("GPE") or m.actor.kind == "PER" else m.label
        m.gender = m.actor.gender
        return
    iso3 = lex.country_names.get(m.text)
    if iso3 is not None and m.label not in ("EVT", "PROD", "DRV", "MISC"):
        m.country = iso3
        if not (m.label or "").startswith("GPE"):
            m.label = "GPE_LOC"


def _retype_cities(mentions: list[Mention], text: str, home: frozenset[str], language: str) -> None:
    """A one-word "person" or "organisation" that is a large city ("Seattle"), or a home-country
    town right after a locative preposition ("i Kristiansund"), is the place, unless a longer
    name in the article holds the word ("Michael Jackson" … "Jackson")."""
    cfg = resources.load("places.yaml")
    size, local_size = cfg.get("city_retype_population", 0), cfg.get("split_population", 0)
    locative = tuple(f" {p} " for p in (cfg.get("locative_prepositions") or {}).get(language, ()))
    parts = {w for m in mentions if " " in m.text for w in m.text.split()}
    for m in mentions:
        if m.label not in ("PER", "ORG") or m.actor is not None or " " in m.text or m.text in parts:
            continue
        after_locative = bool(locative) and (" " + text[max(0, m.start - 6):m.start].lower()).endswith(locative)
        if any(p.feature == "city" and ((size and p.population >= size) or (
                after_locative and p.country in home and p.population >= local_size))
               for p in candidates(m.text)):
            m.label = "GPE_LOC"


def _title_mentions(text: str, descs: list[Descriptor], names: list[Mention]) -> list[Mention]:
    by_start = {m.start: m for m in names}
    out = []
    for d in descs:
        target = _name_after(text, d.end, by_start)
        if d.title.kind == "LOC":
            if target is not None and d.country:
                target.hints.add(d.country)
            continue
        if d.plural and not d.group and (d.title.kind == "PER" or not (d.country or d.title.bare_plural)):
            continue  # "lederne", "statsministrene", "avisene": never one person or body
        if d.group:
            out.append(_group_mention(text, d, by_start))
            continue
        end, country, body = _place_after(text, d, by_start)
        sector = d.sector
        if body is not None and d.title.kind == "PER":  # "leder i Fagforbundet Kari Lunde"
            target, sector = _name_after(text, end, by_start), sector or body.sector
        standalone = (d.form in ("def", "def_plural") or (d.form == "plural" and d.title.bare_plural and d.country)
                      or (d.form == "indef" and text[d.start:_word_end(text, d.start)] in lexicon().genitives))
        if target is None and not standalone:
            continue
        if target is not None and (target.label or "").startswith(("GPE", "LOC")):
            continue
        out.append(Mention(d.start, end, text[d.start:end], "title", desc=d, country=country,
                           sector=sector, role=d.role, title_kind=d.title.kind, target=target))
    return [m for m in out if m is not None]


def _word_end(text: str, start: int) -> int:
    """The end of the word at ``start``."""
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    return end


def _name_after(text: str, end: int, by_start: dict[int, Mention]) -> Mention | None:
    """The name right after a title, one space away ("president Trump"), or a person's name
    after a comma ("Økokrims direktør, Kari Holm")."""
    if text[end:end + 2] == ", ":
        found = by_start.get(end + 2)
        return found if found is not None and found.label == "PER" else None
    if text[end:end + 1] != " ":
        return None
    return next((by_start[s] for s in range(end + 1, end + 3) if s in by_start), None)


def _group_mention(text: str, d: Descriptor, by_start: dict[int, Mention]) -> Mention | None:
    """A group actor: "russiske styrker", "demonstrantene", "vestlige land"."""
    if not (d.form == "def_plural" or d.qualified or d.title.bare_plural):
        return None
    end, country, _ = _place_after(text, d, by_start)
    return Mention(d.start, end, text[d.start:end], "title", desc=d, country=country, sector=d.sector,
                   title_kind="ORG", group=True)


def _place_after(text: str, d: Descriptor, by_start: dict[int, Mention]) -> tuple[int, str | None, Actor | None]:
    """"Politiet i Oslo", "leder i Fagforbundet": a title without a country takes the country
    of the place or known organisation after it: (end, country, that organisation)."""
    if d.country is not None:
        return d.end, d.country, None
    prep = text[d.end:d.end + 4]
    for word in lexicon().of_country:
        if prep.startswith(f" {word} ") and d.end + len(word) + 2 in by_start:
            place = by_start[d.end + len(word) + 2]
            if place.actor is not None and place.actor.kind == "ORG":
                return place.end, place.actor.country, place.actor
            geo = geocode(place.text) if (place.label or "").startswith(("GPE", "LOC")) else None
            if geo is not None and geo.country:
                return place.end, geo.country, None
    return d.end, None, None


def _pronoun_mentions(text: str, ws: list[Word], taken: list[Mention], language: str) -> list[Mention]:
    table = _pronouns(language)["pronouns"]
    reflexives = set(_pronouns(language).get("reflexives") or ())
    busy = _Spans([(m.start, m.end) for m in taken])
    out = []
    for w in ws:
        word = w.text.lower()
        if (word in table or word in reflexives) and not any(s <= w.start < e for s, e in busy.overlapping(w.start, w.start)):
            kind = "pronoun" if word in table else "reflexive"
            out.append(Mention(w.start, w.end, w.text, kind, gender=table.get(word)))
    return out


def _description_mentions(doc, taken: list[Mention], language: str) -> list[Mention]:
    """Definite singular nouns that refer back to an entity of their kind ("partiet", "landet",
    ``descriptions`` in pronouns.yaml)."""
    table = _pronouns(language).get("descriptions") or {}
    busy = _Spans([(m.start, m.end) for m in taken])
    out = []
    for t in doc:
        spec = table.get(t.lemma_.lower()) if t.pos_ == "NOUN" else None
        if (spec and "Def" in t.morph.get("Definite") and "Sing" in t.morph.get("Number")
                and not busy.overlapping(t.idx, t.idx + len(t.text))):
            out.append(Mention(t.idx, t.idx + len(t.text), t.text, "description",
                               refers=dict(spec, noun=t.lemma_.lower())))
    return out


#: dependency relations of a nominalised adjective that heads its own noun phrase ("den tiltalte")
_NOMINAL_DEPS = ("nsubj", "nsubj:pass", "obj", "iobj", "obl", "nmod", "appos", "conj", "root")


def _person_key(tok, table: dict) -> str | None:
    """The entry of ``persons`` (pronouns.yaml) a noun is, also after a hyphen ("38-åringen"),
    or None.  Closed compounds do not count: most ending in "mann" are roles ("nestformann")."""
    if not tok.is_alpha and "-" not in tok.text:
        return None
    for key in (tok.lemma_.lower(), tok.text.lower()):
        key = key.rsplit("-", 1)[-1]
        if key in table:
            return key
    return None


def _person_mentions(doc, taken: list[Mention], language: str) -> list[Mention]:
    """Singular nouns for one unnamed person (``persons`` in pronouns.yaml) that no name or
    title covers: "en mann fra Serbia" brings in someone new, "mannen" refers back."""
    table = _pronouns(language).get("persons") or {}
    if not table or not doc.has_annotation("POS"):
        return []
    busy = _Spans([(m.start, m.end) for m in taken])
    origin = _affiliation_cfg()["origin_preps"]
    out = []
    for t in doc:
        nominal = (t.pos_ == "NOUN" or (t.pos_ == "ADJ" and "Def" in t.morph.get("Definite")
                                        and t.dep_.lower() in _NOMINAL_DEPS)
                   or (t.pos_ == "PROPN" and t.is_sent_start and t.lemma_.islower()))  # "Kvinna" taken for a name
        if not nominal or "Plur" in t.morph.get("Number") or busy.overlapping(t.idx, t.idx + len(t.text)):
            continue
        key = _person_key(t, table)
        if key is None or title_of(t.text) is not None:  # a title ("talsmannen") is the titles' work
            continue
        if any(c.dep_ == "cop" for c in t.children):
            continue  # "han var et offer" says what someone is
        definite = "Def" in t.morph.get("Definite") or any(  # "denne kvinna", "hans kone", "Krekars datter"
            c.i < t.i and (c.dep_ in ("nmod:poss", "nmod") or (
                c.dep_ == "det" and ("Dem" in c.morph.get("PronType") or "Yes" in c.morph.get("Poss"))))
            for c in t.children)
        out.append(Mention(t.idx, t.idx + len(t.text), t.text, "person", gender=table[key], head=key,
                           definite=definite, name=describing_phrase(t, origin).text))
    by_start = {m.start: m for m in taken + out}
    by_end = {m.end: m for m in taken + out}
    for m in out:
        tok = doc.char_span(m.start, m.end).root
        after = by_start.get(doc[tok.i + 1].idx) if tok.i + 1 < len(doc) else None
        left = min([tok.i] + [c.i for c in tok.children if c.dep_ in ("det", "amod", "nummod") and c.i < tok.i])
        before = by_end.get(doc[left - 2].idx + len(doc[left - 2].text)) if left >= 2 and doc[left - 1].text == "," else None
        if after is not None and after.kind == "name" and (after.label or "PER").startswith("PER"):
            m.target = after  # "datteren Agnes", "13-åringen Hannah Jones": the name's person
        elif before is not None and before.kind in ("person", "name", "title") and not m.definite:
            m.target = before  # "den tiltalte, en mann fra Serbia": one person, however it is parsed
    return out


def _drop_nested(mentions: list[Mention]) -> list[Mention]:
    """Names inside a title phrase stay (they are their own entity: "Sør-Korea" in
    "Regjeringen i Sør-Korea"); overlapping names keep the longer one."""
    names = sorted((m for m in mentions if m.kind == "name"), key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for m in names:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept + [m for m in mentions if m.kind != "name"]


# ----------------------------------------------------------------------------- syntax
def _annotate(mentions: list[Mention], doc) -> None:
    """Sentence index, subjecthood and governing verbs from the parse."""
    starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
    parsed = doc.has_annotation("DEP")
    for m in mentions:
        m.sent = bisect_right(starts, m.start) - 1
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not parsed or len(span) == 0:
            continue
        root = span.root
        m.subject = root.dep_.startswith("nsubj")
        if m.subject:
            m.governor = root.head.idx
            m.main = root.head.dep_ == "ROOT" or root.head.head.i == root.head.i
        chain, tok = [], root
        while tok.head.i != tok.i and len(chain) < 6:
            via_conj = tok.dep_ == "conj"  # a coordinated clause's subject is no antecedent
            tok = tok.head
            if not via_conj:
                chain.append(tok.idx)
        m.chain = tuple(chain)


# ----------------------------------------------------------------------------- records
def _name(c: Cluster, kind: str, country: str | None, language: str | None) -> str:
    names = [m for m in c.mentions if m.kind == "name"]
    if c.actor is not None:
        return c.actor.name_in(language)
    own = next((m.country for m in names if m.country), None)
    if kind == "GPE" and own is not None:
        return country_name(own, language)
    if names:
        text = max(names, key=lambda m: len(m.text)).text
        shorter = [x.text for x in names if x.text == text[:-1]] if text.endswith("s") else []
        return shorter[0] if shorter else text
    titles = [m for m in c.mentions if m.kind == "title"]
    persons = [m for m in c.mentions if m.kind == "person"]
    if not titles and persons:  # an unnamed person: its first phrase ("en mann fra Serbia")
        return (next((m for m in persons if not m.definite), None) or persons[0]).name
    if kind == "ORG" and country and titles[0].desc and titles[0].desc.title.name:
        return f"{genitive(country_name(country, language), language)} {titles[0].desc.title.name}"
    return max(titles, key=lambda m: len(m.text)).text if titles else c.mentions[0].text


def _geo_context(clusters: list[Cluster]) -> tuple[set[str], set[tuple[str, str]]]:
    countries, states = set(), set()
    for c in clusters:
        for m in c.mentions:
            if m.kind == "name" and (m.label or "").startswith(("GPE", "LOC")):
                country, state = context_of(m.text)
                if m.country:
                    countries.add(m.country)
                elif country and state:
                    countries.add(country)
                if state:
                    states.add(state)
    return countries, states


def _entity(c: Cluster, language: str | None, published: str | None, text: str,
            ctx: tuple[set[str], set[tuple[str, str]]]) -> Entity:
    kind = c.kind
    labels = [m.label for m in c.mentions if m.label in ("GPE_LOC", "GPE_ORG")]
    sense = None
    if kind == "GPE":
        sense = "ORG" if labels.count("GPE_ORG") > labels.count("GPE_LOC") else "LOC"
    country, sector = cluster_country(c, published), cluster_sector(c, published)
    name = _name(c, kind, country, language)
    geo = None
    if kind in _PLACES:
        hints = {h for m in c.mentions for h in m.hints}
        home = home_countries(language)
        geo = geocode(name, ctx[0] | hints, ctx[1], home)
        if geo is None and name != c.mentions[0].text:
            geo = geocode(c.mentions[0].text, ctx[0] | hints, ctx[1], home)
        if country is None and geo is not None:
            country = geo.country
        if kind == "GPE" and geo is not None and geo.feature not in _GPE_FEATURES:
            kind, sense = "LOC", None
        elif kind == "LOC" and geo is not None and geo.feature in _GPE_FEATURES:
            kind, sense = "GPE", "LOC"  # a city or country the model called a mere location
        sector = None
    spans = sorted({(m.start, m.end) for m in c.mentions})
    unnamed = not any(m.kind in ("name", "title") for m in c.mentions)
    return Entity(id="", name=name, type=kind, gpe_sense=sense, country=country, sector=sector,
                  code=country + sector if country and sector else None,
                  mentions=[Span.of(text, s, e) for s, e in spans], geo=geo, unnamed=unnamed)


def _local_bodies(clusters: list[Cluster], entities: list[Entity], language: str | None) -> None:
    """A body named by title alone ("politiet", "regjeringen") belongs to the one country
    whose places the article names ("… i Oslo"); with places in several countries it stays open."""
    countries = {e.country for e in entities if e.type in _PLACES and e.country}
    if len(countries) != 1:
        return
    (country,) = countries
    for c, e in zip(clusters, entities):
        titles = [m for m in c.mentions if m.kind == "title"]
        if e.type != "ORG" or e.country or not titles or len(titles) != len(c.mentions):
            continue
        if any(m.desc is not None and m.desc.qualified for m in titles):
            continue  # "vestlige land", "utenlandske journalister"
        e.country = country
        e.code = country + e.sector if e.sector else None
        d = titles[0].desc
        if d is not None and d.title.name and d.exact and not titles[0].group:
            e.name = f"{genitive(country_name(country, language), language)} {d.title.name}"


#: dependency relations that tie a word to the noun phrase of a name or its title
_NP_DEPS = ("amod", "nmod:poss", "nmod", "compound", "det", "flat", "flat:name", "appos")


def _phrase_words(doc, span: Span) -> list:
    """The words that describe a mention in its noun phrase: the dependents of its tokens, and
    of the title noun it stands beside ("den albanske ambassadøren Aleksander Sallabanda",
    "Kasakhstans London-ambassadør", "de amerikanske journalistene Euna Lee og Laura Ling")."""
    toks = doc.char_span(span.start, span.end, alignment_mode="expand")
    if toks is None:
        return []
    inside = {t.i for t in toks}
    heads = list(toks)
    for t in toks:
        h = t.head
        if h.i not in inside and t.dep_ in ("flat", "flat:name", "appos", "conj", "nmod") and h.pos_ in ("NOUN", "PROPN"):
            heads.append(h)
            if h.dep_ == "conj" and h.head.pos_ in ("NOUN", "PROPN"):
                heads.append(h.head)
        if h.i not in inside and t.dep_ == "conj" and h.dep_ in ("flat", "flat:name", "appos") and h.head.pos_ == "NOUN":
            heads.append(h.head)  # "journalistene Euna Lee og Laura Ling": Ling hangs on Lee
    origin = _affiliation_cfg()["origin_preps"]
    return [c for h in heads for c in h.children if c.i not in inside and (
        (c.dep_ in _NP_DEPS and c.i < h.i) or (c.dep_ == "nmod" and c.i > h.i and has_case(c, origin)))]


def focus_country(entities: list[Entity], places: bool = False) -> str | None:
    """The country an article is about: the one most of its coded mentions belong to, when it
    holds at least ``focus_share`` of them (and two).  With ``places``, only the mentions of
    places count, and one is enough: where the story happens, whoever comes there."""
    counts: dict[str, int] = {}
    for e in entities:
        if e.country and (not places or e.type in _PLACES):
            counts[e.country] = counts.get(e.country, 0) + len(e.mentions)
    if not counts:
        return None
    best = max(counts, key=counts.get)
    share = counts[best] / sum(counts.values())
    return best if counts[best] >= (1 if places else 2) and share >= _affiliation_cfg()["focus_share"] else None


@lru_cache(maxsize=1)
def _affiliation_cfg() -> dict:
    return resources.load("places.yaml")["affiliation"]


def _affiliations(entities: list[Entity], doc, home: frozenset[str]) -> None:
    """Countries for people and bodies that have none, from what the text ties them to: a
    nationality adjective or a country's genitive in their noun phrase, an organisation with a
    country there ("Høyres Erna Solberg"), for a body a country in its own name.  Else, from
    the article (``affiliation`` in ``places.yaml``):

    - a person whose name is Nordic (:meth:`~eventwire.nlp.features.Lexicon.nordic_name`)
      belongs to the story's focus country when that is a Nordic one, else to the home country
      of the article's language: in a Norwegian story about Kabul, "Gunnar Berge" is Norwegian;
    - other people and bodies named often enough take the focus country: ``focus_min_mentions``
      when it is the home country (a body named once in a Norwegian story about Norway),
      ``foreign_focus_min_mentions`` when it is foreign (a "Kim" named once in a story about
      the USA stays without one);
    - an unnamed person ("en mann") takes the country of the places in its first sentence, else
      the focus country whatever it is."""
    if doc is None:
        return
    by_start = {m.start: e for e in entities for m in e.mentions}
    focus = focus_country(entities)
    for e in entities:
        if e.country or e.type not in ("PER", "ORG"):
            continue
        found = (_name_country(doc, e) if e.type == "ORG" else None) or _phrase_country(doc, e, by_start, focus)
        if found is None:
            found = _article_country(doc, e, entities, focus, home)
            e.country_inferred = found is not None
        if found:
            e.country = found
            e.code = found + e.sector if e.sector else None


def _article_country(doc, e: Entity, entities: list[Entity], focus: str | None, home: frozenset[str]) -> str | None:
    """The country the article suggests for an entity the text gives none (see
    :func:`_affiliations`)."""
    cfg = _affiliation_cfg()
    least = cfg["focus_min_mentions" if focus in home else "foreign_focus_min_mentions"].get(e.type)
    if e.type == "PER" and not e.unnamed and _nordic_person(e):
        return focus if focus in cfg["nordic"] else next(iter(home)) if len(home) == 1 else None
    if focus is not None and least is not None and len(e.mentions) >= least:
        return focus
    if e.unnamed:
        return _place_country(doc, e, entities) or focus  # "en mann" belongs where it happens
    return None


def _nordic_person(e: Entity) -> bool:
    """Does a named person's fullest name start with a Nordic first name and end in a surname
    that is Nordic or unknown to the name lists ("Turid Thomassen", "Grete Faremo", a bare
    "Espen"; not "Eva Joly", nor a bare "Kim", a surname elsewhere)?"""
    words = max((m.text.split() for m in e.mentions), key=len)
    return bool(words) and load_lexicon().nordic_name(words[0], words[-1])


def _place_country(doc, e: Entity, entities: list[Entity]) -> str | None:
    """The one country of the places named in the sentence that first mentions ``e``."""
    span = doc.char_span(e.mentions[0].start, e.mentions[0].end, alignment_mode="expand")
    if span is None:
        return None
    sent = span.sent
    found = {p.country for p in entities if p.type in _PLACES and p.country
             and any(sent.start_char <= m.start < sent.end_char for m in p.mentions)}
    return found.pop() if len(found) == 1 else None


def _phrase_country(doc, e: Entity, by_start: dict[int, Entity], focus: str | None) -> str | None:
    """The country an entity's noun phrase gives it: an entity with a country there, a
    nationality adjective or a country's genitive, or "landets" (the focus country)."""
    for m in e.mentions:
        for w in _phrase_words(doc, m):
            other = by_start.get(w.idx)
            if other is not None and other is not e and other.country and other.type in ("GPE", "ORG"):
                return other.country
            if w.dep_ in ("amod", "nmod:poss", "compound") and (iso3 := country_of_word(w.text)):
                return iso3
            if w.dep_ == "nmod:poss" and w.lemma_.lower() in _affiliation_cfg()["country_anaphors"] and focus:
                return focus
    return None


def _name_country(doc, e: Entity) -> str | None:
    """The country a body's own name gives it: a nationality adjective, a country's genitive or
    a country in a phrase inside the name ("Den norske Nobelkomité", "Norges Forskningsråd",
    "Afghanistan-komiteen i Norge"), or a country or known person before the hyphen of a
    compound name ("Irak-styrkene", "Obama-administrasjonen"); the name's head word itself
    does not count."""
    for m in e.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        for w in span if span is not None else ():
            if w.i != span.root.i and (iso3 := country_of_word(w.text)):
                return iso3
        owner, _, head = m.text.strip().rpartition("-")
        if owner and head and " " not in owner:  # "Irak-styrkene", "Obama-administrasjonen"
            actor = known_actor(owner)
            if iso3 := country_of_name(owner) or (actor.country if actor is not None else None):
                return iso3
    return None


def _surnames(entities: list[Entity], text: str) -> None:
    """A person's bare surname later on that the model did not tag ("Haarder" after "Jon Helt
    Haarder") is a mention of that person, unless another person shares it."""
    owners: dict[str, list[Entity]] = {}
    for e in entities:
        if e.type == "PER" and not e.unnamed:
            for m in e.mentions:
                parts = m.text.split()
                if len(parts) >= 2 and parts[-1][:1].isupper() and len(parts[-1]) >= 3:
                    if e not in owners.setdefault(parts[-1], []):
                        owners[parts[-1]].append(e)
    if not owners:
        return
    busy = _Spans([(m.start, m.end) for e in entities for m in e.mentions])
    for w in words(text):
        found = owners.get(w.text, [])
        if len(found) == 1 and not busy.overlapping(w.start, w.end):
            found[0].mentions.append(Span.of(text, w.start, w.end))
    for e in entities:
        e.mentions.sort(key=lambda m: m.start)


def extract_entities(text: str, doc, published: str | None, language: str | None = "nb", coref=None) -> list[Entity]:
    """The entities of one article: every real-world thing once, with all its mentions
    (``coref``: what resolves pronouns, see :class:`~eventwire.coref.Resolver`)."""
    ws = words(text)
    ctx = _context_countries(text, ws)
    descs = descriptors(text, ws)
    home = home_countries(language)
    names = _ner_names(doc, descs, ws, home)
    names += _gazetteer_names(text, ws, names, ctx, home)
    mentions = _drop_nested(names)
    for m in mentions:
        _resolve_name(m, ctx, home)
    _retype_cities(mentions, text, home, language or "nb")
    titles = _title_mentions(text, descs, mentions)
    busy = mentions + titles
    pronouns = _pronoun_mentions(text, ws, busy, language or "nb")
    everything = (mentions + titles + pronouns + _description_mentions(doc, busy, language or "nb")
                  + _person_mentions(doc, busy, language or "nb"))
    _annotate(everything, doc)
    home_roles = frozenset(resources.load("nb/roles.yaml").get("home_roles") or ())
    clusters = Resolver(published, _pronouns(language or "nb").get("max_sentences_back", 2), home,
                        home_roles, scorer=coref).run(everything)
    geo_ctx = _geo_context(clusters)
    entities = [_entity(c, language, published, text, geo_ctx) for c in clusters]
    _local_bodies(clusters, entities, language)
    _affiliations(entities, doc, home)
    _surnames(entities, text)
    entities.sort(key=lambda e: e.mentions[0].start)
    for n, e in enumerate(entities, start=1):
        e.id = f"e{n}"
    return entities


@stage("entities")
class Stage:
    name = "entities"
    requires = ("doc",)
    provides = ("entities",)

    def __init__(self, config: PipelineConfig):
        self.config = config
        lexicon()

    def __call__(self, analysis: Analysis) -> None:
        if analysis.doc is None:
            return
        a = analysis.article
        scorer = load_coref_model(a.language, self.config.coref_model) if self.config.coref_scorer else None
        a.entities = extract_entities(a.text, analysis.doc, a.published, a.language, coref=scorer)
