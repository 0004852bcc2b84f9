"""The events stage: who did what to whom, when and where, coded as PLOVER 2.0 events.

Triggers (verbs, event nouns, predicative adjectives) come from the per-language lexicon
``data/<lang>/events.yaml`` (its header documents the schema).  For each trigger the stage reads
the arguments off the dependency parse (subject, object, obliques, possessives, passive agent,
coordination, control and relative clauses), resolves them to entities with
:meth:`Article.entity_at`, and decides negation, modality, date and place from the clause.
Mentions of one nominal event ("møtet", "toppmøtet i Hanoi"), and a quote retelling the
event just reported, are merged into one event.

Precision first: an event needs an actor entity unless its type allows none, and a recipient
when its type is listed under ``recipient_required``; a trigger that is only the content of
another trigger or of a wish ("krav om en avtale", "ønsker samarbeid"), a negated agreement
("ble ikke enige") and a hypothetical clause ("kan angripe") give no event.  Arguments are
also looked for where a noisy parse puts them: a support verb's phrases, an apposition after a
comma, the accused of a "dømt for" phrase, the people of a named country ("amerikanerne").
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..actors import country_of_name, country_of_word, title_of
from ..pipeline import Analysis, PipelineConfig, stage
from ..records import Article, Entity, Event, Span
from .lexicon import Entry, Lexicon, _keys, _pos_group, load_lexicon, match
from .arguments import ArgumentModel, load_argument_model
from .confidence import ConfidenceModel, load_confidence_model
from .confidence import features as confidence_features
from .participants import describable, participant, prune
from .triggers import Detection, TriggerModel, detect, load_trigger_model
from .syntax import _case, _conj, _kids, passive

_CLAUSE_DEPS = {"advcl", "ccomp", "csubj", "acl:relcl", "parataxis", "xcomp"}
_SUBJ = ("nsubj", "nsubj:pass", "csubj")
_PLACE_TYPES = {"LOC", "GPE"}
_ACTOR_TYPES = {"PER", "ORG", "GPE", "LOC"}  # events, products and works take no part in events

#: how many sentences back a pair subject ("de to") looks for its two people
PAIR_LOOKBACK = 3


# --- arguments ----------------------------------------------------------------------------

def _is_place(e: Entity) -> bool:
    return e.type in _PLACE_TYPES and e.gpe_sense != "ORG" and e.sector is None


def _entity(article: Article, tok, *, place: bool = False) -> Entity | None:
    """The entity a token names: its own mention, else a name inside its phrase (never for a
    reflexive: "forsvarte seg" names no second party)."""
    if "Yes" in tok.morph.get("Reflex"):
        return None
    start, end = tok.idx, tok.idx + len(tok.text)
    own = article.entity_at(start, end)
    if own is not None and (place or not _is_place(own) or own.country):
        return own
    named = _apposition(article, tok) if own is None and tok.pos_ == "NOUN" and not place else None
    if named is not None:
        return named
    found = [own] if own is not None else []
    lex = load_lexicon(article.language)
    where = set(lex.list("location_preps")) if lex is not None else set()
    for c in tok.children:
        if c.dep_ == "nmod" and _case(c) in where and not place:
            continue  # "samboeren i Oslo": a place in a locative phrase says where, not who
        if c.dep_ in ("appos", "flat", "flat:name", "compound", "nmod", "nmod:poss") and c.pos_ != "PRON":
            e = article.entity_at(c.idx, c.idx + len(c.text))  # "hans kone" is not "han"
            if e is not None:
                found.append(e)
    if place:
        places = [e for e in found if e.type in _PLACE_TYPES]
        return places[0] if places else None
    if own is not None:
        return own
    actors = [e for e in found if not _is_place(e)] or [e for e in found if e.type == "GPE" and e.country]
    return actors[0] if actors else _people_of(article, tok)


def _apposition(article: Article, tok) -> Entity | None:
    """The person or organisation named right after a description and a comma, however the
    parser attached it ("den nordkoreanske lederen, Kim Jong-il"; "hans kone, utenriksminister
    Hillary Clinton")."""
    doc = tok.doc
    loose = ("punct", "conj", "cc", "acl:relcl", "appos")
    end = max([tok.i] + [t.i for t in tok.subtree if t.i > tok.i and t.dep_ not in loose])
    if end + 1 >= len(doc) or doc[end + 1].text != ",":
        return None
    for t in doc[end + 2:end + 5]:
        e = article.entity_at(t.idx, t.idx + len(t.text))
        if e is not None:
            return e if e.type in ("PER", "ORG") else None
        if t.pos_ not in ("NOUN", "PROPN", "ADJ"):
            return None
    return None


def _people_of(article: Article, tok) -> Entity | None:
    """The country an unnamed group of its people stands for ("amerikanerne" -> USA), when the
    article names that country."""
    if tok.pos_ != "NOUN":
        return None
    iso3 = country_of_word(tok.text)
    if iso3 is None or country_of_name(tok.text) is not None:
        return None
    return next((e for e in article.entities if e.type == "GPE" and e.country == iso3), None)


def _people_word(tok) -> bool:
    """Whether a subject word can stand for named people: a pronoun or numeral ("de to",
    "begge") or a person title that names no group ("lederne", not "landene")."""
    if tok.pos_ in ("PRON", "NUM", "DET"):
        return True
    found = title_of(tok.text)
    return found is not None and found[0].kind == "PER" and not found[0].group


def _genitive_name(c, tok) -> bool:
    """A name in the s-genitive right before a noun, whatever the parser called it ("Clintons besøk")."""
    return (c.pos_ == "PROPN" and c.i == tok.i - 1 and c.text.endswith("s")
            and c.dep_ in ("nmod", "amod", "nsubj", "compound"))


def _ids(article: Article, toks: list, fallback=None) -> list[str]:
    """The entity ids of argument tokens (each conjunct on its own); ``fallback`` gives the
    entities a token no entity covers stands for (an unnamed participant), or none."""
    out: list[str] = []
    for t in toks:
        for c in _conj(t):
            e = _entity(article, c)
            found = [e] if e is not None else (fallback(c) if fallback is not None else [])
            out += [e.id for e in found if e.type in _ACTOR_TYPES and e.id not in out]
    return out


def _subjects(tok) -> list:
    """A predicate's subjects, also when the parser hung them on its auxiliary ("Krekar ble dømt")."""
    return _kids(tok, "nsubj", "nsubj:pass") or [
        s for a in _kids(tok, "aux", "aux:pass") if a.i < tok.i for s in _kids(a, "nsubj", "nsubj:pass")]


def _subject(tok):
    """The subject of a predicate: its own, a controlling or coordinated verb's, a relative's head."""
    subj = _subjects(tok)
    if subj:
        s = subj[0]
        if "Rel" in s.morph.get("PronType") and tok.dep_ == "acl:relcl":
            named = [c for c in subj[1:] if "Rel" not in c.morph.get("PronType")]
            return named[0] if named else tok.head  # "avtalen som Høyre undertegnet": "som" is the object
        return s
    if tok.dep_ == "acl:relcl":
        return tok.head
    nonfinite = "Fin" not in tok.morph.get("VerbForm")
    controlled = tok.dep_ in ("xcomp", "conj") or (nonfinite and tok.dep_ in ("advcl", "acl", "obl", "ccomp"))
    if controlled and tok.head.i != tok.i:
        return _subject(tok.head)
    return None


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
    implicit: dict | None = None  # the implicit actor's kind (``implicit_actors``) when none is named
    #: the date around the trigger when its clause names none (not used to merge mentions)
    context_date: str | None = None

    @property
    def parties(self) -> list[str]:
        return self.actor + [r for r in self.recipient if r not in self.actor]

    @property
    def nominal(self) -> bool:
        return self.entry.pos == "NOUN"


class Extractor:
    """Finds the events of one article; one instance per article."""

    def __init__(self, article: Article, doc, lex: Lexicon, model: TriggerModel | None = None,
                 scorer: ArgumentModel | None = None):
        self.article, self.doc, self.lex, self.scorer = article, doc, lex, scorer
        self.detected: dict[int, Detection] | None = None if model is None else detect(doc, article, lex, model)
        self.groups: list[tuple[int, list[str]]] = []  # (sentence start, coordinated entity ids)
        self.found: list[Mention] = []  # the mentions found so far, in text order
        self.made: dict = {}  # unnamed participants by (head lemma, country)

    def unnamed(self, trigger):
        """The fallback for :func:`_ids` on ``trigger``'s arguments: the unnamed participant a
        common noun describes, with the country of the trigger's place, else of the article's
        focus (:mod:`eventwire.events.participants`)."""
        from ..entities import focus_country

        def make(tok) -> list[Entity]:
            if not describable(tok, self.article, self.lex):
                return []
            head, _ = self.clause(trigger)
            country = _country(self.article, self.location(trigger, head)) or focus_country(self.article.entities, places=True)
            return [participant(tok, self.article, self.lex, country, self.made)]
        return make

    def passive(self, tok, entry: Entry) -> bool:
        return passive(tok, self.lex.list("stative_auxiliaries"), entry.reciprocal)

    # -- arguments of a verb/adjective/noun trigger --
    def verb_args(self, tok, entry: Entry) -> tuple[list[str], list[str]]:
        preps = entry.recipient_preps if entry.recipient_preps is not None else self.lex.list("recipient_preps")
        preps = [p for p in preps if p not in entry.particles]
        if self.passive(tok, entry):
            actor = [c for c in _kids(tok, "obl", "obl:agent") if _case(c) in self.lex.list("agent_preps")]
            recip = _subjects(tok)
            if not recip and tok.dep_ == "conj" and (shared := _subject(tok)) is not None:
                recip = [shared]  # "De ble arrestert og tiltalt": coordinated predicates share a subject
        else:
            s = _subject(tok)
            actor = [s] if s is not None else []
            recip = _kids(tok, "obj", "iobj")
            if s is not None and s.i < tok.i:  # a second "subject" after the verb is its object
                recip += [c for c in _kids(tok, "nsubj") if c.i > tok.i]
            if not actor:  # a name the tagger took for an adverb ("NHO avviste kravet")
                actor = [c for c in _kids(tok, "advmod") if c.i < tok.i
                         and self.article.entity_at(c.idx, c.idx + len(c.text)) is not None][:1]
            if not actor and recip and "Fin" in tok.morph.get("VerbForm"):
                actor, recip = recip[:1], recip[1:]  # a finite verb has a subject: a mislabelled one
            if not actor and tok.dep_ == "ROOT":  # V2: a bare nominal before the verb is its subject
                before = [c for c in tok.children if c.i < tok.i and c.pos_ in ("NOUN", "PROPN", "PRON")
                          and c.dep_ in ("obl", "nmod", "obj") and _case(c) is None]
                actor = before[:1]
            recip += [c for c in _kids(tok, "obl") if _case(c) in preps]
        make = self.unnamed(tok)
        actor_ids, recip_ids = _ids(self.article, actor, make), _ids(self.article, recip)
        if not recip_ids:
            recip_ids = self.content_recipient(tok) or _ids(self.article, recip, make)
        if entry.reciprocal and len(actor_ids) + len(recip_ids) < 2:
            actor_ids = self.sentence_group(tok, actor_ids) or actor_ids
        if entry.converse:  # "X tok imot Y": the one received acts, the host is the recipient
            guests = [i for i in recip_ids if not _is_place(self.article.entity(i))]  # "en pris i Bergen"
            actor_ids, recip_ids = guests, actor_ids
        return actor_ids, recip_ids

    def antecedent_pair(self, tok) -> list[str]:
        """The two people a plural subject of a reciprocal verb refers back to ("De to lederne
        møttes sist i fjor"): the two most recent people of the last meeting before it, else the
        two people named last in the few sentences before it.  Only for a subject marked as a pair (``pair_words``)."""
        subj = _subjects(tok)
        pair = self.lex.list("pair_words")
        if not subj or not any(t.text.lower() in pair for t in subj[0].subtree) or not _people_word(subj[0]):
            return []
        if _ids(self.article, subj):
            return []
        for m in reversed(self.found):
            people = [p for p in m.parties if (e := self.article.entity(p)) is not None and e.type == "PER"]
            if m.type == "CONSULT" and len(people) >= 2:
                return people[-2:]
        people: list[str] = []  # the two most recent people within the last few sentences
        before = [s for s in self.doc.sents if s.end <= tok.sent.start][-PAIR_LOOKBACK:]
        for t in reversed([t for s in before for t in s]):
            e = self.article.entity_at(t.idx, t.idx + len(t.text))
            if e is not None and e.type == "PER" and e.id not in people:
                people.append(e.id)
                if len(people) == 2:
                    return people[::-1]
        return []

    def content_recipient(self, tok) -> list[str]:
        """The recipient of a refusal or demand that is named in its content: the object of a
        content verb ("nektet å møte Joe Biden"), the subject of a demanded clause ("krevde at
        Høyre inngår en avtale")."""
        for c in _kids(tok, "xcomp"):
            if c.pos_ == "VERB" and match(c, self.lex) is not None:
                ids = _ids(self.article, _kids(c, "obj", "iobj"))
                if ids:
                    return ids
        for c in _kids(tok, "ccomp"):
            ids = _ids(self.article, _kids(c, "nsubj"))
            if ids:
                return ids
        return []

    def proposer(self, tok, entry: Entry, actor: list[str]) -> list[str]:
        """Who made the proposal an answer only names ("KS avviste kravet", "kravet ble avvist av
        KS", "gikk med på forslaget"): the actor of the last earlier event of a kind listed for
        the noun under ``proposal_nouns``, when that is someone else."""
        if self.passive(tok, entry):
            objs = _subjects(tok)
        else:
            objs = _kids(tok, "obj", "iobj") + [c for c in _kids(tok, "obl") if _case(c) in entry.particles]
        kinds = next((k for k in map(self.proposal_kinds, objs) if k), None)
        if kinds is None:
            return []
        for m in reversed(self.found):
            if m.type in kinds and m.actor and not set(m.actor) & set(actor):
                return list(m.actor)
        return []

    def proposal_kinds(self, tok) -> list[str]:
        """The types that may have made the proposal a definite noun names ("kravet" ->
        REQUEST); none for other words and for an indefinite one ("et krav")."""
        if tok.pos_ not in ("NOUN", "PROPN"):
            return []
        form, keys = tok.text.lower(), _keys(tok, self.lex)
        poss = any(c.dep_ == "nmod:poss" or "Yes" in c.morph.get("Poss") for c in tok.children)
        for noun, kinds in (self.lex.words.get("proposal_nouns") or {}).items():
            compound = len(noun) > 3  # "forbudet" is no "budet"
            if not any(k == noun or (compound and k.endswith(noun)) for k in keys):
                continue
            ends = any(form.endswith(noun + e) for e in self.lex.list("definite_endings"))
            if poss or ends or "Def" in tok.morph.get("Definite"):
                return list(kinds)
        return []

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
        return _ids(self.article, subj, self.unnamed(tok)), []

    def noun_args(self, tok, entry: Entry) -> tuple[list[str], list[str]]:
        actor, recip = [], []
        poss = [c for c in tok.children if c.dep_ == "nmod:poss" or (c.dep_ in ("det", "nmod") and c.i < tok.i and (
            "Yes" in c.morph.get("Poss") or "Gen" in c.morph.get("Case"))) or _genitive_name(c, tok)]
        make = self.unnamed(tok)
        actor = _ids(self.article, poss, make)
        for c in _kids(tok, "nmod"):
            case = _case(c)
            if case in self.lex.list("party_preps") and entry.reciprocal:
                (actor if case == "mellom" else recip).extend(_ids(self.article, [c], make))
            elif case == "fra":
                actor.extend(_ids(self.article, [c], make))
            elif case in self.lex.list("body_preps") and not poss:
                # the body the event takes place in is its actor ("møtet i Sikkerhetsrådet")
                actor.extend(i for i in _ids(self.article, [c]) if self.article.entity(i).type == "ORG")
            elif case in (entry.recipient_preps or self.lex.list("recipient_preps")):
                recip.extend(_ids(self.article, [c], make))
        if not actor and poss and poss[0].text.lower() in self.lex.list("plural_possessives"):
            actor = self.recent_group(tok.sent.start)
        if not actor:
            actor, more = self.support_args(tok, entry)
            recip = recip or more
        if not actor:
            actor = self.accused(tok)
        return list(dict.fromkeys(actor)), list(dict.fromkeys(r for r in recip if r not in actor))

    def support_args(self, tok, entry: Entry) -> tuple[list[str], list[str]]:
        """Actor and recipients of an event noun governed by a support verb: "Nord-Korea kom med
        et personangrep på X", "EU innførte sanksjoner mot Iran" (the recipient phrase may hang
        on the verb when it follows the noun)."""
        head = self.support_verb(tok)
        if head is None:
            return [], []
        actor, _ = self.verb_args(head, Entry(lemma="", type=entry.type))
        if tok.dep_ == "nsubj:pass":
            actor = _ids(self.article, [c for c in _kids(head, "obl") if _case(c) in self.lex.list("agent_preps")])
        preps = entry.recipient_preps or self.lex.list("recipient_preps")
        after = [c for c in _kids(head, "obl") if c.i > tok.i and _case(c) in preps and _case(c) != "med"]
        return actor, _ids(self.article, after[:1])

    def support_verb(self, tok):
        """The support verb that governs an event noun ("avsa dom", "innførte sanksjoner",
        "sanksjoner ble innført"), or None."""
        head = tok.head
        if tok.dep_ not in ("obj", "nsubj:pass", "obl") or head.i == tok.i:
            return None
        return head if any(k in self.lex.list("support_verbs") for k in _keys(head, self.lex)[:3]) else None

    def accused(self, tok) -> list[str]:
        """The actor of a deed someone is accused or convicted of: the accused ("Krekar ble
        dømt for drapstrusler", "USA anklaget Iran for angrepet")."""
        head = tok.head
        if _case(tok) != "for" or head.i == tok.i:
            return []
        outer = match(head, self.lex)
        if outer is None or outer.type not in self.lex.list("accusing_types"):
            return []
        if self.passive(head, outer):
            return _ids(self.article, _subjects(head))
        return _ids(self.article, _kids(head, "obj"))

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
            if self.is_speech(node):
                return _ids(self.article, _kids(node, "nsubj"))
        return []

    def is_speech(self, tok) -> bool:
        return tok.pos_ in ("VERB", "AUX") and any(k in self.lex.list("speech_verbs") for k in _keys(tok, self.lex)[:3])

    def verbal_actor(self, tok) -> list[str]:
        """Who performs a verbal act named by a noun ("angrepet på Høyre, som Jensen sa til
        Dagsavisen"; "– Det er et angrep på oss, sier X"): the one who says it."""
        for c in _kids(tok, "acl:relcl"):
            if self.is_speech(c):
                ids = _ids(self.article, [s for s in _kids(c, "nsubj") if "Rel" not in s.morph.get("PronType")])
                if ids:
                    return ids
        return self.speaker(tok)

    def quote_of(self, tok):
        return self.article.quote_at(tok.idx)

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
        return any(c.text.lower() in negs and not self.unnegating(c) for c in cands)

    def unnegating(self, neg) -> bool:
        """Whether a negation word opens a phrase that negates nothing ("ikke lenge etter",
        "ikke bare", "ikke minst"; the lexicon's ``not_negating``)."""
        words = [t.text.lower() for t in neg.doc[neg.i:neg.i + 3]]
        return any(words[:len(p.split())] == p.split() for p in self.lex.list("not_negating"))

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

    def context_date(self, tok) -> str | None:
        """The time the text gives around a trigger whose clause names none: the nearest time
        expression of its sentence, else the last one earlier in its paragraph (a story told
        from *i 1999* on stays in 1999 until the text names another time)."""
        sent = tok.sent
        near = [t for t in self.article.times if sent.start_char <= t.span.start < sent.end_char]
        if near:
            return min(near, key=lambda t: abs(t.span.start - tok.idx)).value
        paragraph = self.article.text.rfind("\n\n", 0, sent.start_char) + 1
        before = [t for t in self.article.times if paragraph <= t.span.start < sent.start_char]
        return before[-1].value if before else None

    def location(self, tok, head) -> str | None:
        preps = self.lex.list("location_preps")
        for node in (tok, head):
            for c in _kids(node, "nmod", "obl"):
                if _case(c) in preps:
                    e = _entity(self.article, c, place=True)
                    if e is not None and e.type in _PLACE_TYPES:  # "angrepet på Høyre" is no place
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
    def verbal_targets(self, ids: list[str]) -> bool:
        """Recipients a physical trigger can only hit in words ("angrepet på Høyre"): political
        parties and other organisations of the sectors listed under ``verbal_sectors``."""
        sectors = self.lex.list("verbal_sectors")
        ents = [self.article.entity(i) for i in ids]
        return all(e is not None and e.type == "ORG" and e.sector in sectors for e in ents)

    def arguments(self, tok, entry: Entry) -> tuple[list[str], list[str], float]:
        """Actor and recipient ids of a trigger, and the confidence lost to guessing them."""
        if entry.actor == "speaker":
            recip = _ids(self.article, [t for t in tok.subtree if t.i != tok.i and t.dep_ in _SUBJ + ("obj",)])
            return self.speaker(tok), recip, 0.1
        if entry.pos == "NOUN":
            return *self.noun_args(tok, entry), 0.0
        if entry.pos == "ADJ":
            return *self.adj_args(tok), 0.0
        actor, recip = self.verb_args(tok, entry)
        if entry.reciprocal and not actor and not recip:
            pair = self.antecedent_pair(tok)
            return pair[:1], pair[1:], 0.2 if pair else 0.0
        return actor, recip, 0.0

    def mention(self, tok, entry: Entry) -> Mention | None:
        """The trigger with its arguments and properties; None when it is no event after all
        (negated agreement, hypothetical clause)."""
        head, toks = self.clause(tok)
        actor, recip, guessed = self.arguments(tok, entry)
        negated = self.negated(tok, head)
        if negated and entry.negation_cancels:
            return None
        typ, mode = entry.type, None
        flipped = bool(negated and entry.negated)
        if flipped:
            typ, mode, negated = entry.negated[0], entry.negated[1], False
        elif entry.verbal and recip and self.verbal_targets(recip):
            typ, mode = entry.verbal
        if not actor and entry.pos == "NOUN" and typ in self.lex.list("spoken_types"):
            actor, guessed = self.verbal_actor(tok), guessed + 0.1
        if entry.pos == "VERB" and typ in self.lex.list("answer_types") and self.only_unnamed(recip):
            proposer = self.proposer(tok, entry, actor)  # "avviste forslaget": who proposed it
            recip, guessed = (proposer, guessed + 0.15) if proposer else (recip, guessed)
        mode = mode or self.mode(tok, entry, typ)
        implicit = self.implicit_kind(tok, entry, typ, mode) if recip and not actor else None
        name_actor = self.scorer is not None and not actor and implicit is None and self.scorer.actor_threshold is not None
        if name_actor or (self.scorer is not None and actor and not recip):  # a role the rules left empty
            scored = self.scorer.scores(tok, typ, self.article)
            if name_actor:
                found = self.scorer.best(scored, "actor", set(recip))
                actor, guessed = ([found], guessed + 0.15) if found else (actor, guessed)
            if actor and not recip:
                found = self.scorer.best(scored, "recipient", set(actor))
                recip, guessed = ([found], guessed + 0.1) if found else (recip, guessed)
        modality = "asserted" if flipped else self.modality(tok, head)
        if modality == "hypothetical":
            return None  # "kan angripe", "håpet at Russland ville støtte": no event (yet)
        m = Mention(entry, tok, typ, mode, actor, recip,
                    self.location(tok, head), self.date(toks), negated, modality, guessed=guessed)
        if m.own_date is None:
            m.context_date = self.context_date(tok)
        q = self.quote_of(tok)
        if q is not None:
            m.modality, m.source_quote = "reported", q.id
        if implicit is not None and not m.actor:
            m.implicit, m.guessed = implicit, m.guessed + 0.2
        self.settle_roles(m)
        return m

    def implicit_kind(self, tok, entry: Entry, typ: str, mode: str | None) -> dict | None:
        """The kind of implicit actor (``implicit_actors``) an agentless passive verb of state
        force implies ("35 ble pågrepet": the police), or None."""
        if entry.pos != "VERB" or not self.passive(tok, entry):
            return None
        kind = (self.lex.words.get("implicit_actors") or {}).get(typ)
        return kind if kind is not None and (not kind.get("modes") or mode in kind["modes"]) else None

    def only_unnamed(self, ids: list[str]) -> bool:
        """Whether no party among ``ids`` is named (also when there is none)."""
        return all(self.article.entity(i).unnamed for i in ids)

    def implicit_actor(self, m: Mention) -> list[str]:
        """The implicit actor of an agentless act of state force: an entity without mentions
        for the authorities of the event's place, else of the article's focus country (none
        when neither is known), shared by every event that implies it."""
        from ..actors import country_name
        from ..entities import focus_country

        country = _country(self.article, m.location) or focus_country(self.article.entities, places=True)
        if m.implicit is None or country is None:
            return []
        sector = m.implicit["sector"]
        for e in self.article.entities:
            if e.implicit and e.country == country and e.sector == sector:
                return [e.id]
        e = Entity(id=f"e{len(self.article.entities) + 1}", name=f"{m.implicit['name']} ({country_name(country, self.article.language)})",
                   type="ORG", country=country, sector=sector, code=country + sector, implicit=True)
        self.article.entities.append(e)
        return [e.id]

    def host(self, place: str) -> str:
        """The host of a visit to ``place``: the country it lies in when the article names that
        country ("besøkte kongeparet på Slottet" -> Norge), else the place itself."""
        iso3 = _country(self.article, place)
        country = next((e for e in self.article.entities if e.type == "GPE" and e.country == iso3
                        and _is_place(e) and country_of_name(e.name) == iso3), None)
        return country.id if country is not None and iso3 else place

    def settle_roles(self, m: Mention) -> None:
        """Final actor/recipient split: the place is no party, except the host of a visit;
        coordinated parties of a joint act are each other's recipients."""
        m.recipient = [r for r in m.recipient if r != m.location]
        m.actor = [a for a in m.actor if a != m.location]  # "arrestert i Lima": where, not who
        if m.mode == "visit" and not m.recipient and m.location and _is_place(self.article.entity(m.location)):
            m.recipient = [self.host(m.location)]
        promised = any(c.dep_ in ("xcomp", "ccomp") for c in m.tok.children)  # "lovet å bidra": to someone else
        joint = m.entry.reciprocal or (m.type in self.lex.list("joint_types") and not promised)
        if joint and len(m.actor) > 1 and not m.recipient:
            m.actor, m.recipient = m.actor[:1], m.actor[1:]
        m.recipient = [r for r in m.recipient if r not in m.actor]

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

    def is_content(self, tok, entry: Entry) -> bool:
        """Whether a trigger only says what another event or an attitude is about, so that it is
        no event of its own: a non-finite verb under a trigger ("nektet å møte"), a clause or
        noun under a demand, refusal, promise or meeting ("krevde at de inngår avtaler",
        "krav om en avtale", "ba om unnskyldning"), a noun under a wish ("ønsker avtaler",
        "åpner for samarbeid")."""
        head = tok.head
        if head.i == tok.i:
            return False
        outer = match(head, self.lex)
        content_types = self.lex.list("content_types")
        if entry.pos == "VERB":
            if tok.dep_ not in ("xcomp", "advcl", "ccomp", "acl") or outer is None:
                return False
            return "Fin" not in tok.morph.get("VerbForm") or (tok.dep_ == "ccomp" and outer.type in content_types)
        if tok.dep_ not in ("obj", "obl", "nmod", "nsubj:pass", "xcomp", "appos"):
            return False
        if any(k in self.lex.list("content_heads") for k in _keys(head, self.lex)[:3]):
            return True
        if _case(tok) == "om" and self.is_speech(head):
            return True  # "uttalte seg om en trussel": what is talked about
        return outer is not None and outer.type in content_types and outer.pos != "ADJ"

    def idiomatic(self, sent) -> set[int]:
        """Tokens of fixed phrases that only look like triggers ("etter alt å dømme")."""
        words = [t.text.lower() for t in sent]
        out: set[int] = set()
        present = set(words)
        for idiom in self.lex.list("idioms"):
            parts = idiom.split()
            if not present.issuperset(parts):
                continue
            for i in range(len(words) - len(parts) + 1):
                if words[i:i + len(parts)] == parts:
                    out.update(sent[i + j].i for j in range(len(parts)))
        return out

    def trigger(self, tok) -> Entry | None:
        """The entry a token triggers: the lexicon's decision, or, with a trigger model, the
        decision of model and lexicon together (:func:`~eventwire.events.triggers.decide`) in
        the lexicon's frame for the word when it knows the word with that type, else in a bare
        entry of that type.  A token the model does not judge (no candidate) keeps the
        lexicon's decision."""
        rule = match(tok, self.lex)
        found = None if self.detected is None else self.detected.get(tok.i)
        if found is None:
            return rule
        if found.type is None:
            return None
        if rule is not None and rule.type == found.type:
            return rule
        group = _pos_group(tok)
        same = [e for e in self.lex.lookup(group, _keys(tok, self.lex)) if e.type == found.type and not e.ignore]
        if same:
            return same[-1]  # the least specific frame: the model has judged the context
        return Entry(lemma=tok.lemma_.lower(), type=found.type, pos=group or "VERB")

    def names_person(self, tok) -> bool:
        """Whether a word is itself a mention of a person ("den tiltalte", "offeret"): a
        participant, not an event."""
        e = self.article.entity_at(tok.idx, tok.idx + len(tok.text))
        return e is not None and e.type == "PER" and any(m.start == tok.idx for m in e.mentions)

    def mentions(self) -> list[Mention]:
        out = []
        for n, sent in enumerate(self.doc.sents):
            idiomatic = self.idiomatic(sent)
            for tok in sent:
                entry = None if tok.i in idiomatic else self.trigger(tok)
                if entry is None or self.names_person(tok) or self.is_content(tok, entry):
                    continue
                m = self.mention(tok, entry)
                if m is not None:
                    m.sent_no = n
                    out.append(m)
                    self.found.append(m)
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


def _restates(c: Cluster, m: Mention, article: Article) -> bool:
    """A quote right after a report that retells the same event ("X ba Y om unnskyldning.
    – X ga en unnskyldning til Y, skriver ...")."""
    f = c.mentions[-1]
    if f.type != m.type or m.source_quote is None or f.source_quote == m.source_quote or m.sent_no - f.sent_no > 2:
        return False
    return _same_side(article, f.actor, m.actor) and _same_side(article, f.recipient, m.recipient, unsure=True)


def _same_side(article: Article, a: list[str], b: list[str], *, unsure: bool = False) -> bool:
    """Whether two argument lists name the same party: a shared entity or country (or, when
    ``unsure``, a party of unknown country on either side)."""
    if set(a) & set(b):
        return True
    ca, cb = ({_country(article, i) for i in ids} for ids in (a, b))
    if ca & cb - {None}:
        return True
    return unsure and bool(a) and bool(b) and (None in ca or None in cb)


def _same_visit(c: Cluster, m: Mention) -> bool:
    """A visit told on in the next sentence ("X gjestet Norge. Han besøkte kongeparet på
    Slottet") is the same visit."""
    f = c.mentions[-1]
    return (f.type == m.type and f.mode == m.mode == "visit" and 0 <= m.sent_no - f.sent_no <= 1
            and bool(set(f.actor) & set(m.actor)))


def _joinable(c: Cluster, m: Mention, article: Article) -> bool:
    f = c.first
    if _restates(c, m, article) or _same_visit(c, m):
        return True
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
    actors = [a for m in c.mentions for a in m.actor]
    if not actors:
        return [], c.parties()  # nobody is said to take part: no actor
    parties = [actors[0]] + [p for p in c.parties() if p != actors[0]]
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
        if not recip and m.type in ex.lex.list("recipient_required"):
            continue
        if not actor and m.implicit:
            actor = ex.implicit_actor(m)
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
    return _numbered(_drop_title_repeats(article, events))


def _numbered(events: list[Event]) -> list[Event]:
    for n, e in enumerate(events, 1):
        e.id = f"v{n}"
    return events


def _title_end(article: Article) -> int:
    """Where the title paragraph ends in the text (0 when the text does not open with it)."""
    title = (article.title or "").strip()
    return len(title) if title and article.text.lstrip().startswith(title) else 0


def _drop_title_repeats(article: Article, events: list[Event]) -> list[Event]:
    """A headline event told again in the body ("X krever lønnstillegg" twice) is one event:
    the body one is kept (and given the headline's recipient when it names none)."""
    end = _title_end(article)
    if end == 0:
        return events
    end += len(article.text) - len(article.text.lstrip())
    body = [e for e in events if e.trigger.start >= end]
    out = []
    for e in events:
        twin = None if e.trigger.start >= end else next(
            (b for b in body if b.type == e.type and set(b.actor) == set(e.actor)
             and (set(b.recipient) == set(e.recipient) or not b.recipient or not e.recipient)), None)
        if twin is None:
            out.append(e)
        elif not twin.recipient:
            twin.recipient = list(e.recipient)
    return out


def _event(ex: Extractor, c: Cluster, m: Mention, actor, recip, conf: float) -> Event:
    text = ex.article.text
    rep = m  # the evidence is where the event is first reported
    head, toks = ex.clause(rep.tok)
    start = min(t.idx for t in toks + [rep.tok])
    end = max(t.idx + len(t.text) for t in toks + [rep.tok])
    tstart, tend = rep.tok.idx, rep.tok.idx + len(rep.tok.text)
    for p in [t for t in rep.tok.sent if 0 < t.i - rep.tok.i <= 2 and t.text.lower() in m.entry.particles]:
        tend = max(tend, p.idx + len(p.text))
    verb = ex.support_verb(rep.tok) if m.nominal else None
    if verb is not None:  # the verb and its event noun are one predicate ("avsa dom", "kom med krav")
        tstart, tend = min(tstart, verb.idx), max(tend, verb.idx + len(verb.text))
    start, end = min(start, tstart), max(end, tend)
    location = c.value("location")
    return Event(id="v0", type=m.type, mode=m.mode or _consult_mode(ex.article, m.type, actor + recip, location), context=list(m.entry.context), actor=list(actor),
                 recipient=list(recip),
                 date=c.value("own_date") or c.value("context_date") or ex.article.published,
                 location=location, negated=m.negated, modality=m.modality,
                 source_quote=m.source_quote, trigger=Span.of(text, tstart, tend),
                 evidence=Span.of(text, start, end), score=round(conf, 2),
                 confidence=round(calibrated(conf, ex.lex), 3))


def calibrated(score: float, lex: Lexicon) -> float:
    """The probability that an event is right (type, actor and recipient as ``eventwire
    eval`` scores them) given its rule score: the logistic map under ``calibration`` in the
    lexicon, fitted on the event corpus' train split (``scripts/event_reliability.py --fit``);
    the score itself when the lexicon has none."""
    cal = lex.words.get("calibration")
    if not cal:
        return score
    return 1.0 / (1.0 + math.exp(-(cal["slope"] * score + cal["intercept"])))


def _consult_mode(article: Article, typ: str, parties: list[str], location: str | None) -> str | None:
    """A meeting in a country none of the parties belongs to is third-party; in one's own, a visit."""
    place = _country(article, location)
    countries = {_country(article, p) for p in parties} - {None}
    if typ != "CONSULT" or place is None or len(countries) < 2:
        return None
    return "visit" if place in countries else "third-party"


def extract_events(article: Article, doc, model: TriggerModel | None = None,
                   scorer: ArgumentModel | None = None, confidence: ConfidenceModel | None = None) -> list[Event]:
    """The PLOVER events of an analysed article (needs its Doc, entities, times and quotes);
    ``model`` finds the triggers (without one, the lexicon does); ``confidence`` gives each
    event its confidence and drops those below its threshold (without one, the rule score's
    calibration gives it)."""
    lex = load_lexicon(article.language)
    if lex is None or doc is None:
        return []
    ex = Extractor(article, doc, lex, model, scorer)
    events = build_events(ex, merge(ex.mentions(), article))
    if confidence is not None:
        events = judged(events, article, doc, lex, confidence)
    prune(article, events)
    return events


def judged(events: list[Event], article: Article, doc, lex: Lexicon, model: ConfidenceModel) -> list[Event]:
    """The events with the confidence model's probability as their confidence, those below
    its threshold left out, numbered again."""
    for e in events:
        e.confidence = round(model.probability(confidence_features(e, article, doc, lex)), 3)
    return _numbered([e for e in events if e.confidence >= model.threshold])


@stage("events")
class Stage:
    name = "events"
    requires = ("doc", "entities", "times", "quotes")
    provides = ("events",)

    def __init__(self, config: PipelineConfig):
        if config.event_detector not in ("lexicon", "trained"):
            raise ValueError(f"event_detector must be 'lexicon' or 'trained', not {config.event_detector!r}")
        self.config = config

    def __call__(self, analysis: Analysis) -> None:
        if analysis.doc is None:
            return
        lex = load_lexicon(analysis.article.language)
        if lex is None:
            analysis.article.warnings.append(
                f"no event lexicon for language {analysis.article.language!r}; events were not extracted")
            return
        model = None
        if self.config.event_detector == "trained":
            model = load_trigger_model(analysis.article.language, self.config.event_model)
        scorer = None
        if self.config.argument_scorer:
            scorer = load_argument_model(analysis.article.language, self.config.argument_model)
        confidence = None
        if self.config.event_confidence:
            confidence = load_confidence_model(analysis.article.language, self.config.confidence_model)
        analysis.article.events = extract_events(analysis.article, analysis.doc, model, scorer, confidence)
