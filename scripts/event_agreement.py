"""How well two annotators agree on the event corpus: a second, independent annotation of some
documents scored against the first by the scorer the pipeline is scored by.

    python scripts/event_agreement.py SECOND_DIR [--reference corpus/events] [--json]

SECOND_DIR holds corpus files (``<document>.expected.json``, written the way
``corpus/events/README.md`` says) for documents that the corpus already has.  Each second
annotation is read as if a system had produced it (``event_corpus.annotation_article``) and
scored against the corpus file of the same document, the corpus as reference, then the other
way round.  ``events`` is type + actor + recipient (parties by country or name), ``event_triggers``
trigger + type and ``entity_country`` the participants' countries, exactly as ``eventwire eval``
scores the pipeline; the pipeline's own figure on the same documents is
``eventwire eval corpus/events/<split>`` (against the corpus) and ``eventwire eval SECOND_DIR``
(against the second annotation).  Between two people, precision one way is recall the other
way, up to the events that either marks ``required: false``.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console

from eventwire.evaluate import DocReport, EvalReport, report_table, score_document, total
from eventwire.event_corpus import CORPUS_DIR, SPLITS, annotation_article
from eventwire.gold import find_gold, gold_name, load_gold


def _reference(path: Path, root: Path) -> Path:
    for split in SPLITS:
        ref = root / split / path.name
        if ref.exists():
            return ref
    raise SystemExit(f"error: {path.name} is not in {root} (any split); a second annotation needs a first")


def agreement(second: list[Path], root: Path, *, flip: bool = False) -> EvalReport:
    """The second annotations scored against the corpus (``flip``: the corpus against them)."""
    documents = []
    for path in second:
        ref = _reference(path, root)
        gold_path, other = (path, ref) if flip else (ref, path)
        article = annotation_article(other, json.loads(other.read_text(encoding="utf-8")))
        documents.append(DocReport(gold_name(path), str(gold_path), score_document(load_gold(gold_path), article)))
    return EvalReport(total(documents), documents)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("second", type=Path, nargs="+", help="second annotations: files or folders")
    ap.add_argument("--reference", type=Path, default=CORPUS_DIR, help="the corpus (default: corpus/events)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()
    second = find_gold(args.second)
    if not second:
        raise SystemExit("error: no *.expected.json files in " + ", ".join(map(str, args.second)))
    reports = {"corpus as reference": agreement(second, args.reference),
               "second annotation as reference": agreement(second, args.reference, flip=True)}
    if args.json:
        print(json.dumps({k: r.to_dict() for k, r in reports.items()}, ensure_ascii=False, indent=2))
        return
    out = Console(highlight=False)
    print(f"{len(second)} documents annotated twice")
    for title, report in reports.items():
        out.print(title)
        out.print(report_table(report))


if __name__ == "__main__":
    main()
