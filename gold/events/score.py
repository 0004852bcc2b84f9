"""Score the events stage on gold files (development tool until `eventwire eval` covers events).

    .venv/bin/python gold/events/score.py [--stub-entities] [-v] GOLD.expected.json ...

An event matches a gold event by type, actor country/name and recipient country/name (either
order when the gold event is symmetric); a gold actor list matches when one of its items is
among the event's actors.  ``--stub-entities`` fills entities from the model's names with
countries from ``eventwire.actors`` when the entities stage is not there yet.
"""
from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from eventwire import PipelineConfig, get_pipeline  # noqa: E402
from eventwire.corpus import document_text, shared_dir  # noqa: E402
from eventwire.reader import make_article, read  # noqa: E402
from eventwire.records import Article, Entity, Span  # noqa: E402


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c))


def stub_entities(article: Article, doc) -> None:
    from eventwire.actors import actor_for_text

    by_name: dict[str, Entity] = {}
    for ent in doc.ents:
        label = ent.label_.split("_")[0]
        if label not in ("PER", "ORG", "GPE", "LOC"):
            continue
        key = ent.text.split()[-1] if label == "PER" else ent.text
        e = by_name.get(key)
        if e is None:
            code = actor_for_text(ent.text, article.published) or (None, None)
            e = Entity(id=f"e{len(by_name) + 1}", name=ent.text, type=label, country=code[0], sector=code[1],
                       gpe_sense=ent.label_.split("_")[1] if label == "GPE" else None)
            by_name[key] = e
        e.mentions.append(Span.of(article.text, ent.start_char, ent.end_char))
    article.entities = list(by_name.values())


def run(article: Article, stub: bool) -> Article:
    if not stub:
        return get_pipeline()(article)
    from eventwire.pipeline import Analysis, Pipeline

    pipe = Pipeline(PipelineConfig(stages=("language", "nlp", "entities", "times", "quotes")))
    a = Analysis(article)
    for s in pipe.stages:
        s(a)
        if s.name == "entities" and not article.entities:
            stub_entities(article, a.doc)
    from eventwire.events import extract_events
    from eventwire.tone import Stage as Tone

    article.events = extract_events(article, a.doc)
    Tone(None)(a)
    return article


def load(path: Path) -> tuple[dict, Article]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    doc = gold.get("document", {})
    src = gold.get("source")
    if src:
        text = document_text(src["file"], *src.get("sentences", [1, None]))
        art = make_article(text, str(path), published=doc.get("published"), language=doc.get("language", "nb"))
    else:
        txt = path.with_name(path.name.replace(".expected.json", ".txt"))
        [art] = list(read([txt]))
    return gold, art


def names_for(gold: dict) -> dict[str, set[str]]:
    """gold name -> accepted strings (name, aliases, country)."""
    out = {}
    for e in gold.get("entities", []):
        acc = {norm(e["name"])} | {norm(a) for a in e.get("aliases", [])}
        if e.get("country"):
            acc.add(norm(e["country"]))
        out[e["name"]] = acc
    return out


def accepts(item: str, ent: Entity | None, names: dict[str, set[str]]) -> bool:
    if ent is None:
        return False
    got = {norm(ent.name)} | ({norm(ent.country)} if ent.country else set())
    got |= {norm(m.text) for m in ent.mentions}
    acc = names.get(item, {norm(item)})
    return bool(got & acc)


def side_ok(items: list[str], ids: list[str], art: Article, names) -> bool:
    if not items:
        return True
    return any(accepts(i, art.entity(x), names) for i in items for x in ids)


def matches(g: dict, ev, art: Article, names) -> bool:
    types = g["type"] if isinstance(g["type"], list) else [g["type"]]
    if ev.type not in types:
        return False
    a, r = g.get("actor", []), g.get("recipient", [])
    if side_ok(a, ev.actor, art, names) and side_ok(r, ev.recipient, art, names):
        return True
    both = ev.actor + ev.recipient
    if g.get("symmetric"):
        if side_ok(a, ev.recipient, art, names) and side_ok(r, ev.actor, art, names):
            return True
        return side_ok(a, both, art, names) and side_ok(r, both, art, names) and len(both) > 1
    return False


def score(path: Path, stub: bool, verbose: bool) -> tuple[int, int, int, int]:
    gold, art = load(path)
    art = run(art, stub)
    names = names_for(gold)
    golds = gold.get("events", [])
    used: set[int] = set()
    tp_req = matched_events = 0
    for gi, g in enumerate(golds):
        hit = next((i for i, ev in enumerate(art.events) if i not in used and matches(g, ev, art, names)), None)
        if hit is not None:
            used.add(hit)
            matched_events += 1
            tp_req += g.get("required", True)
        if verbose:
            print(f"  {'OK ' if hit is not None else 'MISS'} {g['type']} {g.get('actor')}->{g.get('recipient')} | {g.get('evidence')}")
    n_req = sum(g.get("required", True) for g in golds)
    if verbose:
        for i, ev in enumerate(art.events):
            if i not in used:
                who = [art.entity(x).name for x in ev.actor]
                to = [art.entity(x).name for x in ev.recipient]
                print(f"  EXTRA {ev.type}/{ev.mode} {who}->{to} neg={ev.negated} {ev.modality} | {ev.evidence.text[:90]}")
    return tp_req, n_req, matched_events, len(art.events)


def main(argv: list[str]) -> None:
    stub = "--stub-entities" in argv
    verbose = "-v" in argv
    paths = [Path(a) for a in argv if not a.startswith("-")]
    if not paths:
        paths = sorted((REPO / "gold" / "events").glob("*.expected.json"))
    tot = [0, 0, 0, 0]
    for p in paths:
        s = score(p, stub, verbose)
        print(f"{p.name}: required found {s[0]}/{s[1]}, events matched {s[2]}/{s[3]} emitted")
        tot = [x + y for x, y in zip(tot, s)]
    prec = tot[2] / tot[3] if tot[3] else 0.0
    rec = tot[0] / tot[1] if tot[1] else 0.0
    print(f"TOTAL {len(paths)} docs: recall(required) {rec:.2f} ({tot[0]}/{tot[1]}), "
          f"precision {prec:.2f} ({tot[2]}/{tot[3]})")


if __name__ == "__main__":
    main(sys.argv[1:])
