"""Read CoNLL-U files with NorNE entity tags (``name=B-PER`` in MISC) into spaCy ``Doc``s.

Used both to build training data (:func:`conllu_to_docbin`) and by evaluation
(:func:`read_conllu_docs`).  Sentences are grouped into documents so that spaCy trains and
is evaluated on multi-sentence text:

* a ``# newdoc`` comment always starts a new document;
* otherwise the document id is the part of ``# sent_id`` before ``.conll`` (NorNE's converted
  train file: ``ap001_0000.conll-3``), or comes from ``doc_ids`` (one id per sentence, e.g. from
  :func:`ndt_document_ids` for the UD dev/test files, whose sentence ids are plain numbers);
* within a document, at most ``n_sents`` sentences go into one ``Doc`` (``None``: no limit).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

#: the nine NorNE entity labels, as the model predicts them
NORNE_LABELS = ("PER", "ORG", "LOC", "GPE_LOC", "GPE_ORG", "PROD", "EVT", "DRV", "MISC")


@dataclass
class Token:
    form: str
    lemma: str
    upos: str
    feats: str
    head: int  # 1-based within the sentence, 0 = root
    deprel: str
    space_after: bool
    ner: str  # BIO tag: "O", "B-PER", "I-PER" …; "" when the file has no names (EWT)
    entity: str = ""  # GUM's ``Entity=`` brackets in MISC, when there are any


@dataclass
class Sentence:
    sent_id: str | None
    tokens: list[Token] = field(default_factory=list)
    newdoc: bool = False
    newpar: bool = False

    @property
    def words(self) -> list[str]:
        return [t.form for t in self.tokens]


def _parse_misc(misc: str) -> tuple[bool, str, str]:
    space_after, ner, entity = True, "", ""
    if misc != "_":
        for item in misc.split("|"):
            if item == "SpaceAfter=No":
                space_after = False
            elif item.startswith("name="):
                ner = item[len("name="):]
            elif item.startswith("Entity="):
                entity = item[len("Entity="):]
    return space_after, ner, entity


#: GUM entity types that become names, and their labels (a place is GPE_LOC when the
#: gazetteer holds it, see :func:`gum_names`)
GUM_LABELS = {"person": "PER", "organization": "ORG", "place": "LOC", "event": "EVT",
              "object": "PROD", "abstract": "MISC"}
_OPEN = re.compile(r"\((\d+)-([^()]*?)(?=\(|\)|$)")
_CLOSE = re.compile(r"(?<![(\w-])(\d+)\)")


def _mentions(sent: Sentence) -> list[tuple[int, int, str, str]]:
    """GUM mentions of a sentence: (first token, last token, entity type, identity)."""
    found, open_ = [], {}
    for i, tok in enumerate(sent.tokens):
        text = tok.entity
        pos = 0
        while pos < len(text):
            m = _OPEN.match(text, pos)
            if m:
                fields = m.group(2).split("-")
                identity = fields[6] if len(fields) > 6 else ""
                pos = m.end()
                if text.startswith(")", pos):  # a one-token mention
                    found.append((i, i, fields[0], identity))
                    pos += 1
                else:
                    open_.setdefault(m.group(1), []).append((i, fields[0], identity))
                continue
            m = _CLOSE.match(text, pos)
            if m:
                stack = open_.get(m.group(1))
                if stack:
                    start, etype, identity = stack.pop()
                    found.append((start, i, etype, identity))
                pos = m.end()
                continue
            pos += 1
    return found


def gum_names(sent: Sentence, gpe: Callable[[str], bool] = lambda name: False) -> None:
    """Set BIO ``ner`` tags from GUM's entity mentions.

    A mention of a type in :data:`GUM_LABELS` is a name when its head (the token whose head lies
    outside the mention) is a proper noun, or, for mentions with a Wikipedia identity, a
    capitalised word ("English").  The name is the run of proper nouns, numbers and capitalised
    words around the head, joined by ``of``/``for``/``-``/``&`` ("Museum of Flight" out of
    "the Museum of Flight in Seattle"); a name inside another name is dropped.  ``gpe(text)``
    says which places are geopolitical (GPE_LOC, else LOC)."""
    toks = sent.tokens
    for tok in toks:
        tok.ner = "O"

    def cap(k: int) -> bool:
        t = toks[k]
        return t.upos in ("PROPN", "NUM") or (t.upos in ("ADJ", "NOUN", "VERB", "X") and t.form[:1].isupper())

    names = []
    for start, end, etype, identity in _mentions(sent):
        label = GUM_LABELS.get(etype)
        if label is None:
            continue
        heads = [k for k in range(start, end + 1) if not start <= toks[k].head - 1 <= end]
        if not heads:
            continue
        h = heads[0]
        if not (toks[h].upos == "PROPN" or (identity and cap(h))):
            continue
        if label == "MISC" and not identity:
            continue
        a = b = h
        while a - 1 >= start and cap(a - 1):
            a -= 1
        while True:
            if b + 1 <= end and cap(b + 1):
                b += 1
            elif b + 2 <= end and toks[b + 1].form in ("of", "for", "-", "&") and cap(b + 2):
                b += 2
            else:
                break
        if label == "LOC" and gpe(" ".join(t.form for t in toks[a:b + 1])):
            label = "GPE_LOC"
        names.append((a, b, label))
    names.sort(key=lambda n: (n[0], -n[1]))
    last = -1
    for start, end, label in names:
        if start <= last:
            continue
        toks[start].ner = f"B-{label}"
        for k in range(start + 1, end + 1):
            toks[k].ner = f"I-{label}"
        last = end


def iter_sentences(lines: Iterable[str]) -> Iterator[Sentence]:
    """Sentences of a CoNLL-U text (multi-word token and empty-node lines are skipped)."""
    sent = Sentence(None)
    for raw in lines:
        line = raw.rstrip("\n")
        if not line.strip():
            if sent.tokens:
                yield sent
            sent = Sentence(None)
            continue
        if line.startswith("#"):
            key, _, value = line[1:].partition("=")
            key = key.strip()
            if key == "sent_id":
                sent.sent_id = value.strip()
            elif key.startswith("newdoc"):
                sent.newdoc = True
            elif key.startswith("newpar"):
                sent.newpar = True
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            raise ValueError(f"CoNLL-U line with {len(cols)} columns, expected 10: {line!r}")
        if "-" in cols[0] or "." in cols[0]:
            continue
        space_after, ner, entity = _parse_misc(cols[9])
        sent.tokens.append(
            Token(
                form=cols[1],
                lemma=cols[2],
                upos=cols[3],
                feats="" if cols[5] == "_" else cols[5],
                head=int(cols[6]) if cols[6] not in ("_", "") else 0,
                deprel=cols[7],
                space_after=space_after,
                ner=ner,
                entity=entity,
            )
        )
    if sent.tokens:
        yield sent


def _with_gum_names(sents: Iterable[Sentence]) -> Iterator[Sentence]:
    gpe = None
    for sent in sents:
        if any(tok.entity for tok in sent.tokens):
            if gpe is None:
                from ..geo import candidates

                def gpe(name: str) -> bool:
                    return any(p.feature in ("country", "adm1", "city") for p in candidates(name))
            gum_names(sent, gpe)
        yield sent


def read_sentences(path: str | Path) -> list[Sentence]:
    with open(path, encoding="utf-8") as f:
        return list(_with_gum_names(iter_sentences(f)))


def _doc_key(sent: Sentence) -> str | None:
    if sent.sent_id and ".conll" in sent.sent_id:
        return sent.sent_id.split(".conll")[0]
    return None


def group_sentences(
    sents: Sequence[Sentence], n_sents: int | None = 10, doc_ids: Sequence[str] | None = None
) -> list[list[Sentence]]:
    """Group sentences into documents (see module docstring), each at most ``n_sents`` long."""
    if doc_ids is not None and len(doc_ids) != len(sents):
        raise ValueError(f"doc_ids has {len(doc_ids)} entries for {len(sents)} sentences")
    groups: list[list[Sentence]] = []
    prev_key: str | None = None
    for i, sent in enumerate(sents):
        key = doc_ids[i] if doc_ids is not None else _doc_key(sent)
        new_doc = not groups or sent.newdoc or (key is not None and key != prev_key)
        if new_doc or (n_sents is not None and len(groups[-1]) >= n_sents):
            groups.append([])
        groups[-1].append(sent)
        prev_key = key
    return groups


def sentences_to_doc(vocab: Vocab, sents: Sequence[Sentence], ner_only: bool = False) -> Doc:
    """One ``Doc`` with gold tokens, tags, morphology, lemmas, parse and entities.

    With ``ner_only`` only tokens, sentence starts and entities are set (for files whose tags
    and relations are not UD, e.g. NDT's Nynorsk half).
    """
    words: list[str] = []
    spaces: list[bool] = []
    lemmas: list[str] = []
    pos: list[str] = []
    morphs: list[str] = []
    heads: list[int] = []
    deps: list[str] = []
    sent_starts: list[bool] = []
    ents: list[str] = []
    for sent in sents:
        offset = len(words)
        for i, tok in enumerate(sent.tokens):
            words.append(tok.form)
            last = i == len(sent.tokens) - 1
            spaces.append(tok.space_after or last)
            lemmas.append(tok.lemma)
            pos.append(tok.upos)
            morphs.append(tok.feats)
            if tok.head == 0:
                heads.append(offset + i)
                deps.append("ROOT")
            else:
                heads.append(offset + tok.head - 1)
                deps.append(tok.deprel)
            sent_starts.append(i == 0)
            ents.append(_fix_bio(tok.ner or "O", ents[-1] if i else "O"))
    if spaces:
        spaces[-1] = False
    if not any(tok.ner for sent in sents for tok in sent.tokens):
        ents = None  # no names annotated (EWT): missing, not "O"
    if ner_only:
        return Doc(vocab, words=words, spaces=spaces, sent_starts=sent_starts, ents=ents)
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        lemmas=lemmas,
        pos=pos,
        morphs=morphs,
        heads=heads,
        deps=deps,
        sent_starts=sent_starts,
        ents=ents,
    )


def _fix_bio(tag: str, prev: str) -> str:
    """Repair an ``I-X`` that does not continue an entity of type X into ``B-X``."""
    if tag.startswith("I-") and prev[2:] != tag[2:]:
        return "B-" + tag[2:]
    return tag


def read_conllu_docs(
    path: str | Path,
    vocab: Vocab | None = None,
    n_sents: int | None = 10,
    doc_ids: Sequence[str] | None = None,
    ner_only: bool = False,
) -> list[Doc]:
    """The file's sentences as gold ``Doc``s, grouped as described in the module docstring."""
    vocab = vocab if vocab is not None else Vocab()
    sents = read_sentences(path)
    return [sentences_to_doc(vocab, g, ner_only) for g in group_sentences(sents, n_sents, doc_ids)]


def ndt_dir_to_docs(ndt_dir: str | Path, vocab: Vocab | None = None, n_sents: int | None = 10,
                    exclude: Collection[str] = ()) -> list[Doc]:
    """Tokens and entities of every NDT-format file (``*.conll``, one document each) in a folder,
    except the documents named (by file stem) in ``exclude``."""
    vocab = vocab if vocab is not None else Vocab()
    docs: list[Doc] = []
    for file in sorted(Path(ndt_dir).glob("*.conll")):
        if file.stem in exclude:
            continue
        with open(file, encoding="utf-8") as f:
            sents = list(iter_sentences(f))
        for sent in sents:
            sent.sent_id = f"{file.stem}.conll"
        docs.extend(sentences_to_doc(vocab, g, ner_only=True) for g in group_sentences(sents, n_sents))
    return docs


def conllu_to_docbin(
    path: str | Path,
    out_path: str | Path,
    n_sents: int | None = 10,
    doc_ids: Sequence[str] | None = None,
) -> int:
    """Write the file as a spaCy ``DocBin`` to ``out_path``; returns the number of docs."""
    docs = read_conllu_docs(path, n_sents=n_sents, doc_ids=doc_ids)
    DocBin(docs=docs, store_user_data=False).to_disk(out_path)
    return len(docs)


def ndt_document_ids(sents: Sequence[Sentence], ndt_dir: str | Path) -> list[str]:
    """The NDT document each sentence comes from, found by matching token sequences.

    The UD dev/test files of NorNE number their sentences without document ids; the NDT
    files (one document per file) have the same tokens, so a sentence's words identify its
    document.  A sentence found in several documents stays in the document of the sentence
    before it when it can.  A sentence not found (e.g. a headline whose ``|`` token was dropped) takes the
    document of the sentence before it.
    """
    index: dict[tuple[str, ...], list[str]] = {}
    for file in sorted(Path(ndt_dir).glob("*.conll")):
        doc_id = file.stem
        with open(file, encoding="utf-8") as f:
            words: list[str] = []
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 2 and cols[0].isdigit():
                    words.append(cols[1])
                elif words:
                    index.setdefault(tuple(words), []).append(doc_id)
                    words = []
            if words:
                index.setdefault(tuple(words), []).append(doc_id)
    ids: list[str] = []
    for sent in sents:
        key = tuple(sent.words)
        found = index.get(key) or index.get(key + ("|",)) or []
        prev = ids[-1] if ids else None
        if prev is not None and (prev in found or not found):
            ids.append(prev)
        else:
            ids.append(found[0] if found else "unknown")
    return ids
