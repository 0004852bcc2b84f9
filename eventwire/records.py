"""Typed records of the eventwire output contract (``shared/spec/RECORDS.md``).

Every stage fills these models; conversion to JSON, DuckDB rows and Parquet happens
at the edges (``store``, ``export``) only.  Spans are character offsets into
``Article.text`` and :meth:`Article.check_spans` proves ``text[start:end] == span.text``.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA = "eventwire/1"

EntityType = Literal["PER", "ORG", "LOC", "GPE", "EVT", "PROD", "DRV", "MISC"]
QuoteKind = Literal["direct", "indirect", "mixed"]
Modality = Literal["asserted", "reported", "intended", "hypothetical"]
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Span(Record):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        """The span ``text[start:end]``."""
        return cls(start=start, end=end, text=text[start:end])


class Source(Record):
    uri: str | None = None
    outlet: str | None = None


class Geo(Record):
    lat: float
    lon: float
    country: str | None = None
    feature: str | None = None
    geonameid: int | None = None
    name: str | None = None


class Entity(Record):
    id: str
    name: str
    type: EntityType
    gpe_sense: Literal["LOC", "ORG"] | None = None
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    kb_id: str | None = None
    mentions: list[Span] = Field(default_factory=list)
    geo: Geo | None = None
    #: an actor the text implies but never names (the police of an agentless arrest); no mentions
    implicit: bool = False
    #: a participant the text describes but does not name ("over 450 mennesker"), made by the
    #: events stage for an event argument no other entity covers
    unnamed: bool = False
    #: the country is the article's guess, not something the text or our data says of this
    #: entity: the story's focus country, the home country of a Nordic name, the country of the
    #: places around an unnamed person
    country_inferred: bool = False


class Quote(Record):
    id: str
    kind: QuoteKind
    text: str
    span: Span
    speaker: str | None = None
    speaker_span: Span | None = None
    cue: str | None = None
    addressee: str | None = None


class Event(Record):
    id: str
    type: EventType
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    actor: list[str] = Field(default_factory=list)
    recipient: list[str] = Field(default_factory=list)
    date: str | None = None
    location: str | None = None
    negated: bool = False
    modality: Modality = "asserted"
    source_quote: str | None = None
    trigger: Span
    evidence: Span
    confidence: float = Field(ge=0.0, le=1.0)
    #: the rule score the confidence is calibrated from (see ``calibration`` in the lexicon)
    score: float | None = None


class Time(Record):
    span: Span
    value: str
    anchor: Literal["published", "absolute"]


class Article(Record):
    schema_: str = Field(default=SCHEMA, alias="schema")
    id: str
    source: Source = Field(default_factory=Source)
    language: str | None = None
    published: str | None = None
    title: str | None = None
    text: str
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    times: list[Time] = Field(default_factory=list)
    tone: float | None = None
    warnings: list[str] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def spans(self) -> list[Span]:
        """Every span of the record, in no particular order."""
        out: list[Span] = []
        for e in self.entities:
            out.extend(e.mentions)
        for q in self.quotes:
            out.append(q.span)
            if q.speaker_span is not None:
                out.append(q.speaker_span)
        for v in self.events:
            out.extend([v.trigger, v.evidence])
        out.extend(t.span for t in self.times)
        return out

    def check_spans(self) -> list[str]:
        """Return a description of each span whose offsets disagree with ``text``."""
        bad = []
        for s in self.spans():
            if s.end < s.start or s.end > len(self.text) or self.text[s.start:s.end] != s.text:
                bad.append(f"span {s.start}-{s.end} {s.text!r} does not match the article text")
        return bad

    def entity(self, entity_id: str | None) -> Entity | None:
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity with a mention overlapping ``start:end`` (the tightest one), if any."""
        best, best_len = None, None
        for e in self.entities:
            for m in e.mentions:
                if m.start < end and start < m.end:
                    size = m.end - m.start
                    if best_len is None or size < best_len:
                        best, best_len = e, size
        return best

    def quote_at(self, offset: int) -> Quote | None:
        """The quote whose text holds the character at ``offset``, if any."""
        return next((q for q in self.quotes if q.span.start <= offset < q.span.end), None)

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True)

    def to_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)

    @classmethod
    def from_json(cls, line: str) -> "Article":
        return cls.model_validate_json(line)
