"""Score the quotes stage on gold files: direct/indirect precision and recall, attribution.

Usage: .venv/bin/python gold/quotes/score_quotes.py [GOLD.expected.json …]
(default: every gold/quotes/*.expected.json and shared/examples/*.expected.json).

Matching follows RECORDS.md "Scoring": a found quote matches a gold quote of the same kind
("mixed" counts as direct) when their word sets have Jaccard >= 0.6; a matched quote is
attributed right when the speaker entity's name or one of its mention texts equals the gold
speaker or one of its aliases (case- and diacritic-insensitive).  "speaker span" counts the
same with the words of speaker_span instead, which works before entities resolve pronouns.
Items with "required": false count when found and cost nothing when missed.
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.lower())
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).split())


def words(s: str) -> set[str]:
    return set(re.findall(r"\w+", s.lower()))


def jaccard(a: str, b: str) -> float:
    x, y = words(a), words(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def article_of(gold: dict, gold_path: Path):
    from eventwire.corpus import document_text
    from eventwire.reader import make_article, read

    src = gold.get("source")
    if src:
        first, last = src.get("sentences", [1, None])
        text = document_text(src["file"], first, last)
        doc = gold.get("document", {})
        return make_article(text, src["file"], published=doc.get("published"), language=doc.get("language"))
    txt = gold_path.with_name(gold_path.name.replace(".expected.json", ".txt"))
    [article] = list(read([txt]))
    return article


def aliases(gold: dict, name: str) -> set[str]:
    out = {norm(name)}
    for e in gold.get("entities", []):
        names = {norm(e["name"])} | {norm(a) for a in e.get("aliases", [])}
        if norm(name) in names:
            out |= names
    return out


def speaker_names(article, q) -> tuple[set[str], set[str]]:
    ent = article.entity(q.speaker)
    by_entity = {norm(ent.name)} | {norm(m.text) for m in ent.mentions} if ent else set()
    by_span = {norm(q.speaker_span.text)} if q.speaker_span else set()
    return by_entity, by_span


def score(gold: dict, article) -> dict:
    found = [q for q in article.quotes]
    used: set[int] = set()
    res = {k: {"gold": 0, "found": 0, "hit": 0} for k in ("direct", "indirect")}
    attr = {"matched": 0, "entity": 0, "span": 0}
    misses, wrong = [], []
    for g in gold["quotes"]:
        kind = "indirect" if g["kind"] == "indirect" else "direct"
        required = g.get("required", True)
        res[kind]["gold"] += required
        best = max(((jaccard(g["text"], q.text), i) for i, q in enumerate(found) if i not in used
                    and ("indirect" if q.kind == "indirect" else "direct") == kind), default=(0, -1))
        if best[0] < 0.6:
            if required:
                misses.append(f"MISS {kind}: {g['text'][:70]}")
            continue
        used.add(best[1])
        res[kind]["hit"] += 1
        if not required:
            res[kind]["gold"] += 1
        q = found[best[1]]
        al = aliases(gold, g["speaker"]) if g.get("speaker") else {"<none>"}
        by_entity, by_span = speaker_names(article, q)
        attr["matched"] += 1
        attr["entity"] += bool(al & by_entity) or (not g.get("speaker") and q.speaker is None)
        attr["span"] += bool(al & by_span) or (not g.get("speaker") and q.speaker_span is None)
        if not al & (by_entity | by_span) and g.get("speaker"):
            wrong.append(f"SPEAKER {g['speaker']!r} got {q.speaker_span.text if q.speaker_span else None!r}: {g['text'][:50]}")
    for i, q in enumerate(found):
        kind = "indirect" if q.kind == "indirect" else "direct"
        res[kind]["found"] += 1
        if i not in used:
            wrong.append(f"EXTRA {kind}: {q.text[:70]!r} ({q.speaker_span.text if q.speaker_span else None})")
    bad = [n for n in gold.get("not_quotes", []) if any(jaccard(n, q.text) >= 0.6 for q in found)]
    return {"kinds": res, "attr": attr, "not_quotes_reported": bad, "log": misses + wrong}


def main(paths: list[str]) -> None:
    from eventwire import get_pipeline
    from eventwire.pipeline import PipelineConfig

    if not paths:
        paths = sorted(str(p) for p in (REPO / "gold" / "quotes").glob("*.expected.json"))
    pipe = get_pipeline(PipelineConfig(stages=("language", "nlp", "entities", "quotes")))
    total = {k: {"gold": 0, "found": 0, "hit": 0} for k in ("direct", "indirect")}
    tattr = {"matched": 0, "entity": 0, "span": 0}
    nq = 0
    for p in paths:
        gold = json.loads(Path(p).read_text(encoding="utf-8"))
        article = pipe(article_of(gold, Path(p)))
        r = score(gold, article)
        print(f"== {Path(p).name}: {json.dumps(r['kinds'])} attr={r['attr']} not_quotes={r['not_quotes_reported']}")
        for line in r["log"]:
            print("   ", line)
        for k in total:
            for f in total[k]:
                total[k][f] += r["kinds"][k][f]
        for f in tattr:
            tattr[f] += r["attr"][f]
        nq += len(r["not_quotes_reported"])
    print("== TOTAL")
    for k, v in total.items():
        p = v["hit"] / v["found"] if v["found"] else 0.0
        r = v["hit"] / v["gold"] if v["gold"] else 0.0
        print(f"{k:9s} P={p:.2f} R={r:.2f}  (gold {v['gold']}, found {v['found']}, matched {v['hit']})")
    m = tattr["matched"] or 1
    print(f"attribution (entity) {tattr['entity'] / m:.2f}  (speaker span) {tattr['span'] / m:.2f}  over {tattr['matched']} matched")
    print(f"not_quotes reported: {nq}")


if __name__ == "__main__":
    main(sys.argv[1:])
