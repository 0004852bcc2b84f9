"""The entities stage: one entity per real-world thing, with every mention of it.

1. mentions: the model's names, a gazetteer pass over known countries and actors the model
   missed, title phrases ("den nordkoreanske lederen", "Regjeringen i Sør-Korea",
   "sørkoreanske myndigheter") and third-person pronouns;
2. clusters (:mod:`eventwire.coref`): names, titles and pronouns joined to their antecedent;
3. records: type, name, country/sector/code (:mod:`eventwire.actors`) and, for places, geo
   (:mod:`eventwire.geo`).
"""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from . import resources
from .actors import (MAX_NAME_WORDS, Descriptor, Word, country_name, country_of_word, descriptors,
                     genitive, known_actor, lexicon, words)
from .coref import Cluster, Mention, Resolver, cluster_country, cluster_sector
from .geo import context_of, geocode
from .pipeline import Analysis, PipelineConfig, stage
from .records import Entity, Span

_LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE_LOC": "GPE", "GPE_ORG": "GPE", "GPE": "GPE",
           "EVT": "EVT", "PROD": "PROD", "DRV": "DRV", "MISC": "MISC"}
_PLACES = ("GPE", "LOC")
#: gazetteer features that are geopolitical; a "GPE" geocoded to anything else is a LOC
_GPE_FEATURES = ("country", "adm1", "city")


@lru_cache(maxsize=4)
def _pronouns(language: str) -> dict:
    return resources.load(f"{'en' if language == 'en' else 'nb'}/pronouns.yaml")


# ----------------------------------------------------------------------------- mentions
def _ner_names(doc, descs: list[Descriptor], ws: list[Word]) -> list[Mention]:
    heads = [(ws[d.head].start, ws[d.head].end) for d in descs if d.title.kind != "LOC"]
    out = []
    for ent in doc.ents:
        if any(s <= ent.start_char and ent.end_char <= e for s, e in heads):
            continue  # the title word itself ("Regjeringen", "Nord-Korea-analytikeren")
        out.append(Mention(ent.start_char, ent.end_char, ent.text, "name", label=ent.label_))
    return out


def _capitalised(text: str) -> bool:
    return text[:1].isupper()


def _gazetteer_names(text: str, ws: list[Word], taken: list[Mention], ctx: set[str]) -> list[Mention]:
    """Known countries and actors the model did not tag."""
    lex = lexicon()
    busy = [(m.start, m.end) for m in taken]
    out: list[Mention] = []
    i = 0
    while i < len(ws):
        step = 1
        for n in range(min(MAX_NAME_WORDS, len(ws) - i), 0, -1):
            start, end = ws[i].start, ws[i + n - 1].end
            name = text[start:end]
            if not _capitalised(name) or any(s < end and start < e for s, e in busy):
                continue
            if name in lex.country_names or known_actor(name, ctx) is not None:
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


def _resolve_name(m: Mention, ctx: set[str]) -> None:
    lex = lexicon()
    m.actor = known_actor(m.text, ctx, tagged=True)
    if m.actor is None and m.text.endswith("s"):
        m.actor = known_actor(m.text[:-1], ctx, tagged=True)
    if m.actor is not None:
        m.label = m.actor.kind if not (m.label or "").startswith("GPE") or m.actor.kind == "PER" else m.label
        m.gender = m.actor.gender
        return
    iso3 = lex.country_names.get(m.text)
    if iso3 is not None and m.label not in ("EVT", "PROD", "DRV", "MISC"):
        m.country = iso3
        if not (m.label or "").startswith("GPE"):
            m.label = "GPE_LOC"


def _title_mentions(text: str, descs: list[Descriptor], names: list[Mention]) -> list[Mention]:
    by_start = {m.start: m for m in names}
    out = []
    for d in descs:
        after = text[d.end:d.end + 2]
        nxt = next((by_start[s] for s in range(d.end + 1, d.end + 3) if s in by_start), None)
        target = nxt if nxt is not None and after[:1] == " " else None
        if d.title.kind == "LOC":
            if target is not None and d.country:
                target.hints.add(d.country)
            continue
        standalone = d.form in ("def", "def_plural") or (d.form == "plural" and d.title.bare_plural and d.country)
        if target is None and not standalone:
            continue
        if target is not None and (target.label or "").startswith(("GPE", "LOC")):
            continue
        end, country = _place_after(text, d, by_start)
        out.append(Mention(d.start, end, text[d.start:end], "title", desc=d, country=country,
                           sector=d.sector, role=d.role, title_kind=d.title.kind, target=target))
    return out


def _place_after(text: str, d: Descriptor, by_start: dict[int, Mention]) -> tuple[int, str | None]:
    """"Politiet i Oslo": a title without a country takes the country of the place after it."""
    if d.country is not None:
        return d.end, d.country
    prep = text[d.end:d.end + 4]
    for word in lexicon().of_country:
        if prep.startswith(f" {word} ") and d.end + len(word) + 2 in by_start:
            place = by_start[d.end + len(word) + 2]
            geo = geocode(place.text) if (place.label or "").startswith(("GPE", "LOC")) else None
            if geo is not None and geo.country:
                return place.end, geo.country
    return d.end, None


def _pronoun_mentions(text: str, ws: list[Word], taken: list[Mention], language: str) -> list[Mention]:
    table = _pronouns(language)["pronouns"]
    busy = [(m.start, m.end) for m in taken]
    out = []
    for w in ws:
        gender = table.get(w.text.lower())
        if gender and not any(s <= w.start < e for s, e in busy):
            out.append(Mention(w.start, w.end, w.text, "pronoun", gender=gender))
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
        return c.actor.name
    own = next((m.country for m in names if m.country), None)
    if kind == "GPE" and own is not None:
        return country_name(own, language)
    if names:
        text = max(names, key=lambda m: len(m.text)).text
        shorter = [x.text for x in names if x.text == text[:-1]] if text.endswith("s") else []
        return shorter[0] if shorter else text
    titles = [m for m in c.mentions if m.kind == "title"]
    if kind == "ORG" and country and titles[0].desc and titles[0].desc.title.name:
        return f"{genitive(country_name(country, language))} {titles[0].desc.title.name}"
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
        geo = geocode(name, ctx[0] | hints, ctx[1])
        if geo is None and name != c.mentions[0].text:
            geo = geocode(c.mentions[0].text, ctx[0] | hints, ctx[1])
        if country is None and geo is not None:
            country = geo.country
        if kind == "GPE" and geo is not None and geo.feature not in _GPE_FEATURES:
            kind, sense = "LOC", None
        sector = None
    spans = sorted({(m.start, m.end) for m in c.mentions})
    return Entity(id="", name=name, type=kind, gpe_sense=sense, country=country, sector=sector,
                  code=country + sector if country and sector else None,
                  mentions=[Span.of(text, s, e) for s, e in spans], geo=geo)


def extract_entities(text: str, doc, published: str | None, language: str | None = "nb") -> list[Entity]:
    """The entities of one article: every real-world thing once, with all its mentions."""
    ws = words(text)
    ctx = _context_countries(text, ws)
    descs = descriptors(text, ws)
    names = _ner_names(doc, descs, ws)
    names += _gazetteer_names(text, ws, names, ctx)
    mentions = _drop_nested(names)
    for m in mentions:
        _resolve_name(m, ctx)
    titles = _title_mentions(text, descs, mentions)
    busy = mentions + titles
    pronouns = _pronoun_mentions(text, ws, busy, language or "nb")
    everything = mentions + titles + pronouns
    _annotate(everything, doc)
    clusters = Resolver(published, _pronouns(language or "nb").get("max_sentences_back", 2)).run(everything)
    geo_ctx = _geo_context(clusters)
    entities = [_entity(c, language, published, text, geo_ctx) for c in clusters]
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
        a.entities = extract_entities(a.text, analysis.doc, a.published, a.language)
