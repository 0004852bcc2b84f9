"""Tools for the event corpus (corpus/events): read a document, turn a draft into a corpus
file, check files, count them, freeze the test split.

    python scripts/event_corpus.py show DOCUMENT            # numbered sentences of a NARC text
    python scripts/event_corpus.py convert DRAFT --split S  # draft (words) -> corpus file (pointers)
    python scripts/event_corpus.py check [FILES/FOLDERS]    # every span, type, mode, reference
    python scripts/event_corpus.py stats                    # documents and events per split
    python scripts/event_corpus.py freeze                   # write corpus/events/test.sha256
    python scripts/event_corpus.py draw N --seed S          # add N train documents to documents.tsv

``--corpus quotes`` (before the command) works on the quote corpus, ``corpus/quotes``, instead.

DOCUMENT is a NARC Bokmål name such as ``ap~20090112-2862477``.  The draft format and the
guideline: corpus/events/README.md and docs/annotation.md.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from eventwire.event_corpus import CORPUS_DIR, SPLITS, corpus_files, from_draft, narc_text, problems, split_checksum


def show(name: str) -> None:
    doc = narc_text(f"bokmaal/{name}.txt")
    for n, toks in enumerate(doc.sentences, 1):
        print(f"{n:>3}  {' '.join(toks)}")


def convert(draft_path: Path, split: str, out: Path | None, root: Path = CORPUS_DIR) -> int:
    draft = json.loads(draft_path.read_text(encoding="utf-8"))
    try:
        data = from_draft(draft, split)
    except (ValueError, KeyError) as err:
        print(f"{draft_path}: {err}", file=sys.stderr)
        return 1
    out = out or root / split / f"{draft['document']}.expected.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dumps(data), encoding="utf-8")
    print(f"{out}: {len(data['participants'])} participants, {len(data.get('events', []))} events, "
          f"{len(data.get('quotes', []))} quotes")
    return 0


def dumps(data: dict) -> str:
    """JSON with one key a line and every pointer ``[s, a, b]`` on one line."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = re.sub(r"\[\s*(-?\d+),\s*(-?\d+),\s*(-?\d+)\s*\]", r"[\1, \2, \3]", text)
    text = re.sub(r"\[\s*(\d+),\s*(\d+)\s*\]", r"[\1, \2]", text)  # a quote's ends
    return re.sub(r"\[\s*(\[\d+, \d+\]),\s*(\[\d+, \d+\])\s*\]", r"[\1, \2]", text) + "\n"


def files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for p in map(Path, paths or [str(CORPUS_DIR)]):
        found += sorted(p.rglob("*.expected.json")) if p.is_dir() else [p]
    return found


def check(paths: list[str]) -> int:
    bad = 0
    for p in files(paths):
        errors = problems(json.loads(p.read_text(encoding="utf-8")))
        for e in errors:
            print(f"{p}: {e}")
        bad += bool(errors)
    print(f"{len(files(paths)) - bad} valid, {bad} with problems")
    return 1 if bad else 0


def stats(root: Path = CORPUS_DIR) -> None:
    for split in SPLITS:
        docs = [json.loads(p.read_text(encoding="utf-8")) for p in corpus_files(split, root)]
        quotes = [q for d in docs for q in d.get("quotes", [])]
        if quotes:
            kinds = Counter(q["kind"] for q in quotes)
            said = sum(q.get("speaker") is not None for q in quotes)
            print(f"{split}: {len(docs)} documents, {len(quotes)} quotes ({said} with a speaker); "
                  + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
        if not any("events" in d for d in docs):
            continue
        events = [e for d in docs for e in d.get("events", [])]
        types = Counter(e["type"] if isinstance(e["type"], str) else e["type"][0] for e in events)
        empty = sum(not d.get("events") for d in docs)
        print(f"{split}: {len(docs)} documents ({empty} without events), {len(events)} events; "
              + ", ".join(f"{t} {n}" for t, n in types.most_common()))


# Word beginnings that mark a document as political, legal, economic or conflict news when
# choosing documents to annotate (``draw``); they choose documents, never events.
BLOGS = ("bloggbm~",)  # NARC's blog posts: not news
TOPICAL = ("regjering", "minister", "statsminister", "president", "parti", "storting", "politi",
           "domstol", "tingrett", "dømt", "tiltal", "sikt", "krig", "soldat", "militær", "angrep",
           "sanksjon", "avtale", "forhandl", "krev", "kritiser", "protest", "streik", "valg",
           "opposisjon", "myndighet", "departement", "fagforening", "fengsel", "anklag")


def draw(count: int, seed: int, root: Path = CORPUS_DIR, few: bool = False) -> int:
    """Add COUNT NARC Bokmål documents of the coreference train split to the event corpus's
    train split: documents of 150–2,000 words not chosen before, four in five of them topical
    (TOPICAL words in at least 1 of 100 words), one in five not, drawn at random.  With
    ``few``, all COUNT come from the documents with few such words (sport, culture, opinion),
    blogs left out, so that the detector sees more text where nothing happens."""
    import random

    from eventwire.coref_eval import narc_documents

    table = root / "documents.tsv"
    lines = table.read_text(encoding="utf-8").splitlines()
    chosen = {line.split("\t")[0] for line in lines[1:]}
    topical, other = [], []
    for file in narc_documents("bokmaal", "train"):
        name = Path(file).stem
        if name in chosen:
            continue
        words = [w.lower() for s in narc_text(file).sentences for w in s]
        if not 150 <= len(words) <= 2000 or (few and name.startswith(BLOGS)):
            continue
        hits = sum(w.startswith(TOPICAL) for w in words)
        (topical if hits * 100 >= len(words) else other).append((name, len(words)))
    rng = random.Random(seed)
    rng.shuffle(topical)
    rng.shuffle(other)
    n_other = count if few else count // 5
    picked = topical[:count - n_other] + other[:n_other]
    with table.open("a", encoding="utf-8") as out:
        for name, n in sorted(picked):
            out.write(f"{name}\ttrain\t{n}\ttrain\n")
    print(f"added {len(picked)} train documents ({n_other} not topical) to {table}")
    for name, _ in sorted(picked):
        print(name)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", choices=("events", "quotes"), default="events",
                    help="which corpus under corpus/ (default: events)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("show").add_argument("document")
    c = sub.add_parser("convert")
    c.add_argument("draft", type=Path)
    c.add_argument("--split", required=True, choices=SPLITS)
    c.add_argument("-o", "--output", type=Path)
    sub.add_parser("check").add_argument("paths", nargs="*")
    sub.add_parser("stats")
    sub.add_parser("freeze")
    d = sub.add_parser("draw")
    d.add_argument("count", type=int)
    d.add_argument("--seed", type=int, default=12)
    d.add_argument("--few", action="store_true",
                   help="draw only documents with few political, legal or conflict words")
    args = ap.parse_args()
    root = CORPUS_DIR.parent / args.corpus
    if args.cmd == "show":
        show(args.document)
    elif args.cmd == "convert":
        return convert(args.draft, args.split, args.output, root)
    elif args.cmd == "check":
        return check(args.paths or [str(root)])
    elif args.cmd == "stats":
        stats(root)
    elif args.cmd == "freeze":
        (root / "test.sha256").write_text(split_checksum("test", root) + "\n", encoding="utf-8")
        print(f"froze {len(corpus_files('test', root))} test files: {split_checksum('test', root)}")
    elif args.cmd == "draw":
        return draw(args.count, args.seed, root, args.few)
    return 0


if __name__ == "__main__":
    sys.exit(main())
