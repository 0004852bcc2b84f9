"""The words and marks the quote patterns use (from the data files), and small text helpers
that work on :class:`Word` lists: words with their character offsets."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load

_WORD = re.compile(r"\w(?:[\w'’.-]*\w)?|\.\.\.|[^\w\s]")

Phrases = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Verb:
    lemma: str
    kind: str  # speech | cognition | manner
    particle: str | None = None


@dataclass(frozen=True)
class Lexicon:
    """The words and marks of one language that the quote patterns use."""

    verbs: dict[str, Verb]
    according: Phrases
    according_cue: str
    complementizers: frozenset[str]
    addressee: frozenset[str]
    speaker_stops: frozenset[str]
    skip_adverbs: Phrases
    expletives: frozenset[str]
    pronouns: frozenset[str]
    person_pronouns: frozenset[str]
    speaker_determiners: frozenset[str]
    title_links: frozenset[str]
    name_joiners: frozenset[str]
    title_nouns: frozenset[str]
    tag_openers: frozenset[str]
    non_speakers: frozenset[str]
    speaker_joiners: frozenset[str]
    dashes: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]
    min_words: int
    impersonal: tuple[tuple[tuple[str, ...], str], ...] = ()  # ("heter", "det") -> "hete", longest first
    impersonal_sources: frozenset[str] = frozenset()
    source_links: frozenset[str] = frozenset()
    document_sources: frozenset[str] = frozenset()  # writings that can be a quote's source
    partitive: frozenset[str] = frozenset()  # "en av livvaktene": the people follow these
    protagonist: tuple[int, float] | None = None  # (min_mentions, ratio); None: no such rule

    def verb(self, form: str) -> Verb | None:
        return self.verbs.get(form.lower())


def _phrases(items: list[str]) -> Phrases:
    return tuple(sorted((tuple(p.lower().split()) for p in items), key=len, reverse=True))


def _impersonal(data: dict) -> tuple[tuple[tuple[str, ...], str], ...]:
    pairs = [(tuple(f.lower().split()), t["lemma"]) for t in data.get("impersonal_tags", []) for f in t["forms"]]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def _verbs(data: dict) -> dict[str, Verb]:
    verbs: dict[str, Verb] = {}
    for v in data["verbs"]:
        verb = Verb(v["lemma"], v["kind"], v.get("particle"))
        for form in v["forms"]:
            verbs.setdefault(form.lower(), verb)
    return verbs


@lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon:
    """The lexicon of ``lang`` ("nb" or "en") from the data files."""
    data = load(f"{lang}/speech.yaml")
    marks = load("quote_marks.yaml")[lang]
    words = lambda key: frozenset(w.lower() for w in data.get(key, []))  # noqa: E731
    return Lexicon(
        verbs=_verbs(data), according=_phrases(data["according"]), according_cue=data["according"][0],
        complementizers=words("complementizers"),
        addressee=words("addressee"), speaker_stops=words("speaker_stops"),
        skip_adverbs=_phrases(data.get("skip_adverbs", [])), expletives=words("expletives"),
        pronouns=words("pronouns"), person_pronouns=words("person_pronouns"),
        speaker_determiners=words("speaker_determiners"), title_links=words("title_links"),
        name_joiners=words("name_joiners"), title_nouns=words("title_nouns"), tag_openers=words("tag_openers"),
        non_speakers=words("non_speakers"), speaker_joiners=words("speaker_joiners"),
        dashes=tuple(marks["dashes"]), pairs=tuple(tuple(p) for p in marks["pairs"]),
        min_words=int(marks["min_words"]), impersonal=_impersonal(data),
        impersonal_sources=words("impersonal_sources"), source_links=words("source_links"),
        document_sources=words("document_sources"), partitive=words("partitive"),
        protagonist=(int(data["protagonist"]["min_mentions"]), float(data["protagonist"]["ratio"]))
        if data.get("protagonist") else None,
    )


# --------------------------------------------------------------------------- text helpers


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


def words_of(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words and punctuation marks of ``text[start:end]`` with their offsets in ``text``."""
    end = len(text) if end is None else end
    return [Word(m.group(), start + m.start(), start + m.end()) for m in _WORD.finditer(text[start:end])]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line of ``text``, stripped of surrounding spaces."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def trim(text: str, start: int, end: int, strip: str = " \t\n,;") -> tuple[int, int]:
    """Shrink ``start:end`` past spaces and the characters of ``strip`` at either end."""
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def match_phrase(words, i: int, phrases: Phrases, lower=lambda w: w.lower) -> int:
    """How many words of one of ``phrases`` start at ``words[i]`` (0 when none does); ``words``
    are :class:`Word` objects, or spaCy tokens with ``lower=lambda t: t.lower_``."""
    if i >= len(words):
        return 0
    first = lower(words[i])  # most phrases differ in their first word: compare that one first
    for p in phrases:
        if not p or (p[0] == first and tuple(lower(w) for w in words[i:i + len(p)]) == p):
            return len(p)
    return 0


def sentence_end(words: list[Word], i: int) -> int:
    """Index of the word after the sentence that contains ``words[i]`` ends."""
    n = len(words)
    while i < n:
        w = words[i]
        if w.text in ".!?…" or w.text == "...":
            nxt = words[i + 1] if i + 1 < n else None
            if nxt is None or not nxt.text[0].islower():
                return i + 1
        i += 1
    return n
