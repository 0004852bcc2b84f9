"""The trigger lexicon of a language (``data/<lang>/events.yaml``) and matching a token to it.

The lexicon is domain knowledge as data: each entry is a trigger lemma in a syntactic frame
with the PLOVER type it gives (the file's header documents the schema).  :func:`match` is the
decision of the rule-based detector and a feature of the trained one
(:mod:`eventwire.events.triggers`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .. import resources


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
    converse: bool = False
    compounds: bool = False
    ignore: bool = False
    actor: str | None = None
    negated: tuple[str, str | None] | None = None
    recipient_preps: tuple[str, ...] | None = None
    verbal: tuple[str, str | None] | None = None

    @property
    def negation_cancels(self) -> bool:
        """A negated trigger is no event at all ("ble ikke enige")."""
        return self.negated is not None and self.negated[0] is None

    @property
    def specificity(self) -> int:
        return len(self.particles) + len(self.object) + int(self.reflexive)

    @classmethod
    def from_dict(cls, d: dict) -> "Entry":
        neg, verbal = d.get("negated"), d.get("verbal")
        preps = d.get("recipient_preps")
        return cls(lemma=d["lemma"], type=d["type"], pos=d.get("pos", "VERB"), mode=d.get("mode"),
                   context=tuple(d.get("context", ())), particles=tuple(d.get("particles", ())),
                   object=tuple(d.get("object", ())), reflexive=bool(d.get("reflexive")),
                   reciprocal=bool(d.get("reciprocal")), converse=bool(d.get("converse")),
                   compounds=bool(d.get("compounds")),
                   ignore=bool(d.get("ignore")), actor=d.get("actor"),
                   negated=(neg.get("type"), neg.get("mode")) if neg else None,
                   recipient_preps=tuple(preps) if preps is not None else None,
                   verbal=(verbal["type"], verbal.get("mode")) if verbal else None)


@dataclass(frozen=True)
class Lexicon:
    """A language's trigger lexicon and the word lists the argument rules use."""

    entries: dict[tuple[str, str], tuple[Entry, ...]]
    noun_heads: frozenset[str]  # the nouns whose entries also match compounds ending in them
    words: dict
    types: dict
    # lemma guesses by (form, lemma): _keys is asked about the same words again and again
    key_cache: dict = field(default_factory=dict, compare=False, repr=False)

    def lookup(self, pos: str, keys: list[str]) -> tuple[Entry, ...]:
        """The entries of the first key the lexicon has for ``pos``; for a noun, else those of
        the longest compound head a key ends in (at least three letters before it)."""
        for k in keys:
            if (pos, k) in self.entries:
                return self.entries[(pos, k)]
        if pos == "NOUN":
            for k in keys:
                for start in range(3, len(k)):
                    if k[start:] in self.noun_heads:
                        return self.entries[(pos, k[start:])]
        return ()

    def list(self, name: str) -> list:
        return self.words.get(name) or []


@lru_cache(maxsize=None)
def load_lexicon(language: str | None) -> Lexicon | None:
    """The lexicon for ``language`` (nb, nn → nb, en), or None when there is none."""
    from ..language import data_language

    lang = data_language(language, "events.yaml")
    if lang is None:
        return None
    data = resources.load(f"{lang}/events.yaml")
    table: dict[tuple[str, str], list[Entry]] = {}
    for d in data["entries"]:
        e = Entry.from_dict(d)
        table.setdefault((e.pos, e.lemma), []).append(e)
    entries = {k: tuple(sorted(v, key=lambda e: -e.specificity)) for k, v in table.items()}
    heads = frozenset(lemma for (pos, lemma), es in entries.items() if pos == "NOUN" and any(e.compounds for e in es))
    words = {k: v for k, v in data.items() if k != "entries"}
    return Lexicon(entries, heads, words, resources.load("plover.yaml")["types"])


_KEY_CACHE_SIZE = 100_000


def _keys(tok, lex: Lexicon) -> tuple[str, ...]:
    """Lemma guesses for a token: the tagger's lemma, an irregular form, suffix-stripped forms."""
    form, lemma = tok.text.lower(), tok.lemma_.lower()
    keys = lex.key_cache.get((form, lemma))
    if keys is None:
        if len(lex.key_cache) >= _KEY_CACHE_SIZE:  # bounded: memory stays flat on a long run
            lex.key_cache.clear()
        keys = lex.key_cache[(form, lemma)] = _guesses(form, lemma, lex)
    return keys


def _guesses(form: str, lemma: str, lex: Lexicon) -> tuple[str, ...]:
    keys = [form, lemma]
    forms = lex.words.get("forms") or {}
    if form in forms:
        keys.insert(0, forms[form])
    for ending, stem_lemma in (lex.words.get("compound_forms") or {}).items():
        if form.endswith(ending) and len(form) >= len(ending):
            keys.append(form[: -len(ending)] + stem_lemma)
    for suf in lex.list("suffixes"):
        if form.endswith(suf) and len(form) - len(suf) >= 3:
            stem = form[: -len(suf)]
            keys += [stem, stem + "e"]
    return tuple(dict.fromkeys(keys))


def _pos_group(tok) -> str | None:
    if tok.pos_ in ("VERB", "AUX"):
        return "VERB"
    if tok.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    if tok.pos_ == "ADJ":
        return "ADJ"
    return None


def _frame_ok(tok, entry: Entry, lex: Lexicon) -> bool:
    doc = tok.doc
    sent_toks = list(doc[tok.i + 1:min(tok.i + 5, tok.sent.end)])
    near = {t.text.lower() for t in sent_toks[:2]} | {c.text.lower() for c in tok.children}
    near |= {g.text.lower() for c in tok.children for g in c.children if g.dep_ == "case"}
    if any(p not in near for p in entry.particles):
        return False
    if entry.reflexive and not any(t.text.lower() in ("seg", "meg", "deg", "oss", "dere") for t in sent_toks[:3] + list(tok.children)):
        return False
    if entry.object:
        objs = [c for c in tok.children if c.dep_ in ("obj", "obl", "nsubj:pass", "xcomp")]
        objs += sent_toks
        return any(any(k == o or (k.endswith(o) and len(k) > len(o) + 2) for k in _keys(t, lex) for o in entry.object)
                   for t in objs)
    return True


def match(tok, lex: Lexicon) -> Entry | None:
    """The lexicon entry a token triggers, most specific frame first; None when it triggers none.

    Remembered per document (``doc.user_data``): the detector, its features and the argument
    rules all ask about the same tokens."""
    memo = tok.doc.user_data.setdefault(("eventwire.events.match", id(lex)), {})
    if tok.i not in memo:
        memo[tok.i] = _match(tok, lex)
    return memo[tok.i]


def _match(tok, lex: Lexicon) -> Entry | None:
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
