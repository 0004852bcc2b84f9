"""Speed of the eventwire spaCy pipeline on one CPU core.

    PYTHONPATH=. python benchmarks/nlp_speed.py [--model DIR] [--conllu FILE] [--batch-size 64]

Prints load time, model size on disk and words/s of ``nlp.pipe`` over raw text (the
sentences of a CoNLL-U file, ~10 per text, so the tokenizer runs too).  Pins BLAS/OpenMP to
one thread before numpy is imported, and uses ``os.sched_setaffinity`` to one core where
available.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from eventwire.nlp.training import DEFAULT_DEV  # noqa: E402

DEFAULT_CONLLU = str(DEFAULT_DEV)


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def texts_from_conllu(path: str, per_text: int = 10) -> list[str]:
    from eventwire.nlp.conllu import read_sentences

    sents = read_sentences(path)
    out = []
    for i in range(0, len(sents), per_text):
        parts = []
        for s in sents[i:i + per_text]:
            parts.append("".join(t.form + (" " if t.space_after else "") for t in s.tokens).strip())
        out.append(" ".join(parts))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", default=None, help="model directory (default: the shipped one)")
    ap.add_argument("--conllu", default=DEFAULT_CONLLU)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--sentences-per-text", type=int, default=10,
                    help="sentences joined into one text (10: short news items; 40: long articles)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    import eventwire.nlp as enlp

    path = Path(args.model) if args.model else enlp.DEFAULT_MODEL_PATH
    import spacy

    t0 = time.perf_counter()
    nlp = spacy.load(path)
    load_s = time.perf_counter() - t0
    texts = texts_from_conllu(args.conllu, args.sentences_per_text)
    list(nlp.pipe(texts[:20], batch_size=args.batch_size))  # warm-up
    words = 0
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for doc in nlp.pipe(texts, batch_size=args.batch_size):
            words += sum(1 for t in doc if not t.is_space)
    secs = time.perf_counter() - t0
    result = {
        "model": str(path),
        "pipeline": nlp.pipe_names,
        "words": words,
        "seconds": round(secs, 2),
        "words_per_s": round(words / secs),
        "load_s": round(load_s, 3),
        "size_mb": round(dir_size(path) / 1e6, 1),
        "threads": 1,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k}: {v}")


if __name__ == "__main__":
    main()
