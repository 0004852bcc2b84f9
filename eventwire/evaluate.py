"""Scoring article records against gold files: per-field precision, recall and F1.

:func:`evaluate` runs the pipeline over the articles of gold files and scores each record
with :func:`score_document`; :class:`EvalReport` holds the micro totals of every field and a
breakdown per document.  The rules are those of ``spec/RECORDS.md#Scoring``:

* ``entities``: a predicted entity matches a gold one when its name or one of its mention
  texts equals the gold name or an alias (case- and diacritic-insensitive) and the types are
  equal (GPE is not LOC).  ``entities_untyped`` is the same without the type, to tell missed
  names from mistyped ones.  Over matched entities: ``entity_country``, ``entity_sector`` and
  ``places`` (gold entities with ``geo``: the predicted point within :data:`PLACE_KM`).
* ``quotes``: token Jaccard of the texts ≥ :data:`QUOTE_JACCARD`, whatever the kind;
  ``quotes_direct``/``quotes_indirect``/``quotes_mixed`` split that matching by kind (gold
  kind for hits and misses, predicted kind for false hits); over matched quotes:
  ``quote_kind`` and ``quote_speaker`` (the speaker entity names the gold speaker).
* ``events``: type (one of the accepted), actor and recipient (an ISO3 code equal to the
  entity's country, or a name/alias of it; either order when ``symmetric``); over matched
  events: ``event_date``.
* ``times``: the text (equal, or one contained in the other as whole words) and a value
  among the accepted ones; ``times_text`` needs the text only.

Matching is one-to-one, best pairs first.  Gold items with ``required: false`` count as hits
when found and cost nothing when missed.  Attribute fields (country, speaker, …) count a
right non-null value as a hit, a missing value as a miss, a wrong one as both a false hit and
a miss; ``accuracy`` is the share of judged pairs that are right (null = null included).
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import GoldError
from .gold import Accept, GoldDoc, GoldEntity, GoldEvent, GoldQuote, GoldTime, find_gold, load_gold
from .records import Article, Entity, Event, Quote, Time

QUOTE_JACCARD = 0.6
PLACE_KM = 50.0
#: every field, in report order
FIELDS = ("entities", "entities_untyped", "entity_country", "entity_sector", "places",
          "quotes", "quotes_direct", "quotes_indirect", "quotes_mixed", "quote_kind", "quote_speaker",
          "events", "event_triggers", "event_date", "times", "times_text")
#: the fields shown in the per-document table
HEADLINE = ("entities", "entity_country", "quotes", "quote_speaker", "events", "times")
FLOORS_PATH = Path(__file__).resolve().parents[1] / "gold" / "floors.yaml"
#: the floors of the event corpus' dev split (the test split has none: it is reported, never tuned on)
CORPUS_FLOORS_PATH = Path(__file__).resolve().parents[1] / "corpus" / "events" / "floors.yaml"
METRICS = ("precision", "recall", "f1", "accuracy")


# --------------------------------------------------------------------------- scores

@dataclass
class FieldScore:
    """Counts of one field; ``misses``/``false_hits`` say which items, in words."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int = 0
    judged: int = 0
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float | None:
        """Share of judged pairs that are right (attribute fields only)."""
        return self.correct / self.judged if self.judged else None

    @property
    def support(self) -> int:
        return self.tp + self.fp + self.fn + self.judged

    def metric(self, name: str) -> float | None:
        if name not in METRICS:
            raise ValueError(f"unknown metric {name!r}; use one of {', '.join(METRICS)}")
        return getattr(self, name)

    def add(self, other: "FieldScore", prefix: str = "") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.correct += other.correct
        self.judged += other.judged
        self.misses.extend(prefix + m for m in other.misses)
        self.false_hits.extend(prefix + m for m in other.false_hits)

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                               "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                               "f1": round(self.f1, 4)}
        if self.judged:
            out.update(correct=self.correct, judged=self.judged, accuracy=round(self.accuracy or 0.0, 4))
        if explain:
            out.update(misses=list(self.misses), false_hits=list(self.false_hits))
        return out


@dataclass
class DocReport:
    """The scores of one gold document; ``error`` when the pipeline failed on it."""

    name: str
    path: str
    fields: dict[str, FieldScore]
    error: str | None = None

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        return {"name": self.name, "path": self.path, "error": self.error,
                "fields": {k: v.to_dict(explain) for k, v in self.fields.items()}}


@dataclass
class EvalReport:
    """Micro totals per field over all documents, and the documents' own scores."""

    fields: dict[str, FieldScore]
    documents: list[DocReport]
    explain: bool = False

    def document(self, name: str) -> DocReport:
        for d in self.documents:
            if d.name == name:
                return d
        raise KeyError(f"no gold document called {name!r} in this report")

    def to_dict(self) -> dict[str, Any]:
        return {"fields": {k: v.to_dict(self.explain) for k, v in self.fields.items()},
                "documents": [d.to_dict(self.explain) for d in self.documents]}


def total(documents: Sequence[DocReport]) -> dict[str, FieldScore]:
    """Micro totals: each field's counts summed over the documents that score it."""
    out: dict[str, FieldScore] = {}
    for d in documents:
        for name, score in d.fields.items():
            out.setdefault(name, FieldScore()).add(score, prefix=f"{d.name}: ")
    return {k: out[k] for k in FIELDS if k in out}


# --------------------------------------------------------------------------- text helpers

#: letters that Unicode does not decompose but readers treat as accented (Swanström = Swanstrøm)
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ß": "ss"})


def norm(text: str) -> str:
    """Case-, diacritic- and spacing-insensitive form of a name: ``Swanstrøm`` → ``swanstrom``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = re.sub(r"[\u2010-\u2015\-]", "-", stripped.casefold())
    return " ".join(re.sub(r"[^\w\s-]", " ", stripped).split())


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", norm(text))


def jaccard(a: str, b: str) -> float:
    """Token Jaccard of two texts (as multisets)."""
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    union = sum((ta | tb).values())
    return sum((ta & tb).values()) / union if union else 0.0


def clip(text: str, size: int = 90) -> str:
    """``text`` cut to about ``size`` characters for messages (start … end)."""
    return text if len(text) <= size else text[: size * 2 // 3].rstrip() + " … " + text[-size // 3:].lstrip()


def _contains(big: list[str], small: list[str]) -> bool:
    n = len(small)
    return n > 0 and any(big[i:i + n] == small for i in range(len(big) - n + 1))


def text_match(a: str, b: str) -> bool:
    """Equal, or one a run of whole words inside the other (``på onsdag`` ~ ``onsdag``)."""
    ta, tb = tokens(a), tokens(b)
    return bool(ta) and (ta == tb or _contains(ta, tb) or _contains(tb, ta))


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def entity_texts(entity: Entity) -> set[str]:
    """The normalised name and mention texts of a predicted entity."""
    return {norm(entity.name)} | {norm(m.text) for m in entity.mentions}


# --------------------------------------------------------------------------- matching

def greedy_match(gold: Sequence, pred: Sequence, score: Callable[[Any, Any], float | None]) -> list[tuple[int, int]]:
    """One-to-one pairs ``(gold index, pred index)``, best score first; ``None`` = no match."""
    pairs = []
    for g, gi in enumerate(gold):
        for p, pi in enumerate(pred):
            s = score(gi, pi)
            if s is not None:
                pairs.append((-s, g, p))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, g, p in pairs:
        if g not in used_g and p not in used_p:
            used_g.add(g)
            used_p.add(p)
            out.append((g, p))
    return sorted(out)


def score_items(gold: Sequence, pred: Sequence, pairs: list[tuple[int, int]],
                describe_gold: Callable[[Any], str], describe_pred: Callable[[Any], str]) -> FieldScore:
    """Hits = pairs; misses = unmatched required gold; false hits = unmatched predictions."""
    gold_hit = {g for g, _ in pairs}
    pred_hit = {p for _, p in pairs}
    s = FieldScore(tp=len(pairs))
    for g, item in enumerate(gold):
        if g not in gold_hit and getattr(item, "required", True):
            s.fn += 1
            s.misses.append(describe_gold(item))
    for p, item in enumerate(pred):
        if p not in pred_hit:
            s.fp += 1
            s.false_hits.append(describe_pred(item))
    return s


def tally(s: FieldScore, *, right: bool, gold_null: bool, pred_null: bool, what: str) -> None:
    """Count one judged attribute: right → hit (or a correct null), absent → miss,
    wrong → false hit and miss (false hit only when gold says null)."""
    s.judged += 1
    if right:
        s.correct += 1
        if not pred_null:
            s.tp += 1
        return
    if not pred_null:
        s.fp += 1
        s.false_hits.append(what)
    if not gold_null:
        s.fn += 1
        s.misses.append(what)


def _accepts(accepted: Accept, value: str | None) -> bool:
    upper = {None if a is None else a.upper() for a in accepted}
    return (None if value is None else value.upper()) in upper


# --------------------------------------------------------------------------- entities

def entity_score(g: GoldEntity, p: Entity, typed: bool = True) -> float | None:
    """3 when the predicted name is a gold name, 2 when a mention is the gold name, 1 when a
    mention is an alias; None when nothing matches (or the types differ)."""
    if typed and p.type not in g.types:
        return None
    names = {norm(n) for n in g.names}
    mentions = {norm(m.text) for m in p.mentions}
    if norm(p.name) in names:
        return 3.0
    if norm(g.name) in mentions:
        return 2.0
    return 1.0 if mentions & names else None


def _describe_entity(e: GoldEntity | Entity) -> str:
    kind = "|".join(e.types) if isinstance(e, GoldEntity) else e.type
    return f"{e.name} ({kind})"


def score_entities(gold: list[GoldEntity], article: Article, typed: bool = True) -> tuple[dict[str, FieldScore], dict[str, GoldEntity]]:
    """The entity fields, and the gold entity each matched predicted entity id stands for
    (matched by name and type, or by name alone when not ``typed``)."""
    pred = article.entities
    pairs = greedy_match(gold, pred, lambda g, p: entity_score(g, p, typed=typed))
    untyped = greedy_match(gold, pred, lambda g, p: entity_score(g, p, typed=False))
    out = {"entities": score_items(gold, pred, pairs, _describe_entity, _describe_entity),
           "entities_untyped": score_items(gold, pred, untyped, _describe_entity, _describe_entity),
           "entity_country": FieldScore(), "entity_sector": FieldScore(), "places": FieldScore()}
    linked: dict[str, GoldEntity] = {}
    matched_geo = set()
    for g, p in pairs:
        ge, pe = gold[g], pred[p]
        linked[pe.id] = ge
        _judge_value(out["entity_country"], ge.country, pe.country, f"{ge.name}: country {pe.country} (gold {_show(ge.country)})")
        _judge_value(out["entity_sector"], ge.sector, pe.sector, f"{ge.name}: sector {pe.sector} (gold {_show(ge.sector)})")
        if ge.geo is not None:
            matched_geo.add(g)
            _judge_place(out["places"], ge, pe)
    for g, ge in enumerate(gold):
        if ge.geo is not None and g not in matched_geo and ge.required:
            out["places"].fn += 1
            out["places"].misses.append(f"{ge.name}: entity not found")
    return out, linked


def _show(accepted: Accept | None) -> str:
    return "/".join("null" if a is None else a for a in accepted or ())


def _judge_value(s: FieldScore, accepted: Accept | None, value: str | None, what: str) -> None:
    if accepted is None:
        return
    tally(s, right=_accepts(accepted, value), gold_null=all(a is None for a in accepted),
          pred_null=value is None, what=what)


def _judge_place(s: FieldScore, ge: GoldEntity, pe: Entity) -> None:
    where = None if pe.geo is None else (pe.geo.lat, pe.geo.lon)
    dist = None if where is None else km(ge.geo, where)
    what = f"{ge.name}: " + ("no coordinates" if dist is None else f"{dist:.0f} km off")
    tally(s, right=dist is not None and dist <= PLACE_KM, gold_null=False, pred_null=where is None, what=what)


# --------------------------------------------------------------------------- quotes

class Names:
    """Which names stand for a gold name: itself plus the aliases of its gold entity."""

    def __init__(self, gold_entities: list[GoldEntity] | None):
        self.by_name: dict[str, GoldEntity] = {}
        for e in gold_entities or []:
            for n in e.names:
                self.by_name.setdefault(norm(n), e)

    def of(self, name: str) -> set[str]:
        e = self.by_name.get(norm(name))
        return {norm(name)} | ({norm(n) for n in e.names} if e else set())

    def refers(self, entity: Entity, name: str, linked: dict[str, GoldEntity]) -> bool:
        """Does the predicted entity stand for ``name``?  Through the gold entity it was
        matched to when there is one, else by its own name and mention texts."""
        wanted = self.of(name)
        if entity.id in linked:
            return bool({norm(n) for n in linked[entity.id].names} & wanted)
        return bool(entity_texts(entity) & wanted)


def score_quotes(gold: list[GoldQuote], not_quotes: list[str], article: Article, names: Names,
                 linked: dict[str, GoldEntity]) -> dict[str, FieldScore]:
    pred = article.quotes

    def match(g: GoldQuote, p: Quote) -> float | None:
        j = jaccard(g.text, p.text)
        return j if j >= QUOTE_JACCARD else None

    def describe_pred(p: Quote) -> str:
        listed = any(jaccard(t, p.text) >= QUOTE_JACCARD for t in not_quotes)
        return f"«{clip(p.text)}» ({p.kind})" + (" listed in not_quotes" if listed else "")

    pairs = greedy_match(gold, pred, match)
    out = {"quotes": score_items(gold, pred, pairs, lambda g: f"«{clip(g.text)}» ({g.kind})", describe_pred),
           "quote_kind": FieldScore(), "quote_speaker": FieldScore()}
    out.update(_quotes_by_kind(gold, pred, pairs))
    for g, p in pairs:
        gq, pq = gold[g], pred[p]
        if gq.kind is not None:
            tally(out["quote_kind"], right=gq.kind == pq.kind, gold_null=False, pred_null=False,
                  what=f"«{clip(gq.text)}»: {pq.kind} (gold {gq.kind})")
        if gq.speaker is not None:
            _judge_speaker(out["quote_speaker"], gq, pq, article, names, linked)
    return out


def _quotes_by_kind(gold: list[GoldQuote], pred: list[Quote], pairs: list[tuple[int, int]]) -> dict[str, FieldScore]:
    out: dict[str, FieldScore] = {}
    gold_hit = {g for g, _ in pairs}
    pred_hit = {p for _, p in pairs}
    for g, p in pairs:
        out.setdefault(f"quotes_{gold[g].kind or pred[p].kind}", FieldScore()).tp += 1
    for g, gq in enumerate(gold):
        if g not in gold_hit and gq.required and gq.kind:
            s = out.setdefault(f"quotes_{gq.kind}", FieldScore())
            s.fn += 1
            s.misses.append(f"«{clip(gq.text)}»")
    for p, pq in enumerate(pred):
        if p not in pred_hit:
            s = out.setdefault(f"quotes_{pq.kind}", FieldScore())
            s.fp += 1
            s.false_hits.append(f"«{clip(pq.text)}»")
    return {k: v for k, v in out.items() if k in FIELDS}


def _judge_speaker(s: FieldScore, gq: GoldQuote, pq: Quote, article: Article, names: Names,
                   linked: dict[str, GoldEntity]) -> None:
    entity = article.entity(pq.speaker)
    if pq.speaker is not None and entity is None:
        said = pq.speaker_span.text if pq.speaker_span else pq.speaker
    else:
        said = entity.name if entity else None
    wanted = [n for n in gq.speaker if n is not None]
    if entity is not None:
        right = any(names.refers(entity, n, linked) for n in wanted)
    else:
        right = pq.speaker is None and None in gq.speaker
    tally(s, right=right, gold_null=not wanted, pred_null=pq.speaker is None,
          what=f"«{clip(gq.text)}»: said by {said} (gold {_show(gq.speaker)})")


# --------------------------------------------------------------------------- events

_ISO3 = re.compile(r"[A-Z]{3}")


def party_matches(entity: Entity, value: str, names: Names, linked: dict[str, GoldEntity]) -> bool:
    """A gold party (ISO3 code or name) matches a predicted entity by country or by name."""
    if _ISO3.fullmatch(value) and entity.country is not None and entity.country.upper() == value:
        return True
    return names.refers(entity, value, linked)


def _side(values: tuple[str, ...], parties: list[Entity], names: Names, linked: dict[str, GoldEntity]) -> float | None:
    """Share of gold values some predicted party matches; None when none does (1 for no values)."""
    if not values:
        return 1.0
    hit = sum(any(party_matches(e, v, names, linked) for e in parties) for v in values)
    return hit / len(values) if hit else None


def event_match(g: GoldEvent, p: Event, article: Article, names: Names, linked: dict[str, GoldEntity]) -> float | None:
    """None unless type and parties agree; else 2 + how well the parties and evidence agree."""
    if p.type not in g.types:
        return None
    actors = [e for e in map(article.entity, p.actor) if e is not None]
    recipients = [e for e in map(article.entity, p.recipient) if e is not None]
    if g.symmetric:
        parties = actors + recipients
        a, r = _side(g.actor, parties, names, linked), _side(g.recipient, parties, names, linked)
    else:
        a, r = _side(g.actor, actors, names, linked), _side(g.recipient, recipients, names, linked)
    if a is None or r is None:
        return None
    return 2.0 + (a + r) / 2 + _overlap(g.evidence, p.evidence.text)


def _overlap(a: str, b: str) -> float:
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    small = min(sum(ta.values()), sum(tb.values()))
    return sum((ta & tb).values()) / small if small else 0.0


def _describe_gold_event(g: GoldEvent) -> str:
    arrow = "↔" if g.symmetric else "→"
    return f"{'|'.join(g.types)} {','.join(g.actor) or '?'}{arrow}{','.join(g.recipient) or '?'} «{clip(g.evidence)}»"


def _describe_event(p: Event, article: Article) -> str:
    def side(ids: list[str]) -> str:
        es = [article.entity(i) for i in ids]
        return ",".join(f"{e.name}[{e.country or '-'}]" if e else i for e, i in zip(es, ids)) or "?"

    return f"{p.type} {side(p.actor)}→{side(p.recipient)} «{clip(p.trigger.text)}»"


def trigger_match(g: GoldEvent, p: Event) -> float | None:
    """None unless the type is accepted and the predicted trigger overlaps one of the gold
    event's trigger mentions; else 1 + the overlap's share of the first mention."""
    if p.type not in g.types:
        return None
    a, b = p.trigger.start, p.trigger.end
    best = None
    for n, (s, e) in enumerate(g.triggers):
        inter = min(b, e) - max(a, s)
        if inter > 0:
            score = 1.0 + (inter / (e - s) if n == 0 else 0.0)
            best = score if best is None else max(best, score)
    return best


def score_triggers(gold: list[GoldEvent], article: Article) -> FieldScore:
    """Trigger + type: a predicted event whose trigger overlaps a gold event's trigger (or one
    of its other mentions) with an accepted type.  A second prediction on another mention of
    an event already found is a repeat, neither hit nor false hit."""
    pred = article.events
    pairs = greedy_match(gold, pred, trigger_match)
    s = score_items(gold, pred, pairs, _describe_gold_event, lambda p: _describe_event(p, article))
    found = [gold[g] for g, _ in pairs]
    used = {p for _, p in pairs}
    repeats = [p for p in range(len(pred)) if p not in used and any(trigger_match(g, pred[p]) for g in found)]
    s.fp -= len(repeats)
    for p in repeats:
        s.false_hits.remove(_describe_event(pred[p], article))
    return s


def score_events(gold: list[GoldEvent], article: Article, names: Names, linked: dict[str, GoldEntity],
                 triggers: bool = False) -> dict[str, FieldScore]:
    pred = article.events
    pairs = greedy_match(gold, pred, lambda g, p: event_match(g, p, article, names, linked))
    out = {"events": score_items(gold, pred, pairs, _describe_gold_event, lambda p: _describe_event(p, article)),
           "event_date": FieldScore()}
    if triggers:
        out["event_triggers"] = score_triggers(gold, article)
    for g, p in pairs:
        ge, pe = gold[g], pred[p]
        _judge_value(out["event_date"], ge.date, pe.date, f"{_describe_gold_event(ge)}: date {pe.date} (gold {_show(ge.date)})")
    return out


# --------------------------------------------------------------------------- times

def score_times(gold: list[GoldTime], article: Article) -> dict[str, FieldScore]:
    seen: set[tuple[str, str]] = set()
    pred: list[Time] = []
    for t in article.times:  # the gold lists each expression once, however often it occurs
        key = (norm(t.span.text), t.value)
        if key not in seen:
            seen.add(key)
            pred.append(t)

    def match(g: GoldTime, p: Time, check_value: bool = True) -> float | None:
        if not text_match(g.text, p.span.text) or (check_value and p.value not in g.values):
            return None
        return 1.0 + (norm(g.text) == norm(p.span.text)) + (p.value == g.values[0])

    def describe_gold(g: GoldTime) -> str:
        return f"«{g.text}» = {'/'.join(g.values)}"

    def describe_pred(p: Time) -> str:
        return f"«{p.span.text}» = {p.value}"

    by_text = _dedupe_text(pred)
    return {"times": score_items(gold, pred, greedy_match(gold, pred, match), describe_gold, describe_pred),
            "times_text": score_items(gold, by_text, greedy_match(gold, by_text, lambda g, p: match(g, p, False)),
                                      describe_gold, describe_pred)}


def _dedupe_text(times: list[Time]) -> list[Time]:
    seen: set[str] = set()
    out = []
    for t in times:
        if norm(t.span.text) not in seen:
            seen.add(norm(t.span.text))
            out.append(t)
    return out


# --------------------------------------------------------------------------- documents

def score_document(gold: GoldDoc, article: Article) -> dict[str, FieldScore]:
    """Every field the gold document scores, for one predicted record (in :data:`FIELDS` order)."""
    out: dict[str, FieldScore] = {}
    linked: dict[str, GoldEntity] = {}
    if gold.entities is not None:
        fields, linked = score_entities(gold.entities, article, typed=not gold.corpus)
        if gold.scores("entities"):
            out.update(fields)
        elif gold.corpus:  # the participants of the corpus' events: is their country right?
            out["entity_country"] = fields["entity_country"]
    names = Names(gold.entities)
    if gold.scores("quotes"):
        out.update(score_quotes(gold.quotes, gold.not_quotes, article, names, linked))
    if gold.scores("events"):
        out.update(score_events(gold.events, article, names, linked, triggers=gold.corpus))
    if gold.scores("times"):
        out.update(score_times(gold.times, article))
    return {k: out[k] for k in FIELDS if k in out}


def gold_article(gold: GoldDoc) -> Article:
    """The article of a gold document as the pipeline's input (its date and language given)."""
    from .reader import make_article

    return make_article(gold.text, str(gold.path), id=gold.name, published=gold.published,
                        language=gold.language)


def evaluate(gold_paths: Iterable[str | Path], *, pipeline: Any = None, explain: bool = False) -> EvalReport:
    """Run ``pipeline`` (default: :func:`eventwire.get_pipeline`) over the articles of the gold
    files (files, or directories searched for ``*.expected.json``) and score the records.

    An article on which the pipeline fails is scored as an empty record and its error kept in
    :attr:`DocReport.error`; ``explain`` puts misses and false hits into :meth:`EvalReport.to_dict`.
    """
    from .reader import Rejected

    golds = [load_gold(p) for p in find_gold(gold_paths)]
    if not golds:
        raise GoldError("no gold files were found", hint="pass *.expected.json files or folders holding them")
    if pipeline is None:
        from . import get_pipeline

        pipeline = get_pipeline()
    articles = [gold_article(g) for g in golds]
    names = _unique_names(golds)
    documents = []
    for gold, name, article, result in zip(golds, names, articles, pipeline.process(articles), strict=True):
        error = result.reason if isinstance(result, Rejected) else None
        record = article if error else result
        documents.append(DocReport(name, str(gold.path), score_document(gold, record), error))
    return EvalReport(total(documents), documents, explain)


def _unique_names(golds: Sequence[GoldDoc]) -> list[str]:
    """Each document's name; a name two files share gets its folder: ``events/kk006_0000``."""
    counts = Counter(g.name for g in golds)
    return [g.name if counts[g.name] == 1 else f"{g.path.parent.name}/{g.name}" for g in golds]


# --------------------------------------------------------------------------- presentation

def report_table(report: EvalReport, *, by_field: bool = True):
    """A rich Table: one row per field (micro totals), or, with ``by_field=False``, one row per
    document with the F1 of the headline fields."""
    from rich.table import Table

    if not by_field:
        return _document_table(report)
    table = Table(title="eventwire evaluation (micro totals)")
    for col in ("field", "tp", "fp", "fn", "P", "R", "F1", "acc"):
        table.add_column(col, justify="left" if col == "field" else "right")
    for name, s in report.fields.items():
        acc = "" if s.accuracy is None else f"{s.accuracy:.3f}"
        table.add_row(name, str(s.tp), str(s.fp), str(s.fn), f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", acc)
    return table


def _document_table(report: EvalReport):
    from rich.table import Table

    table = Table(title="eventwire evaluation: F1 per document")
    table.add_column("document")
    for name in HEADLINE:
        table.add_column(name, justify="right")
    rows = [(d.name + (" (failed)" if d.error else ""), d.fields) for d in report.documents]
    for label, fields in rows + [("all", report.fields)]:
        table.add_row(label, *(f"{fields[f].f1:.3f}" if f in fields else "–" for f in HEADLINE))
    return table


def explain_lines(report: EvalReport, fields: Sequence[str] | None = None) -> list[str]:
    """Misses and false hits of each field, one per line, for ``eval --explain``."""
    lines = [f"{d.name}: the pipeline failed: {d.error}" for d in report.documents if d.error]
    for name, s in report.fields.items():
        if fields is not None and name not in fields:
            continue
        lines += [f"[{name}] missed    {m}" for m in s.misses]
        lines += [f"[{name}] false hit {m}" for m in s.false_hits]
    return lines


# --------------------------------------------------------------------------- floors (the gate)

def load_floors(path: str | Path = FLOORS_PATH) -> dict[str, Any]:
    """The pinned floors: ``{"fields": {field: {metric: floor}}, "files": {doc: {field: {metric: floor}}}}``."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return {"fields": data.get("fields") or {}, "files": data.get("files") or {},
            "margin": data.get("margin", 0.02)}


def check_scores(scores: dict[str, FieldScore], floors: dict[str, dict[str, float]], where: str = "all",
                 show: int = 8) -> list[str]:
    """One message per metric below its floor, naming what was missed."""
    failures = []
    for name, wanted in floors.items():
        s = scores.get(name)
        for metric, floor in (wanted or {}).items():
            if s is None:
                if floor > 0:
                    failures.append(f"{where}: {name}: nothing was scored, but {metric} must be ≥ {floor}")
                continue
            value = s.metric(metric) or 0.0
            if value + 1e-9 < floor:
                failures.append(f"{where}: {name} {metric} {value:.3f} < floor {floor:.3f}" + _evidence(s, metric, show))
    return failures


def _evidence(s: FieldScore, metric: str, show: int) -> str:
    items = s.false_hits if metric == "precision" else s.misses if metric == "recall" else s.misses + s.false_hits
    label = "false hits" if metric == "precision" else "misses"
    more = f" … and {len(items) - show} more" if len(items) > show else ""
    return f"\n    {label}: " + "; ".join(items[:show]) + more if items else ""


def check_floors(report: EvalReport, floors: dict[str, Any]) -> list[str]:
    """Every floor of ``floors`` (see :func:`load_floors`) that the report falls below."""
    failures = check_scores(report.fields, floors.get("fields") or {})
    for doc, wanted in (floors.get("files") or {}).items():
        try:
            scores = report.document(doc).fields
        except KeyError:
            failures.append(f"{doc}: floors are set for this gold document, but it was not evaluated")
            continue
        failures += check_scores(scores, wanted or {}, where=doc)
    return failures


def floors_from(scores: dict[str, FieldScore], margin: float) -> dict[str, dict[str, float]]:
    """Floors a little (``margin``) under the given scores, rounded down to 0.01."""
    out = {}
    for name, s in scores.items():
        if s.tp + s.fp + s.fn == 0:
            continue
        out[name] = {m: max(0.0, math.floor((s.metric(m) - margin) * 100 + 1e-6) / 100) for m in ("precision", "recall")}
    return out


def write_floors(report: EvalReport, margin: float = 0.02, path: str | Path = FLOORS_PATH,
                 what: str = "the gold set (gold/ + shared/examples)") -> dict[str, Any]:
    """Pin the floors at the report's scores minus ``margin``; per-file floors already in the
    file are kept as they are.  Returns what was written."""
    path = Path(path)
    old = load_floors(path) if path.exists() else {"files": {}}
    data = {"margin": margin, "fields": floors_from(report.fields, margin), "files": old["files"]}
    header = (f"# Quality floors of {what}, checked by tests/test_gate.py.\n"
              "# Written by eventwire.evaluate.write_floors(report, margin); see gold/README.md.\n")
    path.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return data


# --------------------------------------------------------------------------- confidence

def event_pairs(gold: GoldDoc, article: Article) -> list[tuple[int, int]]:
    """(gold event, predicted event) index pairs of a scored document, matched as
    :func:`score_events` matches them; empty when the document does not score events."""
    if not gold.scores("events"):
        return []
    linked = score_entities(gold.entities, article, typed=not gold.corpus)[1] if gold.entities is not None else {}
    names = Names(gold.entities)
    return greedy_match(gold.events, article.events, lambda g, p: event_match(g, p, article, names, linked))


def event_hits(gold: GoldDoc, article: Article) -> list[tuple[Event, bool]]:
    """(event, right) for every predicted event of a scored document: right when it is
    matched to a gold event as :func:`score_events` matches them."""
    if not gold.scores("events"):
        return []
    right = {p for _, p in event_pairs(gold, article)}
    return [(e, n in right) for n, e in enumerate(article.events)]


def reliability(hits: Sequence[tuple[float, bool]], edges: Sequence[float] = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0001)) -> dict[str, Any]:
    """A reliability table: per confidence bin, how many events and the share that are right,
    against their mean confidence; and the expected calibration error (ECE) over all."""
    rows, ece = [], 0.0
    for lo, hi in zip(edges, edges[1:]):
        inside = [(c, r) for c, r in hits if lo <= c < hi]
        if not inside:
            continue
        conf = sum(c for c, _ in inside) / len(inside)
        acc = sum(r for _, r in inside) / len(inside)
        ece += len(inside) / len(hits) * abs(acc - conf)
        rows.append({"from": lo, "to": min(hi, 1.0), "events": len(inside), "confidence": round(conf, 3),
                     "right": round(acc, 3)})
    return {"bins": rows, "events": len(hits), "ece": round(ece, 3)}
