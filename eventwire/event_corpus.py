"""The event corpus: NARC Bokmål documents annotated with PLOVER events (``corpus/events``).

A corpus file is a gold file (``<document>.expected.json``) whose ``source`` is a NARC text
and whose annotations are pointers, never copied text: a mention is ``[sentence, first token,
last token]`` (1-based, as in the NARC file, where every line is a sentence and tokens are
separated by spaces).  The guideline is ``docs/annotation.md``; the fields are described in
``corpus/events/README.md``.

* :func:`load_corpus_gold` turns a corpus file into a :class:`~eventwire.gold.GoldDoc`: the
  text is rebuilt from the tokens (:func:`eventwire.corpus.sentences_text`), each participant
  becomes a gold entity named by its mention (with the names of its NARC coreference chain as
  aliases and its country), and each event a :class:`~eventwire.gold.GoldEvent` whose parties
  are those names and countries and whose ``triggers`` are character spans.
* :func:`from_draft` turns an annotator's draft (words instead of token numbers) into a
  corpus file, and :func:`problems` checks one: spans, types, modes, references.
* :func:`split_checksum` is the frozen test split's fingerprint.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import resources
from .corpus import narc_path, narc_sentences, sentences_text
from .errors import GoldError

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus" / "events"
SPLITS = ("train", "dev", "test")
MODALITIES = ("asserted", "reported", "intended", "hypothetical")
#: modalities whose events are annotated but not required of a system
OPTIONAL_MODALITIES = ("hypothetical",)
_ISO3 = re.compile(r"[A-Z]{3}")
_PRONOUNS = {"han", "hun", "de", "den", "det", "dette", "denne", "disse", "vi", "jeg", "du", "dere",
             "ham", "henne", "dem", "oss", "meg", "seg", "hans", "hennes", "deres", "sin", "sitt",
             "sine", "som", "man", "en", "noen", "alle", "begge", "hvem", "hva"}

Mention = tuple[int, int, int]


@dataclass(frozen=True)
class NarcText:
    """A NARC document as article text: sentences' tokens and every token's character span."""

    file: str
    sentences: list[list[str]]
    text: str
    offsets: list[list[tuple[int, int]]]

    def span(self, mention: Mention) -> tuple[int, int]:
        s, a, b = mention
        return self.offsets[s - 1][a - 1][0], self.offsets[s - 1][b - 1][1]

    def words(self, mention: Mention) -> str:
        start, end = self.span(mention)
        return self.text[start:end]

    def check(self, mention: Any) -> str | None:
        """Why ``mention`` is no valid pointer into this document (None when it is)."""
        if not (isinstance(mention, list | tuple) and len(mention) == 3 and all(isinstance(x, int) for x in mention)):
            return f"{mention!r} is not [sentence, first token, last token]"
        s, a, b = mention
        if not 1 <= s <= len(self.sentences):
            return f"sentence {s} is out of range (1-{len(self.sentences)})"
        n = len(self.sentences[s - 1])
        if not 1 <= a <= b <= n:
            return f"tokens {a}-{b} are out of range in sentence {s} (1-{n})"
        if self.sentences[s - 1][b - 1] == "|":
            return f"tokens {a}-{b} of sentence {s} end on the headline mark '|'"
        return None


@lru_cache(maxsize=512)
def narc_text(file: str) -> NarcText:
    """The rebuilt text of ``file`` (relative to ``shared/data/narc``)."""
    sents = narc_sentences(file)
    text, offsets = sentences_text(sents)
    return NarcText(file, sents, text, offsets)


def published_from_name(name: str) -> str | None:
    """The publication date a NARC file name carries (``ap~20090112-2862477`` → 2009-01-12)."""
    m = re.search(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?!\d{3})", name)
    if not m:
        return None
    y, mo, d = m.groups()
    if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
        return None
    return f"{y}-{mo}-{d}"


# --------------------------------------------------------------------------- NARC chains

@lru_cache(maxsize=512)
def _narc_annotation(file: str) -> tuple[dict[str, Mention], tuple[tuple[str, str], ...]]:
    """The markables (id -> pointer) and coreference links of a NARC document."""
    txt = narc_path(file)
    ann = txt.with_suffix(".ann")
    if not ann.exists():
        return {}, ()
    starts: dict[int, tuple[int, int]] = {}  # raw char offset of a token start -> (sent, tok)
    ends: dict[int, tuple[int, int]] = {}
    pos = 0
    for s, line in enumerate(txt.read_text(encoding="utf-8").split("\n")[:-1], 1):
        col = pos
        for t, tok in enumerate(line.split(" "), 1):
            starts[col] = (s, t)
            ends[col + len(tok)] = (s, t)
            col += len(tok) + 1
        pos += len(line) + 1
    markables: dict[str, Mention] = {}
    links: list[tuple[str, str]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            parts = cols[1].split(" ")
            if parts[0] != "Markable" or ";" in cols[1]:
                continue
            a, b = int(parts[1]), int(parts[2])
            if a in starts and b in ends and starts[a][0] == ends[b][0]:
                markables[cols[0]] = (starts[a][0], starts[a][1], ends[b][1])
        elif line.startswith("R") and len(cols) >= 2 and cols[1].startswith("Coref"):
            args = dict(x.split(":", 1) for x in cols[1].split(" ")[1:] if ":" in x)
            if "Arg1" in args and "Arg2" in args:
                links.append((args["Arg1"], args["Arg2"]))
    return markables, tuple(links)


def narc_markables(file: str) -> set[Mention]:
    """Every markable of a NARC document as a pointer (discontinuous ones left out)."""
    return set(_narc_annotation(file)[0].values())


@lru_cache(maxsize=512)
def narc_chains(file: str) -> tuple[tuple[Mention, ...], ...]:
    """The coreference chains of a NARC document as mentions (pointers), longest first."""
    markables, links = _narc_annotation(file)
    parent = {k: k for k in markables}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b in links:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    groups: dict[str, list[Mention]] = {}
    for k, m in markables.items():
        groups.setdefault(find(k), []).append(m)
    chains = (tuple(sorted(set(g))) for g in groups.values())
    return tuple(sorted((c for c in chains if len(c) > 1), key=len, reverse=True))


def _is_name_like(doc: NarcText, m: Mention) -> bool:
    """A chain mention fit to be an alias: short, not a pronoun, with a capitalised word that
    is not merely the first of its sentence."""
    s, a, b = m
    toks = doc.sentences[s - 1][a - 1:b]
    if not toks or len(toks) > 5 or (len(toks) == 1 and toks[0].lower() in _PRONOUNS):
        return False
    return any(t[:1].isupper() and (a + i > 1 or len(toks) > 1) for i, t in enumerate(toks))


def aliases(doc: NarcText, mention: Mention) -> list[str]:
    """The names of the NARC chain ``mention`` belongs to (the chain holding a markable that
    starts where it starts: the same span, or a longer phrase it heads), other than itself."""
    s, a, b = mention
    own = doc.words(mention)
    for chain in narc_chains(doc.file):
        if any(ms == s and ma == a and mb >= b for ms, ma, mb in chain):
            names = [doc.words(m) for m in chain if _is_name_like(doc, m)]
            return [n for n in dict.fromkeys(names) if n != own]
    return []


# --------------------------------------------------------------------------- loading

def load_corpus_gold(path: Path, data: dict[str, Any]):
    """A :class:`~eventwire.gold.GoldDoc` of a corpus file (events and their parties scored)."""
    from .gold import GoldDoc, GoldEntity, GoldEvent, GoldQuote

    errors = problems(data)
    if errors:
        raise GoldError("invalid corpus file: " + "; ".join(errors[:5]), origin=str(path),
                        hint="run `python scripts/event_corpus.py check` on it and fix what it names")
    doc = narc_text(data["source"]["file"])
    parties: dict[str, tuple[str, ...]] = {}
    entities: list[GoldEntity] = []
    for pid, p in data.get("participants", {}).items():
        values: list[str] = []
        if p.get("mention"):
            name = doc.words(tuple(p["mention"]))
            values.append(name)
            entities.append(GoldEntity(name=name, types=_entity_types(p.get("type")),
                                       aliases=tuple(aliases(doc, tuple(p["mention"]))),
                                       country=(p.get("country"),) if "country" in p else None,
                                       sector=(p.get("sector"),) if p.get("sector") else None,
                                       required=False))
        if p.get("country"):
            values.append(p["country"])
        parties[pid] = tuple(values)
    events = []
    for e in data.get("events", []):
        optional = e.get("negated") or e.get("modality") in OPTIONAL_MODALITIES
        events.append(GoldEvent(
            types=_types(e["type"]),
            actor=tuple(v for pid in e.get("actor", []) for v in parties[pid]),
            recipient=tuple(v for pid in e.get("recipient", []) for v in parties[pid]),
            symmetric=bool(e.get("symmetric", False)),
            date=(e["date"],) if e.get("date") else None,
            mode=e.get("mode"),
            evidence=doc.words(tuple(e["trigger"])),
            required=bool(e.get("required", True)) and not optional,
            triggers=tuple(doc.span(tuple(t)) for t in [e["trigger"], *e.get("also", [])]),
            negated=bool(e.get("negated", False)),
            modality=e.get("modality", "asserted"),
        ))
    quotes = None
    if "quotes" in data:
        quotes = [GoldQuote(text=doc.text[slice(*quote_span(doc, q["span"]))], kind=q["kind"],
                            speaker=tuple(parties[q["speaker"]][:1]) if q.get("speaker") else (None,),
                            required=bool(q.get("required", True)))
                  for q in data["quotes"]]
    document = data.get("document") or {}
    scored = frozenset(g for g in ("events", "quotes") if g in data)
    return GoldDoc(path=path, text=doc.text, language=document.get("language", "nb"),
                   published=document.get("published"), entities=entities,
                   events=events if "events" in data else None, quotes=quotes,
                   scored=scored, corpus=True)


def annotation_article(path: Path, data: dict[str, Any]):
    """A corpus file read as if a system had produced it: an :class:`~eventwire.records.Article`
    whose entities are the participants and whose events are the annotated events, so that a
    second annotation of a document is scored against the first by the scorer the pipeline is
    scored by (inter-annotator agreement, ``scripts/event_agreement.py``)."""
    from .records import Article, Entity, Event, Span

    doc = narc_text(data["source"]["file"])
    entities = []
    for pid, p in data.get("participants", {}).items():
        mention = tuple(p["mention"]) if p.get("mention") else None
        spans = [Span.of(doc.text, *doc.span(mention))] if mention else []
        kind = _entity_types(p.get("type"))[0]
        entities.append(Entity(id=pid, name=spans[0].text if spans else pid,
                               type="MISC" if kind == "GRP" else kind,
                               country=p.get("country"), sector=p.get("sector"), mentions=spans,
                               implicit=bool(p.get("implicit", False))))
    events = []
    for n, e in enumerate(data.get("events", []), 1):
        trigger = Span.of(doc.text, *doc.span(tuple(e["trigger"])))
        events.append(Event(id=f"v{n}", type=_types(e["type"])[0], mode=e.get("mode"),
                            actor=list(e.get("actor", [])), recipient=list(e.get("recipient", [])),
                            date=e.get("date"), negated=bool(e.get("negated", False)),
                            modality=e.get("modality", "asserted"), trigger=trigger, evidence=trigger,
                            confidence=1.0))
    document = data.get("document") or {}
    return Article(id=Path(path).name, text=doc.text, language=document.get("language", "nb"),
                   published=document.get("published"), entities=entities, events=events)


def quote_span(doc: NarcText, span: Any) -> tuple[int, int]:
    """The characters of a quote pointer ``[[sentence, first token], [sentence, last token]]``."""
    (s1, a), (s2, b) = span
    return doc.offsets[s1 - 1][a - 1][0], doc.offsets[s2 - 1][b - 1][1]


def _types(value: Any) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _entity_types(value: Any) -> tuple[str, ...]:
    types = _types(value or "ORG")
    return tuple(dict.fromkeys("GPE" if t in ("GPE_LOC", "GPE_ORG") else t for t in types))


# --------------------------------------------------------------------------- checking

ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC", "GRP")


def problems(data: dict[str, Any]) -> list[str]:
    """Everything wrong with a corpus file, in words (empty when it is valid)."""
    out: list[str] = []
    source = data.get("source") or {}
    if source.get("corpus") != "narc" or not isinstance(source.get("file"), str):
        return ["'source' must be {\"corpus\": \"narc\", \"file\": \"bokmaal/<document>.txt\"}"]
    try:
        doc = narc_text(source["file"])
    except GoldError as err:
        return [str(err)]
    if data.get("split") not in SPLITS:
        out.append(f"'split' must be one of {', '.join(SPLITS)}")
    plover = resources.load("plover.yaml")["types"]
    parts = data.get("participants", {})
    if not isinstance(parts, dict):
        return out + ["'participants' must be an object of id -> participant"]
    for pid, p in parts.items():
        where = f"participant {pid}"
        if p.get("mention") is None and not p.get("implicit"):
            out.append(f"{where}: needs a mention or \"implicit\": true")
        if p.get("mention") is not None and (err := doc.check(p["mention"])):
            out.append(f"{where}: {err}")
        for t in _types(p.get("type") or "ORG"):
            if t not in ENTITY_TYPES:
                out.append(f"{where}: type {t!r} is not one of {', '.join(ENTITY_TYPES)}")
        c = p.get("country")
        if c is not None and not _ISO3.fullmatch(str(c)):
            out.append(f"{where}: country {c!r} is not an ISO 3166-1 alpha-3 code")
    if "quotes" in data:
        out += _quote_problems(doc, data["quotes"], parts)
        if "events" not in data:
            return out
    events = data.get("events")
    if not isinstance(events, list):
        return out + ["'events' must be a list (empty when the document has none)"]
    for n, e in enumerate(events, 1):
        where = f"event {n}"
        for t in _types(e.get("type")):
            if t not in plover:
                out.append(f"{where}: type {t!r} is not a PLOVER type")
        mode = e.get("mode")
        if mode is not None and not any(mode in plover.get(t, {}).get("modes", []) for t in _types(e.get("type"))):
            out.append(f"{where}: mode {mode!r} is not a mode of {e.get('type')}")
        for m in [e.get("trigger"), *e.get("also", [])]:
            if (err := doc.check(m)):
                out.append(f"{where}: trigger {err}")
        for role in ("actor", "recipient"):
            for pid in e.get(role, []):
                if pid not in parts:
                    out.append(f"{where}: {role} {pid!r} is not a participant")
        if e.get("modality", "asserted") not in MODALITIES:
            out.append(f"{where}: modality {e.get('modality')!r} is not one of {', '.join(MODALITIES)}")
        date = e.get("date")
        if date is not None and not re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", str(date)):
            out.append(f"{where}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return out


QUOTE_KINDS = ("direct", "indirect", "mixed")


def _quote_problems(doc: NarcText, quotes: Any, parts: dict[str, Any]) -> list[str]:
    if not isinstance(quotes, list):
        return ["'quotes' must be a list (empty when the document has none)"]
    out = []
    for n, q in enumerate(quotes, 1):
        where = f"quote {n}"
        if q.get("kind") not in QUOTE_KINDS:
            out.append(f"{where}: kind {q.get('kind')!r} is not one of {', '.join(QUOTE_KINDS)}")
        span = q.get("span")
        if not (isinstance(span, list) and len(span) == 2 and all(isinstance(x, list) and len(x) == 2 for x in span)):
            out.append(f"{where}: span {span!r} is not [[sentence, first token], [sentence, last token]]")
            continue
        (s1, a), (s2, b) = span
        for err in (doc.check([s1, a, a]), doc.check([s2, b, b])):
            if err:
                out.append(f"{where}: {err}")
        if (s1, a) > (s2, b):
            out.append(f"{where}: the span ends before it starts")
        if q.get("speaker") is not None and q["speaker"] not in parts:
            out.append(f"{where}: speaker {q['speaker']!r} is not a participant")
        if q.get("speaker") is not None and not (parts.get(q["speaker"]) or {}).get("mention"):
            out.append(f"{where}: speaker {q['speaker']!r} has no mention to be named by")
    return out


# --------------------------------------------------------------------------- drafts

def locate(doc: NarcText, sentence: int, words: str, occurrence: int = 1) -> Mention:
    """The pointer of ``words`` (tokens separated by spaces, as in the NARC line) in a sentence."""
    if not 1 <= sentence <= len(doc.sentences):
        raise ValueError(f"sentence {sentence} is out of range (1-{len(doc.sentences)})")
    toks = doc.sentences[sentence - 1]
    want = words.split()
    for fold in (False, True):
        hits = [i for i in range(len(toks) - len(want) + 1)
                if [t.lower() if fold else t for t in toks[i:i + len(want)]] == [w.lower() if fold else w for w in want]]
        if len(hits) >= occurrence:
            i = hits[occurrence - 1]
            return (sentence, i + 1, i + len(want))
    raise ValueError(f"{words!r} (occurrence {occurrence}) is not in sentence {sentence}: {' '.join(toks)}")


def _pointer(doc: NarcText, ref: Any) -> Mention:
    """A draft reference ``[sentence, "words"]`` or ``[sentence, "words", occurrence]``, or a
    pointer already."""
    if isinstance(ref, list | tuple) and len(ref) == 3 and all(isinstance(x, int) for x in ref):
        return tuple(ref)
    if isinstance(ref, list | tuple) and len(ref) in (2, 3) and isinstance(ref[0], int) and isinstance(ref[1], str):
        return locate(doc, ref[0], ref[1], int(ref[2]) if len(ref) == 3 else 1)
    raise ValueError(f"{ref!r} is neither [sentence, \"words\"(, occurrence)] nor [sentence, first, last]")


_EVENT_KEYS = ("type", "mode", "actor", "recipient", "symmetric", "negated", "modality", "date", "required")


def from_draft(draft: dict[str, Any], split: str) -> dict[str, Any]:
    """A corpus file from a draft: ``document`` (the NARC name), ``participants`` and ``events``
    whose mentions and triggers are words; notes are dropped (a corpus file copies no text)."""
    name = draft["document"]
    file = f"bokmaal/{name}.txt"
    doc = narc_text(file)
    parts: dict[str, Any] = {}
    for pid, p in draft.get("participants", {}).items():
        q: dict[str, Any] = {"mention": list(_pointer(doc, p["mention"])) if p.get("mention") else None}
        for k in ("type", "country", "sector", "implicit"):
            if p.get(k) is not None:
                q[k] = p[k]
        parts[pid] = q
    events = []
    for e in draft.get("events", []):
        out: dict[str, Any] = {"trigger": list(_pointer(doc, e["trigger"]))}
        if e.get("also"):
            out["also"] = [list(_pointer(doc, a)) for a in e["also"]]
        for k in _EVENT_KEYS:
            if k in e and e[k] is not None and e[k] != []:
                out[k] = e[k]
        out.setdefault("mode", None)
        events.append(out)
    quoted = "quotes" in draft
    guideline = "docs/annotation-quotes.md v1" if quoted and "events" not in draft else "docs/annotation.md v1"
    data = {"about": draft.get("about", f"NARC Bokmål document annotated under {guideline.split()[0]}"),
            "source": {"corpus": "narc", "file": file},
            "document": {"language": "nb", "published": draft.get("published", published_from_name(name))},
            "split": split, "guideline": guideline, "participants": parts}
    if "events" in draft or not quoted:
        data["events"] = events
    if quoted:
        data["quotes"] = [_quote_from_draft(doc, q) for q in draft["quotes"]]
    errors = problems(data)
    if errors:
        raise ValueError("; ".join(errors))
    return data


def _quote_from_draft(doc: NarcText, q: dict[str, Any]) -> dict[str, Any]:
    """``{"kind", "start": [s, "first words"], "end": [s, "last words"], "speaker"}`` → pointers."""
    first, last = _pointer(doc, q["start"]), _pointer(doc, q["end"])
    out: dict[str, Any] = {"kind": q.get("kind"), "span": [[first[0], first[1]], [last[0], last[2]]],
                           "speaker": q.get("speaker")}
    if q.get("required") is False:
        out["required"] = False
    return out


# --------------------------------------------------------------------------- the frozen split

def corpus_files(split: str, root: Path = CORPUS_DIR) -> list[Path]:
    return sorted((root / split).glob("*.expected.json"))


def split_checksum(split: str, root: Path = CORPUS_DIR) -> str:
    """SHA-256 over the names and bytes of a split's files, in name order."""
    h = hashlib.sha256()
    for p in corpus_files(split, root):
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()
