"""Evaluating the pipeline on NorNE CoNLL-U files.

Both functions run the model on the gold tokenization (``Doc(words, spaces)`` from the file),
so scores measure tagging, parsing and NER, not tokenization.  Sentences are grouped into
multi-sentence docs as in training (:mod:`eventwire.nlp.conllu`); ``ndt_dir`` recovers the
NDT document of each sentence for files without document ids (NorNE's UD dev/test).

* :func:`eval_ner` — strict entity-level precision/recall/F1 (a prediction counts only with
  the exact span and label), overall and for each of the nine NorNE labels.
* :func:`eval_parse` — UPOS, morphology (full FEATS), lemma accuracy, UAS and LAS over all
  tokens (punctuation included; LAS compares the full relation, subtype included).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .conllu import NORNE_LABELS, group_sentences, ndt_document_ids, read_sentences, sentences_to_doc

Spans = set[tuple[int, int, str]]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "fp": fp, "fn": fn}


def score_entities(
    gold: Iterable[Spans], pred: Iterable[Spans], labels: Sequence[str] = NORNE_LABELS
) -> dict[str, Any]:
    """Strict span-level P/R/F from per-doc sets of ``(start, end, label)``."""
    counts = {label: [0, 0, 0] for label in labels}
    tp = fp = fn = 0
    for g, p in zip(gold, pred, strict=True):
        for span in p:
            c = counts.setdefault(span[2], [0, 0, 0])
            if span in g:
                tp += 1
                c[0] += 1
            else:
                fp += 1
                c[1] += 1
        for span in g - p:
            fn += 1
            counts.setdefault(span[2], [0, 0, 0])[2] += 1
    result = _prf(tp, fp, fn)
    result["per_type"] = {label: _prf(*c) for label, c in counts.items()}
    return result


def _model(model: Language | str | Path | None) -> Language:
    if isinstance(model, Language):
        return model
    from . import load_model

    return load_model(model)


def _gold_docs(nlp: Language, conllu_path: str | Path, n_sents: int | None,
               ndt_dir: str | Path | None, ner_only: bool = False) -> list[Doc]:
    sents = read_sentences(conllu_path)
    doc_ids = ndt_document_ids(sents, ndt_dir) if ndt_dir is not None else None
    return [sentences_to_doc(nlp.vocab, g, ner_only) for g in group_sentences(sents, n_sents, doc_ids)]


def _predict(nlp: Language, gold_docs: Sequence[Doc], disable: Sequence[str] = ()) -> list[Doc]:
    inputs = [Doc(nlp.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d])
              for d in gold_docs]
    with nlp.select_pipes(disable=[name for name in disable if name in nlp.pipe_names]):
        return list(nlp.pipe(inputs, batch_size=64))


def _ents(doc: Doc) -> Spans:
    return {(e.start, e.end, e.label_) for e in doc.ents}


def eval_ner(
    conllu_path: str | Path,
    model: Language | str | Path | None = None,
    *,
    n_sents: int | None = 10,
    ndt_dir: str | Path | None = None,
    disable: Sequence[str] = (),
) -> dict[str, Any]:
    """Strict entity-level NER scores of ``model`` on a NorNE CoNLL-U file.

    ``model``: a loaded ``Language``, a model path, or None for the shipped model.
    ``n_sents``: sentences per doc (None: whole documents); ``ndt_dir``: NorNE's ``ndt/nob``
    folder, to group the UD dev/test files by their NDT documents.  ``disable``: pipeline
    components to switch off (e.g. ``["eventwire_ner_consistency"]`` to measure it).

    Returns ``{"p", "r", "f", "tp", "fp", "fn", "per_type": {LABEL: {"p", "r", "f", "tp",
    "fp", "fn"}}, "n_docs", "n_sents", "n_gold"}`` with all nine NorNE labels in ``per_type``.
    """
    nlp = _model(model)
    gold_docs = _gold_docs(nlp, conllu_path, n_sents, ndt_dir, ner_only=True)
    pred_docs = _predict(nlp, gold_docs, disable)
    result = score_entities([_ents(d) for d in gold_docs], [_ents(d) for d in pred_docs])
    result["n_docs"] = len(gold_docs)
    result["n_sents"] = sum(1 for d in gold_docs for _ in d.sents)
    result["n_gold"] = sum(len(d.ents) for d in gold_docs)
    return result


def eval_parse(
    conllu_path: str | Path,
    model: Language | str | Path | None = None,
    *,
    n_sents: int | None = 10,
    ndt_dir: str | Path | None = None,
) -> dict[str, float | int]:
    """UPOS, morph, lemma accuracy and UAS/LAS of ``model`` on a CoNLL-U file (gold tokens).

    Returns ``{"upos", "morph", "lemma", "uas", "las", "sent_f", "n_tokens"}`` (fractions).
    ``morph`` compares the whole FEATS value; ``sent_f`` is sentence-boundary F1.
    """
    nlp = _model(model)
    gold_docs = _gold_docs(nlp, conllu_path, n_sents, ndt_dir)
    pred_docs = _predict(nlp, gold_docs)
    n = upos = morph = lemma = uas = las = 0
    s_tp = s_pred = s_gold = 0
    for g, p in zip(gold_docs, pred_docs, strict=True):
        for gt, pt in zip(g, p, strict=True):
            n += 1
            upos += gt.pos_ == pt.pos_
            morph += str(gt.morph) == str(pt.morph)
            lemma += gt.lemma_ == pt.lemma_
            if gt.head.i == pt.head.i:
                uas += 1
                las += gt.dep_.lower() == pt.dep_.lower()
        gold_starts = {t.i for t in g if t.is_sent_start}
        pred_starts = {t.i for t in p if t.is_sent_start}
        s_tp += len(gold_starts & pred_starts)
        s_pred += len(pred_starts)
        s_gold += len(gold_starts)
    acc = (lambda x: x / n) if n else (lambda x: 0.0)
    sent = _prf(s_tp, s_pred - s_tp, s_gold - s_tp)
    return {"upos": acc(upos), "morph": acc(morph), "lemma": acc(lemma), "uas": acc(uas),
            "las": acc(las), "sent_f": sent["f"], "n_tokens": n}
