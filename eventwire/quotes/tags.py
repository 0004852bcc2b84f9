"""Speech tags ("sa Trump til NTB", "he said") and the findings the patterns produce."""
from __future__ import annotations

from dataclasses import dataclass

from ..actors import country_of_word
from .lexicon import Lexicon, Verb, Word, match_phrase

CharSpan = tuple[int, int]


@dataclass
class Found:
    """A quote found in the text, before its speaker is turned into an entity id."""

    kind: str
    start: int
    end: int
    cue: str | None = None
    speaker: CharSpan | None = None
    addressee: CharSpan | None = None
    continues: bool = False  # an untagged dash paragraph that may take a neighbour's speaker
    paragraph: int = -1
    tag_start: int = -1  # where the speech tag's words start, for direct quotes with a tag


@dataclass(frozen=True)
class Tag:
    """A speech tag: the verb, the speaker's words, the addressee's words, and where it ends."""

    verb: Verb
    speaker: CharSpan | None
    addressee: CharSpan | None
    end: int  # index of the first word after the tag's sentence


_NOT_IN_SPEAKER = ("ADV", "VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PART")


def speaker_after(words: list[Word], i: int, lex: Lexicon, pos=None) -> int:
    """Index after the speaker phrase that starts at ``words[i]`` (``i`` when there is none)."""
    if i < len(words) and words[i].lower in lex.pronouns:
        return i + 1
    if i >= len(words) or words[i].lower in lex.non_speakers:
        return i
    j = i
    while j < len(words) and j - i < 8:
        w = words[j]
        if w.lower in lex.speaker_joiners and j > i:
            j += 1
            continue
        if not w.is_word or w.lower in lex.speaker_stops or lex.verb(w.text) and j > i:
            break
        if pos is not None and j > i and pos(w) in _NOT_IN_SPEAKER:
            break
        j += 1
    if j == i:
        return j
    return _titled_name(words, i, j, lex) or _apposed_name(words, j, lex)


def _titled_name(words: list[Word], i: int, j: int, lex: Lexicon) -> int | None:
    """"sa leder i Natur og Ungdom Ingrid Holm": a lowercase title, a link word and the names
    after it belong to the speaker phrase, a nationality word before them too ("kritiker i
    danske Jyllands-Posten Jon Helt Haarder"); ``None`` when there are none."""
    if j >= len(words) or words[j].lower not in lex.title_links or any(w.text[0].isupper() for w in words[i:j]):
        return None
    m = j + 1
    if m < len(words) and words[m].is_word and country_of_word(words[m].text):
        m += 1
    while m < len(words) and m - j <= 6 and words[m].is_word and (
            words[m].text[0].isupper() or words[m].lower in lex.name_joiners and m > j + 1):
        m += 1
    while m > j + 1 and not words[m - 1].text[0].isupper():
        m -= 1
    return m if m > j + 1 else None


def _apposed_name(words: list[Word], j: int, lex: Lexicon) -> int:
    """"sier Venstres førstekandidat i Trondheim, Jon Gunnes.": extend the speaker phrase
    over a place phrase and a name in apposition that closes the sentence."""
    k = j
    if k < len(words) and words[k].lower in lex.speaker_stops:
        k += 1
        while k < len(words) and words[k].is_word and k - j < 4:
            k += 1
    if k >= len(words) or words[k].text != ",":
        return j
    m = k + 1
    while m < len(words) and words[m].is_word and words[m].text[0].isupper() and m - k <= 4:
        m += 1
    if m > k + 1 and (m == len(words) or words[m].text in ".!"):
        return m
    return j


def speaker_before(words: list[Word], k: int, lex: Lexicon) -> int:
    """Index where the speaker phrase ending just before ``words[k]`` starts (``k``: none)."""
    if k > 0 and words[k - 1].lower in lex.pronouns:
        return k - 1
    j = k
    while j > 0 and words[j - 1].is_word and words[j - 1].text[0].isupper() and k - j < 5:
        j -= 1
    if j < k:
        return j
    # "the president said", "den amerikanske presidenten sa"
    while j > 0 and words[j - 1].is_word and words[j - 1].lower not in lex.speaker_stops and k - j < 4:
        j -= 1
        if words[j].lower in lex.speaker_determiners:
            return j
    return k


def addressee_after(words: list[Word], j: int, lex: Lexicon, pos=None) -> tuple[CharSpan | None, int]:
    """The addressee phrase "til nyhetsbyrået TT" at ``words[j]``, as (char span, next index)."""
    if j < len(words) and words[j].lower in lex.addressee:
        k = speaker_after(words, j + 1, lex, pos)
        if k > j + 1:
            return (words[j + 1].start, words[k - 1].end), k
    return None, j


def tag_at(words: list[Word], k: int, lex: Lexicon, pos=None, *, speaker_first: bool = False) -> Tag | None:
    """A speech tag starting at ``words[k]``: "sa Trump til NTB", "sier han"; in English also
    "he said" (``speaker_first``); also impersonal tags ("heter det i dommen")."""
    impersonal = impersonal_tag(words, k, lex)
    if impersonal is not None:
        return impersonal
    head = (_speaker_verb if speaker_first else _verb_speaker)(words, k, lex, pos)
    if head is None:
        return None
    verb, spk, after = head
    if verb.particle:
        if after >= len(words) or words[after].lower != verb.particle:
            return None
        after += 1
    addressee, _ = addressee_after(words, after, lex, pos)
    return Tag(verb, spk, addressee, after)


def _speaker_verb(words: list[Word], k: int, lex: Lexicon, pos) -> tuple[Verb, CharSpan, int] | None:
    """"he said" at ``words[k]``: the verb, the speaker's words, the index after the verb."""
    j = speaker_after(words, k, lex, pos)
    if j == k or j >= len(words) or not lex.verb(words[j].text):
        return None
    return lex.verb(words[j].text), (words[k].start, words[j - 1].end), j + 1


def _verb_speaker(words: list[Word], k: int, lex: Lexicon, pos) -> tuple[Verb, CharSpan, int] | None:
    """"sa Trump" at ``words[k]``: the verb, the speaker's words, the index after."""
    verb = lex.verb(words[k].text) if k < len(words) else None
    if verb is None:
        return None
    s = k + 1
    s += match_phrase(words, s, lex.skip_adverbs)
    j = speaker_after(words, s, lex, pos)
    if j == s:
        return None
    return verb, (words[s].start, words[j - 1].end), j


_SOURCE_WORDS = 10


def impersonal_tag(words: list[Word], k: int, lex: Lexicon) -> Tag | None:
    """"heter det i dommen" / "står det i rapporten fra Riksrevisjonen" at ``words[k]``: the
    source after the preposition is the speaker phrase (none in a bare "heter det").  Only a
    punctuation mark, the end or (after a source) a word that ends a speaker phrase ("tirsdag")
    may follow, so "sto det en mann utenfor" is no tag."""
    head = next(((len(p), lemma) for p, lemma in lex.impersonal
                 if tuple(w.lower for w in words[k:k + len(p)]) == p), None)
    if head is None:
        return None
    speaker, j = _source(words, k + head[0], lex)
    if j < 0:
        return None
    if j < len(words) and words[j].is_word and (speaker is None or words[j].lower not in lex.speaker_stops
                                                or words[j].lower in lex.complementizers):
        return None
    return Tag(Verb(head[1], "speech"), speaker, None, j)


def _source(words: list[Word], j: int, lex: Lexicon) -> tuple[CharSpan | None, int]:
    """The source phrase "i rapporten fra Riksrevisjonen" at ``words[j]``: (its words after the
    preposition, the index after it); (None, j) when there is none, (None, -1) when it is empty."""
    if j >= len(words) or words[j].lower not in lex.impersonal_sources:
        return None, j
    s = j = j + 1
    while j < len(words) and j - s < _SOURCE_WORDS and words[j].is_word and (
            words[j].lower not in lex.speaker_stops or words[j].lower in lex.source_links and j > s):
        j += 1
    while j > s and words[j - 1].lower in lex.source_links:
        j -= 1
    return ((words[s].start, words[j - 1].end), j) if j > s else (None, -1)
