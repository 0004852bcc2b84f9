"""The events stage: who did what to whom, when and where, coded as PLOVER 2.0 events.

Triggers (verbs, event nouns, predicative adjectives) come from the per-language lexicon
``data/<lang>/events.yaml`` (its header documents the schema).  For each trigger the stage reads
the arguments off the dependency parse (subject, object, obliques, possessives, passive agent,
coordination, control and relative clauses), resolves them to entities with
:meth:`Article.entity_at`, and decides negation, modality, date and place from the clause.
Mentions of one nominal event ("møtet", "toppmøtet i Hanoi") are merged into one event.
Precision first: an event needs an actor entity unless its type allows none.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from . import resources
from .pipeline import Analysis, PipelineConfig, stage
from .records import Article, Entity, Event, Span

_CLAUSE_DEPS = {"advcl", "ccomp", "csubj", "acl:relcl", "parataxis", "xcomp"}
_SUBJ = ("nsubj", "nsubj:pass", "csubj")
_PLACE_TYPES = {"LOC", "GPE"}


@dataclass(frozen=True)
class Entry:
    """One lexicon line: a trigger lemma in a syntactic frame and the PLOVER code it gives."""

    lemma: str
    type: str
    pos: str = "VERB"
    mode: str | None = None
    context: tuple[str, ...] = ()
    particles: tuple[str, ...] = ()
    object: tuple[str, ...] = ()
    reflexive: bool = False
    reciprocal: bool = False
    compounds: bool = False
    ignore: bool = False
    actor: str | None = None
    negated: tuple[str, str | None] | None = None
    recipient_preps: tuple[str, ...] | None = None

    @property
    def specificity(self) -> int:
        return len(self.particles) + len(self.object) + int(self.reflexive)

    @classmethod
    def from_dict(cls, d: dict) -> "Entry":
        neg = d.get("negated")
        preps = d.get("recipient_preps")
        return cls(lemma=d["lemma"], type=d["type"], pos=d.get("pos", "VERB"), mode=d.get("mode"),
                   context=tuple(d.get("context", ())), particles=tuple(d.get("particles", ())),
                   object=tuple(d.get("object", ())), reflexive=bool(d.get("reflexive")),
                   reciprocal=bool(d.get("reciprocal")), compounds=bool(d.get("compounds")),
                   ignore=bool(d.get("ignore")), actor=d.get("actor"),
                   negated=(neg["type"], neg.get("mode")) if neg else None,
                   recipient_preps=tuple(preps) if preps is not None else None)


@dataclass(frozen=True)
class Lexicon:
    """A language's trigger lexicon and the word lists the argument rules use."""

    entries: dict[tuple[str, str], tuple[Entry, ...]]
    compound_heads: tuple[tuple[str, str], ...]
    words: dict
    types: dict

    def lookup(self, pos: str, keys: list[str]) -> tuple[Entry, ...]:
        for k in keys:
            if (pos, k) in self.entries:
                return self.entries[(pos, k)]
        if pos == "NOUN":
            for k in keys:
                for p, head in self.compound_heads:
                    if p == pos and k.endswith(head) and len(k) > len(head) + 2:
                        return self.entries[(pos, head)]
        return ()

    def list(self, name: str) -> list:
        return self.words.get(name) or []


@lru_cache(maxsize=None)
def load_lexicon(language: str | None) -> Lexicon | None:
    """The lexicon for ``language`` (nb, nn → nb, en), or None when there is none."""
    lang = {"nn": "nb", "no": "nb", None: "nb"}.get(language, language)
    if not resources.path(f"{lang}/events.yaml").exists():
        return None
    data = resources.load(f"{lang}/events.yaml")
    table: dict[tuple[str, str], list[Entry]] = {}
    for d in data["entries"]:
        e = Entry.from_dict(d)
        table.setdefault((e.pos, e.lemma), []).append(e)
    entries = {k: tuple(sorted(v, key=lambda e: -e.specificity)) for k, v in table.items()}
    heads = sorted(((p, l) for (p, l), es in entries.items() if any(e.compounds for e in es) or p == "NOUN"),
                   key=lambda pl: -len(pl[1]))
    words = {k: v for k, v in data.items() if k != "entries"}
    return Lexicon(entries, tuple(heads), words, resources.load("plover.yaml")["types"])


# --- token helpers ------------------------------------------------------------------------

def _keys(tok, lex: Lexicon) -> list[str]:
    """Lemma guesses for a token: the tagger's lemma, an irregular form, suffix-stripped forms."""
    form = tok.text.lower()
    keys = [form, tok.lemma_.lower()]
    forms = lex.words.get("forms") or {}
    if form in forms:
        keys.insert(0, forms[form])
    for suf in lex.list("suffixes"):
        if form.endswith(suf) and len(form) - len(suf) >= 3:
            stem = form[: -len(suf)]
            keys += [stem, stem + "e"]
    return list(dict.fromkeys(keys))


def _pos_group(tok) -> str | None:
    if tok.pos_ in ("VERB", "AUX"):
        return "VERB"
    if tok.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    if tok.pos_ == "ADJ":
        return "ADJ"
    return None


def _kids(tok, *deps: str) -> list:
    return [c for c in tok.children if c.dep_ in deps]


def _case(tok) -> str | None:
    for c in tok.children:
        if c.dep_ == "case":
            return c.text.lower()
    return None


def _conj(tok) -> list:
    """A token and the tokens coordinated with it."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            out.extend(_conj(c))
    return out


def _frame_ok(tok, entry: Entry, lex: Lexicon) -> bool:
    sent_toks = [t for t in tok.sent if t.i > tok.i][:4]
    near = {t.text.lower() for t in sent_toks} | {c.text.lower() for c in tok.children}
    near |= {g.text.lower() for c in tok.children for g in c.children if g.dep_ == "case"}
    if any(p not in near for p in entry.particles):
        return False
    if entry.reflexive and not any(t.text.lower() in ("seg", "meg", "deg", "oss", "dere") for t in sent_toks[:3] + list(tok.children)):
        return False
    if entry.object:
        objs = [c for c in tok.children if c.dep_ in ("obj", "obl", "nsubj:pass", "xcomp")]
        objs += [c for c in tok.sent if c.i > tok.i][:4]
        return any(any(k == o or (k.endswith(o) and len(k) > len(o) + 2) for k in _keys(t, lex) for o in entry.object)
                   for t in objs)
    return True


def match(tok, lex: Lexicon) -> Entry | None:
    """The lexicon entry a token triggers, most specific frame first; None when it triggers none."""
    group = _pos_group(tok)
    if group is None:
        return None
    keys = _keys(tok, lex)
    entries = lex.lookup(group, keys)
    predicate = tok.dep_ == "ROOT" or any(c.dep_ in ("nsubj", "obj", "xcomp") for c in tok.children)
    if group in ("ADJ", "NOUN") and predicate:
        entries = lex.lookup("VERB", keys) or entries  # a verb the tagger took for a noun/adjective
    for entry in entries:
        if _frame_ok(tok, entry, lex):
            return None if entry.ignore else entry
    return None


# --- arguments ----------------------------------------------------------------------------

def _is_place(e: Entity) -> bool:
    return e.type in _PLACE_TYPES and e.gpe_sense != "ORG" and e.sector is None


def _entity(article: Article, tok, *, place: bool = False) -> Entity | None:
    """The entity a token names: its own mention, else a name inside its phrase."""
    start, end = tok.idx, tok.idx + len(tok.text)
    own = article.entity_at(start, end)
    if own is not None and (place or not _is_place(own) or own.country):
        return own
    found = [own] if own is not None else []
    for c in tok.children:
        if c.dep_ in ("appos", "flat", "flat:name", "compound", "nmod", "nmod:poss"):
            e = article.entity_at(c.idx, c.idx + len(c.text))
            if e is not None:
                found.append(e)
    if place:
        places = [e for e in found if e.type in _PLACE_TYPES]
        return places[0] if places else None
    if own is not None:
        return own
    actors = [e for e in found if not _is_place(e)] or [e for e in found if e.type == "GPE" and e.country]
    return actors[0] if actors else None


def _ids(article: Article, toks: list) -> list[str]:
    out: list[str] = []
    for t in toks:
        for c in _conj(t):
            e = _entity(article, c)
            if e is not None and e.id not in out:
                out.append(e.id)
    return out


def _subject(tok):
    """The subject of a predicate: its own, a controlling or coordinated verb's, a relative's head."""
    subj = _kids(tok, "nsubj", "nsubj:pass")
    if subj:
        s = subj[0]
        if "Rel" in s.morph.get("PronType") and tok.dep_ == "acl:relcl":
            return tok.head
        return s
    if tok.dep_ == "acl:relcl":
        return tok.head
    nonfinite = "Fin" not in tok.morph.get("VerbForm")
    controlled = tok.dep_ in ("xcomp", "conj") or (nonfinite and tok.dep_ in ("advcl", "acl", "obl", "ccomp"))
    if controlled and tok.head.i != tok.i:
        return _subject(tok.head)
    return None


def _passive(tok, entry: Entry) -> bool:
    if _kids(tok, "aux:pass", "nsubj:pass"):
        return True
    return "Pass" in tok.morph.get("Voice") and not entry.reciprocal


@dataclass
class Mention:
    """A trigger with its arguments, before merging and filtering."""

    entry: Entry
    tok: object
    type: str
    mode: str | None
    actor: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    location: str | None = None
    own_date: str | None = None
    negated: bool = False
    modality: str = "asserted"
    source_quote: str | None = None
    guessed: float = 0.0  # confidence lost to guessed arguments
    sent_no: int = 0

    @property
    def parties(self) -> list[str]:
        return self.actor + [r for r in self.recipient if r not in self.actor]

    @property
    def nominal(self) -> bool:
        return self.entry.pos == "NOUN"


class Extractor:
    """Finds the events of one article; one instance per article."""

    def __init__(self, article: Article, doc, lex: Lexicon):
        self.article, self.doc, self.lex = article, doc, lex
        self.groups: list[tuple[int, list[str]]] = []  # (sentence start, coordinated entity ids)

    # -- arguments of a verb/adjective/noun trigger --
    def verb_args(self, tok, entry: Entry) -> tuple[list[str], list[str]]:
        preps = entry.recipient_preps if entry.recipient_preps is not None else self.lex.list("recipient_preps")
        preps = [p for p in preps if p not in entry.particles]
        if _passive(tok, entry):
            actor = [c for c in _kids(tok, "obl", "obl:agent") if _case(c) in self.lex.list("agent_preps")]
            recip = _kids(tok, "nsubj:pass", "nsubj")
        else:
            s = _subject(tok)
            actor = [s] if s is not None else []
            recip = _kids(tok, "obj", "iobj")
            if not actor and recip and "Fin" in tok.morph.get("VerbForm"):
                actor, recip = recip[:1], recip[1:]  # a finite verb has a subject: a mislabelled one
            if not actor and tok.dep_ == "ROOT":  # V2: a bare nominal before the verb is its subject
                before = [c for c in tok.children if c.i < tok.i and c.pos_ in ("NOUN", "PROPN", "PRON")
                          and c.dep_ in ("obl", "nmod", "obj") and _case(c) is None]
                actor = before[:1]
            recip += [c for c in _kids(tok, "obl") if _case(c) in preps]
        actor_ids, recip_ids = _ids(self.article, actor), _ids(self.article, recip)
        if entry.reciprocal and len(actor_ids) + len(recip_ids) < 2:
            actor_ids = self.sentence_group(tok, actor_ids) or actor_ids
        return actor_ids, recip_ids

    def sentence_group(self, tok, actor: list[str]) -> list[str]:
        """Coordinated names in the trigger's sentence that include the actor (or any subject)."""
        for t in tok.sent:
            if t.dep_ != "conj" and any(c.dep_ == "conj" for c in t.children):
                ids = _ids(self.article, [t])
                if len(ids) > 1 and ((actor and actor[0] in ids) or (not actor and t.dep_.startswith("nsubj"))):
                    return ids
        return []

    def adj_args(self, tok) -> tuple[list[str], list[str]]:
        subj = [c for c in _kids(tok, "nsubj") if c.dep_ != "expl"]
        if not subj and tok.dep_ in ("xcomp", "acomp") and tok.head.i != tok.i:
            subj = _kids(tok.head, "nsubj")
        return _ids(self.article, subj), []

    def noun_args(self, tok, entry: Entry) -> tuple[list[str], list[str]]:
        actor, recip = [], []
        poss = [c for c in tok.children if c.dep_ == "nmod:poss" or (c.dep_ == "det" and (
            "Yes" in c.morph.get("Poss") or "Gen" in c.morph.get("Case")))]
        actor = _ids(self.article, poss)
        for c in _kids(tok, "nmod"):
            case = _case(c)
            if case in self.lex.list("party_preps") and entry.reciprocal:
                (actor if case == "mellom" else recip).extend(_ids(self.article, [c]))
            elif case == "fra":
                actor.extend(_ids(self.article, [c]))
            elif case in (entry.recipient_preps or self.lex.list("recipient_preps")):
                recip.extend(_ids(self.article, [c]))
        if not actor and poss and poss[0].text.lower() in self.lex.list("plural_possessives"):
            actor = self.recent_group(tok.sent.start)
        head = tok.head
        if not actor and tok.dep_ in ("obj", "nsubj:pass", "obl") and head.i != tok.i:
            if any(k in self.lex.list("support_verbs") for k in _keys(head, self.lex)[:3]):
                a, _ = self.verb_args(head, Entry(lemma="", type=entry.type))
                if tok.dep_ == "nsubj:pass":
                    a = _ids(self.article, [c for c in _kids(head, "obl") if _case(c) in self.lex.list("agent_preps")])
                actor = a
        return list(dict.fromkeys(actor)), list(dict.fromkeys(r for r in recip if r not in actor))

    def recent_group(self, sent_start: int) -> list[str]:
        for start, ids in reversed(self.groups):
            if start < sent_start:
                return ids
        return []

    def speaker(self, tok) -> list[str]:
        """Who says the clause holding ``tok``: a quote's speaker, else a speech verb's subject."""
        q = self.quote_of(tok)
        if q is not None and q.speaker:
            return [q.speaker]
        node = tok
        while node.head.i != node.i:
            node = node.head
            if node.pos_ in ("VERB", "AUX") and any(k in self.lex.list("speech_verbs") for k in _keys(node, self.lex)[:3]):
                return _ids(self.article, _kids(node, "nsubj"))
        return []

    def quote_of(self, tok):
        for q in self.article.quotes:
            if q.span.start <= tok.idx < q.span.end:
                return q
        return None

    # -- clause properties --
    def clause(self, tok) -> tuple[object, list]:
        """The head of the trigger's clause and the clause's tokens (nested clauses left out)."""
        head = tok
        while _pos_group(head) != "VERB" and head.head.i != head.i and head.dep_ not in _CLAUSE_DEPS:
            head = head.head
        skip = set()
        for t in head.subtree:
            if t.i != head.i and t.dep_ in _CLAUSE_DEPS and tok.i not in {x.i for x in t.subtree}:
                skip.update(x.i for x in t.subtree)
        return head, [t for t in head.subtree if t.i not in skip]

    def negated(self, tok, head) -> bool:
        negs = self.lex.list("negations")
        cands = list(tok.children) + (list(head.children) if head.i != tok.i and tok.pos_ != "VERB" else [])
        if tok.dep_ == "xcomp":
            cands += list(tok.head.children)
        return any(c.text.lower() in negs for c in cands)

    def modality(self, tok, head) -> str:
        modal = self.lex.words.get("modal_aux") or {}
        for c in list(tok.children) + list(head.children):
            if c.dep_ == "aux" and c.text.lower() in modal:
                return modal[c.text.lower()]
            if c.dep_ == "mark" and c.text.lower() in self.lex.list("conditional_marks"):
                return "hypothetical"
        node = head
        while node.head.i != node.i and node.dep_ in ("xcomp", "ccomp", "conj", "advcl", "acl:relcl"):
            parent = node.head
            keys = _keys(parent, self.lex)[:3]
            if node.dep_ != "conj" and any(k in self.lex.list("belief_verbs") for k in keys):
                return "hypothetical"
            if node.dep_ == "xcomp" and any(k in self.lex.list("intent_verbs") for k in keys):
                return "intended"
            node = parent
        return "asserted"

    def date(self, toks: list) -> str | None:
        if not toks:
            return None
        lo, hi = min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)
        idxs = {t.idx for t in toks}
        for t in self.article.times:
            if lo <= t.span.start < hi and any(t.span.start <= i < t.span.end for i in idxs):
                return t.value
        return None

    def location(self, tok, head) -> str | None:
        preps = self.lex.list("location_preps")
        for node in (tok, head):
            for c in _kids(node, "nmod", "obl"):
                if _case(c) in preps:
                    e = _entity(self.article, c, place=True)
                    if e is not None:
                        return e.id
        after = [t for t in tok.sent if t.i > tok.i][:8]
        for n, t in enumerate(after):
            if t.is_punct:
                break
            if t.text.lower() in preps:
                for u in after[n + 1:n + 5]:
                    e = self.article.entity_at(u.idx, u.idx + len(u.text))
                    if e is not None and e.type in _PLACE_TYPES:
                        return e.id
                break
        return None

    def mode(self, tok, entry: Entry, typ: str) -> str | None:
        if entry.mode:
            return entry.mode
        table = (self.lex.words.get("modes_by_object") or {}).get(typ) or {}
        cands = [c for c in tok.children if c.dep_ in ("obj", "obl", "xcomp", "ccomp")]
        cands += [g for c in cands for g in c.children if g.dep_ in ("nmod", "obj")]
        cands += [t for t in tok.sent if t.i > tok.i][:6]
        for c in cands:
            for k in _keys(c, self.lex):
                for obj, mode in table.items():
                    if k == obj or (k.endswith(obj) and len(k) > len(obj) + 2):
                        return mode
        return None

    # -- one mention --
    def mention(self, tok, entry: Entry) -> Mention:
        head, toks = self.clause(tok)
        if entry.pos == "NOUN":
            actor, recip = self.noun_args(tok, entry)
        elif entry.pos == "ADJ":
            actor, recip = self.adj_args(tok)
        else:
            actor, recip = self.verb_args(tok, entry)
        guessed = 0.0
        if entry.actor == "speaker":
            recip = _ids(self.article, [t for t in tok.subtree if t.i != tok.i and t.dep_ in _SUBJ + ("obj",)])
            actor = self.speaker(tok)
            guessed += 0.1
        negated = self.negated(tok, head)
        typ, mode = entry.type, None
        if negated and entry.negated:
            typ, mode, negated = entry.negated[0], entry.negated[1], False
        modality = "asserted" if typ != entry.type else self.modality(tok, head)
        q = self.quote_of(tok)
        m = Mention(entry, tok, typ, mode or self.mode(tok, entry, typ), actor, recip,
                    self.location(tok, head), self.date(toks), negated, modality, guessed=guessed)
        if q is not None:
            m.modality, m.source_quote = "reported", q.id
        m.recipient = [r for r in m.recipient if r != m.location]
        if entry.reciprocal and len(m.actor) > 1 and not m.recipient:
            m.actor, m.recipient = m.actor[:1], m.actor[1:]
        m.recipient = [r for r in m.recipient if r not in m.actor]
        return m

    def note_groups(self, sent) -> None:
        for t in sent:
            if t.dep_ != "conj" and any(c.dep_ == "conj" for c in t.children):
                ids = _ids(self.article, [t])
                if len(ids) > 1:
                    self.groups.append((sent.start, ids))
        for t in sent:
            if t.text.lower() == "hverandre" and t.head.i != t.i:
                ids = _ids(self.article, _kids(t.head, "nsubj"))
                if len(ids) > 1:
                    self.groups.append((sent.start, ids))

    def is_content(self, tok) -> bool:
        """A non-finite verb under another trigger is that event's content ("nektet å møte")."""
        if tok.dep_ not in ("xcomp", "advcl", "ccomp", "acl") or "Fin" in tok.morph.get("VerbForm"):
            return False
        return tok.head.i != tok.i and match(tok.head, self.lex) is not None

    def mentions(self) -> list[Mention]:
        out = []
        for n, sent in enumerate(self.doc.sents):
            for tok in sent:
                entry = match(tok, self.lex)
                if entry is not None and not (entry.pos == "VERB" and self.is_content(tok)):
                    out.append(self.mention(tok, entry))
                    out[-1].sent_no = n
            self.note_groups(sent)
        return out


# --- merging, discourse and output --------------------------------------------------------

def _compatible_date(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _country(article: Article, eid: str | None) -> str | None:
    e = article.entity(eid)
    if e is None:
        return None
    return e.country or (e.geo.country if e.geo else None)


@dataclass
class Cluster:
    """Mentions of one event (a nominal event repeated across sentences is one event)."""

    mentions: list[Mention]

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    def value(self, attr: str):
        for m in self.mentions:
            if getattr(m, attr):
                return getattr(m, attr)
        return getattr(self.first, attr)

    def parties(self) -> list[str]:
        out: list[str] = []
        for m in self.mentions:
            out += [p for p in m.parties if p not in out]
        return out


def _joinable(c: Cluster, m: Mention, article: Article) -> bool:
    f = c.first
    if f.type != m.type or not (m.nominal or m.entry.reciprocal) or not (f.nominal or f.entry.reciprocal):
        return False
    if not _compatible_date(c.value("own_date"), m.own_date):
        return False
    if m.own_date is None and c.value("own_date") and article.published and not _compatible_date(c.value("own_date"), article.published):
        return False
    loc = c.value("location")
    if loc and m.location and loc != m.location and _country(article, loc) != _country(article, m.location):
        return False
    parties = c.parties()
    return not (parties and m.parties and not set(parties) & set(m.parties))


def merge(mentions: list[Mention], article: Article) -> list[Cluster]:
    clusters: list[Cluster] = []
    for m in mentions:
        target = next((c for c in reversed(clusters) if _joinable(c, m, article)), None)
        if target is None:
            clusters.append(Cluster([m]))
        else:
            target.mentions.append(m)
    return clusters


def _roles(c: Cluster) -> tuple[list[str], list[str]]:
    if len(c.mentions) == 1 or not c.first.entry.reciprocal:
        best = max(c.mentions, key=lambda m: (len(m.actor) > 0, len(m.recipient)))
        return best.actor, best.recipient
    parties = c.parties()
    return parties[:1], parties[1:]


def _counterpart(c: Cluster, actor: list[str], clusters: list[Cluster], types: dict) -> list[str]:
    """The other party when a demand/answer names no recipient: the actor of the demand being
    answered (same or previous sentence), else the other side of an ongoing meeting."""
    if not types.get(c.first.type, {}).get("counterpart") or not actor:
        return []
    earlier = [d for d in clusters if d.first.tok.i < c.first.tok.i]
    for d in reversed(earlier):
        near = c.first.sent_no - d.first.sent_no <= 1
        if c.first.type != "REQUEST" and d.first.type == "REQUEST" and near and d.first.actor \
                and not set(d.first.actor) & set(actor):
            return list(d.first.actor)
    for d in reversed(earlier):
        parties = d.parties()
        if d.first.entry.reciprocal and d.first.type == "CONSULT" and set(actor) & set(parties):
            return [p for p in parties if p not in actor]
    return []


def build_events(ex: Extractor, clusters: list[Cluster]) -> list[Event]:
    article, types = ex.article, ex.lex.types
    events: list[Event] = []
    seen: set[tuple] = set()
    for c in clusters:
        m = c.first
        actor, recip = _roles(c)
        conf = 0.9 - m.guessed
        if not recip:
            recip = _counterpart(c, actor, clusters, types)
            conf -= 0.15 if recip else 0.2
        if not actor and not types.get(m.type, {}).get("actor_optional"):
            continue
        key = (m.type, tuple(actor), tuple(recip), m.tok.sent.start, c.mentions[0].tok.i if m.nominal else 0)
        if key in seen:
            continue
        seen.add(key)
        if m.modality in ("intended", "hypothetical"):
            conf -= 0.2
        elif m.modality == "reported":
            conf -= 0.05
        events.append(_event(ex, c, m, actor, recip, max(0.05, min(1.0, conf))))
    for n, e in enumerate(events, 1):
        e.id = f"v{n}"
    return events


def _event(ex: Extractor, c: Cluster, m: Mention, actor, recip, conf: float) -> Event:
    text = ex.article.text
    rep = next((x for x in c.mentions if x.location), m)
    head, toks = ex.clause(rep.tok)
    start = min(t.idx for t in toks + [rep.tok])
    end = max(t.idx + len(t.text) for t in toks + [rep.tok])
    tstart, tend = rep.tok.idx, rep.tok.idx + len(rep.tok.text)
    for p in [t for t in rep.tok.sent if 0 < t.i - rep.tok.i <= 2 and t.text.lower() in m.entry.particles]:
        tend = max(tend, p.idx + len(p.text))
    start, end = min(start, tstart), max(end, tend)
    location = c.value("location")
    return Event(id="v0", type=m.type, mode=m.mode or _consult_mode(ex.article, m.type, actor + recip, location), context=list(m.entry.context), actor=list(actor),
                 recipient=list(recip), date=c.value("own_date") or ex.article.published,
                 location=location, negated=m.negated, modality=m.modality,
                 source_quote=m.source_quote, trigger=Span.of(text, tstart, tend),
                 evidence=Span.of(text, start, end), confidence=round(conf, 2))


def _consult_mode(article: Article, typ: str, parties: list[str], location: str | None) -> str | None:
    """A meeting in a country none of the parties belongs to is third-party; in one's own, a visit."""
    place = _country(article, location)
    countries = {_country(article, p) for p in parties} - {None}
    if typ != "CONSULT" or place is None or len(countries) < 2:
        return None
    return "visit" if place in countries else "third-party"


def extract_events(article: Article, doc) -> list[Event]:
    """The PLOVER events of an analysed article (needs its Doc, entities, times and quotes)."""
    lex = load_lexicon(article.language)
    if lex is None or doc is None:
        return []
    ex = Extractor(article, doc, lex)
    return build_events(ex, merge(ex.mentions(), article))


@stage("events")
class Stage:
    name = "events"
    requires = ("doc", "entities", "times", "quotes")
    provides = ("events",)

    def __init__(self, config: PipelineConfig):
        self.config = config

    def __call__(self, analysis: Analysis) -> None:
        if analysis.doc is None:
            return
        lex = load_lexicon(analysis.article.language)
        if lex is None:
            analysis.article.warnings.append(
                f"no event lexicon for language {analysis.article.language!r}; events were not extracted")
            return
        analysis.article.events = extract_events(analysis.article, analysis.doc)
