"""Custom spaCy components of the eventwire pipeline, registered when this module is imported.

* ``eventwire_newline_sents`` — starts a sentence after every token that contains a line break
  (headlines, paragraph breaks) and after a dateline ("MOSCOW (Reuters) -").  Placed before the parser, which keeps these boundaries and
  adds its own.
* ``eventwire_ner_consistency`` — document-level consistency for names: a name the NER found
  somewhere in a document is tagged with the same label where it occurs again untagged.
* ``eventwire.customize_tokenizer.v1`` — an ``[initialize.before_init]`` callback that adds the
  special cases and suffixes of ``data/nb_tokenizer.json`` to spaCy's ``nb`` tokenizer (they are
  then saved with the model's tokenizer).
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import compile_suffix_regex

TOKENIZER_DATA = Path(__file__).resolve().parent / "data" / "nb_tokenizer.json"


# --------------------------------------------------------------------------- tokenizer


def customize_tokenizer(nlp: Language, data_path: str | Path = TOKENIZER_DATA) -> Language:
    """Add the special cases and suffix patterns from ``data_path`` to ``nlp.tokenizer``."""
    data = json.loads(Path(data_path).read_text(encoding="utf-8"))
    for text in data.get("special_cases", []):
        nlp.tokenizer.add_special_case(text, [{"ORTH": text}])
    extra = data.get("suffixes", [])
    if extra:
        suffixes = list(extra) + list(nlp.Defaults.suffixes or [])
        nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    return nlp


@spacy.registry.callbacks("eventwire.customize_tokenizer.v1")
def make_customize_tokenizer():
    return customize_tokenizer


# --------------------------------------------------------------------------- sentences


@Language.component(
    "eventwire_newline_sents",
    assigns=["token.is_sent_start"],
)
def newline_sents(doc: Doc) -> Doc:
    """Start a sentence after each token containing a line break ("\\n", "\\n\\n", …), and
    nowhere within a line except after sentence-final punctuation (the parser may still
    split there), so that "Ifølge guvernør Petrenko …" stays one sentence.

    The starts are computed in a list and written once: setting ``Token.is_sent_start`` one
    token at a time checks the whole document each time, which is quadratic."""
    starts = doc.to_array([SENT_START]).astype("int64").reshape(-1).tolist() if len(doc) else []
    texts = [t.text for t in doc]
    spaces = [t.is_space for t in doc]
    for i in range(1, len(texts)):
        if not _may_end_sentence(texts, i - 1) and not spaces[i]:
            starts[i] = -1
    for i in range(len(texts) - 1):
        if "\n" in texts[i]:
            if spaces[i] and i > 0:
                starts[i] = -1  # the line break stays with the sentence it ends
            if not spaces[i + 1]:
                starts[i + 1] = 1
    for k in _dateline_ends(texts):
        starts[k] = 1
    if starts:
        doc.from_array([SENT_START], numpy.array(starts, dtype="int64").astype("uint64").reshape(-1, 1))
    return doc


_DASHES = ("-", "–", "—")


def _dateline_ends(texts: list[str]) -> list[int]:
    """Where the text after a dateline starts: a line that opens with capitalised place words,
    an agency in parentheses and a dash ("MOSCOW (Reuters) - …", "OSLO (NTB) – …") is a
    sentence of its own, so the dateline is never part of the first sentence's parse.
    ``texts`` are the document's token texts."""
    out = []
    n = len(texts)
    for i, text in enumerate(texts):
        if not (i == 0 or "\n" in texts[i - 1]) or not text.isupper():
            continue
        k = i
        while k < n and texts[k][:1].isupper() and texts[k] != "(" and k - i < 4:
            k += 1
        if k >= n or texts[k] != "(":
            continue
        close = next((j for j in range(k + 1, min(k + 6, n)) if texts[j] == ")"), None)
        if close is not None and close + 2 < n and texts[close + 1] in _DASHES:
            out.append(close + 2)
    return out


def _may_end_sentence(texts: list[str], i: int) -> bool:
    text = texts[i]
    if "\n" in text or text.endswith(_SENTENCE_END):
        return True
    if text in _CLOSING_QUOTES and i > 0:  # «…?» or "…."
        return texts[i - 1].endswith(_SENTENCE_END)
    return False


_SENTENCE_END = (".", "!", "?", ":", "…")
_CLOSING_QUOTES = ("»", '"', "”", ")")


# --------------------------------------------------------------------------- NER consistency


def _capitalised(text: str) -> bool:
    return bool(text) and text[0].isupper()


class NERConsistency:
    """Tag every untagged repetition of a name found elsewhere in the doc with its label.

    For each entity whose first token is capitalised, its token sequence becomes a pattern
    labelled with the entity's most frequent label in the document.  Untagged, non-overlapping
    matches whose first token is capitalised and that are not glued to another capitalised
    untagged word (which would suggest a longer, different name) become entities.
    With ``person_parts``, the single tokens of multi-token PER names (first name, surname)
    are patterns too, and so are their genitives ("Solbergs").  With ``relabel``, entities
    with the same text get the label most of them have (a strict majority), except that
    GPE_LOC and GPE_ORG are left alone: the same place name takes either sense by context.
    """

    def __init__(self, name: str = "eventwire_ner_consistency", person_parts: bool = True,
                 min_length: int = 2, relabel: bool = False):
        self.name = name
        self.person_parts = person_parts
        self.min_length = min_length
        self.relabel = relabel

    def _patterns(self, doc: Doc) -> dict[tuple[str, ...], str]:
        votes: dict[tuple[str, ...], Counter] = {}
        part_votes: dict[tuple[str, ...], Counter] = {}
        for ent in doc.ents:
            if not _capitalised(ent.text):
                continue
            key = tuple(t.text for t in ent)
            votes.setdefault(key, Counter())[ent.label_] += 1
            if self.person_parts and ent.label_ == "PER" and len(ent) > 1:
                for tok in ent:
                    if _capitalised(tok.text) and len(tok.text) >= self.min_length and tok.is_alpha:
                        part_votes.setdefault((tok.text,), Counter())["PER"] += 1
                        part_votes.setdefault((tok.text + "s",), Counter())["PER"] += 1
        patterns = {k: c.most_common(1)[0][0] for k, c in part_votes.items()}
        # whole names win over parts
        patterns.update({k: c.most_common(1)[0][0] for k, c in votes.items()})
        return {k: v for k, v in patterns.items() if len("".join(k)) >= self.min_length}

    def __call__(self, doc: Doc) -> Doc:
        if not doc.ents:
            return doc
        if self.relabel:
            self._relabel(doc)
        patterns = self._patterns(doc)
        if not patterns:
            return doc
        max_len = max(len(k) for k in patterns)
        taken = [False] * len(doc)
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                taken[i] = True
        words = [t.text for t in doc]
        new: list[Span] = []
        i = 0
        while i < len(doc):
            if taken[i] or not _capitalised(words[i]):
                i += 1
                continue
            found = None
            for n in range(min(max_len, len(doc) - i), 0, -1):
                key = tuple(words[i:i + n])
                if key in patterns and not any(taken[i:i + n]):
                    found = (n, patterns[key])
                    break
            if found is None:
                i += 1
                continue
            n, label = found
            if self._glued(doc, taken, i, i + n):
                i += n
                continue
            new.append(Span(doc, i, i + n, label=label))
            i += n
        if new:
            doc.ents = list(doc.ents) + new
        return doc

    @staticmethod
    def _relabel(doc: Doc) -> None:
        votes: dict[str, Counter] = {}
        for ent in doc.ents:
            votes.setdefault(ent.text, Counter())[ent.label_] += 1
        ents = []
        changed = False
        for ent in doc.ents:
            counts = votes[ent.text]
            label, n = counts.most_common(1)[0]
            if (label != ent.label_ and n * 2 > sum(counts.values())
                    and not (label.startswith("GPE") and ent.label_.startswith("GPE"))):
                ent = Span(doc, ent.start, ent.end, label=label)
                changed = True
            ents.append(ent)
        if changed:
            doc.ents = ents

    @staticmethod
    def _glued(doc: Doc, taken: list[bool], start: int, end: int) -> bool:
        """True when a capitalised untagged word directly precedes/follows the match."""
        if end < len(doc) and not taken[end] and _capitalised(doc[end].text) and doc[end].is_alpha:
            return True
        if start > 0 and not taken[start - 1] and not doc[start].is_sent_start:
            prev = doc[start - 1]
            if _capitalised(prev.text) and prev.is_alpha:
                return True
        return False


@Language.factory(
    "eventwire_ner_consistency",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={"person_parts": True, "min_length": 2, "relabel": False},
)
def make_ner_consistency(nlp: Language, name: str, person_parts: bool, min_length: int,
                         relabel: bool):
    return NERConsistency(name=name, person_parts=person_parts, min_length=min_length,
                          relabel=relabel)
