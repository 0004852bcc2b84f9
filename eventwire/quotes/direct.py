"""Direct quotes, found in the text itself: dash paragraphs ("– Tekst, sa hun.") with the tag
after, inside or in a neighbouring paragraph, and quotes in marks («…», "…") with a tag before
or after; sub-headings, questions, titles and scraps in marks are not quotes."""
from __future__ import annotations

from .lexicon import Lexicon, Word, paragraphs, sentence_end, trim, words_of
from .tags import Found, Tag, addressee_after, speaker_before, tag_at

_SENT_END = ".!?…:"

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
    return _untagged(text, body, end, words)


def _tagged(text, body, words, k, tag: Tag, end, lex, pos) -> list[Found]:
    qs, qe = trim(text, body, words[k - 1].end if words[k - 1].text in "?!" else words[k - 1].start)
    first = Found("direct", qs, qe, tag.verb.lemma, tag.speaker, tag.addressee, tag_start=words[k].start)
    out = [first]
    rest = sentence_end(words, tag.end)
    if rest < len(words) and words[rest].text in lex.dashes:
        more = dash_paragraph(text, words[rest].start, end, lex, pos)
        if isinstance(more, list):
            for f in more:
                if f.speaker is None:
                    f.speaker, f.cue, f.addressee, f.continues = first.speaker, first.cue, first.addressee, False
            out.extend(more)
    return out


def _untagged(text, body, end, words) -> list[Found] | str:
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
    results: list[list[Found] | str | Tag] = []
    for s, e in paragraphs(text):
        if is_dash_paragraph(text, s, lex):
            results.append(dash_paragraph(text, s, e, lex, pos))
        else:
            results.append(_lead_in(text, s, e, lex, pos))
    _carry_forward(results)
    _carry_backward(results)
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
        verb = lex.verb(w.text)
        if verb and verb.kind != "manner":
            b = speaker_before(words, k, lex)
            if b < k:
                return Tag(verb, (words[b].start, words[k - 1].end), None, len(words))
            tag = tag_at(words, k, lex, pos)
            if tag is not None:
                return tag
    return "narrative"


def _tagged_opening(text: str, words: list[Word], lex: Lexicon, pos) -> list[Found] | None:
    if not lex.dashes or not words or not words[0].text[0].isupper():
        return None
    stop = sentence_end(words, 0)
    for k in range(4, stop):
        if words[k - 1].text == ",":
            tag = tag_at(words, k, lex, pos)
            if tag is not None and (tag.end >= len(words) or words[tag.end].text == ","):
                qs, qe = trim(text, words[0].start, words[k - 1].start)
                return [Found("direct", qs, qe, tag.verb.lemma, tag.speaker, tag.addressee, tag_start=words[k].start)]
    return None


def _carry_forward(results: list) -> None:
    """Give untagged dash quotes the speaker of the quote right before them, else of a
    lead-in paragraph ("Hun sa:")."""
    prev: Found | None = None
    for r in results:
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


def _carry_backward(results: list) -> None:
    """Give untagged dash quotes still without a speaker that of the tag that ends their run."""
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
    for n, (ps, pe) in enumerate(paragraphs(text)):
        words = words_of(text, ps, pe)
        segments = marked_segments(text, ps, pe, lex)
        for a, b in segments:
            if any(x <= a < y for x, y in blocked):
                continue
            found = _marked(text, words, a, b, lex, pos, speaker_first)
            if found is not None:
                found.paragraph = n
                out.append(found)
        opened = _open_paragraph(text, ps, pe, segments, lex)
        if opened is not None and not any(x <= ps < y for x, y in blocked):
            opened.paragraph = n
            out.append(opened)
    _carry_marked(text, out)
    return out


def _open_paragraph(text: str, ps: int, pe: int, segments, lex: Lexicon) -> Found | None:
    """A paragraph that opens a quote and leaves it open: the quote goes on in the next
    paragraph, which opens with the mark again (the wire-copy convention for long quotes)."""
    for op, cl in lex.pairs:
        if not text.startswith(op, ps):
            continue
        rest = text[ps + len(op):pe]
        unclosed = rest.count(cl) == 0 if op != cl else rest.count(cl) % 2 == 0
        if unclosed and not any(a == ps for a, _ in segments):
            qs, qe = trim(text, ps + len(op), pe)
            if qe > qs and text[qe - 1] in _SENT_END:
                return Found("direct", qs, qe, continues=True)
    return None


def _carry_marked(text: str, found: list[Found]) -> None:
    """Untagged quotes in marks take the speaker of the tagged quote before them in the same
    paragraph, or in the paragraph before when they open theirs ("…," he said. / "More.");
    a quote left open at the end of a paragraph first takes the speaker of the next paragraph's."""
    found.sort(key=lambda f: f.start)
    for f, nxt in zip(reversed(found[:-1]), reversed(found[1:])):
        if f.continues and f.speaker is None and nxt.speaker is not None and nxt.paragraph == f.paragraph + 1:
            f.speaker, f.cue, f.addressee = nxt.speaker, nxt.cue, nxt.addressee
    for prev, f in zip(found, found[1:]):
        if f.speaker is not None or f.cue is not None or prev.speaker is None:
            continue
        same = f.paragraph == prev.paragraph
        opens = f.paragraph == prev.paragraph + 1 and _opens_paragraph(text, f.start)
        if same or opens:
            f.speaker, f.cue, f.addressee = prev.speaker, prev.cue, prev.addressee


def _opens_paragraph(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"“«")
    return not before or before.endswith("\n")


def _marked(text, words, a, b, lex, pos, speaker_first) -> Found | None:
    qs, qe = trim(text, a + 1, b)
    inner = [w for w in words_of(text, qs, qe) if w.is_word]
    tag = _tag_after(words, b, lex, pos, speaker_first) or _tag_before(words, a, lex, pos)
    if tag is not None and inner and (len(inner) >= lex.min_words or text[qs].isupper()):
        return Found("direct", qs, qe, tag.verb.lemma, tag.speaker, tag.addressee, tag_start=b)
    if len(inner) < lex.min_words or _is_title(words, a, lex) or not _sentence_like(text, qs, qe, inner):
        return None
    return Found("direct", qs, qe, speaker=_name_before_colon(words, a, lex))


def _name_before_colon(words: list[Word], a: int, lex: Lexicon) -> tuple[int, int] | None:
    """"Planen får støtte av direktøren, Tor Langbach: «…»": a name standing alone or in
    apposition right before the colon that opens the quote is its speaker (guideline §1: a
    colon introduces a quote); one after a preposition is an object ("en hilsen til Kari
    Holm: «…»")."""
    k = next((i for i, w in enumerate(words) if w.start >= a), len(words))
    if k < 2 or words[k - 1].text != ":":
        return None
    b = speaker_before(words, k - 1, lex)
    if b == k - 1 or not all(w.text[0].isupper() for w in words[b:k - 1]):
        return None
    if b > 0 and words[b - 1].text not in ",.":
        return None  # the name stands alone or in apposition ("direktøren, Tor Langbach:"), not after "til"
    return words[b].start, words[k - 2].end


def _tag_after(words: list[Word], b: int, lex: Lexicon, pos, speaker_first: bool) -> Tag | None:
    """«…», sa hun / "…," he said: a speech tag after the closing mark at ``b``."""
    after = next((i for i, w in enumerate(words) if w.start > b), len(words))
    if after < len(words) and words[after].text == ",":
        after += 1
    if after >= len(words):
        return None
    tag = tag_at(words, after, lex, pos)
    if tag is None and speaker_first:
        tag = tag_at(words, after, lex, pos, speaker_first=True)
    return tag


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
