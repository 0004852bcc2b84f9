"""Indirect quotes: reported clauses of speech and cognition verbs ("sa at …", "mener …")
and "ifølge X" / "according to X".  Norwegian text uses the spaCy parse, with token patterns
as the fallback; text without a Doc (English) gets textual patterns."""
from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from .lexicon import Lexicon, Verb, Word, match_phrase, paragraphs, sentence_end, trim, words_of
from .tags import CharSpan, Found, speaker_after, speaker_before, tag_at

#: words a sentence may still have after its closing tag ("…, sier politiet til NTB i kveld.")
_TAG_TAIL = 6

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
    newline = doc[s:e].text.find("\n")  # the span's own text: doc.text would join the whole doc
    cut = start + newline if newline >= 0 else -1
    return (start, cut if cut > 0 else end)


def _within(spans: list[tuple[int, int]]):
    """``inside(x)``: whether ``a <= x < b`` for one of ``spans``, in logarithmic time (a scan
    of every span for every token would be quadratic in the article's length)."""
    ordered = sorted(spans)
    starts = [a for a, _ in ordered]
    reach = list(accumulate((b for _, b in ordered), max))  # the furthest end among spans so far

    def inside(x: int) -> bool:
        k = bisect_right(starts, x) - 1
        return k >= 0 and reach[k] > x

    return inside


def indirect_quotes(doc, lex: Lexicon, blocked: list[tuple[int, int]]) -> list[Found]:
    """Indirect quotes: reported clauses of speech and cognition verbs, and "ifølge X"."""
    out = []
    inside = _within(blocked)
    for tok in doc:
        if inside(tok.idx):
            continue
        verb = lex.verb(tok.text)
        if verb is not None and verb.kind != "manner" and tok.pos_ in ("VERB", "AUX", ""):
            found = _reported(tok, verb, lex)
        elif match_phrase(doc, tok.i, lex.according, _tok_lower):
            found = _according(doc, tok, lex)
        else:
            continue
        if found is not None:
            out.append(found)
    return _outermost(out)


def _tok_lower(tok) -> str:
    return tok.lower_


def _reported(tok, verb: Verb, lex: Lexicon) -> Found | None:
    subj = _subject(tok)
    if subj is None or subj.lower_ in lex.expletives:
        return None
    clause = _clause_by_parse(tok, lex) or _clause_by_tokens(tok, verb, lex, subj)
    if clause is None:
        return None
    s = clause[0]  # the clause runs to the end of the predicate, not of the parse's subtree
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
    n = match_phrase(doc, tok.i, lex.according, _tok_lower)
    sent = tok.sent
    head = tok.head if tok.dep_ == "case" and tok.head.i > tok.i else None
    src_end = _np_end(doc, tok.i + n, sent.end)  # "ifølge guvernør Ola Nordmann ble …": the
    if head is not None and head.right_edge.i < sent.end - 1:  # parse may hang the name elsewhere
        src_end = max(src_end, head.right_edge.i + 1)
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


# --------------------------------------------------------------------------- tag closing a sentence


def closing_tags(text: str, lex: Lexicon, blocked: list[tuple[int, int]], pos=None) -> list[Found]:
    """Plain sentences that end in a speech tag ("Kraftverket ble truffet, opplyser politiet."):
    the clause before the tag is reported by the tag's subject.  Dash paragraphs are left to the
    direct quotes."""
    out = []
    for ps, pe in paragraphs(text):
        if any(text.startswith(d + " ", ps) for d in lex.dashes):
            continue
        words = words_of(text, ps, pe)
        i = 0
        while i < len(words):
            end = sentence_end(words, i)
            found = _closing_tag(text, words, i, end, lex, pos)
            if found is not None and not any(a <= found.start < b or a < found.end <= b for a, b in blocked):
                out.append(found)
            i = end
    return out


def _closing_tag(text, words, i: int, end: int, lex: Lexicon, pos) -> Found | None:
    """The quote of ``words[i:end]`` when the sentence closes with ", VERB SPEAKER"."""
    for k in range(end - 2, i + 2, -1):
        if words[k - 1].text != ",":
            continue
        tag = tag_at(words, k, lex, pos)
        if tag is None or tag.verb.kind == "manner" or tag.speaker is None:
            return None
        tail = words[tag.end:end]
        if len(tail) > _TAG_TAIL or any(w.text == "," or lex.verb(w.text) or w.lower in lex.complementizers
                                        for w in tail):
            return None
        s, e = trim(text, words[i].start, words[k - 1].start)
        if sum(1 for w in words[i:k - 1] if w.is_word) < 3:
            return None
        return Found("indirect", s, e, tag.verb.lemma, tag.speaker, tag.addressee, tag_start=words[k].start)
    return None


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
    addressee, j = _told(words, j, verb, lex)
    if j >= len(words):
        return None
    if words[j].lower in lex.complementizers:
        j += 1
    elif not (words[j].lower in lex.pronouns and j + 1 < len(words) and words[j + 1].is_word):
        return None
    end = sentence_end(words, j)
    s, e = trim(text, words[j].start, words[end - 1].end, " ,;.!?\n")
    if e - s < 3:
        return None
    return Found("indirect", s, e, verb.lemma, (words[b].start, words[k - 1].end), addressee)


def _told(words: list[Word], j: int, verb: Verb, lex: Lexicon) -> tuple[CharSpan | None, int]:
    """"X told Reuters that …": the addressee after "tell" at ``words[j]``, and the index after it."""
    if verb.lemma == "tell" and j < len(words) and words[j].lower not in lex.complementizers:
        e = speaker_after(words, j, lex)
        if e > j:
            return (words[j].start, words[e - 1].end), e
    return None, j


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
    end = sentence_end(words, k)
    if start == k:
        s, e = words[j].start, words[end - 1].end
    else:
        s, e = words[start].start, words[k - 1].end
    s, e = trim(text, s, e, " ,;.!?\n")
    if e - s < 3:
        return None
    return Found("indirect", s, e, lex.according_cue, (words[k + n].start, words[j - 1].end))
