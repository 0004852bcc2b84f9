"""The quotes stage: who said what, as :class:`~eventwire.records.Quote` records.

Direct quotes are found in the text itself, so they need no model: dash paragraphs
("– Tekst, sa hun.") with the speech tag after, inside or in a later paragraph, and quotes in
marks («…», "…") with a tag before or after.  Indirect quotes ("sa at …", "mener …",
"ifølge X") use the spaCy parse of Norwegian text (a reported clause of a speech verb) with
token patterns as the fallback; English text gets textual patterns ("… that", "according to").
Speakers and addressees are entity ids found through the entity mentions over the speaker's
words (names, titles and pronouns resolved by the entities stage).

Speech verbs, quote marks and the little words the patterns need are data:
``data/<lang>/speech.yaml`` and ``data/quote_marks.yaml``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from .pipeline import Analysis, PipelineConfig, stage
from .records import Article, Quote, Span

#: the lexicon each article language uses (Nynorsk shares the Bokmål one for now)
LEXICON_OF = {"nb": "nb", "nn": "nb", "no": "nb", "en": "en"}

_WORD = re.compile(r"\w(?:[\w'’.-]*\w)?|\.\.\.|[^\w\s]")
_SENT_END = ".!?…:"
_NAME_TYPES = {"PER": 0, "ORG": 1}


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Verb:
    lemma: str
    kind: str  # speech | cognition | manner
    particle: str | None = None


@dataclass(frozen=True)
class Lexicon:
    """The words and marks of one language that the quote patterns use."""

    verbs: dict[str, Verb]
    according: tuple[tuple[str, ...], ...]
    according_cue: str
    complementizers: frozenset[str]
    addressee: frozenset[str]
    speaker_stops: frozenset[str]
    skip_adverbs: tuple[tuple[str, ...], ...]
    expletives: frozenset[str]
    pronouns: frozenset[str]
    title_nouns: frozenset[str]
    tag_openers: frozenset[str]
    non_speakers: frozenset[str]
    speaker_joiners: frozenset[str]
    dashes: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]
    min_words: int

    def verb(self, form: str) -> Verb | None:
        return self.verbs.get(form.lower())


def _phrases(items: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted((tuple(p.lower().split()) for p in items), key=len, reverse=True))


@lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon:
    """The lexicon of ``lang`` ("nb" or "en") from the data files."""
    from .resources import load

    data = load(f"{lang}/speech.yaml")
    marks = load("quote_marks.yaml")[lang]
    verbs: dict[str, Verb] = {}
    for v in data["verbs"]:
        verb = Verb(v["lemma"], v["kind"], v.get("particle"))
        for form in v["forms"]:
            verbs.setdefault(form.lower(), verb)
    words = lambda key: frozenset(w.lower() for w in data.get(key, []))  # noqa: E731
    return Lexicon(
        verbs=verbs, according=_phrases(data["according"]), according_cue=data["according"][0],
        complementizers=words("complementizers"),
        addressee=words("addressee"), speaker_stops=words("speaker_stops"),
        skip_adverbs=_phrases(data.get("skip_adverbs", [])), expletives=words("expletives"),
        pronouns=words("pronouns"), title_nouns=words("title_nouns"), tag_openers=words("tag_openers"),
        non_speakers=words("non_speakers"), speaker_joiners=words("speaker_joiners"),
        dashes=tuple(marks["dashes"]), pairs=tuple(tuple(p) for p in marks["pairs"]),
        min_words=int(marks["min_words"]),
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


def match_phrase(words: list[Word], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """How many words of one of ``phrases`` start at ``words[i]`` (0 when none does)."""
    for p in phrases:
        if tuple(w.lower for w in words[i:i + len(p)]) == p:
            return len(p)
    return 0


def sentence_end(words: list[Word], i: int, text: str) -> int:
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


# --------------------------------------------------------------------------- findings


@dataclass
class Found:
    """A quote found in the text, before its speaker is turned into an entity id."""

    kind: str
    start: int
    end: int
    cue: str | None = None
    speaker: tuple[int, int] | None = None
    addressee: tuple[int, int] | None = None
    continues: bool = False  # an untagged dash paragraph that may take a neighbour's speaker
    paragraph: int = -1
    tag_start: int = -1  # where the speech tag's words start, for direct quotes with a tag


@dataclass(frozen=True)
class Tag:
    """A speech tag: the verb, the speaker's words, the addressee's words, and where it ends."""

    verb: Verb
    speaker: tuple[int, int] | None
    addressee: tuple[int, int] | None
    end: int  # index of the first word after the tag's sentence


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
        if pos is not None and j > i and pos(w) in ("ADV", "VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PART"):
            break
        j += 1
    return _apposed_name(words, j, lex) if j > i else j


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
    if j == k:  # "the president said", "den amerikanske presidenten sa"
        j = k
        while j > 0 and words[j - 1].is_word and words[j - 1].lower not in lex.speaker_stops and k - j < 4:
            j -= 1
            if words[j].lower in ("the", "den", "det", "de"):
                return j
        return k
    return j


def addressee_after(words: list[Word], j: int, lex: Lexicon, pos=None) -> tuple[tuple[int, int] | None, int]:
    """The addressee phrase "til nyhetsbyrået TT" at ``words[j]``, as (char span, next index)."""
    if j < len(words) and words[j].lower in lex.addressee:
        k = speaker_after(words, j + 1, lex, pos)
        if k > j + 1:
            return (words[j + 1].start, words[k - 1].end), k
    return None, j


def tag_at(words: list[Word], k: int, lex: Lexicon, pos=None, *, speaker_first: bool = False) -> Tag | None:
    """A speech tag starting at ``words[k]``: "sa Trump til NTB", "sier han"; in English also
    "he said" (``speaker_first``)."""
    if speaker_first:
        j = speaker_after(words, k, lex, pos)
        if j == k or j >= len(words) or not lex.verb(words[j].text):
            return None
        verb, spk, after = lex.verb(words[j].text), (words[k].start, words[j - 1].end), j + 1
    else:
        verb = lex.verb(words[k].text) if k < len(words) else None
        if verb is None:
            return None
        s = k + 1
        s += match_phrase(words, s, lex.skip_adverbs)
        j = speaker_after(words, s, lex, pos)
        if j == s:
            return None
        spk, after = (words[s].start, words[j - 1].end), j
    if verb.particle:
        if after >= len(words) or words[after].lower != verb.particle:
            return None
        after += 1
    addressee, _ = addressee_after(words, after, lex, pos)
    return Tag(verb, spk, addressee, after)


# --------------------------------------------------------------------------- dash paragraphs


def is_dash_paragraph(text: str, start: int, lex: Lexicon) -> bool:
    return any(text.startswith(d, start) and text[start + len(d):start + len(d) + 1].isspace()
               for d in lex.dashes)


def dash_paragraph(text: str, start: int, end: int, lex: Lexicon, pos=None) -> list[Found] | str:
    """The quotes of one dash paragraph, or why it has none ("heading", "question")."""
    body = start + 1
    while body < end and text[body].isspace():
        body += 1
    words = words_of(text, body, end)
    for k in range(1, len(words)):
        tag = None
        if words[k - 1].text in ",?!…" or words[k - 1].text == "...":
            tag = tag_at(words, k, lex, pos)
        elif words[k].lower in lex.tag_openers and words[k - 1].text in ".!?":
            tag = tag_at(words, k + 1, lex, pos)
        if tag is not None:
            return _tagged(text, body, words, k, tag, end, lex, pos)
    return _untagged(text, body, end, words, lex)


def _tagged(text, body, words, k, tag: Tag, end, lex, pos) -> list[Found]:
    qs, qe = trim(text, body, words[k - 1].end if words[k - 1].text in "?!" else words[k - 1].start)
    first = Found("direct", qs, qe, tag.verb.lemma, tag.speaker, tag.addressee, tag_start=words[k].start)
    out = [first]
    rest = sentence_end(words, tag.end, text)
    if rest < len(words) and words[rest].text in lex.dashes:
        more = dash_paragraph(text, words[rest].start, end, lex, pos)
        if isinstance(more, list):
            for f in more:
                if f.speaker is None:
                    f.speaker, f.cue, f.addressee, f.continues = first.speaker, first.cue, first.addressee, False
            out.extend(more)
    return out


def _untagged(text, body, end, words, lex) -> list[Found] | str:
    last = text[end - 1]  # a dash paragraph without final punctuation is a sub-heading
    n_words = sum(1 for w in words if w.is_word)
    if last not in _SENT_END + "»\"”":
        return "heading"
    if last == "?":
        return "question"
    if last == ":" or n_words == 0:
        return "heading"
    s, e = trim(text, body, end)
    return [Found("direct", s, e, None, None, None, continues=True)]


def dash_quotes(text: str, lex: Lexicon, pos=None) -> list[Found]:
    """Direct quotes of the dash paragraphs, with speakers carried over to untagged ones."""
    paras = paragraphs(text)
    results: list[list[Found] | str] = []
    for s, e in paras:
        if is_dash_paragraph(text, s, lex):
            results.append(dash_paragraph(text, s, e, lex, pos))
        else:
            results.append(_lead_in(text, s, e, lex, pos))
    _carry_speakers(results)
    out: list[Found] = []
    for n, r in enumerate(results):
        if isinstance(r, list):
            for f in r:
                f.paragraph = n
                out.append(f)
    return out


def _lead_in(text: str, start: int, end: int, lex: Lexicon, pos=None) -> str | Tag | list[Found]:
    """A narrative paragraph; one ending in "…, sa han:" introduces the next dash quote, and
    one whose first sentence ends in a tag ("…, sier Hansen.") opens with a quote whose dash
    was lost."""
    words = words_of(text, start, end)
    opening = _tagged_opening(text, words, lex, pos)
    if opening is not None:
        return opening
    if text[end - 1] != ":":
        return "narrative"
    for k, w in enumerate(words):
        if lex.verb(w.text) and lex.verb(w.text).kind != "manner":
            b = speaker_before(words, k, lex)
            if b < k:
                return Tag(lex.verb(w.text), (words[b].start, words[k - 1].end), None, len(words))
            tag = tag_at(words, k, lex, pos)
            if tag is not None:
                return tag
    return "narrative"


def _tagged_opening(text: str, words: list[Word], lex: Lexicon, pos) -> list[Found] | None:
    if not lex.dashes or not words or not words[0].text[0].isupper():
        return None
    stop = sentence_end(words, 0, text)
    for k in range(4, stop):
        if words[k - 1].text == ",":
            tag = tag_at(words, k, lex, pos)
            if tag is not None and (words[tag.end].text == "," if tag.end < len(words) else True
                                    or sentence_end(words, tag.end - 1, text) <= tag.end + 7):
                qs, qe = trim(text, words[0].start, words[k - 1].start)
                return [Found("direct", qs, qe, tag.verb.lemma, tag.speaker, tag.addressee, tag_start=words[k].start)]
    return None


def _carry_speakers(results: list) -> None:
    """Give untagged dash quotes the speaker of the quote right before them, else of the tag
    that ends their run, else of a lead-in paragraph ("Hun sa:")."""
    prev: Found | None = None
    for n, r in enumerate(results):
        if isinstance(r, Tag):
            prev = Found("lead-in", 0, 0, r.verb.lemma, r.speaker, r.addressee)
            continue
        if not isinstance(r, list) or not any(f.continues or f.tag_start >= 0 for f in r):
            prev = None
            continue
        for f in r:
            if f.continues and f.speaker is None and prev is not None and prev.speaker is not None:
                f.speaker, f.cue, f.addressee = prev.speaker, prev.cue, prev.addressee
            prev = f
    for n in range(len(results) - 1, -1, -1):
        r = results[n]
        nxt = results[n + 1] if n + 1 < len(results) else None
        if isinstance(r, list) and isinstance(nxt, list) and nxt and nxt[0].speaker is not None:
            for f in r:
                if f.continues and f.speaker is None:
                    f.speaker, f.cue, f.addressee = nxt[0].speaker, nxt[0].cue, nxt[0].addressee


# --------------------------------------------------------------------------- quotes in marks


def marked_segments(text: str, start: int, end: int, lex: Lexicon) -> list[tuple[int, int]]:
    """(open, close) offsets of the marks of each quoted stretch in ``text[start:end]``."""
    out = []
    for op, cl in lex.pairs:
        i = start
        while True:
            a = text.find(op, i, end)
            if a < 0:
                break
            b = text.find(cl, a + 1, end)
            if b < 0:
                break
            if not any(x <= a < y for x, y in out):
                out.append((a, b))
            i = b + 1
    return sorted(out)


def mark_quotes(text: str, lex: Lexicon, blocked: list[tuple[int, int]], pos=None,
                speaker_first: bool = False) -> list[Found]:
    """Quotes in marks in running text: «…», sa hun / Hun sa: «…» / "…," he said."""
    out = []
    for ps, pe in paragraphs(text):
        words = words_of(text, ps, pe)
        for a, b in marked_segments(text, ps, pe, lex):
            if any(x <= a < y for x, y in blocked):
                continue
            found = _marked(text, words, a, b, lex, pos, speaker_first)
            if found is not None:
                out.append(found)
    return out


def _marked(text, words, a, b, lex, pos, speaker_first) -> Found | None:
    qs, qe = trim(text, a + 1, b)
    inner = [w for w in words_of(text, qs, qe) if w.is_word]
    after = next((i for i, w in enumerate(words) if w.start > b), len(words))
    if after < len(words) and words[after].text == ",":
        after += 1
    tag = tag_at(words, after, lex, pos) if after < len(words) else None
    if tag is None and speaker_first and after < len(words):
        tag = tag_at(words, after, lex, pos, speaker_first=True)
    if tag is None:
        tag = _tag_before(words, a, lex, pos)
    if tag is not None and inner and (len(inner) >= lex.min_words or text[qs].isupper()):
        return Found("direct", qs, qe, tag.verb.lemma, tag.speaker, tag.addressee, tag_start=b)
    if len(inner) < lex.min_words or _is_title(words, a, lex) or not _sentence_like(text, qs, qe, inner):
        return None
    return Found("direct", qs, qe)


def _tag_before(words: list[Word], a: int, lex: Lexicon, pos) -> Tag | None:
    """"Hun sa: «…»", "X sa til VG: «…»": a speech verb before a colon just before the mark."""
    k = next((i for i, w in enumerate(words) if w.start >= a), len(words))
    if k == 0 or words[k - 1].text != ":":
        return None
    for v in range(k - 2, max(-1, k - 10), -1):
        verb = lex.verb(words[v].text)
        if verb is None or verb.kind == "manner":
            continue
        b = speaker_before(words, v, lex)
        if b < v:
            return Tag(verb, (words[b].start, words[v - 1].end), addressee_after(words, v + 1, lex, pos)[0], k)
        return tag_at(words, v, lex, pos)
    return None


def _is_title(words: list[Word], a: int, lex: Lexicon) -> bool:
    k = next((i for i, w in enumerate(words) if w.start >= a), len(words))
    return k > 0 and words[k - 1].lower in lex.title_nouns


def _sentence_like(text: str, qs: int, qe: int, inner: list[Word]) -> bool:
    """An untagged quote must read as a sentence: it starts with a capital and ends with a
    full stop, or is long."""
    full = text[qs].isupper() and text[qe - 1] in ".!?…"
    return full or len(inner) >= 8


# --------------------------------------------------------------------------- indirect (parse)


def _fin(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") and "Fin" in tok.morph.get("VerbForm")


def _subject(tok):
    """The subject of a verb token: its nsubj (through conjunctions and relative "som"), else
    a name or pronoun right after it ("sa Trump at") or right before it ("Trump sa")."""
    subj = _nsubj(tok)
    if subj is not None and not _in_pp(subj):
        return subj
    doc = tok.doc
    j = tok.i + 1
    while j < min(len(doc), tok.i + 4) and doc[j].pos_ in ("NOUN", "ADJ", "DET", "VERB"):
        j += 1  # "sa forsvarer Geir Lippestad at": a title before the name
    for i in (j, tok.i + 1, tok.i - 1):
        if 0 <= i < len(doc) and doc[i].pos_ in ("PROPN", "PRON") and doc[i].sent == tok.sent:
            return doc[i]
    return None


def _in_pp(tok) -> bool:
    """A "subject" with a preposition is a parse error ("Overfor Klassekampen slår …")."""
    return tok.left_edge.pos_ == "ADP" or any(c.dep_ == "case" for c in tok.children)


def _nsubj(tok):
    for _ in range(4):
        subjects = [c for c in tok.children if c.dep_.startswith("nsubj")]
        subj = min(subjects, key=lambda c: (_in_pp(c), c.pos_ not in ("PROPN", "PRON")), default=None)
        if subj is not None:
            if subj.lower_ == "som" and tok.dep_.startswith("acl"):
                return tok.head
            return subj
        if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX", "NOUN", "ADJ"):
            tok = tok.head
            continue
        if tok.dep_ in ("xcomp",) and tok.head is not tok:
            tok = tok.head
            continue
        return None
    return None


def _phrase(tok) -> tuple[int, int]:
    """The char span of a subject's phrase, cut at the first comma or relative clause."""
    left = tok.left_edge
    right = tok
    for c in tok.rights:
        if c.dep_ in ("punct", "acl:relcl", "acl", "parataxis", "appos") or c.is_punct:
            break
        right = c.right_edge
    doc = tok.doc
    for t in doc[tok.i:right.i + 1]:
        if t.is_punct and t.i > tok.i:
            right = doc[t.i - 1]
            break
    return left.idx, right.idx + len(right.text)


def _clause_by_parse(verb, lex) -> tuple[int, int] | None:
    comp = next((c for c in verb.rights if c.dep_.startswith("ccomp")), None)
    if comp is None:
        return None
    s = comp.left_edge.i
    if s <= verb.i:
        return None
    doc = verb.doc
    if doc[s].lower_ in lex.complementizers and not _complementizer_ok(doc, s, verb):
        return None
    while doc[s].pos_ == "CCONJ" and s - 1 > verb.i and doc[s - 1].pos_ in ("PRON", "PROPN", "NOUN"):
        s -= 1  # "sier han og Kim har …": the parse hung "han" elsewhere
    if doc[s].lower_ in lex.complementizers:
        s += 1
    e = max(comp.right_edge.i, s)
    return s, e + 1


def _clause_by_tokens(verb, verb_lex: Verb, lex, subj) -> tuple[int, int] | None:
    """Token patterns: "sa (han) (i en uttalelse) at …" and "sier (han) tror …"."""
    doc, sent_end = verb.doc, verb.sent.end
    j = verb.i + 1
    if subj is not None and subj.i > verb.i:
        j = max(j, subj.right_edge.i + 1)
    for k in range(j, min(sent_end, j + 8)):
        t = doc[k]
        if t.lower_ in lex.complementizers:
            return (k + 1, sent_end) if _complementizer_ok(doc, k, verb) else None
        if t.is_punct or lex.verb(t.text) is not None:
            break
    k = j
    while k < sent_end and (doc[k].pos_ in ("ADV", "PART") or doc[k].lower_ == verb_lex.particle):
        k += 1
    return _bare_clause(doc, k, sent_end)


def _complementizer_ok(doc, k: int, verb) -> bool:
    """"at" opens the reported clause unless a preposition not right after the verb makes it
    a clause of time or cause ("fortalte til forsvarerne etter at …")."""
    before = doc[k - 1]
    return before.pos_ not in ("ADP", "SCONJ") or before.i == verb.i + 1


def _bare_clause(doc, k: int, sent_end: int) -> tuple[int, int] | None:
    """A clause with its own subject and finite verb right at ``k`` ("han ikke hadde …")."""
    if k >= sent_end or doc[k].pos_ not in ("PRON", "PROPN", "NOUN", "DET"):
        return None
    case = doc[k].morph.get("Case")
    if doc[k].pos_ == "PRON" and case and "Nom" not in case:
        return None
    m = k + 1
    while m < sent_end and m - k < 6 and (doc[m].pos_ in ("ADV", "PART", "CCONJ", "PROPN", "NOUN", "PRON", "ADJ", "DET")
                                          or doc[m].is_quote):
        if _fin(doc[m]):
            break
        m += 1
    if m < sent_end and _fin(doc[m]):
        return k, sent_end
    return None


def _trim_tokens(doc, s: int, e: int) -> tuple[int, int] | None:
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    while s < e and (doc[s].is_space or doc[s].text in ",;"):
        s += 1
    if e - s < 2:
        return None
    start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
    cut = doc.text.find("\n", start, end)
    return (start, cut if cut > 0 else end)


def indirect_quotes(doc, lex: Lexicon, blocked: list[tuple[int, int]]) -> list[Found]:
    """Indirect quotes: reported clauses of speech and cognition verbs, and "ifølge X"."""
    out = []
    for tok in doc:
        if any(a <= tok.idx < b for a, b in blocked):
            continue
        verb = lex.verb(tok.text)
        if verb is not None and verb.kind != "manner" and tok.pos_ in ("VERB", "AUX", ""):
            found = _reported(tok, verb, lex)
        elif match_phrase_tok(doc, tok.i, lex.according):
            found = _according(doc, tok, lex)
        else:
            continue
        if found is not None:
            out.append(found)
    return _outermost(out)


def match_phrase_tok(doc, i: int, phrases) -> int:
    for p in phrases:
        if tuple(t.lower_ for t in doc[i:i + len(p)]) == p:
            return len(p)
    return 0


def _reported(tok, verb: Verb, lex: Lexicon) -> Found | None:
    subj = _subject(tok)
    if subj is None or subj.lower_ in lex.expletives:
        return None
    clause = _clause_by_parse(tok, lex) or _clause_by_tokens(tok, verb, lex, subj)
    if clause is None:
        return None
    s, e = clause
    e = _predicate_end(tok, s)
    if not any(_fin(t) for t in tok.doc[s:e]):
        return None
    span = _trim_tokens(tok.doc, s, e)
    if span is None:
        return None
    return Found("indirect", span[0], span[1], verb.lemma, _phrase(subj), _addressee_tok(tok, lex))


def _predicate_end(verb, start: int) -> int:
    """Where the clause that starts at ``start`` ends: the sentence end, or before a second
    predicate without its own subject ("mener … , og advarer mot at …")."""
    doc, end = verb.doc, verb.sent.end
    for i in range(start + 1, end - 1):
        if doc[i].text == "," and doc[i + 1].pos_ == "CCONJ" and i + 2 < end and _fin(doc[i + 2]):
            return i
    return end


def _addressee_tok(verb, lex: Lexicon) -> tuple[int, int] | None:
    """"sa til NTB at …": the nominal of an oblique "til" phrase of the verb."""
    for c in verb.children:
        case = next((g for g in c.children if g.dep_ == "case" and g.lower_ in lex.addressee), None)
        if c.dep_.startswith("obl") and case is not None and case.i < c.i:
            return verb.doc[case.i + 1].idx, c.idx + len(c.text)
    return None


def _according(doc, tok, lex: Lexicon) -> Found | None:
    """"Ifølge politiet ble mannen pågrepet": the clause around "ifølge X", X the speaker."""
    n = match_phrase_tok(doc, tok.i, lex.according)
    sent = tok.sent
    head = tok.head if tok.dep_ == "case" and tok.head.i > tok.i else None
    src_end = head.right_edge.i + 1 if head is not None else _np_end(doc, tok.i + n, sent.end)
    if src_end <= tok.i + n:
        return None
    speaker = (doc[tok.i + n].idx, doc[src_end - 1].idx + len(doc[src_end - 1].text))
    s, e = sent.start, sent.end
    if tok.i == sent.start or (tok.i == sent.start + 1 and doc[sent.start].pos_ in ("CCONJ", "ADV")):
        s = src_end
    elif src_end >= sent.end - 1 or doc[src_end].is_punct and src_end == sent.end - 1:
        e = tok.i
    span = _trim_tokens(doc, s, e)
    if span is None:
        return None
    return Found("indirect", span[0], span[1], lex.according_cue, speaker)


def _np_end(doc, i: int, limit: int) -> int:
    j = i
    while j < limit and doc[j].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "PRON", "NUM", "") and not doc[j].is_punct:
        j += 1
    return j


def _outermost(found: list[Found]) -> list[Found]:
    """Drop an indirect quote that lies inside another one (the "tror" inside "sier han tror")."""
    keep = []
    for f in found:
        inside = any(g is not f and g.start <= f.start and f.end <= g.end and (g.end - g.start) > (f.end - f.start)
                     for g in found)
        same = any(g is not f and (g.start, g.end) == (f.start, f.end) and found.index(g) < found.index(f)
                   for g in found)
        if not inside and not same:
            keep.append(f)
    return keep


# --------------------------------------------------------------------------- indirect (English text)


def indirect_text(text: str, lex: Lexicon, blocked: list[tuple[int, int]]) -> list[Found]:
    """English without a model: "X said (that) …", "X told Reuters that …", "according to X"."""
    out = []
    for ps, pe in paragraphs(text):
        words = words_of(text, ps, pe)
        for k, w in enumerate(words):
            if any(a <= w.start < b for a, b in blocked):
                continue
            found = _text_report(text, words, k, lex) or _text_according(text, words, k, lex)
            if found is not None:
                out.append(found)
    return out


def _text_report(text, words, k, lex) -> Found | None:
    verb = lex.verb(words[k].text)
    if verb is None or verb.kind == "manner":
        return None
    b = speaker_before(words, k, lex)
    if b == k:
        return None
    j = k + 1
    j += match_phrase(words, j, lex.skip_adverbs)
    addressee = None
    if verb.lemma == "tell" and j < len(words) and words[j].lower not in lex.complementizers:
        e = speaker_after(words, j, lex)
        addressee, j = ((words[j].start, words[e - 1].end), e) if e > j else (None, j)
    if j >= len(words):
        return None
    if words[j].lower in lex.complementizers:
        j += 1
    elif not (words[j].lower in lex.pronouns and j + 1 < len(words) and words[j + 1].is_word):
        return None
    end = sentence_end(words, j, text)
    s, e = trim(text, words[j].start, words[end - 1].end, " ,;.!?\n")
    if e - s < 3:
        return None
    return Found("indirect", s, e, verb.lemma, (words[b].start, words[k - 1].end), addressee)


def _text_according(text, words, k, lex) -> Found | None:
    n = match_phrase(words, k, lex.according)
    if not n:
        return None
    j = speaker_after(words, k + n, lex)
    if j == k + n:
        return None
    start = k
    while start > 0 and words[start - 1].text not in ".!?":
        start -= 1
    end = sentence_end(words, k, text)
    if start == k:
        s, e = words[j].start, words[end - 1].end
    else:
        s, e = words[start].start, words[k - 1].end
    s, e = trim(text, s, e, " ,;.!?\n")
    if e - s < 3:
        return None
    return Found("indirect", s, e, lex.according_cue, (words[k + n].start, words[j - 1].end))


# --------------------------------------------------------------------------- attribution


def speaker_entity(article: Article, span: tuple[int, int] | None) -> str | None:
    """The entity named by the speaker words: a person or organisation first, the leftmost
    one among equals ("både Trump og Kim" → Trump); any overlapping entity otherwise."""
    if span is None:
        return None
    start, end = span
    best, best_key = None, None
    for e in article.entities:
        for m in e.mentions:
            if m.start < end and start < m.end:
                key = (_NAME_TYPES.get(e.type, 2), m.start, m.end - m.start)
                if best_key is None or key < best_key:
                    best, best_key = e, key
    if best is None:
        found = article.entity_at(start, end)
        return found.id if found else None
    return best.id


def _pronoun_fallback(article: Article, span: tuple[int, int], lex: Lexicon) -> str | None:
    """"sa han" with no entity over "han": the person named last before it, when one is."""
    if article.text[span[0]:span[1]].lower() not in lex.pronouns - {"jeg", "vi", "de", "i", "we", "they"}:
        return None
    best, best_start = None, -1
    for e in article.entities:
        if e.type != "PER":
            continue
        for m in e.mentions:
            if best_start < m.start < span[0]:
                best, best_start = e, m.start
    return best.id if best is not None and span[0] - best_start < 1500 else None


def to_records(article: Article, found: list[Found], lex: Lexicon) -> list[Quote]:
    out = []
    text = article.text
    for f in sorted(found, key=lambda f: f.start):
        speaker = speaker_entity(article, f.speaker)
        if speaker is None and f.speaker is not None:
            speaker = _pronoun_fallback(article, f.speaker, lex)
        out.append(Quote(
            id=f"q{len(out) + 1}", kind=f.kind, text=text[f.start:f.end], span=Span.of(text, f.start, f.end),
            speaker=speaker, speaker_span=Span.of(text, *f.speaker) if f.speaker else None,
            cue=f.cue, addressee=speaker_entity(article, f.addressee),
        ))
    return out


# --------------------------------------------------------------------------- stage


def find_quotes(text: str, lang: str, doc=None) -> list[Found]:
    """Every quote of ``text`` in language ``lang`` ("nb" or "en"); ``doc`` its spaCy Doc."""
    lex = lexicon(lang)
    pos = _pos_lookup(doc)
    direct = dash_quotes(text, lex, pos)
    blocked = [(f.start, f.end) for f in direct]
    direct += mark_quotes(text, lex, blocked, pos, speaker_first=(lang == "en"))
    blocked = [(f.start, f.end) for f in direct]
    blocked += [(f.tag_start, max(f.tag_start + 1, f.speaker[1] if f.speaker else 0)) for f in direct if f.tag_start >= 0]
    if doc is not None:
        indirect = indirect_quotes(doc, lex, blocked)
    else:
        indirect = indirect_text(text, lex, blocked)
    _carry_from_indirect(text, direct, indirect)
    return direct + indirect


def _pos_lookup(doc):
    """``pos(word) -> UPOS`` of the token at a word's start, when the doc has tags."""
    if doc is None or not doc.has_annotation("POS"):
        return None
    starts = {t.idx: t.pos_ for t in doc}
    return lambda w: starts.get(w.start, "")


def _carry_from_indirect(text: str, direct: list[Found], indirect: list[Found]) -> None:
    """An untagged dash quote right after a paragraph whose last report has a speaker
    continues that speaker ("Hansen mener at … ." then "– …")."""
    starts = [s for s, _ in paragraphs(text)]
    last: dict[int, Found] = {}
    for g in sorted(indirect, key=lambda g: g.start):
        last[bisect_right(starts, g.start) - 1] = g
    for f in direct:
        g = last.get(f.paragraph - 1)
        if f.continues and f.speaker is None and g is not None and g.speaker is not None:
            f.speaker, f.cue = g.speaker, g.cue


@stage("quotes")
class Stage:
    name = "quotes"
    requires = ("doc", "entities")
    provides = ("quotes",)

    def __init__(self, config: PipelineConfig):
        self.config = config

    def __call__(self, analysis: Analysis) -> None:
        article = analysis.article
        lang = LEXICON_OF.get((article.language or "nb").split("-")[0].lower())
        if lang is None:
            return
        found = find_quotes(article.text, lang, analysis.doc)
        article.quotes = to_records(article, found, lexicon(lang))
